"""Kefu: a multilingual customer-service assistant for cross-border marketplace sellers."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

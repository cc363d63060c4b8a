"""Shared fixtures: the trained model (cached by fingerprint) and the loaded agent."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot import PROJECT_ROOT

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

LANGUAGES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")


@pytest.fixture(scope="session")
def trained_model() -> Path:
    from bot.training import train_if_needed

    return train_if_needed(PROJECT_ROOT / "models")


@pytest.fixture(scope="session")
def agent(trained_model):
    from rasa.core.agent import Agent

    return Agent.load(str(trained_model))


@pytest.fixture(scope="session")
def parse(agent):
    """parse(text) -> Rasa's parse result, through the real trained pipeline."""

    def _parse(text: str) -> dict:
        return asyncio.run(agent.parse_message(text))

    return _parse

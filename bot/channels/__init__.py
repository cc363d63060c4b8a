"""Buyer-facing Rasa input channels."""

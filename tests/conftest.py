"""Shared fixtures: the trained model (cached by fingerprint) and the loaded agent."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from tests.background_training import BackgroundTraining

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

LANGUAGES = ("en", "zh", "ru", "es", "pt", "th", "vi", "id")


MODELS = PROJECT_ROOT / "models"
background_training = BackgroundTraining()


def pytest_collection_modifyitems(session, config, items):
    """A session that will need the model starts training it now, beside the tests that do not."""
    if any("trained_model" in getattr(item, "fixturenames", ()) for item in items):
        background_training.start_if_missing(MODELS, PROJECT_ROOT / "config.yml")


def pytest_sessionfinish(session, exitstatus):
    background_training.stop()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    from bot.training import train_if_needed

    background_training.wait()
    return train_if_needed(MODELS)


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

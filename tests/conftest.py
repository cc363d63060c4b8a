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
    """A session that will need the model starts training it now, beside the tests that do not,
    and runs those first (in their order), then the ones that need it (in theirs)."""
    needs_model = [item for item in items if "trained_model" in getattr(item, "fixturenames", ())]
    if not needs_model:
        return
    background_training.start_if_missing(MODELS, PROJECT_ROOT / "config.yml")
    waiting = set(map(id, needs_model))
    items[:] = [item for item in items if id(item) not in waiting] + needs_model


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

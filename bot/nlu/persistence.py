"""Saving and loading our components' trained parts in Rasa's model storage."""

from __future__ import annotations

from typing import Any, Optional

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def save(model_storage: ModelStorage, resource: Resource, filename: str, trained: Any) -> None:
    import joblib

    with model_storage.write_to(resource) as directory:
        joblib.dump(trained, directory / filename)


def load(model_storage: ModelStorage, resource: Resource, filename: str) -> Optional[Any]:
    """What `save` stored, or None when the model has nothing for this component."""
    import joblib

    try:
        with model_storage.read_from(resource) as directory:
            return joblib.load(directory / filename)
    except (ValueError, FileNotFoundError):
        return None

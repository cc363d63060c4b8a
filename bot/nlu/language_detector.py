"""Rasa component: puts the buyer's language into the parse result.

The parse result gets `language` when the detection is sure (None otherwise),
`language_guess` with the best guess even when it is not (None when the message
can't tell at all) and `language_confidence`. LanguagePolicy
(bot/nlu/language_policy.py) follows a sure language, and uses a guess only to
give a new conversation its language.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.component import TrainedComponent
from bot.nlu.language import (
    LATIN_MODEL_FILE,
    Detection,
    LanguageIdentifier,
    LatinModel,
    read_examples_by_language,
)

logger = logging.getLogger(__name__)


def parse_fields(found: Optional[Detection]) -> Dict[str, Any]:
    """What a detection puts into the parse result (LanguagePolicy reads these)."""
    return {
        "language": found.language if found and found.sure else None,
        "language_guess": found.language if found else None,
        "language_confidence": found.confidence if found else None,
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LanguageDetector(TrainedComponent):
    """Detects the language of each message; see bot.nlu.language for how."""

    model_file = LATIN_MODEL_FILE
    untrained_note = "; using fastText alone"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Training data lives in one folder per language; the folder name is the label.
        return {"languages_dir": "data/nlu"}

    def use(self, trained: Any | None) -> None:
        model = LatinModel(trained["pipeline"], trained["known_words"]) if trained else None
        self.identifier = LanguageIdentifier(model)

    def train(self, training_data: TrainingData) -> Resource:
        languages_dir = Path(self.config["languages_dir"])
        if not languages_dir.is_dir():
            logger.warning("No %s folder: Latin-script languages rely on fastText alone", languages_dir)
            return self._resource
        model = LatinModel.train(read_examples_by_language(languages_dir))
        self.keep({"pipeline": model.pipeline, "known_words": model.known_words})
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            for key, value in parse_fields(self.identifier.detect(text)).items():
                message.set(key, value, add_to_output=True)
        return messages

"""Rasa component: order and tracking numbers as entities, in any script.

Rule-based on purpose: the shapes are fixed by the marketplaces and carriers,
and a learned extractor misses numbers glued to Chinese or Thai text.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.component import NluComponent
from bot.nlu.references import find_references


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class OrderReferenceExtractor(NluComponent):
    """Adds `order_id` and `tracking_number` entities found by bot.nlu.references."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            found = [
                {
                    "entity": ref.entity,
                    "value": ref.value,
                    "start": ref.start,
                    "end": ref.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for ref in find_references(message.get(TEXT) or "")
            ]
            if found:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        return messages

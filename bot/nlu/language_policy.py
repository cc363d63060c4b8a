"""Keep the conversation in the buyer's language, inside Rasa.

The language the LanguageDetector put into the parse result becomes the
`language` slot. A message too short to tell ("ok", "👍", an order number)
detects None and the conversation keeps its language; a buyer who switches is
followed.

This is a policy that never picks an action: Rasa applies the events every
policy returns (PolicyPrediction.events) to the tracker the chosen action runs
with, so the reply to the very message that switched is already in the new
language. It replaces a custom slot mapping that called the action server,
with the whole tracker, on every buyer message. (An entity `language` with a
from_entity mapping would have done it too, but every test story would then
have to annotate a language entity on each message.)
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.core.constants import POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

LANGUAGE_SLOT = "language"


def language_to_follow(tracker: DialogueStateTracker) -> Optional[str]:
    """The language of the latest buyer message that told one, when the slot does not hold it yet."""
    for event in reversed(tracker.events):
        if isinstance(event, SlotSet) and event.key == LANGUAGE_SLOT:
            return None  # nothing the buyer said since tells another language
        if isinstance(event, UserUttered):
            detected = event.parse_data.get(LANGUAGE_SLOT)
            if detected:
                return detected if detected != tracker.get_slot(LANGUAGE_SLOT) else None
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class LanguagePolicy(Policy):
    """Sets the `language` slot from the parse result; predicts no action (all zeros)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Below every other policy: it never wins, its events apply all the same.
        return {POLICY_PRIORITY: 0}

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource  # nothing to learn

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        language = language_to_follow(tracker)
        events: List[Event] = [SlotSet(LANGUAGE_SLOT, language)] if language else []
        return self._prediction(self._default_predictions(domain), events=events)

"""What Kefu's own dialogue policies share: nothing to learn, a decision read off the tracker.

LanguagePolicy and PhotosPolicy run inside Rasa, so what they decide costs no call to the
action server. Each says what it decides in `decide`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker


class UntrainedPolicy(Policy):
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
        return self.decide(tracker, domain)

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        raise NotImplementedError

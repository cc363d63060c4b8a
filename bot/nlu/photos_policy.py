"""Photos a case is waiting for reach it, whatever words come with them.

After "please send photos of the damage" (actions/after_sales.py), the buyer's photos may
come with a caption: "here", "ok", "thanks", "olha a foto". The caption is understood as
its own intent, and the rule for that intent would answer it ("you're welcome") while the
photos never reached the case, which then waited forever. This policy, above the rules,
picks `action_receive_photos` for a message with photos while a case waits for them,
and listens after it (the rules know no turn with that action in it). A photo with no
words falls back (nlu_fallback) and action_low_confidence takes it the same way.

A yes or thanks with no photo, in answer to the photo request ("ok", "đây ạ": here it is,
read as yes), got "anything else?" as if the case were settled: `action_photo_talk`
(actions/photo_talk.py) says the photos have not come through, or to send them when ready.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlu.untrained_policy import UntrainedPolicy
from bot.text_input import attached_photos

RECEIVE_PHOTOS = "action_receive_photos"
PHOTO_TALK = "action_photo_talk"
AWAITING_PHOTOS = "case_awaiting_photos"  # actions/after_sales.py sets it while it waits
SMALL_TALK = ("affirm", "thank")


def brings_awaited_photos(tracker: DialogueStateTracker) -> bool:
    """The buyer's message just in carries photos, and a case is waiting for photos."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME or not tracker.get_slot(AWAITING_PHOTOS):
        return False
    latest = tracker.latest_message
    return bool(latest and attached_photos(latest.metadata))


def answers_the_photo_request(tracker: DialogueStateTracker) -> bool:
    """A yes or thanks with no photo, right after the bot's turn asked for photos (it set
    the case's wait), with no form open."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME or tracker.active_loop_name:
        return False
    latest = tracker.latest_message
    if latest is None or latest.intent.get("name") not in SMALL_TALK:
        return False
    return not attached_photos(latest.metadata) and _photos_asked_last_turn(tracker)


def _photos_asked_last_turn(tracker: DialogueStateTracker) -> bool:
    users = [i for i, event in enumerate(tracker.events) if isinstance(event, UserUttered)]
    if len(users) < 2:
        return False
    turn = list(tracker.events)[users[-2] + 1 : users[-1]]
    return any(isinstance(e, SlotSet) and e.key == AWAITING_PHOTOS and e.value for e in turn)


def action_to_take(tracker: DialogueStateTracker) -> Optional[str]:
    if brings_awaited_photos(tracker):
        return RECEIVE_PHOTOS
    if answers_the_photo_request(tracker):
        return PHOTO_TALK
    if tracker.latest_action_name in (RECEIVE_PHOTOS, PHOTO_TALK):
        return ACTION_LISTEN_NAME
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class PhotosPolicy(UntrainedPolicy):
    """Certain when it speaks, silent (all zeros) otherwise; ranked above the RulePolicy."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {POLICY_PRIORITY: RULE_POLICY_PRIORITY + 1}

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = action_to_take(tracker)
        if action is not None:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

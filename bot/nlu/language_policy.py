"""Keep the conversation in the buyer's language, inside Rasa.

The language the LanguageDetector is sure of becomes the `language` slot: a
buyer who switches is followed. A message too short to tell ("ok", "👍", an
order number) or only a guess ("thank you", "oi", a two-word Latin message)
never switches a conversation that has a language. A conversation without one
yet (no `language` SlotSet since it began) takes, when its messages are not
sure, what we know of the buyer (bot/nlu/language_prior.py: the channel's hint,
the buyer's country, the marketplace), else the best guess; the slot is then
set even to its initial "en", so that later guesses can't move it.

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
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlu.language_prior import prior_language
from bot.nlu.untrained_policy import UntrainedPolicy

LANGUAGE_SLOT = "language"
GUESS = "language_guess"


# Spanish and Portuguese share most short words: "os mando foto?" (Spain's "shall I send you a
# photo?") was read, surely, as Portuguese, and a Spanish buyer's chat went on in Portuguese.
# Between these, a conversation switches only on a message of at least this many words.
CLOSE_RELATIVES = (frozenset({"es", "pt"}),)
MIN_WORDS_TO_SWITCH_TO_A_RELATIVE = 6


def _relative_on_few_words(current: Optional[str], detected: str, text: str) -> bool:
    pair = frozenset({current, detected})
    return pair in CLOSE_RELATIVES and len(text.split()) < MIN_WORDS_TO_SWITCH_TO_A_RELATIVE


def language_to_follow(tracker: DialogueStateTracker) -> Optional[str]:
    """The language to set the slot to after the buyer's latest message, or None to keep it."""
    unheard: List[UserUttered] = []  # buyer messages since the slot was last set, newest first
    has_language = False
    for event in reversed(tracker.events):
        if isinstance(event, SlotSet) and event.key == LANGUAGE_SLOT:
            has_language = True
            break
        if isinstance(event, UserUttered):
            unheard.append(event)
    current = tracker.get_slot(LANGUAGE_SLOT)
    for message in unheard:
        sure = message.parse_data.get(LANGUAGE_SLOT)
        if sure and has_language and _relative_on_few_words(current, sure, message.text or ""):
            continue  # "os mando foto?" in a Spanish chat: no switch to Portuguese on it
        if sure:
            return sure if sure != current or not has_language else None
    if has_language:
        return None  # guesses never switch a conversation
    priors = (prior_language(m.metadata) for m in unheard)
    guesses = (m.parse_data.get(GUESS) for m in unheard)
    return next((p for p in priors if p), None) or next((g for g in guesses if g), None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class LanguagePolicy(UntrainedPolicy):
    """Sets the `language` slot from the parse result; predicts no action (all zeros)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Below every other policy: it never wins, its events apply all the same.
        return {POLICY_PRIORITY: 0}

    def decide(self, tracker: DialogueStateTracker, domain: Domain) -> PolicyPrediction:
        language = language_to_follow(tracker)
        events: List[Event] = [SlotSet(LANGUAGE_SLOT, language)] if language else []
        return self._prediction(self._default_predictions(domain), events=events)

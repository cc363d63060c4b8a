"""Reading the buyer's answer to a yes/no question in context.

While the bot waits for a yes or no, an answer that repeats the request ("yes,
cancel it") is a yes, a change of mind ("wait, no, keep it") is a no, and
anything else is unclear: the question is asked once more, then a person takes over.
"""

from __future__ import annotations

from typing import Iterable

from rasa_sdk import Tracker

from actions.conversation import FALLBACK_INTENT
from actions.keep_words import says_keep_it
from actions.question_words import asks_what_if, asks_what_is_meant, asks_which
from bot.nlu.said_words import phrases, said
from bot.nlu.sign_off import THANKS

AWAITING = "awaiting_confirmation"
REASKED_SUFFIX = ":asked_again"
YES, NO, UNCLEAR = "yes", "no", "unclear"
UNDERSTOOD = phrases((
    "i see", "got it", "understood", "i understand", "makes sense", "entendi", "entendo", "ah blz",
    "entiendo", "entendido", "ya veo", "понятно", "ясно", "понял", "поняла", "了解", "明白了", "懂了",
    "知道了", "เข้าใจแล้ว", "อ๋อ", "hiểu rồi", "à ra vậy", "oh gitu", "ohh gitu", "oh begitu", "paham",
    "noted",
))  # fmt: skip
# Together at least this sure that an unsure message (the fallback) still means yes or no.
SURE_ENOUGH = 0.5


def pending(tracker: Tracker) -> tuple[str | None, bool]:
    """(what the bot asked about, whether it already asked again)."""
    value = tracker.get_slot(AWAITING) or None
    if value is None:
        return None, False
    return value.removesuffix(REASKED_SUFFIX), value.endswith(REASKED_SUFFIX)


def asked_about(tracker: Tracker, slot: str = "order_id") -> str | None:
    """`slot`'s value when the pending question was first asked. "Where is order B?" in
    between sets order_id to B, but the question, and so the answer, is about order A."""
    value = asked = None
    for event in tracker.events:
        if event.get("event") != "slot":
            continue
        if event.get("name") == slot:
            value = event.get("value")
        elif event.get("name") == AWAITING and _first_asking(event.get("value")):
            asked = value
    return asked if asked is not None else tracker.get_slot(slot)


def _first_asking(value: object) -> bool:
    return bool(value) and not str(value).endswith(REASKED_SUFFIX)


def names_another(tracker: Tracker, value: str | None, entity: str = "order_id") -> bool:
    """Does the latest message name another `entity` than `value` ("cancel order B" while the
    bot asked about A)? Then it is no yes to the question about A."""
    latest = tracker.latest_message or {}
    named = [e.get("value") for e in latest.get("entities") or [] if e.get("entity") == entity]
    return any(str(name) != str(value) for name in named if name)


def _no_plain_yes(text: str) -> bool:
    return said(THANKS, text) or said(UNDERSTOOD, text) or asks_what_is_meant(text) or "?" in text


def asked_again(question: str) -> str:
    return question + REASKED_SUFFIX


def read_answer(tracker: Tracker, request_intent: str, no_intents: Iterable[str] = ("deny",)) -> str:
    """yes / no / unclear for the latest message, read against the question asked."""
    yes = {"affirm", request_intent}
    no = set(no_intents)
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    if says_keep_it(latest.get("text") or ""):
        # "wag na i cancel" (don't cancel) read as a cancellation cancelled the order.
        return NO
    text = latest.get("text") or ""
    if (
        intent == request_intent
        and intent != "affirm"
        and (asks_which(text) or asks_what_is_meant(text) or asks_what_if(text))
    ):
        return UNCLEAR  # "qual vc cancelou?" asks back; it is no "yes, cancel it"
    if intent not in no and intent != request_intent and _no_plain_yes(text):
        # "ok po salamat" (ok, thanks), "ok i see", "понятно", "ah entendi" (I see) and
        # "什麼意思？" (what do you mean?) to "shall I cancel order …?" each cancelled an order:
        # thanks, "I see" and questions agree to nothing. The request said again is a yes.
        return UNCLEAR
    if intent in yes:
        return YES
    if intent in no:
        return NO
    if intent != FALLBACK_INTENT:
        return UNCLEAR
    # The classifier hesitated between, say, "yes" and "cancel": both are a yes here.
    ranking = latest.get("intent_ranking") or []
    for answer, names in ((YES, yes), (NO, no)):
        if sum(i.get("confidence") or 0 for i in ranking if i.get("name") in names) >= SURE_ENOUGH:
            return answer
    return UNCLEAR

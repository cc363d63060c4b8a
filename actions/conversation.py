"""Reading what the conversation so far says; shared by the actions."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from rasa_sdk import Tracker

from actions.order_choice import names_nothing_else
from bot.intents import ORDER_INTENTS

FALLBACK_INTENT = "nlu_fallback"
# Small talk is no topic to offer as "did you mean": "Goodbye" or "Yes" under "which of
# these did you mean?" answers nothing, and an "inform" button carries no number.
NOT_A_TOPIC = ("greet", "goodbye", "thank", "affirm", "deny", "inform")


def text_of(tracker: Tracker) -> str:
    """The buyer's latest message's text ("" when it has none)."""
    return tracker.latest_message.get("text") or ""


def user_intents(tracker: Tracker) -> List[str]:
    """Intent names of the buyer's messages, oldest first."""
    return _intents_in(tracker.events)


def _intents_in(events: List[dict]) -> List[str]:
    return [intent_of(event) for event in events if event.get("event") == "user"]


def intent_of(event: dict) -> str:
    """The intent name of a buyer message's event ("" when it has none)."""
    return (event.get("parse_data") or {}).get("intent", {}).get("name") or ""


def response_of(event: dict) -> str | None:
    """The catalogue response a bot message's event said (None for a free-text message)."""
    return (event.get("metadata") or {}).get("utter_action")


def this_session(tracker: Tracker) -> List[dict]:
    """Events since the conversation's latest session start (an old chat is not this one)."""
    events = list(tracker.events)
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] + 1 :] if starts else events


def replies_this_session(tracker: Tracker, responses: Iterable[str]) -> List[dict]:
    """The values (metadata) of each reply this session that was one of these responses."""
    wanted = set(responses)
    return [
        event.get("metadata") or {}
        for event in this_session(tracker)
        if event.get("event") == "bot" and response_of(event) in wanted
    ]


def said_this_session(tracker: Tracker, responses: Iterable[str], **values: Any) -> bool:
    """Did the bot give one of these replies in this session with these very values (say, the
    same order's same parcels)? What the buyer was just told need not be told again."""
    return any(
        all(said.get(key) == value for key, value in values.items())
        for said in replies_this_session(tracker, responses)
    )


def asked_about_an_order_this_session(tracker: Tracker) -> bool:
    return any(intent in ORDER_INTENTS for intent in _intents_in(this_session(tracker)))


def latest_order_topic(tracker: Tracker) -> str | None:
    """The order intent the buyer most recently asked about, if any. A reply to the orders
    offered as buttons that only names one of them ("o smartwatch") asks the offer's question:
    read as damaged_item, it opened a damage case and asked for photos of a parcel in customs."""
    events = list(tracker.events)
    for index in reversed(range(len(events))):
        event = events[index]
        if event.get("event") != "user":
            continue
        picked = _topic_of_offer_picked(events, index)
        if picked is not None:
            return picked
        if intent_of(event) in ORDER_INTENTS:
            return intent_of(event)
    return None


def _topic_of_offer_picked(events: List[dict], index: int) -> str | None:
    """The question of the order buttons the buyer message at `index` answered, when the
    message names nothing but one of their products."""
    for event in reversed(events[:index]):
        if event.get("event") == "user":
            return None
        buttons = (event.get("data") or {}).get("buttons") or [] if event.get("event") == "bot" else []
        offered = [b for b in buttons if '"order_id"' in (b.get("payload") or "")]
        if offered:
            topic = offered[0]["payload"].lstrip("/").partition("{")[0]
            titles = [b.get("title") or "" for b in offered]
            text = events[index].get("text") or ""
            return topic if topic in ORDER_INTENTS and names_nothing_else(text, titles) else None
    return None


def bot_turn_before_latest_message(tracker: Tracker) -> List[dict]:
    """The bot's messages between the buyer's previous message and the latest one: what
    the latest message answers."""
    users = [index for index, event in enumerate(tracker.events) if event.get("event") == "user"]
    if not users:
        return []
    start = users[-2] + 1 if len(users) > 1 else 0
    return [event for event in tracker.events[start : users[-1]] if event.get("event") == "bot"]


def said_in_the_turn_answered(tracker: Tracker, responses: Iterable[str]) -> bool:
    """Did the bot give one of these replies in the turn the latest message answers?"""
    return values_in_the_turn_answered(tracker, responses) is not None


def values_in_the_turn_answered(tracker: Tracker, responses: Iterable[str]) -> Dict[str, Any] | None:
    """The values (order number, amounts…) of the last of these replies in the turn the latest
    message answers; None when the bot gave none of them."""
    wanted = set(responses)
    said = [e for e in bot_turn_before_latest_message(tracker) if response_of(e) in wanted]
    if not said:
        return None
    return {k: v for k, v in (said[-1].get("metadata") or {}).items() if k != "utter_action"}


def previous_handoffs(tracker: Tracker) -> int:
    """How often this conversation has already been handed to a person. The desk names its
    conversation in each message's metadata (conversation_id): a chat resolved last week is
    another conversation, and the buyer's next "a person please" is no repeat escalation
    (it went to the supervisors' tier). Without that name, the whole tracker counts."""
    return sum(
        1
        for event in _this_desk_conversation(tracker)
        if event.get("event") == "slot" and event.get("name") == "handoff_tier" and event.get("value")
    )


def _this_desk_conversation(tracker: Tracker) -> List[dict]:
    """Events since the buyer's first message in the desk conversation of the latest one."""
    events = list(tracker.events)
    current = (tracker.latest_message.get("metadata") or {}).get("conversation_id")
    if not current:
        return events
    start = next(
        (
            index
            for index, event in enumerate(events)
            if event.get("event") == "user"
            and (event.get("metadata") or {}).get("conversation_id") == current
        ),
        0,
    )
    return events[start:]


# "yaudah batalin aja powerbanknya, refund" (round 17) read between these two got "did you mean:
# refund / cancel?": one thing to the buyer, and the cancel answers both (before shipping it
# gives the money back; after, it says how to get it back). It asks to confirm before acting.
CANCEL_OR_REFUND = {"cancel_order", "request_refund"}


def ranked_intents(tracker: Tracker, count: int) -> List[str]:
    """The classifier's top topics for the latest message, without the fallback label or small talk."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    skipped = (None, FALLBACK_INTENT, *NOT_A_TOPIC)
    names = [item.get("name") for item in ranking if item.get("name") not in skipped]
    return names[:count]

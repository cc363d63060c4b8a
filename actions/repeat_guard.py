"""The same answer twice in a row is no answer: a person takes the chat instead.

"所以我妹妹可以帮我签收吗" and then "在吗?? 我问的是…" (lazada-my-001) got "the courier is out
with it today, keep your phone on" three times in a row, and "杯子还是雨伞" the same arrival
window twice: whatever the buyer wrote, the bot had nothing new to say. When every reply an
order answer would give now is one the bot gave, with the same values, in the turn the
buyer's message answers, the buyer asked something the bot cannot answer: a person does
(reason answer_repeated). Lines that only say which order the answer is about do not count.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import bot_turn_before_latest_message, response_of
from actions.handoff import hand_off, paused
from actions.order_context import ONLY_ORDER

REASON = "answer_repeated"
# Which order an answer is about, not the answer ("I found your order … placed on …").
INTRODUCTIONS = (ONLY_ORDER, "utter_about_order_switch")
# What a dispatched message holds besides a template's values (rasa_sdk's utter_message).
MESSAGE_KEYS = ("text", "buttons", "elements", "custom", "template", "response", "image", "attachment")

Reply = Tuple[str, Dict[str, str]]


def _values(values: Dict[str, Any]) -> Dict[str, str]:
    """A reply's values as comparable text; empty ones are dropped, as Rasa drops them."""
    return {key: json.dumps(value, sort_keys=True, default=str) for key, value in values.items() if value}


def _given_now(dispatcher: CollectingDispatcher) -> List[Reply] | None:
    """The replies dispatched so far, None when one of them is no catalogue reply."""
    replies = []
    for message in dispatcher.messages:
        name = message.get("response")
        if not name:
            return None
        if name not in INTRODUCTIONS:
            replies.append((name, _values({k: v for k, v in message.items() if k not in MESSAGE_KEYS})))
    return replies


def _given_last_turn(tracker: Tracker) -> List[Reply]:
    return [
        (name, _values({k: v for k, v in (event.get("metadata") or {}).items() if k != "utter_action"}))
        for event in bot_turn_before_latest_message(tracker)
        for name in [response_of(event)]
        if name and name not in INTRODUCTIONS
    ]


def repeats_the_last_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Is every reply dispatched now one the bot gave in the turn the latest message answers,
    with the same values (those the bot's record of it kept)?"""
    now = _given_now(dispatcher)
    if not now:
        return False
    before = _given_last_turn(tracker)
    return all(any(_same(reply, said) for said in before) for reply in now)


def _same(reply: Reply, said: Reply) -> bool:
    """The same template with the same values (those the record of `said` kept)."""
    return reply[0] == said[0] and all(said[1].get(key) == value for key, value in reply[1].items())


def unless_repeated(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: List[EventType]
) -> List[EventType]:
    """`events` of an answer, or a person in its place when it only says again what the bot
    just said (the answer's own events, an order chosen say, are kept)."""
    if paused(events) or not repeats_the_last_turn(dispatcher, tracker):
        return events
    dispatcher.messages.clear()
    return [*events, *hand_off(dispatcher, tracker, REASON)]

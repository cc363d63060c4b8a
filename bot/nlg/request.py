"""What a render request says: the response, the language and the values to fill in.

One path for both callers: Rasa's in-process generator (bot/nlg/generator.py)
and the HTTP endpoint (bot/nlg/server.py) hand the same shape, Rasa's NLG
request body ({"response", "arguments", "tracker"}), to render_request.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from bot.nlg.catalogue import Catalogue
from bot.nlg.chinese_script import in_traditional, wants_traditional
from bot.text_input import InvalidMessage, typed_field

MAX_NAME_CHARS = 128
# Templates say {reference} for whichever of these the buyer gave.
REFERENCE_SLOTS = ("order_id", "tracking_number")
# How far back the buyer's own writing is read for the script of a Chinese reply.
RECENT_EVENTS = 40


def checked_request(body: Dict[str, Any]) -> Tuple[str, str | None, Dict[str, Any]]:
    """(response name, language, values) of an NLG request, or InvalidMessage."""
    name = body.get("response")
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_CHARS:
        raise InvalidMessage(f"'response' must be a response name of at most {MAX_NAME_CHARS} characters")
    arguments = typed_field(body, "arguments", dict) or {}
    tracker = typed_field(body, "tracker", dict) or {}
    slots = typed_field(tracker, "slots", dict, "tracker.") or {}
    language = slots.get("language")
    if language is not None and not isinstance(language, str):
        raise InvalidMessage("'tracker.slots.language' must be a language code")
    values = {**slots, **{k: v for k, v in arguments.items() if v is not None}}
    values.setdefault("reference", _reference(tracker, slots))
    return name, language, values


def render_request(catalogue: Catalogue, body: Dict[str, Any]) -> Dict[str, Any]:
    """The message for an NLG request; InvalidMessage, UnknownResponse or UnfitValue when it can't be."""
    name, language, values = checked_request(body)
    return _in_script(catalogue.render(name, language, values), body, language, values)


def in_buyer_script(message: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    """A message not from the catalogue (the seller's welcome) in the buyer's script, as
    render_request gives a catalogue reply."""
    _, language, values = checked_request(body)
    return _in_script(message, body, language, values)


def _in_script(
    message: Dict[str, Any], body: Dict[str, Any], language: str | None, values: Dict[str, Any]
) -> Dict[str, Any]:
    """A Chinese reply in Traditional characters for a buyer who reads them (their writing,
    else their order's country), as the request's tracker tells. Other languages are
    returned as they are, without reading the tracker (every reply passes here)."""
    if language != "zh":
        return message
    country = values.get("destination_country") or hinted_country(body)
    return in_traditional(message) if wants_traditional(buyer_texts(body), country) else message


def hinted_country(body: Dict[str, Any]) -> str | None:
    """The buyer's country the desk sent with a recent message (their latest order's): a
    buyer in Taiwan whose words tell no script ("我要找真人客服") read the desk's welcome in
    Traditional characters and the bot's answer in Simplified."""
    tracker = typed_field(body, "tracker", dict) or {}
    events = typed_field(tracker, "events", list, "tracker.") or []
    for event in reversed(events[-RECENT_EVENTS:]):
        metadata = event.get("metadata") if isinstance(event, dict) else None
        if isinstance(metadata, dict) and isinstance(metadata.get("country"), str):
            return metadata["country"]
    return None


def buyer_texts(body: Dict[str, Any]) -> List[str]:
    """The buyer's recent messages in the request's tracker (its events, newest last)."""
    tracker = typed_field(body, "tracker", dict) or {}
    events = typed_field(tracker, "events", list, "tracker.") or []
    return [
        event["text"]
        for event in events[-RECENT_EVENTS:]
        if isinstance(event, dict) and event.get("event") == "user" and isinstance(event.get("text"), str)
    ]


def _reference(tracker: Dict[str, Any], slots: Dict[str, Any]) -> Any:
    """The order or tracking number the buyer just gave, else the one the conversation holds."""
    latest = typed_field(tracker, "latest_message", dict, "tracker.") or {}
    for entity in typed_field(latest, "entities", list, "tracker.latest_message.") or []:
        if isinstance(entity, dict) and entity.get("entity") in REFERENCE_SLOTS and entity.get("value"):
            return entity["value"]
    return next((slots[name] for name in REFERENCE_SLOTS if slots.get(name)), None)

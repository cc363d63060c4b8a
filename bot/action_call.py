"""The shape of an action call (Rasa -> POST /webhook) checked before rasa_sdk reads it.

rasa_sdk trusts the payload: a tracker that is a list or a `next_action` that
is a number would end in a 500 deep inside it. Here each becomes a 400 that
names the field.
"""

from __future__ import annotations

import zlib
from typing import Any, Dict

from bot.text_input import InvalidMessage, json_object
from bot.text_input import typed_field as _field

# A whole tracker travels with every call; long conversations make it large.
MAX_CALL_BYTES = 16 * 1024 * 1024


def _check_message(message: Dict[str, Any], where: str) -> None:
    _field(message, "text", str, where)
    _field(message, "intent", dict, where)
    _field(message, "metadata", dict, where)
    for key in ("entities", "intent_ranking"):
        for number, item in enumerate(_field(message, key, list, where) or []):
            if not isinstance(item, dict):
                raise InvalidMessage(f"'{where}{key}[{number}]' must be a JSON object")


def check_action_call(call: Dict[str, Any]) -> Dict[str, Any]:
    """The call unchanged when its shape is what rasa_sdk and our actions expect."""
    name = _field(call, "next_action", str, "", required=True)
    if not name:
        raise InvalidMessage("'next_action' is empty")
    _field(call, "version", str, "")
    _field(call, "domain", dict, "")
    tracker = _field(call, "tracker", dict, "", required=True)
    _field(tracker, "sender_id", str, "tracker.", required=True)
    for key in ("slots", "active_loop"):
        _field(tracker, key, dict, "tracker.")
    for key in ("followup_action", "latest_action_name"):
        _field(tracker, key, str, "tracker.")
    _field(tracker, "paused", bool, "tracker.")
    _check_message(_field(tracker, "latest_message", dict, "tracker.") or {}, "tracker.latest_message.")
    for number, event in enumerate(_field(tracker, "events", list, "tracker.") or []):
        where = f"tracker.events[{number}]."
        if not isinstance(event, dict):
            raise InvalidMessage(f"'{where[:-1]}' must be a JSON object")
        _field(event, "event", str, where, required=True)
        _check_message(event, where)
        _check_message(_field(event, "parse_data", dict, where) or {}, f"{where}parse_data.")
    return call


def decoded_body(body: bytes, encoding: str | None) -> bytes:
    """The body, inflated when Rasa compressed it (COMPRESS_ACTION_SERVER_REQUEST), within the size limit."""
    if encoding != "deflate":
        return body
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(body, MAX_CALL_BYTES)
    except zlib.error as exc:
        raise InvalidMessage("the request body is not deflate-compressed") from exc
    if inflater.unconsumed_tail:
        raise InvalidMessage(f"the inflated request is over {MAX_CALL_BYTES} bytes", status=413)
    return inflated


def parse_action_call(body: bytes, encoding: str | None = None) -> Dict[str, Any]:
    return check_action_call(json_object(decoded_body(body, encoding)))

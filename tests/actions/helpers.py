"""Build rasa_sdk trackers for action tests, and the orders database they read."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import List, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import commerce
from bot.commerce.importer import import_orders, import_tracking
from bot.commerce.repository import CommerceRepository


def user(
    intent: str,
    text: str = "",
    confidence: float = 0.9,
    ranking: list | None = None,
    metadata: dict | None = None,
    language: str | None = None,
) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "entities": [],
            "text": text,
            "language": language,
        },
        "metadata": metadata or {},
    }


def bot(response: str, buttons: list | None = None, **values) -> dict:
    """A reply the bot gave, as Rasa records it (the template name in the metadata)."""
    event = {"event": "bot", "text": response, "metadata": {"utter_action": response, **values}}
    if buttons:
        event["data"] = {"buttons": buttons}
    return event


def tracker(events: List[dict], slots: dict | None = None) -> Tracker:
    users = [e for e in events if e["event"] == "user"]
    latest = dict(users[-1]["parse_data"]) if users else {}
    if users:
        latest["metadata"] = users[-1].get("metadata", {})
    return Tracker("buyer-1", slots or {}, latest, events, False, None, None, "action_listen")


def run(action, tracker_: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def answered_after(first: dict, order_id: str, then: dict) -> tuple:
    """action_order_answer's (messages, events) for `then`, asked right after `first` was
    answered about `order_id`, the order discussed."""
    from actions.order_answer import ActionOrderAnswer  # the helpers serve tests of every action

    chat = [first, {"event": "slot", "name": "order_id", "value": order_id}, then]
    return run(ActionOrderAnswer(), tracker(chat, slots={"order_id": order_id}))


def handed_off(events: list, reason: str) -> bool:
    """Did the action hand the chat to a person for this reason (paused, reason set)?"""
    return SlotSet("handoff_reason", reason) in events and ConversationPaused() in events


def scan(tracking_number: str, occurred_at: str, status: str, place: str = "Bangkok") -> dict:
    """A carrier's scan of a parcel, as `kefu tracking import` reads it."""
    return {"tracking_number": tracking_number, "occurred_at": occurred_at, "status": status, "place": place}


def orders_database(folder: Path, orders: List[dict], scans: Sequence[dict] = ()):
    """A real SQLite database in `folder` holding `orders` and their parcels' `scans`, the one
    the actions use."""
    repository = CommerceRepository.from_url(f"sqlite:///{folder / 'kefu.db'}")
    (folder / "orders.jsonl").write_text("\n".join(json.dumps(o) for o in orders))
    import_orders(repository, folder / "orders.jsonl")
    if scans:
        (folder / "tracking.jsonl").write_text("\n".join(json.dumps(e) for e in scans))
        import_tracking(repository, folder / "tracking.jsonl")
    commerce.use_repository(repository)
    return repository

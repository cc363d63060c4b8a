"""Build rasa_sdk trackers for action tests."""

from __future__ import annotations

import asyncio
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


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


def bot(response: str, **values) -> dict:
    """A reply the bot gave, as Rasa records it (the template name in the metadata)."""
    return {"event": "bot", "text": response, "metadata": {"utter_action": response, **values}}


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

"""Rasa's event classes found by name once, not by walking every Event subclass each time.

Rasa rebuilds a tracker from stored events (the in-memory and Redis tracker stores, the
tracker API) and looks up each event's class with `Event.resolve_by_type`, which walks
all subclasses of Event, recursively, for every event it reads: a tenth of the Rasa
server's main thread with 20 conversations at once. The classes do not change once
imported, so a found class is kept by name; an unknown name still goes to Rasa's own
lookup (its default or its error).
"""

from __future__ import annotations

from typing import Dict, Optional, Type

from rasa.shared.core.events import Event

_found: Dict[str, Type[Event]] = {}
_original = Event.resolve_by_type


def event_class(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Event.resolve_by_type, with every class found kept by its name."""
    found = _found.get(type_name)
    if found is None:
        found = _original(type_name, default)
        if found is not None and found is not default:
            _found[type_name] = found
    return found


def install() -> None:
    """Make Event.resolve_by_type keep what it found (once per process; idempotent)."""
    if Event.__dict__["resolve_by_type"].__func__ is not event_class:
        Event.resolve_by_type = staticmethod(event_class)

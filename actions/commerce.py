"""How actions reach the seller's data: who the buyer is, the repository, and
turning views into template values. Nothing here writes SQL."""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Callable, List, Sequence

from rasa_sdk import Tracker

from bot.channels.identity import buyer_in
from bot.commerce.repository import CommerceRepository
from bot.commerce.views import BuyerRef, OrderView
from bot.text_input import attached_photos

# The orders a question can be about: "where is my order?" means a recent one.
RECENT_ORDERS = 10
_repository: CommerceRepository | None = None


def repository() -> CommerceRepository:
    """Opened on first use, not at import (the action server imports every module at start)."""
    global _repository
    if _repository is None:
        _repository = CommerceRepository.from_url()
    return _repository


def use_repository(repo: CommerceRepository | None) -> None:
    """Point the actions at another database (tests)."""
    global _repository
    _repository = repo


async def db(call: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run a repository call in a worker thread: database I/O never blocks the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(call, *args, **kwargs))


async def recent_orders(buyer: BuyerRef) -> Sequence[OrderView]:
    """The buyer's latest orders, newest first."""
    return await db(repository().latest_orders, buyer, RECENT_ORDERS)


def buyer_of(tracker: Tracker) -> BuyerRef:
    """The buyer as the channel identified them; never from what they typed.

    The REST channel only keeps a buyer_id a trusted channel sent (bot/channels/rest.py).
    """
    metadatas = (e.get("metadata") for e in reversed(tracker.events) if e.get("event") == "user")
    return buyer_in(metadatas, tracker.sender_id)


def photos_in(tracker: Tracker) -> List[str]:
    """Image URLs attached to the buyer's latest message (channel metadata)."""
    return attached_photos(tracker.latest_message.get("metadata"))

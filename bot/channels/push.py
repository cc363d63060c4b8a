"""Push from a marketplace, used as a signed wake-up for its poll.

Shopee and Lazada can call the seller's callback URL when a chat changes. The notice
says *that* something changed (a session, a conversation), not reliably everything
that did, so the desk never ingests it: a verified push only makes the adapter poll
now, through the same cursor and dedup key as the timed poll. A push therefore can
neither lose nor duplicate a message, and a lost push costs only latency (the poll
still runs, at a slower safety interval).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Callable


class PushRefused(ValueError):
    """A push the desk does not take; `status` is the HTTP answer (401 unsigned, 400 malformed)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def hmac_hex(key: str, text: bytes) -> str:
    return hmac.new(key.encode("utf-8"), text, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class PushCheck:
    """How one marketplace signs its pushes and which of them are about chats.

    `expected(url, body)` is the signature the marketplace puts in the Authorization
    header for that body sent to that callback URL; `about_chats(notice)` whether the
    parsed notice is one that can mean new buyer messages."""

    marketplace: str
    expected: Callable[[str, bytes], str] = field(repr=False)
    about_chats: Callable[[dict], bool]
    callback_url: str | None = None  # as registered at the marketplace (it signs this URL)

    def read(self, given: str | None, url: str, body: bytes) -> dict:
        """The verified notice; PushRefused when unsigned, wrongly signed or not a JSON object.
        The signature is checked first and in constant time, so an unsigned body is never parsed."""
        wanted = self.expected(self.callback_url or url, body).encode("utf-8")
        if not given or not hmac.compare_digest(given.strip().lower().encode("utf-8", "replace"), wanted):
            raise PushRefused(401, f"missing or wrong {self.marketplace} push signature (Authorization)")
        try:
            notice = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json.loads goes
            raise PushRefused(400, f"the {self.marketplace} push is not JSON") from None
        if not isinstance(notice, dict):
            raise PushRefused(400, f"the {self.marketplace} push is not a JSON object")
        return notice


class Nudge:
    """Wake-ups for one polling loop, used as its wait between polls. Any number of
    wake-ups while a poll runs make exactly one follow-up poll (they coalesce), and
    without one the loop still polls every `seconds`."""

    def __init__(self) -> None:
        self._wanted = asyncio.Event()

    def wake(self) -> None:
        self._wanted.set()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wanted.wait(), seconds)
        # Cleared before the next poll starts: a push arriving during it sets it again.
        self._wanted.clear()

"""One asyncio lock per conversation, dropped when nobody holds or waits for it.

Both ends of the REST channel use it: Rasa's channel (bot/channels/rest.py) checks who a
conversation belongs to and reads the message under it, and the desk (bot/desk/intake.py)
handles one buyer's messages one at a time, in the order it journaled them. It covers one
process; replicas behind haproxy share no memory: the desk's turns across replicas are in
Redis too (bot/desk/buyer_turns.py), Rasa's in its lock store, see docs/security.md.
"""

from __future__ import annotations

import asyncio
import weakref


class ConversationLocks:
    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary = weakref.WeakValueDictionary()

    def of(self, sender_id: str) -> asyncio.Lock:
        lock = self._locks.get(sender_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender_id] = lock
        return lock

"""What every desk service shares: the outside systems, the clock and the background tasks.

The Hub is this context plus the services; each service keeps a reference to it,
so a clock or Redis state set on the Hub is the one every service reads.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from bot.channels.outbound import Deliveries
from bot.desk.journal import Journal
from bot.desk.queue import DeskQueue, QueueEntry
from bot.desk.rasa_client import RasaClient
from bot.desk.records import ConversationView
from bot.nlg.catalogue import Catalogue
from bot.seller.auto_replies import AUTO_REPLIES_FILE
from bot.seller.desk import DeskConfig
from bot.text_input import DomainNames


@dataclass
class DeskContext:
    journal: Journal
    queue: DeskQueue
    rasa: RasaClient
    delivery: Deliveries
    catalogue: Catalogue
    config: DeskConfig
    # What buttons may send as "/intent{...}" (anything else slash-prefixed is just text).
    domain_names: DomainNames = DomainNames()
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))
    commerce: Any = None  # CommerceRepository, for the buyer's orders in the console
    # The trained model's language detector (language_hints.ModelLanguage), for the desk's
    # own first words to a new chat; None: fastText alone.
    language_detector: Any = None
    auto_replies_file: Path = AUTO_REPLIES_FILE  # the seller's rules until a console save
    notices: Any = None  # NoticeService (outreach_setup.py); None: this desk sends none
    promos: Any = None  # PromoService; None: no promo campaigns from this desk
    # Tell a buyer whose message waited this long for the bot how long replies take (0: never;
    # the app sets KEFU_DESK_BUSY_NOTE_SECONDS).
    busy_note_seconds: float = 0.0
    # False while Redis is down; the Redis watcher rebuilds the queue from the journal when it returns.
    redis_ok: bool = True
    _tasks: set = field(default_factory=set)

    async def db(self, method: Callable, *args, **kwargs):
        """Run a blocking journal call off the event loop."""
        return await asyncio.to_thread(method, *args, **kwargs)

    def spawn(self, coroutine) -> asyncio.Task:
        """Start background work that outlives the request, kept so drain() can wait for it."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for background deliveries (shutdown, tests), and for what they start."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._tasks:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return
            await asyncio.wait(list(self._tasks), timeout=left)

    def render(self, name: str, language: str | None, **values) -> str:
        return self.catalogue.render(name, language, values)["text"]


def queue_entry(conversation: ConversationView, last_message: str | None) -> QueueEntry:
    """The Redis queue's copy of a conversation the journal has as queued."""
    return QueueEntry(
        conversation_id=conversation.id,
        buyer_id=conversation.buyer_id,
        marketplace=conversation.marketplace,
        language=conversation.language or "",
        reason=conversation.reason or "",
        tier=conversation.tier or 1,
        deadline=conversation.sla_deadline or datetime.now(timezone.utc),
        last_message=last_message or "",
        breached=conversation.breached,
        queue=conversation.opened_from,
    )

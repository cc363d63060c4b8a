"""A busy hour tells the buyer the truth about waiting.

Under load a buyer's message waits for its turn at Rasa (the desk's turns, then Rasa's
lock on the conversation), and the bot's answer can take half a minute. When a message
has waited `after` seconds since it arrived (KEFU_DESK_BUSY_NOTE_SECONDS), the buyer gets one short note
in their language: the message arrived, replies take about N seconds right now. N is
honest: the median of the answers of the last few minutes, and never less than this
message has waited already. The note is journaled as a system message (never a bot
answer) and delivered like any reply; the message stays with the bot, whose answer
follows when Rasa gives it. One note per conversation per busy period: a Redis key
(shared by every desk) until one of its messages is answered in time again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import statistics
import time
from collections import deque
from typing import Awaitable, Callable, Deque, Dict, Tuple

from bot.desk.context import DeskContext
from bot.desk.intake import Reception
from bot.desk.language_hints import buyer_language
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.records import Author, ConversationStatus, ConversationView, Inbound, Outgoing

logger = logging.getLogger(__name__)


NOTE = "utter_desk_busy"
RECENT_SECONDS = 180.0  # answers older than this say nothing about "right now"
RECENT_ANSWERS = 200
# A busy period a buyer never sees the end of still ends, so a later one may be told again.
BUSY_PERIOD_SECONDS = 900
ROUND_TO = 5  # "about 35 seconds", not "about 33.4"


def busy_key(conversation_id: str) -> str:
    return f"kefu:desk:busy-note:{conversation_id}"


class ReplyLatencies:
    """How long the bot's recent answers took, from the desk's call to the answer
    (the wait for a turn included: that is what the buyer waits)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._answers: Deque[Tuple[float, float]] = deque(maxlen=RECENT_ANSWERS)

    def add(self, seconds: float) -> None:
        self._answers.append((self.clock(), seconds))

    def estimate(self, waited: float) -> int:
        """About how many seconds a reply takes now: the recent median, at least `waited`,
        rounded up to ROUND_TO."""
        since = self.clock() - RECENT_SECONDS
        recent = [seconds for at, seconds in self._answers if at >= since]
        typical = statistics.median(recent) if recent else 0.0
        return max(ROUND_TO, math.ceil(max(typical, waited) / ROUND_TO) * ROUND_TO)


class BusyNotes:
    """Sees each buyer message through the desk (Hub.receive) and notes a long wait."""

    def __init__(self, desk: DeskContext, outbox: Outbox, after: float, clock=time.monotonic):
        self.desk = desk
        self.outbox = outbox
        self.after = after
        self.clock = clock
        self.latencies = ReplyLatencies(clock)
        # Conversations this desk noted (when), until answered in time or the busy period is
        # over: a chat whose buyer left is forgotten then too, so the map stays small.
        self._noted: Dict[str, float] = {}

    async def around(self, inbound: Inbound, receive: Awaitable[Reception]) -> Reception:
        """`receive` (the message through the desk), with a note to the buyer if its answer
        takes longer than `after`. Timed from the message's arrival: journaling and the
        turns at Rasa are all waiting, to the buyer."""
        if self.after <= 0:
            return await receive
        started = self.clock()
        answered = asyncio.Event()
        timer = asyncio.get_running_loop().call_later(
            self.after, lambda: self.desk.spawn(self._note(inbound, started, answered))
        )
        try:
            reception = await receive
        finally:
            timer.cancel()
            answered.set()
        if any(m.by is Author.BOT for m in reception.messages):  # the bot's reply time
            took = self.clock() - started
            self.latencies.add(took)
            if took < self.after and reception.conversation.id in self._noted:
                await self._calm(reception.conversation.id)
        return reception

    async def _note(self, inbound: Inbound, started: float, answered: asyncio.Event) -> None:
        conversation = None
        try:
            conversation = await self.desk.db(self.desk.journal.open_conversation, inbound.sender_id)
            await self._tell(conversation, inbound, started, answered)
        except Exception:  # a note is a courtesy: it must never cost the buyer the answer
            # The conversation's id, never the buyer's (the sender id): logs name no buyer.
            where = conversation.id if conversation is not None else "not found"
            logger.exception("conversation %s: the busy note was not sent", where)

    async def _tell(
        self, conversation: ConversationView | None, inbound: Inbound, started: float, answered: asyncio.Event
    ) -> None:
        desk = self.desk
        # Only a chat the bot answers: a person's chat is not waiting for the bot.
        if answered.is_set() or conversation is None or conversation.status != ConversationStatus.BOT:
            return
        transcript = await desk.db(desk.journal.messages, conversation.id)
        replied = {m.reply_to for m in transcript if m.by in (Author.BOT, Author.AGENT)}
        waiting = [m.id for m in transcript if m.by is Author.BUYER and m.id not in replied]
        if not waiting or not await self._first_in_busy_period(conversation.id):
            return
        language = await buyer_language(conversation, inbound, desk.commerce, desk.language_detector)
        seconds = self.latencies.estimate(self.clock() - started)
        if answered.is_set():  # the bot answered meanwhile: the note would only confuse
            await self._calm(conversation.id)
            return
        note = Outgoing(desk.render(NOTE, language, seconds=seconds), Author.SYSTEM, language=language)
        # Not copied into Rasa's tracker: Rasa is busy with this very message, and the note
        # is no part of the dialogue.
        # The bot's answer may be journaled between the check above and this write: the
        # journal checks again in the note's own transaction.
        told = await self.outbox.tell(
            conversation, [note], reply_to=waiting[-1], sync=False, unless_answered=True
        )
        if not told:
            await self._calm(conversation.id)
            return
        logger.info("conversation %s: told the buyer replies take about %s s", conversation.id, seconds)

    async def _first_in_busy_period(self, conversation_id: str) -> bool:
        """True once per conversation per busy period, across desks (Redis); without Redis,
        once per conversation on this desk."""
        queue = self.desk.queue
        try:
            first = await queue.call(
                lambda: queue.redis.set(busy_key(conversation_id), "1", nx=True, ex=BUSY_PERIOD_SECONDS)
            )
        except QueueUnavailable:
            first = conversation_id not in self._noted
        if first:
            now = self.clock()
            for done in [c for c, at in self._noted.items() if now - at > BUSY_PERIOD_SECONDS]:
                del self._noted[done]
            self._noted[conversation_id] = now
        return bool(first)

    async def _calm(self, conversation_id: str) -> None:
        """This conversation's busy period is over: a later long wait is told again."""
        self._noted.pop(conversation_id, None)
        queue = self.desk.queue
        with contextlib.suppress(QueueUnavailable):  # else the key ends with BUSY_PERIOD_SECONDS
            await queue.call(lambda: queue.redis.delete(busy_key(conversation_id)))

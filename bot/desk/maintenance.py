"""The desk's background loops: SLA sweep, Redis watch and queue rebuild, tracker and delivery
catch-up, proactive notices, closing the bot's chats the buyer left (idle_chats.py).

Redis (the queue) may be down: the journal still takes every message, and a
queued chat is put back in Redis from the journal when Redis returns.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Callable, Dict, List, Set

from bot.desk.bot_csat import rating_question
from bot.desk.breach_notice import tell_taking_longer
from bot.desk.context import DeskContext, queue_entry
from bot.desk.intake import Intake
from bot.desk.journal import RESUME_AFTER_SECONDS
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.records import MessageView

logger = logging.getLogger(__name__)

REDIS_WATCH_SECONDS = 2.0
RASA_SYNC_SECONDS = 10.0
IDLE_SWEEP_SECONDS = 60.0
# A desk's own delivery of a reply has settled (sent or failed) well within this: 5 attempts
# of at most 10 s with 7.5 s of backoff, and the desk holds it anew as its batch moves on
# (Outbox.hold). A reply held no longer than this was left by a desk that stopped: one of
# the desks that sweep next takes it over (Journal.claim_deliveries) and sends it.
STALE_DELIVERY_SECONDS = 90.0
REDELIVERY_SWEEP_SECONDS = 60.0
GIVE_UP_SECONDS = 24 * 3600.0  # a reply still undelivered after this is marked failed
# A buyer message no desk finished with is looked for this often; one older than
# RESUME_AFTER_SECONDS (longer than any handling takes) and younger than a day is answered.
UNHANDLED_SWEEP_SECONDS = 60.0


class Maintenance:
    def __init__(self, desk: DeskContext, outbox: Outbox, intake: Intake):
        self.desk = desk
        self.outbox = outbox
        self.intake = intake

    async def sweep_once(self) -> int:
        """Move chats past their deadline up a tier; returns how many breached now."""
        desk = self.desk
        now = desk.clock()
        breaches = await desk.queue.sweep(now, desk.config.deadline)
        if breaches:
            moved = await desk.db(desk.journal.mark_breached, breaches, now)
            await desk.queue.publish({"type": "queue"})
            logger.warning("SLA breached: %s", ", ".join(b.conversation_id for b in breaches))
            await tell_taking_longer(desk, self.outbox, breaches, moved, now)
        # Claimed chats are out of the queue: their first-reply clock runs in the journal.
        held = await desk.db(desk.journal.mark_claimed_overdue, now)
        if held:
            await desk.queue.publish_quietly({"type": "queue"})
            logger.warning("SLA breached while claimed: %s", ", ".join(c.id for c in held))
        return len(breaches) + len(held)

    async def close_idle_once(self) -> int:
        """Close the chats the bot has alone whose buyer wrote nothing for bot_idle_minutes
        (seller/desk.yml) and ask each buyer once, through their channel, for a rating.
        Returns how many were closed."""
        desk = self.desk
        minutes = desk.config.bot_idle_minutes
        if minutes <= 0:
            return 0
        now = desk.clock()
        cutoff = now - timedelta(minutes=minutes)
        ask = desk.config.bot_csat_ask
        closed = 0
        for conversation_id in await desk.db(desk.journal.idle_bot_chats, cutoff):
            done = await desk.db(desk.journal.close_idle, conversation_id, cutoff, ask, now)
            if done is None:  # the buyer wrote meanwhile, or the chat moved on
                continue
            conversation, settled = done
            closed += 1
            outcome = "settled" if settled else "abandoned"
            logger.info("conversation %s closed idle (%s)", conversation.id, outcome)
            if ask:
                await self.outbox.tell(conversation, [rating_question(desk, conversation.language)])
        return closed

    async def restore_queue(self) -> int:
        """After an outage, make the queue match the journal: chats the journal has queued
        that Redis does not know go back in; chats Redis still lists that the journal no
        longer has queued leave it. Returns how many went back in."""
        desk = self.desk
        queued = await desk.db(desk.journal.queued_conversations)
        entries = []
        for conversation in queued:
            last = await desk.db(desk.journal.last_buyer_text, conversation.id)
            entries.append(queue_entry(conversation, last))
        restored = await desk.queue.restore(entries)
        dropped = await self.drop_stale_entries({c.id for c in queued})
        if restored or dropped:
            await desk.queue.publish({"type": "queue"})
            logger.info("queue restored from the journal: %d back in, %d stale out", restored, dropped)
        return restored

    async def drop_stale_entries(self, queued: Set[str]) -> int:
        """Queue entries of chats the journal does not have queued: a resolve or hand-back
        whose Redis step failed (an outage between the two writes) left them listed for
        agents, where claiming one is refused. Each is read again from the journal before it
        goes: one queued since `queued` was read is kept. Returns how many went."""
        desk = self.desk
        dropped = 0
        for conversation_id in await desk.queue.waiting():
            if conversation_id in queued:
                continue
            now = await desk.db(desk.journal.conversation, conversation_id)
            if now is not None and now.status == "queued":
                continue
            if now is not None and now.status == "assigned":
                await desk.queue.unlist(conversation_id)  # the holder's claim stays
            else:
                await desk.queue.remove(conversation_id)
            dropped += 1
        return dropped

    async def watch_redis(self) -> bool:
        """One check: after an outage, or when Redis came back empty without the desk seeing it
        down (a quick restart, a failover), rebuild the queue from the journal. True when Redis is up."""
        desk = self.desk
        try:
            await desk.queue.ping()
            lost = not await desk.queue.holds_journal_queue()
        except QueueUnavailable:
            if desk.redis_ok:
                logger.error("Redis is down: the queue and live updates wait for it; messages are journaled")
            desk.redis_ok = False
            return False
        if not desk.redis_ok or lost:
            try:
                await self.restore_queue()
                await desk.queue.mark_journal_queue()
            except QueueUnavailable:
                return False
            if not desk.redis_ok:
                logger.info("Redis is up; the queue matches the journal")
            desk.redis_ok = True
        return True

    async def sync_pending(self, min_age: float = RASA_SYNC_SECONDS) -> None:
        """Retry copying desk and agent messages into Rasa trackers (Rasa was down).

        Only messages older than `min_age` seconds: newer ones are still being synced.
        """
        pending = await self.desk.db(self.desk.journal.unsynced_messages, 100)
        cutoff = self.desk.clock() - timedelta(seconds=min_age)
        by_sender: Dict[str, List[MessageView]] = {}
        for message in pending:
            if message.created_at <= cutoff:
                by_sender.setdefault(message.sender_id, []).append(message)
        for sender_id, messages in by_sender.items():
            await self.outbox.sync_to_rasa(sender_id, messages)

    async def redeliver_pending(self) -> None:
        """Webhook replies a stopped desk left pending, older than STALE_DELIVERY_SECONDS, go
        out now (as a desk starts, and every REDELIVERY_SWEEP_SECONDS)."""
        desk = self.desk
        now = desk.clock()
        before = now - timedelta(seconds=STALE_DELIVERY_SECONDS)
        pending = await desk.db(desk.journal.pending_deliveries, before)
        # An endpoint down for a day: those replies are given up (a buyer answered a day late
        # would be confused), and the journal says so.
        oldest = now - timedelta(seconds=GIVE_UP_SECONDS)
        too_old = [m.id for m in pending if m.created_at < oldest]
        if too_old:
            await desk.db(desk.journal.mark_delivery, too_old, "failed")
            logger.error("%d replies not delivered for a day: given up", len(too_old))
        pending = [m for m in pending if m.created_at >= oldest]
        # Each one taken over by one desk only: replicas sweep at the same time.
        claimed = set(await desk.db(desk.journal.claim_deliveries, [m.id for m in pending], now, before))
        by_conversation: Dict[str, List[MessageView]] = {}
        for message in pending:
            if message.id in claimed:
                by_conversation.setdefault(message.conversation_id, []).append(message)
        for conversation_id, messages in by_conversation.items():
            conversation = await desk.db(desk.journal.conversation, conversation_id)
            if conversation is not None:
                desk.spawn(self.outbox.deliver(conversation, messages))

    async def answer_unhandled(self) -> int:
        """Buyer messages the desk journaled but never finished with (it stopped, or an error
        cut the handling short) and no channel sent again, in chats the bot has: the bot
        answers each now, on one desk. Returns how many were taken up."""
        desk = self.desk
        now = desk.clock()
        since = now - timedelta(seconds=GIVE_UP_SECONDS)
        before = now - timedelta(seconds=RESUME_AFTER_SECONDS)
        taken = 0
        for message in await desk.db(desk.journal.unhandled_messages, since, before):
            if not await desk.db(desk.journal.claim_unhandled, message.id, now):
                continue  # another desk's sweep took it
            conversation = await desk.db(desk.journal.conversation, message.conversation_id)
            if conversation is None:
                continue
            logger.warning("conversation %s: message %s never answered; again", conversation.id, message.id)
            await self.intake.take_up(conversation, message)
            taken += 1
        return taken

    async def send_notices(self) -> int:
        """The proactive notices tracking data calls for (notices.py); returns how many went out."""
        if self.desk.notices is None:
            return 0
        report = await self.desk.notices.run()
        if report.sent or report.held:
            logger.info("%s", report.summary())
        return len(report.sent)


async def run_forever(
    every: float, step: Callable, name: str, first_after: float = 0.0, wait: Callable | None = None
) -> None:
    """Run one step of a background loop every `every` seconds, whatever one step raises;
    the first after `first_after` seconds. `wait(every)` replaces the sleep between steps
    (a marketplace's push wakes its poll early: bot.channels.push.Nudge)."""
    await asyncio.sleep(first_after)
    while True:
        try:
            await step()
        except asyncio.CancelledError:
            raise
        except QueueUnavailable as exc:
            logger.debug("%s skipped: %s", name, exc)
        except Exception:  # a background loop must survive any one failure
            logger.exception("%s failed", name)
        await (wait or asyncio.sleep)(every)

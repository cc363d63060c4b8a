"""Everything the desk says: replies journaled then delivered, live updates to agents, tracker sync.

Web chat buyers get their replies in the HTTP answer (and by polling); webhook
buyers through the outbound URL, with retries, one conversation's batches in
order. What a person or the desk tells the buyer is copied into the Rasa tracker
as a bot utterance so the transcript Rasa sees is whole; when Rasa is down, the
tracker catch-up loop retries.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Dict, List, Sequence

from bot.channels.outbound import DeliveryFailed
from bot.desk.buyer_script import in_buyer_script
from bot.desk.context import DeskContext
from bot.desk.language_hints import BuyerCountry
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.records import Author, BuyerReading, ConversationView, MessageView, NluResult, Outgoing

logger = logging.getLogger(__name__)

# How long a webhook reply's delivery holds up the answer to the buyer's message (one
# attempt and a quick retry; deliver() keeps trying after that).
DELIVERY_WAIT_SECONDS = 3.0
# A reply this desk is sending is held anew after this long, well inside the 90 s after which
# another desk's sweep may take it over (maintenance.STALE_DELIVERY_SECONDS).
HOLD_RENEW_SECONDS = 30.0


class Outbox:
    def __init__(self, desk: DeskContext):
        self.desk = desk
        self._syncing: set = set()  # message ids being written into a tracker right now
        self._delivering: Dict[str, asyncio.Lock] = {}  # one lock per conversation keeps its order

    async def tell(
        self,
        conversation: ConversationView,
        items: Sequence[Outgoing],
        reply_to: int | None = None,
        sync: bool = True,
        reading: BuyerReading | None = None,
        unless_answered: bool = False,
        settles: bool = False,
        country: BuyerCountry | None = None,
    ) -> List[MessageView]:
        """Journal replies, copy them into the Rasa tracker (sync) and send them to the buyer;
        `reading` (what Rasa made of the buyer's message) is journaled with them;
        `unless_answered`: none of it once `reply_to` has an answer; `settles`: they are
        `reply_to`'s answer, and the desk is done with it (Journal.record_outbound);
        `country`: the buyer's, as the message being handled has it (buyer_script.py)."""
        desk = self.desk
        if not items:
            handled_at = desk.clock() if settles and reply_to is not None else None
            if reading is not None:
                await desk.db(
                    desk.journal.update_nlu, reading.message_id, reading.nlu, reading.outcome, handled_at
                )
            elif handled_at is not None:  # Rasa said nothing to it, and understood nothing
                await desk.db(desk.journal.update_nlu, reply_to, NluResult(), None, handled_at)
            return []
        items = await in_buyer_script(desk, conversation, items, country)
        delivery = "web" if conversation.channel == "web" else "pending"
        messages = await desk.db(
            desk.journal.record_outbound,
            conversation.id,
            list(items),
            reply_to,
            delivery,
            not sync,
            desk.clock(),
            reading,
            unless_answered,
            settles,
        )
        if not messages:
            return []
        # Both done before the buyer's message is answered, one beside the other: the tracker
        # copy (a Rasa round trip, 4-10 ms) no longer waits for the endpoint, nor it for Rasa.
        steps: List[Awaitable[Any]] = [self.sync_to_rasa(conversation.sender_id, messages)] if sync else []
        if delivery == "pending":
            steps.append(self.hand_over(conversation, messages))
        await asyncio.gather(*steps)
        return messages

    async def hand_over(self, conversation: ConversationView, messages: Sequence[MessageView]) -> None:
        """Deliver replies just journaled, waited for (a while) before the buyer's message is
        answered: the channel's next message may reach another desk replica, whose reply must
        not overtake these. Only until the endpoint has them: the journal's delivery marks
        come after. A slow or failing endpoint keeps being retried in the background."""
        handed_over = asyncio.Event()
        sending = self.desk.spawn(self.deliver(conversation, messages, handed_over))
        waiting = asyncio.ensure_future(handed_over.wait())
        try:
            await asyncio.wait(
                {sending, waiting}, timeout=DELIVERY_WAIT_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            waiting.cancel()

    async def deliver(
        self,
        conversation: ConversationView,
        messages: Sequence[MessageView],
        handed_over: asyncio.Event | None = None,
    ) -> None:
        """Send webhook replies; one conversation's batches go out one after another, in order.

        `handed_over`: tell()'s, for replies this desk journaled just now, which no other
        delivery can have (a redelivery takes only replies pending for longer: maintenance.py
        STALE_DELIVERY_SECONDS); set once each one was sent or given up, before its mark is
        journaled."""
        outstanding = {m.id for m in messages}
        # Held by this desk since (journaled, or claimed by the sweep, just now): renewed only
        # once a batch has taken a while, so a quick delivery writes nothing more.
        held_at = [self.desk.clock()]

        async def keep_holding() -> None:
            if outstanding and (self.desk.clock() - held_at[0]).total_seconds() > HOLD_RENEW_SECONDS:
                await self.hold(outstanding)
                held_at[0] = self.desk.clock()

        async def report(ids: List[int], status: str, attempts: int) -> None:
            outstanding.difference_update(ids)
            if handed_over is not None and not outstanding:
                handed_over.set()
            await self.desk.db(self.desk.journal.mark_delivery, ids, status, attempts)
            if status == "pending":  # the endpoint is down: the sweep tries again in a while
                await self.hold(ids)
            await keep_holding()  # the batch moves on: the rest are still this desk's to send

        lock = self._delivering.setdefault(conversation.id, asyncio.Lock())
        try:
            async with lock:
                await keep_holding()  # behind an earlier batch, whose retries may have taken a while
                # A redelivery may have read these as pending while the first delivery was
                # still at them: never send a reply twice, nor one it gave up on (tell()'s
                # replies, journaled just now, are this delivery's alone).
                settled = (
                    set()
                    if handed_over is not None
                    else set(await self.desk.db(self.desk.journal.settled_ids, list(outstanding)))
                )
                waiting = [m for m in messages if m.id not in settled]
                if waiting:
                    await self.desk.delivery.deliver(waiting, conversation, report, retry_later=True)
        except DeliveryFailed as exc:  # pragma: no cover - deliver() reports its own failures
            logger.error("%s", exc)
        finally:
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._delivering.pop(conversation.id, None)

    async def hold(self, message_ids) -> None:
        """Keep these replies from another desk's redelivery sweep (maintenance.py): still being sent."""
        await self.desk.db(self.desk.journal.hold_deliveries, list(message_ids), self.desk.clock())

    async def publish_message(self, conversation: ConversationView, message: MessageView) -> None:
        """Show a message live to the agents who can see this conversation."""
        await self.desk.queue.publish_quietly(
            {
                "type": "message",
                "conversation_id": conversation.id,
                "tier": conversation.tier,
                "agent_id": conversation.agent_id,
                "message": message.to_json(),
            }
        )

    async def sync_to_rasa(self, sender_id: str, messages: Sequence[MessageView]) -> bool:
        """Write desk and agent messages into the tracker as bot utterances; later retries catch up."""
        done = []
        try:
            for message in messages:
                if message.id in self._syncing:
                    continue
                self._syncing.add(message.id)
                try:
                    metadata: Dict[str, Any] = {"desk": message.author, "desk_message_id": message.id}
                    if message.by is Author.AGENT:
                        metadata["agent"] = message.agent_username
                        metadata["agent_id"] = message.agent_id
                    await self.desk.rasa.bot_said(sender_id, message.text, metadata)
                    done.append(message.id)
                finally:
                    self._syncing.discard(message.id)
        except RasaUnavailable as exc:
            conversations = ", ".join(sorted({m.conversation_id for m in messages}))  # never the buyer's id
            logger.info("tracker of conversation %s not updated yet (%s); will retry", conversations, exc)
        if done:
            await self.desk.db(self.desk.journal.mark_rasa_synced, done)
        return len(done) == len(messages)

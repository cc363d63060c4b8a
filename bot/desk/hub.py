"""The conversation hub: every buyer message and every agent action goes through here.

A buyer message is journaled first. Then:
  - the first message after a resolve that is a 1-5 rating is the buyer's CSAT answer;
  - a conversation waiting in a queue or held by an agent goes to the agents
    (live, through Redis pub/sub) and the bot stays silent: Rasa still reads the
    message, paused, so the tracker stays whole and the agent sees its language
    and intent;
  - otherwise Rasa answers (REST channel, with the buyer's metadata). When the
    bot escalated (tracker paused, handoff_tier and handoff_reason set), the
    chat is queued for the tier the routing rules chose and the buyer is told
    roughly when a person will answer, working hours considered;
  - Rasa down or slower than the timeout: a holding message in the buyer's
    language, and the chat goes to tier 1 (reason bot_unavailable).
Replies are journaled, then delivered: web chat buyers get them in the HTTP
answer (and by polling), webhook buyers through the outbound URL, with retries.

Redis (the queue) may be down: the journal still takes every message and a
queued chat is put back in Redis from the journal when Redis returns.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, FrozenSet, List, Sequence, Tuple

from bot.commerce.views import BuyerRef
from bot.desk.auth import can_close, holds
from bot.desk.channels import DeliveryFailed, OutboundDelivery
from bot.desk.journal import Journal
from bot.desk.queue import DeskQueue, QueueEntry, QueueUnavailable
from bot.desk.rasa_client import RasaClient, RasaUnavailable
from bot.desk.records import AgentView, ConversationView, Inbound, MessageView, NoteView, Outgoing
from bot.desk.schedule import DeskConfig
from bot.nlg.catalogue import Catalogue
from bot.text_input import clean_message

logger = logging.getLogger(__name__)

HOLD_REASON = "bot_unavailable"
DEFAULT_REASON = "low_confidence"
# Rasa reading a message for an agent-held chat must not hold up the agent for long.
PAUSED_RASA_TIMEOUT = 3.0
REDIS_WATCH_SECONDS = 2.0
RASA_SYNC_SECONDS = 10.0
_RATING = re.compile(r"^\s*([1-5])\s*(?:/\s*5)?\s*[^\w]*\s*$")
_COMMAND = re.compile(r"^/+\s*([A-Za-z_][\w-]*)")


class Conflict(RuntimeError):
    """The conversation is not in a state that allows this (HTTP 409)."""


class NotAllowed(PermissionError):
    """This agent may not do this to this conversation (HTTP 403)."""


class BotUnavailable(RuntimeError):
    """Rasa must be reached for this and could not be (HTTP 503)."""


def parse_rating(text: str) -> int | None:
    """1-5 from a reply to the satisfaction question ("5", "４", "๕", "3/5", "5⭐"), else None."""
    folded = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and unicodedata.digit(ch, None) is not None else ch
        for ch in unicodedata.normalize("NFKC", text or "")
    )
    match = _RATING.match(folded)
    return int(match.group(1)) if match else None


def nlu_of(tracker: Dict[str, Any]) -> Tuple[str | None, str | None]:
    """(language, intent) of the tracker's latest buyer message, falling back to the language slot."""
    latest = tracker.get("latest_message") or {}
    language = latest.get("language") or (tracker.get("slots") or {}).get("language")
    intent = (latest.get("intent") or {}).get("name")
    return language, intent


def handoff_of(tracker: Dict[str, Any]) -> Tuple[int, str]:
    slots = tracker.get("slots") or {}
    try:
        tier = int(round(float(slots.get("handoff_tier") or 1)))
    except (TypeError, ValueError):
        tier = 1
    return min(max(tier, 1), 3), str(slots.get("handoff_reason") or DEFAULT_REASON)


@dataclass
class Reception:
    """What became of a buyer message: the conversation and the replies to send back."""

    conversation: ConversationView
    messages: List[MessageView]
    duplicate: bool = False


@dataclass
class Hub:
    journal: Journal
    queue: DeskQueue
    rasa: RasaClient
    delivery: OutboundDelivery
    catalogue: Catalogue
    config: DeskConfig
    domain_intents: FrozenSet[str] = frozenset()
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))
    commerce: Any = None  # CommerceRepository, for the buyer's orders in the console
    redis_ok: bool = True
    _tasks: set = field(default_factory=set)
    _syncing: set = field(default_factory=set)
    _delivering: Dict[str, asyncio.Lock] = field(default_factory=dict)

    # -- plumbing ------------------------------------------------------------

    async def db(self, method: Callable, *args, **kwargs):
        """Run a blocking journal call off the event loop."""
        return await asyncio.to_thread(method, *args, **kwargs)

    def spawn(self, coroutine) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait for background deliveries (shutdown, tests)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)

    def render(self, name: str, language: str | None, **values) -> str:
        return self.catalogue.render(name, language, values)["text"]

    def wait_text(self, language: str | None, now: datetime, deadline: datetime) -> str:
        estimate = self.config.wait_estimate(now, deadline)
        name = "utter_desk_wait_minutes" if "minutes" in estimate else "utter_desk_wait_hours"
        return self.render(name, language, **estimate)

    def rasa_text(self, text: str) -> str:
        """Buttons send "/intent"; any other slash command (/restart ...) is only text to the bot."""
        match = _COMMAND.match(text or "")
        if match and match.group(1) not in self.domain_intents:
            return text.lstrip("/ ")
        return text

    @staticmethod
    def metadata(conversation: ConversationView, inbound: Inbound) -> Dict[str, Any]:
        metadata: Dict[str, Any] = {
            "buyer_id": conversation.buyer_id,
            "marketplace": conversation.marketplace,
            "opened_from": conversation.opened_from,
            "channel": conversation.channel,
            "conversation_id": conversation.id,
        }
        if conversation.vip:
            metadata["vip"] = True
        if inbound.attachments:
            metadata["attachments"] = list(inbound.attachments)
        return metadata

    # -- buyer messages ------------------------------------------------------

    async def receive(self, inbound: Inbound) -> Reception:
        now = self.clock()
        rating = parse_rating(inbound.text) if not inbound.attachments else None
        recorded = await self.db(
            self.journal.record_inbound, inbound, rating, now, self.config.csat_window_hours
        )
        conversation, message = recorded.conversation, recorded.message
        if recorded.kind == "duplicate":
            return Reception(conversation, list(recorded.replies), duplicate=True)
        if recorded.kind == "csat":
            thanks = Outgoing(self.render("utter_desk_csat_thanks", conversation.language), "system")
            replies = await self.tell(conversation, [thanks], reply_to=message.id, sync=False)
            return Reception(conversation, replies)
        if conversation.status in ("queued", "assigned"):
            await self.pass_to_agents(conversation, message, inbound)
            return Reception(conversation, [])
        return await self.through_bot(conversation, message, inbound, now)

    async def through_bot(
        self, conversation: ConversationView, message: MessageView, inbound: Inbound, now: datetime
    ) -> Reception:
        try:
            answers = await self.rasa.send(
                conversation.sender_id, self.rasa_text(inbound.text), self.metadata(conversation, inbound)
            )
        except RasaUnavailable as exc:
            logger.warning("conversation %s: %s; holding message and tier 1", conversation.id, exc)
            return await self.hold(conversation, message, inbound, now)
        try:
            tracker = await self.rasa.tracker(conversation.sender_id)
        except RasaUnavailable as exc:
            # The bot answered: the buyer gets that. Whether it also escalated shows
            # with the next message (the tracker will still be paused).
            logger.warning("conversation %s: the tracker could not be read: %s", conversation.id, exc)
            tracker = {}
        language, intent = nlu_of(tracker)
        if language or intent:
            await self.db(self.journal.update_nlu, message.id, language, intent)
        language = language or conversation.language
        conversation = replace(conversation, language=language)
        bot_replies = [
            Outgoing(str(a.get("text") or ""), "bot", tuple(a.get("buttons") or ()), language=language)
            for a in answers
            if a.get("text") or a.get("buttons")
        ]
        replies = await self.tell(conversation, bot_replies, reply_to=message.id, sync=False)
        if tracker.get("paused"):
            tier, reason = handoff_of(tracker)
            deadline = self.config.deadline(now)
            wait = Outgoing(self.wait_text(language, now, deadline), "system", language=language)
            replies += await self.tell(conversation, [wait], reply_to=message.id)
            await self.enqueue(conversation, tier, reason, deadline, True, inbound.text, now)
        return Reception(conversation, replies)

    async def hold(
        self, conversation: ConversationView, message: MessageView, inbound: Inbound, now: datetime
    ) -> Reception:
        language = conversation.language or inbound.language or await asyncio.to_thread(_detect, inbound.text)
        conversation = replace(conversation, language=language)
        deadline = self.config.deadline(now)
        items = [
            Outgoing(self.render("utter_desk_holding", language), "system", language=language),
            Outgoing(self.wait_text(language, now, deadline), "system", language=language),
        ]
        if language and language != message.language:
            await self.db(self.journal.update_nlu, message.id, language, None)
        replies = await self.tell(conversation, items, reply_to=message.id)
        await self.enqueue(conversation, 1, HOLD_REASON, deadline, False, inbound.text, now)
        return Reception(conversation, replies)

    async def enqueue(
        self,
        conversation: ConversationView,
        tier: int,
        reason: str,
        deadline: datetime,
        bot_paused: bool,
        last_message: str,
        now: datetime,
    ) -> ConversationView | None:
        queued = await self.db(
            self.journal.mark_queued, conversation.id, tier, reason, deadline, bot_paused, now
        )
        if queued is None:
            return None
        entry = _entry(queued, last_message)
        try:
            await self.queue.enqueue(entry)
            await self.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            # The journal has it as queued; the Redis watcher puts it back when Redis returns.
            self.redis_ok = False
            logger.warning("conversation %s queued in the journal only: %s", conversation.id, exc)
        return queued

    async def pass_to_agents(self, conversation: ConversationView, message: MessageView, inbound: Inbound):
        """A queued or held chat: the agents see the message live; the bot reads it, silent."""
        language, intent = message.language, None
        try:
            if not conversation.bot_paused:
                await self.rasa.pause(conversation.sender_id)
                await self.db(self.journal.set_bot_paused, conversation.id, True)
            answers = await self.rasa.send(
                conversation.sender_id,
                self.rasa_text(inbound.text),
                self.metadata(conversation, inbound),
                timeout=PAUSED_RASA_TIMEOUT,
            )
            if answers:  # the tracker was not paused after all: a person has this chat
                logger.warning("conversation %s: the bot answered a held chat; pausing it", conversation.id)
                await self.rasa.pause(conversation.sender_id)
            tracker = await self.rasa.tracker(conversation.sender_id, timeout=PAUSED_RASA_TIMEOUT)
            found_language, intent = nlu_of(tracker)
            language = found_language or language
            await self.db(self.journal.update_nlu, message.id, found_language, intent)
        except RasaUnavailable as exc:
            logger.info("conversation %s: Rasa did not read a held message: %s", conversation.id, exc)
        message = replace(message, language=language, intent=intent)
        if conversation.status == "queued":
            try:
                await self.queue.touch(conversation.id, inbound.text)
                await self.queue.publish({"type": "queue"})
            except QueueUnavailable as exc:
                logger.warning("queue not updated: %s", exc)
        await self.publish_message(conversation, message)

    async def publish_message(self, conversation: ConversationView, message: MessageView) -> None:
        await self.queue.publish_quietly(
            {
                "type": "message",
                "conversation_id": conversation.id,
                "tier": conversation.tier,
                "agent_id": conversation.agent_id,
                "message": message.to_json(),
            }
        )

    # -- replies out -----------------------------------------------------------

    async def tell(
        self,
        conversation: ConversationView,
        items: Sequence[Outgoing],
        reply_to: int | None = None,
        sync: bool = True,
    ) -> List[MessageView]:
        """Journal replies, copy them into the Rasa tracker (sync) and send them to the buyer."""
        if not items:
            return []
        delivery = "web" if conversation.channel == "web" else "pending"
        messages = await self.db(
            self.journal.record_outbound,
            conversation.id,
            list(items),
            reply_to,
            delivery,
            not sync,
            self.clock(),
        )
        if sync:
            await self.sync_to_rasa(conversation.sender_id, messages)
        if delivery == "pending":
            self.spawn(self.deliver(conversation, messages))
        return messages

    async def deliver(self, conversation: ConversationView, messages: Sequence[MessageView]) -> None:
        """Send webhook replies; one conversation's batches go out one after another, in order."""

        async def report(ids: List[int], status: str, attempts: int) -> None:
            await self.db(self.journal.mark_delivery, ids, status, attempts)

        lock = self._delivering.setdefault(conversation.id, asyncio.Lock())
        try:
            async with lock:
                await self.delivery.deliver(messages, conversation, report)
        except DeliveryFailed as exc:  # pragma: no cover - deliver() reports its own failures
            logger.error("%s", exc)
        finally:
            if not lock.locked() and not getattr(lock, "_waiters", None):
                self._delivering.pop(conversation.id, None)

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
                    if message.author.startswith("agent:"):
                        metadata["agent"] = message.author.split(":", 1)[1]
                        metadata["agent_id"] = message.agent_id
                    await self.rasa.bot_said(sender_id, message.text, metadata)
                    done.append(message.id)
                finally:
                    self._syncing.discard(message.id)
        except RasaUnavailable as exc:
            logger.info("tracker of %s not updated yet (%s); will retry", sender_id, exc)
        if done:
            await self.db(self.journal.mark_rasa_synced, done)
        return len(done) == len(messages)

    # -- agents ----------------------------------------------------------------

    async def claim(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        if holds(agent, conversation):
            return conversation
        if conversation.status == "assigned":
            raise Conflict(f"already claimed by {conversation.agent_username}")
        if conversation.status != "queued":
            raise Conflict("this conversation is not waiting in a queue")
        won, holder = await self.queue.claim(conversation.id, agent.username)
        if not won:
            raise Conflict(f"already claimed by {holder}")
        claimed = await self.db(self.journal.mark_assigned, conversation.id, agent.id, self.clock())
        if claimed is None:
            await self.queue.release(conversation.id, agent.username)
            now = await self.db(self.journal.conversation, conversation.id)
            if now is not None and now.status == "assigned":
                raise Conflict(f"already claimed by {now.agent_username}")
            raise Conflict("this conversation is no longer waiting in a queue")
        try:
            await self.rasa.pause(claimed.sender_id)
            await self.db(self.journal.set_bot_paused, claimed.id, True)
            claimed = replace(claimed, bot_paused=True)
        except RasaUnavailable as exc:
            # The desk keeps the bot quiet itself, and pauses Rasa with the buyer's next message.
            logger.warning("conversation %s claimed but Rasa not paused yet: %s", claimed.id, exc)
        await self.queue.publish_quietly({"type": "queue"})
        return claimed

    async def reply(self, agent: AgentView, conversation: ConversationView, text: str) -> MessageView:
        if not holds(agent, conversation):
            raise NotAllowed("claim the conversation before replying")
        text = clean_message(text)
        item = Outgoing(text, f"agent:{agent.username}", agent_id=agent.id, language=conversation.language)
        [message] = await self.tell(conversation, [item])
        await self.publish_message(conversation, message)
        return message

    async def _resume_bot(self, conversation: ConversationView) -> None:
        try:
            await self.rasa.fresh_session(conversation.sender_id)
        except RasaUnavailable as exc:
            if not conversation.bot_paused:
                return  # the desk never got Rasa to pause, so there is nothing to undo
            raise BotUnavailable(
                "the bot (Rasa) is not reachable, so it cannot take the chat back; "
                "the conversation stays as it is, try again in a moment"
            ) from exc

    async def handback(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        if not can_close(agent, conversation):
            raise NotAllowed("only the agent holding the conversation (or a supervisor) can hand it back")
        if conversation.status not in ("queued", "assigned"):
            raise Conflict("the bot already has this conversation")
        await self._resume_bot(conversation)
        back = await self.db(self.journal.mark_handback, conversation.id, agent.id, self.clock())
        if back is None:
            raise Conflict("the conversation changed meanwhile; reload it")
        await self._forget(conversation.id)
        return back

    async def resolve(self, agent: AgentView, conversation: ConversationView) -> ConversationView:
        if not can_close(agent, conversation):
            raise NotAllowed("only the agent holding the conversation (or a supervisor) can resolve it")
        if conversation.status == "resolved":
            raise Conflict("the conversation is already resolved")
        await self._resume_bot(conversation)
        resolved = await self.db(self.journal.mark_resolved, conversation.id, agent.id, self.clock())
        if resolved is None:
            raise Conflict("the conversation changed meanwhile; reload it")
        await self._forget(conversation.id)
        question = Outgoing(self.render("utter_desk_csat", resolved.language), "system")
        await self.tell(resolved, [question])
        return resolved

    async def _forget(self, conversation_id: str) -> None:
        try:
            await self.queue.remove(conversation_id)
            await self.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            logger.warning("conversation %s left in Redis: %s", conversation_id, exc)

    async def set_tags(self, agent: AgentView, conversation: ConversationView, tags: List[str]):
        return await self.db(self.journal.set_tags, conversation.id, tags, agent.id)

    async def add_note(self, agent: AgentView, conversation: ConversationView, text: str) -> NoteView:
        return await self.db(self.journal.add_note, conversation.id, agent.id, text, self.clock())

    async def orders(self, conversation: ConversationView) -> list:
        if self.commerce is None:
            return []
        buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
        return await asyncio.to_thread(self.commerce.latest_orders, buyer)

    # -- background work -------------------------------------------------------

    async def sweep_once(self) -> int:
        """Move chats past their deadline up a tier; returns how many breached now."""
        now = self.clock()
        breaches = await self.queue.sweep(now, self.config.deadline)
        if breaches:
            await self.db(self.journal.mark_breached, breaches, now)
            await self.queue.publish({"type": "queue"})
            logger.warning("SLA breached: %s", ", ".join(b.conversation_id for b in breaches))
        return len(breaches)

    async def restore_queue(self) -> int:
        """Put journal-queued chats Redis does not know (after an outage) back in the queue."""
        queued = await self.db(self.journal.queued_conversations)
        entries = []
        for conversation in queued:
            last = await self.db(self.journal.last_buyer_text, conversation.id)
            entries.append(_entry(conversation, last))
        restored = await self.queue.restore(entries)
        if restored:
            await self.queue.publish({"type": "queue"})
            logger.info("restored %d queued conversation(s) into Redis", restored)
        return restored

    async def watch_redis(self) -> bool:
        """One check: after an outage, rebuild the queue from the journal. True when Redis is up."""
        try:
            await self.queue.ping()
        except QueueUnavailable:
            if self.redis_ok:
                logger.error("Redis is down: the queue and live updates wait for it; messages are journaled")
            self.redis_ok = False
            return False
        if not self.redis_ok:
            try:
                await self.restore_queue()
                self.redis_ok = True
                logger.info("Redis is up; the queue matches the journal")
            except QueueUnavailable:
                return False
        return True

    async def sync_pending(self, min_age: float = RASA_SYNC_SECONDS) -> None:
        """Retry copying desk and agent messages into Rasa trackers (Rasa was down).

        Only messages older than `min_age` seconds: newer ones are still being synced.
        """
        pending = await self.db(self.journal.unsynced_messages, 100)
        cutoff = self.clock() - timedelta(seconds=min_age)
        by_sender: Dict[str, List[MessageView]] = {}
        for message in pending:
            if message.created_at <= cutoff:
                by_sender.setdefault(message.sender_id, []).append(message)
        for sender_id, messages in by_sender.items():
            await self.sync_to_rasa(sender_id, messages)

    async def redeliver_pending(self) -> None:
        """Webhook replies left pending by a stopped desk go out now."""
        pending = await self.db(self.journal.pending_deliveries, 100)
        by_conversation: Dict[str, List[MessageView]] = {}
        for message in pending:
            by_conversation.setdefault(message.conversation_id, []).append(message)
        for conversation_id, messages in by_conversation.items():
            conversation = await self.db(self.journal.conversation, conversation_id)
            if conversation is not None:
                self.spawn(self.deliver(conversation, messages))

    async def run_forever(self, every: float, step: Callable, name: str) -> None:
        while True:
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except QueueUnavailable as exc:
                logger.debug("%s skipped: %s", name, exc)
            except Exception:  # a background loop must survive any one failure
                logger.exception("%s failed", name)
            await asyncio.sleep(every)


def _entry(conversation: ConversationView, last_message: str | None) -> QueueEntry:
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
    )


def _detect(text: str) -> str:
    """The buyer's language from the text alone (Rasa, which knows better, is not answering)."""
    from bot.nlu.language import LanguageIdentifier

    try:
        found = LanguageIdentifier().detect(text)
    except Exception:  # detection is a nicety here; English is the fallback
        logger.exception("language detection failed")
        found = None
    return found[0] if found else "en"

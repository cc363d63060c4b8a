"""A buyer message in: journal first, then the CSAT answer, the seller's rules, the agents,
or the bot.

- the first message after a resolve that is a 1-5 rating is the buyer's CSAT answer;
- the seller's rules (seller_rules.py) run before the bot and the agents: a welcome to a
  buyer's first message in a while, keyword replies; not while an agent holds the chat. In a
  chat the bot has they go with the bot's one reading of the message: the welcome before
  its answer (or, said by the bot, in place of its greeting), the keyword reply in its place unless the
  message is also one of the bot's tasks;
- one buyer's messages are handled one at a time, in the order they were journaled;
- a thanks or goodbye right after a resolve stays in the resolved chat;
- a buyer who asked for a person says never mind before anyone claimed the chat: the bot
  has it again (withdrawn_request.py);
- a conversation waiting in a queue or held by an agent goes to the agents
  (live, through Redis pub/sub) and the bot stays silent: Rasa still reads the
  message, paused, so the tracker stays whole and the agent sees its language
  and intent (held_chats.py);
- otherwise Rasa answers (REST channel, with the buyer's metadata). When the
  bot escalated (tracker paused, handoff_tier and handoff_reason set), the
  chat is queued for the tier the routing rules chose and the buyer is told
  roughly when a person will answer, working hours considered (off hours: the seller's
  off-hours reply with the next opening, when there is one);
- a buyer who signs off in a chat the bot settled alone, with no task of the bot's open,
  is asked for a rating (bot_csat.py);
- Rasa down (connection refused) or slower than the desk's patience
  (KEFU_DESK_RASA_TIMEOUT, counted from the message's turn: see rasa_client):
  a holding message in the buyer's language, and the chat goes to tier 1
  (reason bot_unavailable).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import List, Tuple

from bot.desk.bot_csat import ask_rating, settled_by_bot
from bot.desk.buyer_turns import BuyerTurns
from bot.desk.context import DeskContext, queue_entry
from bot.desk.held_chats import pass_to_agents, rasa_text
from bot.desk.language_hints import BuyerCountry, buyer_language, language_hints
from bot.desk.outbox import Outbox
from bot.desk.queue import QueueUnavailable
from bot.desk.rasa_client import (
    RasaUnavailable,
    doubt_of,
    handoff_of,
    message_metadata,
    nlu_of,
    task_open,
)
from bot.desk.ratings import parse_rating
from bot.desk.records import (
    Author,
    BuyerReading,
    ConversationView,
    Inbound,
    MessageView,
    NluResult,
    Outgoing,
    Recorded,
)
from bot.desk.seller_rules import ANSWER_ONLY_METADATA, BOT_TASKS, BeforeBot, SellerRules
from bot.desk.withdrawn_request import withdraw, withdraws_the_request
from bot.intents import SIGN_OFF_INTENTS
from bot.seller.routing import queue_after_escalation
from bot.shared_secret import WELCOME

logger = logging.getLogger(__name__)

HOLD_REASON = "bot_unavailable"


@dataclass
class Reception:
    """What became of a buyer message: the conversation and the replies to send back."""

    conversation: ConversationView
    messages: List[MessageView]
    duplicate: bool = False


class Intake:
    def __init__(self, desk: DeskContext, outbox: Outbox):
        self.desk = desk
        self.outbox = outbox
        self.rules = SellerRules(desk, outbox)
        self.turns = BuyerTurns(desk.queue, lambda: desk.redis_ok)

    async def receive(self, inbound: Inbound) -> Reception:
        # One buyer's messages one at a time, in the order they came, on every desk replica: a
        # first message of the day waits for its welcome before the bot reads it, and a second
        # one sent with it reached the bot first and was answered first.
        async with self.turns.of(inbound.sender_id):
            return await self._receive(inbound)

    async def _receive(self, inbound: Inbound) -> Reception:
        desk = self.desk
        now = desk.clock()
        rating = parse_rating(inbound.text) if not inbound.attachments else None
        recorded, country = await desk.db(self.journal_first, inbound, rating, now)
        conversation, message = recorded.conversation, recorded.message
        if recorded.kind == "duplicate":
            return Reception(conversation, list(recorded.replies), duplicate=True)
        if recorded.kind == "resume":  # its first handling failed after journaling it
            logger.warning("conversation %s: message %s got no reply; again", conversation.id, message.id)
            return await self.through_bot(conversation, message, inbound, now, country=country)
        if recorded.kind == "csat":
            thanks = Outgoing(desk.render("utter_desk_csat_thanks", conversation.language), Author.SYSTEM)
            replies = await self.outbox.tell(
                conversation, [thanks], reply_to=message.id, sync=False, settles=True
            )
            return Reception(conversation, replies)
        before = BeforeBot()
        if conversation.status != "assigned":

            async def language_of() -> str:
                return await buyer_language(
                    conversation, inbound, desk.commerce, desk.language_detector, country
                )

            before = await self.rules.before_bot(
                conversation, message, inbound, language_of, now, recorded.previous_inbound_at
            )
        if withdraws_the_request(conversation, inbound.text):
            told = await withdraw(desk, self.outbox, conversation, message)
            if told is not None:
                return Reception(conversation, [*before.told, *told])
        if conversation.status in ("queued", "assigned"):
            await pass_to_agents(desk, self.outbox, conversation, message, inbound)
            return Reception(conversation, before.told)
        return await self.through_bot(conversation, message, inbound, now, before, country)

    def journal_first(
        self, inbound: Inbound, rating: int | None, now: datetime
    ) -> Tuple[Recorded, BuyerCountry]:
        """The message journaled, and the buyer's country: read in the same worker-thread trip
        for a chat the bot has with no language yet (Rasa's hints need it, a welcome may),
        else only if something asks for it later."""
        desk = self.desk
        recorded = desk.journal.record_inbound(inbound, rating, now, desk.config.csat_window_hours)
        conversation = recorded.conversation
        country = BuyerCountry(desk.commerce, conversation)
        if (
            recorded.kind in ("message", "resume")
            and conversation.status == "bot"
            and not conversation.language
        ):
            country.read()
        return recorded, country

    async def take_up(self, conversation: ConversationView, message: MessageView) -> Reception:
        """A buyer message no desk finished with (the one handling it stopped; the sweep in
        maintenance.py found it): the bot answers it now, as it came."""
        inbound = Inbound(
            channel=message.channel,
            marketplace=conversation.marketplace,
            buyer_id=conversation.buyer_id,
            text=message.text,
            attachments=message.attachments,
            opened_from=conversation.opened_from,
            vip=conversation.vip,
        )
        return await self.through_bot(conversation, message, inbound, self.desk.clock())

    async def through_bot(
        self,
        conversation: ConversationView,
        message: MessageView,
        inbound: Inbound,
        now: datetime,
        before: BeforeBot | None = None,
        country: BuyerCountry | None = None,
    ) -> Reception:
        """The bot's answer, after what the seller's rules say first (`before`): a keyword
        rule answers alone unless the bot reads the message as one of its tasks. `country`:
        the buyer's, as the message has it (read once for all that need it)."""
        desk = self.desk
        before = before or BeforeBot()
        country = country or BuyerCountry(desk.commerce, conversation)
        keyword, welcome = before.keyword_reply, before.welcome
        only_for = ANSWER_ONLY_METADATA if keyword else {}
        # Said by the bot in place of its greeting, if it greets (bot/nlg/generator.py).
        welcome_for = {WELCOME: welcome.text} if welcome is not None and keyword is None else {}
        try:
            hints = await language_hints(desk.commerce, conversation, inbound, country)
            answers, tracker = await desk.rasa.send_and_read(
                conversation.sender_id,
                rasa_text(desk, inbound.text),
                {**message_metadata(conversation, inbound, message), **hints, **only_for, **welcome_for},
            )
        except RasaUnavailable as exc:
            if keyword is not None:  # the rule's answer needs no bot
                return await self.rule_answers(conversation, message, keyword, welcome, None, country)
            logger.warning("conversation %s: %s; holding message and tier 1", conversation.id, exc)
            return await self.hold(conversation, message, inbound, now, welcome, country)
        nlu = nlu_of(tracker)
        reading = (
            BuyerReading(message.id, nlu, doubt_of(nlu, tracker)) if nlu.language or nlu.intent else None
        )
        language = nlu.language or conversation.language
        conversation = replace(conversation, language=language)
        if nlu.intent in SIGN_OFF_INTENTS and not tracker.get("paused"):
            # A thanks or goodbye just after a resolve belongs to the chat it signs off.
            since = now - timedelta(hours=desk.config.csat_window_hours)
            thanks = nlu.intent == "thank"  # the rating question above may still be answered
            earlier = await desk.db(desk.journal.fold_into_resolved, conversation.id, since, now, thanks)
            if earlier is not None:
                conversation = earlier
        if keyword is not None and nlu.intent not in BOT_TASKS:
            return await self.rule_answers(conversation, message, keyword, welcome, reading, country)
        bot_replies = [
            Outgoing(
                str(a.get("text") or ""),
                Author.BOT,
                tuple(a.get("buttons") or ()),
                language=language,
                as_written=True,
            )
            for a in answers
            if a.get("text") or a.get("buttons")
        ]
        if any((a.get("custom") or {}).get(WELCOME) for a in answers):
            welcome = None  # the buyer only said hello: the bot greeted them with the welcome
        first = [item for item in (welcome, keyword) if item is not None]
        welcomed: List[MessageView] = []
        if first:
            welcomed = await self.outbox.tell(conversation, first, reply_to=message.id, country=country)
        replies = welcomed + await self.outbox.tell(
            conversation, bot_replies, reply_to=message.id, sync=False, reading=reading, settles=True
        )
        if tracker.get("paused"):
            tier, reason = handoff_of(tracker)
            # The web chat names no source: a refund or a parcel asked about is after-sale.
            queue = queue_after_escalation(conversation.opened_from, reason)
            conversation = replace(conversation, opened_from=queue)
            deadline = desk.config.deadline(now, tier, conversation.opened_from)
            wait = await self.wait_item(conversation, language, now, deadline)
            replies += await self.outbox.tell(conversation, [wait], reply_to=message.id, country=country)
            await self.enqueue(conversation, tier, reason, deadline, True, inbound.text, now)
        elif settled_by_bot(desk, conversation, nlu.intent, task_open(tracker)):
            replies += await ask_rating(desk, self.outbox, conversation, message.id, now)
        return Reception(conversation, replies)

    async def rule_answers(
        self,
        conversation: ConversationView,
        message: MessageView,
        keyword: Outgoing,
        welcome: Outgoing | None,
        reading: BuyerReading | None,
        country: BuyerCountry | None = None,
    ) -> Reception:
        """The seller's keyword rule answers the message in the bot's place, after the welcome
        when there is one. Rasa read it silently (`reading`) or could not: then what the desk
        made of its language is the chat's (the agents' templates, the KPIs by language)."""
        reply = replace(keyword, by=Author.BOT)
        reading = reading or BuyerReading(message.id, NluResult(language=reply.language), None)
        items = [item for item in (welcome, reply) if item is not None]
        replies = await self.outbox.tell(
            conversation, items, reply_to=message.id, reading=reading, settles=True, country=country
        )
        return Reception(conversation, replies)

    async def hold(
        self,
        conversation: ConversationView,
        message: MessageView,
        inbound: Inbound,
        now: datetime,
        welcome: Outgoing | None = None,
        country: BuyerCountry | None = None,
    ) -> Reception:
        """Rasa is not answering: tell the buyer a person will, and queue the chat for tier 1."""
        desk = self.desk
        language = await buyer_language(conversation, inbound, desk.commerce, desk.language_detector, country)
        conversation = replace(conversation, language=language)
        deadline = desk.config.deadline(now, 1, conversation.opened_from)
        items = [
            *([welcome] if welcome is not None else []),
            Outgoing(desk.render("utter_desk_holding", language), Author.SYSTEM, language=language),
            await self.wait_item(conversation, language, now, deadline),
        ]
        if language and language != message.language:
            await desk.db(desk.journal.update_nlu, message.id, NluResult(language=language))
        replies = await self.outbox.tell(
            conversation, items, reply_to=message.id, settles=True, country=country
        )
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
        desk = self.desk
        queue = conversation.opened_from
        queued = await desk.db(
            desk.journal.mark_queued, conversation.id, tier, reason, deadline, bot_paused, now, queue
        )
        if queued is None:
            return None
        try:
            await desk.queue.enqueue(queue_entry(queued, last_message))
            await desk.queue.publish({"type": "queue"})
        except QueueUnavailable as exc:
            # The journal has it as queued; the Redis watcher puts it back when Redis returns.
            desk.redis_ok = False
            logger.warning("conversation %s queued in the journal only: %s", conversation.id, exc)
        return queued

    async def wait_item(
        self, conversation: ConversationView, language: str | None, now: datetime, deadline: datetime
    ) -> Outgoing:
        """Roughly when a person will answer, in the buyer's language: off hours, the seller's
        own off-hours reply with the next opening when there is one."""
        off_hours = await self.rules.off_hours(conversation, language, now)
        if off_hours is not None:
            return off_hours
        estimate = self.desk.config.wait_estimate(now, deadline)
        if "minutes" in estimate:
            name = "utter_desk_wait_minutes"
        elif self.desk.config.hours.is_open(now):
            # Open now, closing before the target is up: "our team is away right now" (the
            # off-hours text) was not true, only that the answer may come after closing.
            name = "utter_desk_wait_after_closing"
        else:
            name = "utter_desk_wait_hours"
        return Outgoing(self.desk.render(name, language, **estimate), Author.SYSTEM, language=language)

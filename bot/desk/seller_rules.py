"""The seller's rules, run by the desk before the bot (seller/auto_replies.yml, or the
latest console save): a welcome to a buyer's first message in a while, keyword replies,
and the off-hours reply when the bot hands a chat to people who are not at work.

A welcome, an off-hours reply, or a keyword reply in a chat waiting for agents, is
journaled with author `system`: the KPIs never count it as an answer (bot/metrics/facts.py)
and it never sets a person's first reply, so a chat waiting for agents stays unread for
them. A keyword rule in a chat the bot has answers the message in the bot's place, and is
journaled as the bot's answer: the buyer was answered (a chat only keyword rules answered
was counted unanswered and closed as abandoned). The message and the reply are written into
Rasa's tracker so its transcript stays whole. A message that also asks the bot about an order (BOT_TASKS, by
Rasa's reading of it) gets the rule's reply and then the bot's answer.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, Dict, List, Sequence, Tuple

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.rasa_client import RasaUnavailable
from bot.desk.records import Author, ConversationView, Inbound, MessageView, NluResult, Outgoing
from bot.desk.seller_rule_store import SavedAutoReplies, SellerRuleStore
from bot.intents import ORDER_INTENTS
from bot.seller.auto_replies import (
    AutoReplies,
    AutoRepliesError,
    KeywordRule,
    TemplateError,
    fill_off_hours,
    parse_auto_replies,
    parse_for_saving,
    read_document,
)
from bot.seller.hours import as_utc
from bot.seller.keywords import matches_any

logger = logging.getLogger(__name__)

# Another desk's console save reaches this one within this many seconds.
RELOAD_SECONDS = 10.0
# What a buyer asks the bot itself, from their order: a keyword rule that also matches such a
# message ("where is my parcel? and the invoice") is sent, and the bot still answers. Pre-sale
# questions and coupons are the rules' own ground ("wholesale price?", "follow-shop coupon?").
BOT_TASKS = frozenset({*ORDER_INTENTS, "human_handoff", "complaint"})
# Reading the message for that must not hold up the keyword reply for long.
PARSE_TIMEOUT = 3.0


def matching_rule(rules: Sequence[KeywordRule], text: str) -> KeywordRule | None:
    """The first rule with a keyword in the message."""
    return next((rule for rule in rules if matches_any(rule.keywords, text)), None)


def zone_label(moment: datetime) -> str:
    """ "UTC+8", "UTC-3:30", "UTC": understood whatever the buyer's language."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign, minutes = ("+" if minutes > 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


class SellerRules:
    def __init__(self, desk: DeskContext, outbox: Outbox):
        self.desk = desk
        self.outbox = outbox
        self.store = SellerRuleStore(desk.journal.engine)
        self._loaded: Tuple[float, AutoReplies] | None = None

    # -- the configuration --------------------------------------------------------

    async def document(self) -> Tuple[Dict[str, Any], SavedAutoReplies | None]:
        """The rules in force as the console edits them, and the save they come from (None: the file)."""
        saved = await self.desk.db(self.store.latest_auto_replies)
        if saved is not None:
            return saved.document, saved
        return await asyncio.to_thread(read_document, self.desk.auto_replies_file), None

    async def current(self) -> AutoReplies:
        if self._loaded is None or time.monotonic() - self._loaded[0] > RELOAD_SECONDS:
            document, _ = await self.document()
            try:
                rules = parse_auto_replies(document)
            except AutoRepliesError as exc:  # a broken file must not stop buyers' messages
                logger.error("%s: auto-replies off: %s", self.desk.auto_replies_file, exc)
                rules = AutoReplies()
            self._loaded = (time.monotonic(), rules)
        return self._loaded[1]

    async def save(self, document: Dict[str, Any], saved_by: str) -> SavedAutoReplies:
        """Check (AutoRepliesError), keep as a new version, and use it from the next message."""
        rules = parse_for_saving(document)
        saved = await self.desk.db(self.store.save_auto_replies, document, saved_by, self.desk.clock())
        self._loaded = (time.monotonic(), rules)
        return saved

    # -- before the bot -----------------------------------------------------------

    async def before_bot(
        self,
        conversation: ConversationView,
        message: MessageView,
        inbound: Inbound,
        language_of: Callable[[], Awaitable[str]],
        now: datetime,
        previous_inbound_at: datetime | None,
    ) -> Tuple[List[MessageView], bool, Outgoing | None]:
        """The welcome and keyword replies this message gets, whether a keyword rule
        answered it (then the bot does not), and a welcome left for the bot's answer to
        carry: in a chat the bot has, with no keyword rule, the welcome goes out with the
        bot's answer (the intake's through_bot), so a buyer who only said hello is not greeted
        twice. `previous_inbound_at`: when the buyer last wrote before this message (the
        journal read it while recording this one)."""
        rules = await self.current()
        since = now - timedelta(hours=rules.welcome_after_hours)
        # Without a welcome text the buyer's language (a detection when the chat has none
        # yet) is not needed for one.
        welcome = rules.has_welcome(conversation.marketplace) and (
            previous_inbound_at is None or previous_inbound_at < since
        )
        rule = (
            None
            if inbound.attachments
            else matching_rule(rules.keyword_rules(conversation.marketplace), inbound.text)
        )
        if not welcome and rule is None:
            return [], False, None
        language = await language_of()
        items = []
        text = rules.welcome(conversation.marketplace, language) if welcome else None
        if text:
            greeting = Outgoing(text, Author.SYSTEM, language=language)
            if rule is None and conversation.status == "bot":
                return [], False, greeting
            items.append(greeting)
        # A keyword reply answers the message in the bot's place, unless the message also asks
        # the bot something of its own: then the bot answers it after the rule's reply.
        answers = rule is not None and not (
            conversation.status == "bot" and await self._asks_the_bot(conversation, inbound.text)
        )
        if rule is not None:
            in_the_bots_place = answers and conversation.status == "bot"
            author = Author.BOT if in_the_bots_place else Author.SYSTEM
            items.append(Outgoing(keyword_reply(rules, rule, language), author, language=language))
            if in_the_bots_place:
                await self._tell_tracker(conversation, inbound)
            if answers and not conversation.language:
                # The bot never reads this message: what the desk made of its language is the
                # chat's (the agents' templates, the KPIs by language), until the bot reads one.
                await self.desk.db(self.desk.journal.update_nlu, message.id, NluResult(language=language))
        # A welcome alone does not answer the message either.
        replies = await self.outbox.tell(conversation, items, reply_to=message.id, settles=answers)
        return replies, answers, None

    async def _asks_the_bot(self, conversation: ConversationView, text: str) -> bool:
        """The message is about one of the bot's tasks ("where is my parcel? and my invoice"),
        not only what the keyword rule answers. Rasa unsure or down: the rule answers alone."""
        try:
            parsed = await self.desk.rasa.parse(text, timeout=PARSE_TIMEOUT)
        except RasaUnavailable as exc:
            logger.info("conversation %s: keyword message not read by the bot: %s", conversation.id, exc)
            return False
        intent = (parsed.get("intent") or {}).get("name") if isinstance(parsed, dict) else None
        return intent in BOT_TASKS

    async def _tell_tracker(self, conversation: ConversationView, inbound: Inbound) -> None:
        """The bot did not read this message; its tracker still should."""
        event = {"event": "user", "text": inbound.text, "metadata": {"desk": "keyword_reply"}}
        try:
            await self.desk.rasa.append(conversation.sender_id, [event])
        except RasaUnavailable as exc:
            logger.info(
                "conversation %s: keyword-answered message not in the tracker: %s", conversation.id, exc
            )

    # -- off hours ----------------------------------------------------------------

    async def off_hours(
        self, conversation: ConversationView, language: str | None, now: datetime
    ) -> Outgoing | None:
        """The seller's off-hours reply with the next opening, when people are not at work now."""
        hours = self.desk.config.hours
        if hours.is_open(now):
            return None
        rules = await self.current()
        template = rules.off_hours(conversation.marketplace, language)
        if not template:
            return None
        opens = hours.next_opening(now)
        local = opens.astimezone(rules.buyer_zone(conversation.marketplace) or hours.zone)
        values = {
            "opens_at": local.strftime("%H:%M"),
            "opens_on": local.date().isoformat(),
            "zone": zone_label(local),
            "hours": max(1, math.ceil((opens - as_utc(now)).total_seconds() / 3600)),
        }
        try:
            text = fill_off_hours(template, values)
        except TemplateError as exc:  # a file or an older save the check never saw
            # None: the caller tells the usual wait instead, and the chat is still queued.
            logger.warning("off-hours reply (%s, %s) not used: %s", conversation.marketplace, language, exc)
            return None
        return Outgoing(text, Author.SYSTEM, language=language)


def keyword_reply(rules: AutoReplies, rule: KeywordRule, language: str | None) -> str:
    """The rule's reply in the buyer's language, with its coupon code and image link."""
    text = rules.text(rule.reply, language) or ""
    lines = [text or next(iter(rule.reply.values()), "")]
    if rule.coupon_code:
        lines.append(f"🎟 {rule.coupon_code}")
    if rule.image_url:
        lines.append(rule.image_url)
    return "\n".join(lines)

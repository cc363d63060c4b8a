"""The seller's rules, run by the desk before the bot (seller/auto_replies.yml, or the
latest console save): a welcome to a buyer's first message in a while, keyword replies,
and the off-hours reply when the bot hands a chat to people who are not at work.

A welcome, an off-hours reply, or a keyword reply in a chat waiting for agents, is
journaled with author `system`: the KPIs never count it as an answer (bot/metrics/facts.py)
and it never sets a person's first reply, so a chat waiting for agents stays unread for
them. A keyword rule in a chat the bot has answers the message in the bot's place, and is
journaled as the bot's answer: the buyer was answered (a chat only keyword rules answered
was counted unanswered and closed as abandoned). Rasa reads the message once, with the
intents the bot may answer it for (ANSWER_ONLY): a message that also asks the bot about an
order (BOT_TASKS) gets the rule's reply and then the bot's answer; any other only goes into
the tracker, read, with the rule's reply after it, so the transcript stays whole. (The desk
used to ask /model/parse first, then send the message, which Rasa parsed again.)
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Awaitable, Callable, Dict, List, Sequence, Tuple

from bot.desk.context import DeskContext
from bot.desk.outbox import Outbox
from bot.desk.records import Author, ConversationView, Inbound, MessageView, Outgoing
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
from bot.shared_secret import ANSWER_ONLY

logger = logging.getLogger(__name__)

# Another desk's console save reaches this one within this many seconds.
RELOAD_SECONDS = 10.0
# What a buyer asks the bot itself, from their order: a keyword rule that also matches such a
# message ("where is my parcel? and the invoice") is sent, and the bot still answers. Pre-sale
# questions and coupons are the rules' own ground ("wholesale price?", "follow-shop coupon?").
BOT_TASKS = frozenset({*ORDER_INTENTS, "human_handoff", "complaint"})
# Sent with such a message: Rasa reads it once, and answers it only when it is one of these
# (bot/channels/rest.py ANSWER_ONLY); otherwise it only writes it into the tracker.
ANSWER_ONLY_METADATA = {ANSWER_ONLY: sorted(BOT_TASKS)}


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
    ) -> BeforeBot:
        """The welcome and keyword reply this message gets. In a chat waiting for agents they
        go now; in a chat the bot has they go with the bot's reading of the message (the
        intake's through_bot): the welcome with its answer, so a buyer who only said hello is
        not greeted twice, and the keyword reply in the bot's place unless the message also
        asks the bot one of its tasks. `previous_inbound_at`: when the buyer last wrote before
        this message (the journal read it while recording this one)."""
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
            return BeforeBot()
        language = await language_of()
        text = rules.welcome(conversation.marketplace, language) if welcome else None
        greeting = Outgoing(text, Author.SYSTEM, language=language) if text else None
        reply = (
            Outgoing(keyword_reply(rules, rule, language), Author.SYSTEM, language=language) if rule else None
        )
        if conversation.status == "bot":
            return BeforeBot(welcome=greeting, keyword_reply=reply)
        items = [item for item in (greeting, reply) if item is not None]
        # The rule's reply answers the message; the agents still owe theirs (author system).
        told = await self.outbox.tell(conversation, items, reply_to=message.id, settles=reply is not None)
        return BeforeBot(told=told)

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


@dataclass(frozen=True)
class BeforeBot:
    """What the seller's rules did before the bot: replies `told` already, and in a chat the
    bot has, the `welcome` and `keyword_reply` that go with the bot's reading of the message."""

    told: List[MessageView] = field(default_factory=list)
    welcome: Outgoing | None = None
    keyword_reply: Outgoing | None = None


def keyword_reply(rules: AutoReplies, rule: KeywordRule, language: str | None) -> str:
    """The rule's reply in the buyer's language, with its coupon code and image link."""
    text = rules.text(rule.reply, language) or ""
    lines = [text or next(iter(rule.reply.values()), "")]
    if rule.coupon_code:
        lines.append(f"🎟 {rule.coupon_code}")
    if rule.image_url:
        lines.append(rule.image_url)
    return "\n".join(lines)

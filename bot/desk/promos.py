"""A seller's promo campaign: their message, per language, to the buyers the campaign
names, during its period, at most `rate_per_minute` messages a minute.

Each buyer is reached once per campaign (PromoLog claims a row first), so running a
campaign again sends only to those it has not reached: new buyers, and those held last
time by quiet hours or the daily cap. Skipped for good: a buyer who asked for no more
promos (opt_out.py), and marketplaces whose rules (seller/notices.yml, kind `promo`)
allow no such message. Each message is journaled as `system` and delivered as notices
are (outreach.py). A dry run says what would happen and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Dict, List, Set, Tuple

from sqlalchemy.engine import Engine

from bot.commerce.audience import Recipient, recipients
from bot.desk.outreach import FORBIDDEN, HELD, Outreach
from bot.desk.promo_log import FAILED, SENT, SKIPPED, PromoLog
from bot.desk.records import ConversationView
from bot.seller.campaigns import Campaign
from bot.seller.notices import PROMO, NoticeRules

logger = logging.getLogger(__name__)

OPTED_OUT = "opted_out"
MARKETPLACE_RULES = "marketplace_rules"


class CampaignNotRunning(ValueError):
    """Now is outside the campaign's period."""


class CampaignBusy(ValueError):
    """The campaign is being sent by this process already."""


@dataclass
class PromoReport:
    campaign: str
    audience: int
    dry_run: bool = False
    sent: int = 0  # with a dry run: would be sent
    failed: int = 0
    held: int = 0  # quiet hours or the daily cap: the next run
    before: int = 0  # reached (or skipped for good) by an earlier run
    skipped: Dict[str, int] = field(default_factory=dict)  # reason -> buyers
    ended: bool = False  # the period ended during the run

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        verb = "would be sent" if self.dry_run else "sent"
        skipped = ", ".join(f"{reason} {count}" for reason, count in sorted(self.skipped.items()))
        return (
            f"promo {self.campaign}: audience {self.audience}; {self.sent} {verb}, {self.failed} failed, "
            f"{sum(self.skipped.values())} skipped{f' ({skipped})' if skipped else ''}, "
            f"{self.held} held for a later run, {self.before} reached by an earlier run"
            + ("; the period ended during the run" if self.ended else "")
        )


@dataclass(frozen=True)
class Plan:
    campaign: Campaign
    report: PromoReport
    waiting: List[Recipient]  # not reached by an earlier run
    stopped: Set[str]  # asked for no more promos


@dataclass
class PromoService:
    outreach: Outreach
    log: PromoLog
    commerce: Engine
    rules: NoticeRules
    clock: Callable[[], datetime]
    default_rate: int  # messages a minute when the campaign names none
    running: Set[str] = field(default_factory=set)  # campaigns this process is sending

    def check_period(self, campaign: Campaign) -> None:
        now = self.clock()
        if not campaign.running_at(now):
            raise CampaignNotRunning(
                f"campaign {campaign.id} runs from {campaign.start.isoformat()} "
                f"to {campaign.end.isoformat()}; it is {now.isoformat(timespec='seconds')}"
            )

    async def run(self, campaign: Campaign, started_by: str, dry_run: bool = False) -> PromoReport:
        return await self.carry_out(await self.prepare(campaign, started_by, dry_run))

    async def prepare(self, campaign: Campaign, started_by: str, dry_run: bool = False) -> Plan:
        """Check the period, find the audience, and (unless a dry run) record the start."""
        self.check_period(campaign)
        if not dry_run:
            if campaign.id in self.running:
                raise CampaignBusy(f"campaign {campaign.id} is running already; see its progress")
            self.running.add(campaign.id)  # before any await: a second start is refused
        try:
            found = await asyncio.to_thread(recipients, self.commerce, campaign.audience)
            report = PromoReport(campaign.id, len(found), dry_run)
            handled = await asyncio.to_thread(self.log.handled, campaign.id)
            waiting = [r for r in found if r.sender_id not in handled]
            report.before = len(found) - len(waiting)
            stopped = await asyncio.to_thread(self.log.opted_out, [r.sender_id for r in waiting])
            if not dry_run:
                now = self.clock()
                await asyncio.to_thread(
                    self.log.start, campaign.id, campaign.document(), started_by, len(found), now
                )
        except BaseException:
            self.running.discard(campaign.id)
            raise
        return Plan(campaign, report, waiting, stopped)

    async def carry_out(self, plan: Plan) -> PromoReport:
        campaign, report = plan.campaign, plan.report
        state = "failed"
        try:
            await self._send(campaign, plan.waiting, plan.stopped, report)
            state = "done"
        finally:
            if not report.dry_run:
                self.running.discard(campaign.id)
                await asyncio.to_thread(self.log.finish, campaign.id, state, report.held, self.clock())
        logger.info("%s", report.summary())
        return report

    async def _send(
        self, campaign: Campaign, waiting: List[Recipient], stopped: Set[str], report: PromoReport
    ) -> None:
        interval = 60.0 / (campaign.rate_per_minute or self.default_rate)
        next_at = 0.0
        for recipient in waiting:
            now = self.clock()
            if not campaign.running_at(now):
                report.ended = True
                return
            reason = OPTED_OUT if recipient.sender_id in stopped else None
            if reason is None:
                rules = self.rules.of(recipient.marketplace)
                refusal = await self.outreach.refusal(rules, PROMO, recipient.sender_id, now)
                if refusal == HELD:
                    report.held += 1
                    continue
                reason = MARKETPLACE_RULES if refusal == FORBIDDEN else None
            if reason is not None:
                await self._skip(campaign, recipient, now, reason, report)
                continue
            if report.dry_run:
                report.sent += 1
                continue
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))  # the campaign's rate
            # `stopped` was read when the run began, maybe hours ago: this buyer may have
            # said "stop" since (one indexed read of their own short messages).
            if await asyncio.to_thread(self.log.opted_out, [recipient.sender_id]):
                await self._skip(campaign, recipient, self.clock(), OPTED_OUT, report)
                continue
            next_at = time.monotonic() + interval
            outcome = await self._write(campaign, recipient, self.clock())
            if outcome == SENT:
                report.sent += 1
            elif outcome == FAILED:
                report.failed += 1
            else:
                report.before += 1  # a concurrent run claimed this buyer first

    async def _skip(
        self, campaign: Campaign, recipient: Recipient, now: datetime, reason: str, report: PromoReport
    ) -> None:
        """Skipped for good: recorded (unless a dry run) so a later run skips the buyer too."""
        report.skip(reason)
        if not report.dry_run:
            await asyncio.to_thread(self.log.claim, campaign.id, recipient.sender_id, now, SKIPPED, reason)

    async def _write(self, campaign: Campaign, recipient: Recipient, now: datetime) -> str | None:
        row = await asyncio.to_thread(self.log.claim, campaign.id, recipient.sender_id, now)
        if row is None:
            return None
        fallback = self.rules.of(recipient.marketplace).language

        def compose(conversation: ConversationView) -> Tuple[str, str]:
            return campaign.text_in(conversation.language or recipient.language or fallback)

        written = await self.outreach.write(recipient.marketplace, recipient.buyer_id, compose, now)
        outcome = FAILED if written.delivery == FAILED else SENT
        await asyncio.to_thread(self.log.settle, row, outcome, written.message.id)
        return outcome

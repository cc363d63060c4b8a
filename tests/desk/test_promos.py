"""Promo campaigns on a real SQLite database, delivered to a fake seller endpoint: the
audience the file names, once per buyer, in their language, within the marketplaces'
rules (shared with the notices), opted-out buyers skipped, at the campaign's rate; and
`kefu promo send` with its dry run and its clear refusals."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from bot.channels.outbound import Deliveries, OutboundDelivery
from bot.desk.notice_log import NoticeLog
from bot.desk.opt_out import asks_to_stop
from bot.desk.outreach import Outreach
from bot.desk.promo_log import PromoLog
from bot.desk.promos import CampaignNotRunning, PromoService
from bot.desk.records import Inbound
from bot.seller.campaigns import CampaignError, parse_campaign, read_campaign
from bot.seller.notices import parse_notices
from tests.desk.fake_server import Outbound
from tests.desk.promo_world import CAMPAIGN, ENGLISH, RULES, THAI, import_buyers, write_yaml

NOON = datetime(2025, 4, 10, 5, 0, tzinfo=timezone.utc)  # 12:00 in Bangkok


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(database_url, journal, tmp_path):
    import_buyers(database_url, tmp_path)
    clock = Clock(NOON)
    made = []

    def service(outbound: Outbound, rules: dict = RULES) -> PromoService:
        delivery = OutboundDelivery(outbound.url, "secret", attempts=2, backoff=0.01)
        log = PromoLog.from_url(database_url)
        made.append(log)
        return PromoService(
            outreach=Outreach(journal, NoticeLog(log.engine), Deliveries(delivery)),
            log=log,
            commerce=log.engine,
            rules=parse_notices(rules),
            clock=clock,
            default_rate=600,
        )

    yield service, clock
    for log in made:
        log.engine.dispose()


def run(service: PromoService, campaign: dict = CAMPAIGN, dry_run: bool = False):
    async def go():
        try:
            return await service.run(parse_campaign(campaign), "test", dry_run=dry_run)
        finally:
            await service.outreach.deliveries.close()

    return asyncio.run(go())


def received(outbound: Outbound) -> list:
    return [(body["marketplace"], body["buyer_id"], body["text"]) for body, _, _ in outbound.received]


def test_a_campaign_reaches_its_audience_once_in_their_language(world, journal, outbound):
    make, clock = world
    journal.record_inbound(Inbound("webhook", "lazada", "th-2", "STOP!", channel_message_id="x1"), now=NOON)
    slow = {**CAMPAIGN, "rate_per_minute": 120}  # one message each half second
    started = time.monotonic()
    report = run(make(outbound), slow)
    elapsed = time.monotonic() - started

    assert sorted(received(outbound)) == [("lazada", "th-1", THAI), ("lazada", "th-3", ENGLISH)]
    assert elapsed >= 0.5  # the second message waited for the rate
    assert (report.audience, report.sent, report.failed, report.held) == (4, 2, 0, 0)
    assert report.skipped == {"opted_out": 1, "marketplace_rules": 1}
    for buyer, text in (("th-1", THAI), ("th-3", ENGLISH)):
        (message,) = journal.messages(journal.open_conversation(f"lazada:{buyer}").id)
        assert (message.author, message.text, message.delivery) == ("system", text, "sent")
    progress = make(outbound).log.progress("songkran-2025")
    assert progress is not None
    counts = (progress["state"], progress["audience"], progress["sent"], progress["skipped"])
    assert counts == ("done", 4, 2, 2)
    assert progress["failed"] == progress["sending"] == progress["held"] == 0

    again = run(make(outbound))  # the same campaign again: nobody twice, nobody new
    assert (again.sent, again.before, len(outbound.received)) == (0, 4, 2)

    named = {**CAMPAIGN, "id": "vietnam", "audience": {"buyer_ids": ["vn-1"], "countries": ["vn"]}}
    assert received(outbound)[-1] != ("shopee", "vn-1", ENGLISH)
    assert run(make(outbound), named).sent == 1
    assert received(outbound)[-1] == ("shopee", "vn-1", ENGLISH)  # no Vietnamese text: the default


class StopSaidDuringTheRun(Outbound):
    """The seller's endpoint; while it takes the campaign's first message, th-3 writes "stop"."""

    def __init__(self, journal):
        self.journal = journal
        super().__init__()

    async def _receive(self, request):
        if not self.received:
            stop = Inbound("webhook", "lazada", "th-3", "unsubscribe please", channel_message_id="x9")
            await asyncio.to_thread(self.journal.record_inbound, stop, now=NOON)
        return await super()._receive(request)


def test_a_buyer_who_says_stop_while_the_campaign_runs_gets_no_promo(world, journal):
    make, _ = world
    outbound = StopSaidDuringTheRun(journal).start()
    try:
        report = run(make(outbound))
    finally:
        outbound.stop()
    assert sorted(received(outbound)) == [("lazada", "th-1", THAI), ("lazada", "th-2", THAI)]
    assert (report.sent, report.skipped) == (2, {"opted_out": 1, "marketplace_rules": 1})
    (said,) = journal.messages(journal.open_conversation("lazada:th-3").id)
    assert (said.direction, said.text) == ("in", "unsubscribe please")  # no promo after it
    assert make(outbound).log.progress("songkran-2025")["skipped"] == 2


def test_quiet_hours_and_the_daily_cap_hold_buyers_for_a_later_run(world, database_url, outbound):
    make, clock = world
    quiet = {"zone": "Asia/Bangkok", "quiet_hours": {"start": "21:00", "end": "08:00"}}
    rules = {"marketplaces": {"lazada": {**RULES["marketplaces"]["lazada"], **quiet}}}
    clock.now = datetime(2025, 4, 10, 16, 0, tzinfo=timezone.utc)  # 23:00 in Bangkok
    report = run(make(outbound, rules))
    assert (report.sent, report.held, outbound.received) == (0, 3, [])
    assert make(outbound, rules).log.progress("songkran-2025")["held"] == 3

    clock.now = datetime(2025, 4, 11, 2, 0, tzinfo=timezone.utc)  # 09:00
    # th-3 heard from Kefu an hour ago (a parcel notice): one a day, notices and promos together.
    an_hour_ago = clock.now - timedelta(hours=1)
    notices = NoticeLog.from_url(database_url)
    notices.claim("EB1TH", "delivered", "lazada:th-3", an_hour_ago)
    notices.engine.dispose()
    report = run(make(outbound, rules))
    assert (report.sent, report.held) == (2, 1)
    assert sorted(buyer for _, buyer, _ in received(outbound)) == ["th-1", "th-2"]

    other = {**CAMPAIGN, "id": "second-promo"}  # the same day: everybody had their one message
    assert (run(make(outbound, rules), other).sent, len(outbound.received)) == (0, 2)
    clock.now += timedelta(days=1)
    assert run(make(outbound, rules)).sent == 1  # th-3, a day after the notice
    assert received(outbound)[-1][1] == "th-3"
    late = run(make(outbound, rules), other)  # th-1 and th-2's last promo is a day old; th-3's is not
    assert (late.sent, late.held) == (2, 1)
    assert sorted(buyer for _, buyer, _ in received(outbound)[-2:]) == ["th-1", "th-2"]


def test_a_refused_delivery_is_failed_and_not_sent_again(world, journal):
    make, _ = world
    broken = Outbound(failures=100).start()
    try:
        report = run(make(broken))
        assert (report.sent, report.failed) == (0, 3)
        progress = make(broken).log.progress("songkran-2025")
        assert (progress["failed"], progress["sent"]) == (3, 0)
        (message,) = journal.messages(journal.open_conversation("lazada:th-1").id)
        assert message.delivery == "failed"
        attempts = broken.attempts
        assert run(make(broken)).failed == 0 and broken.attempts == attempts
    finally:
        broken.stop()


def test_a_dry_run_changes_nothing_and_the_period_is_kept(world, outbound):
    make, clock = world
    report = run(make(outbound), dry_run=True)
    assert (report.sent, report.skipped, outbound.received) == (3, {"marketplace_rules": 1}, [])
    assert make(outbound).log.progress("songkran-2025") is None
    assert run(make(outbound)).sent == 3  # nothing was claimed by the dry run

    clock.now = datetime(2025, 5, 1, tzinfo=timezone.utc)
    with pytest.raises(CampaignNotRunning, match="runs from 2025-04-01"):
        run(make(outbound), {**CAMPAIGN, "id": "late"})


def test_opt_out_words():
    for text in ("STOP", "stop.", "Unsubscribe me please", "หยุด", "退订", "отписаться", "hủy đăng ký"):
        assert asks_to_stop(text), text
    for text in ("where is my order? it stopped moving", "stopped", "", "ok " * 40 + "stop"):
        assert not asks_to_stop(text), text


def test_every_problem_of_a_campaign_file_is_named():
    with pytest.raises(CampaignError) as caught:
        parse_campaign(
            {
                "id": "Bad Id!",
                "period": {"start": "2025-04-30", "end": "2025-04-01"},
                "default_language": "fr",
                "messages": {"en": "", "xx": "hi"},
                "audience": {"countries": ["Thailand"], "colour": "red", "ordered": {"since": "x"}},
                "rate_per_minute": 0,
                "extra": 1,
            }
        )
    problems = "\n".join(caught.value.problems)
    for part in (
        "unknown key 'extra'",
        "id:",
        "end must come after start",
        "default_language",
        "messages.en",
        "unknown language 'xx'",
        "two-letter country codes",
        "unknown filter 'colour'",
        "audience.ordered",
        "rate_per_minute",
    ):
        assert part in problems, part
    # Days whose start or end has no UTC instant: a named problem, not an OverflowError.
    for far in ("0001-01-01T00:00:00+01:00", "9999-12-31", "1969-12-31"):
        with pytest.raises(CampaignError, match="audience.ordered.from: a date from 1970-01-01"):
            parse_campaign({**CAMPAIGN, "audience": {"ordered": {"from": far}}})
    with pytest.raises(CampaignError, match="period.end: a date from 1970-01-01 to 9998-12-31"):
        parse_campaign({**CAMPAIGN, "period": {"start": "2025-04-01", "end": "9999-12-31T23:00:00-05:00"}})
    with pytest.raises(CampaignError, match="not valid YAML at line 2"):
        read_campaign("id: x\n  - bad: : :\nmessages: {}")
    with pytest.raises(CampaignError, match="no message in the default language 'th'"):
        parse_campaign({**CAMPAIGN, "default_language": "th", "messages": {"en": "hi"}})


def test_a_campaign_file_holds_only_text_a_message_can_carry():
    """YAML escapes write what a JSON body is refused or cleaned for: a lone surrogate
    (a 500 where the audience was looked up) is a named problem, a NUL a space."""
    file = yaml.safe_dump(CAMPAIGN, allow_unicode=True)
    with pytest.raises(CampaignError, match="unpaired surrogate"):
        read_campaign(file + 'audience: {marketplaces: [lazada, "\\udb84"]}\n')
    with pytest.raises(CampaignError, match="unpaired surrogate"):
        read_campaign(file + 'messages: {en: "Sale \\ud800 now"}\n')
    cleaned = read_campaign(file + 'messages: {en: "Sale\\0now", th: "ok\\x00ok"}\ndefault_language: en\n')
    assert dict(cleaned.messages) == {"en": "Sale now", "th": "ok ok"}


def test_a_campaign_file_of_nested_aliases_is_read_at_once():
    """Ten aliases of ten aliases, eight deep: 10^8 strings if each alias were read anew."""
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    started = time.monotonic()
    with pytest.raises(CampaignError, match="unknown key 'l8'"):
        read_campaign("\n".join(levels) + "\n" + yaml.safe_dump(CAMPAIGN))
    assert time.monotonic() - started < 5


def test_kefu_promo_send_from_a_terminal(database_url, tmp_path, outbound, monkeypatch, capsys, redis_url):
    from bot.cli import main

    import_buyers(database_url, tmp_path)
    now = datetime.now(timezone.utc)
    period = {"start": (now - timedelta(days=1)).isoformat(), "end": (now + timedelta(days=1)).isoformat()}
    campaign = write_yaml(tmp_path, "campaign.yml", {**CAMPAIGN, "period": period})
    monkeypatch.setenv("KEFU_OUTBOUND_URL", outbound.url)
    monkeypatch.setenv("KEFU_NOTICES_FILE", str(write_yaml(tmp_path, "notices.yml", RULES)))
    monkeypatch.setenv("KEFU_REDIS_URL", redis_url)
    monkeypatch.setenv("KEFU_PROMO_RATE_PER_MINUTE", "600")
    command = ["promo", "send", "--campaign", str(campaign), "--database-url", database_url]

    assert main([*command, "--dry-run"]) == 0
    assert "3 would be sent" in capsys.readouterr().out and outbound.received == []
    assert main(command) == 0
    assert "3 sent, 0 failed, 1 skipped (marketplace_rules 1)" in capsys.readouterr().out
    assert len(outbound.received) == 3
    assert main(command) == 0 and len(outbound.received) == 3
    assert "4 reached by an earlier run" in capsys.readouterr().out

    broken = write_yaml(tmp_path, "broken.yml", {**CAMPAIGN, "messages": {"th": THAI}, "audience": []})
    assert main(["promo", "send", "--campaign", str(broken), "--database-url", database_url]) == 2
    errors = capsys.readouterr().err
    assert "no message in the default language 'en'" in errors and "audience: a mapping" in errors
    late = write_yaml(tmp_path, "late.yml", {**CAMPAIGN, "id": "late"})  # April 2025 is over
    assert main(["promo", "send", "--campaign", str(late), "--database-url", database_url]) == 2
    assert "nothing sent: campaign late runs from" in capsys.readouterr().err
    assert main(["promo", "send", "--campaign", str(tmp_path / "nope.yml")]) == 2
    assert len(outbound.received) == 3


def test_kefu_promo_send_names_an_impossible_date_without_a_traceback(tmp_path, capsys):
    from bot.cli import main

    campaign = write_yaml(tmp_path, "campaign.yml", CAMPAIGN)
    with campaign.open("a", encoding="utf-8") as file:
        file.write("period: {start: 2025-02-30, end: 2025-03-31}\n")  # a later key wins
    assert main(["promo", "send", "--campaign", str(campaign)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "period.start: '2025-02-30' is not a date" in err


def test_kefu_promo_send_names_an_unusable_database_without_a_traceback(tmp_path, capsys):
    from bot.cli import main

    campaign = write_yaml(tmp_path, "campaign.yml", CAMPAIGN)
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}"
    assert main(["promo", "send", "--campaign", str(campaign), "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kefu: promo not sent: database error: ") and len(err.splitlines()) == 1

"""Proactive notices: a tracking import makes Kefu write first, exactly once per parcel and
kind, in the buyer's language, within each marketplace's rules, journaled and delivered
through a fake outbound server, on a real SQLite database."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from bot import PROJECT_ROOT
from bot.channels.outbound import Deliveries, OutboundDelivery
from bot.commerce.importer import import_orders, import_tracking
from bot.commerce.repository import CommerceRepository
from bot.desk.notice_log import NoticeLog
from bot.desk.notices import NoticeService
from bot.desk.outreach import Outreach
from bot.desk.records import Inbound
from bot.nlg.catalogue import Catalogue
from bot.seller.notices import load_notices, parse_notices

EXAMPLES = PROJECT_ROOT / "docs" / "examples"
# 12:00 UTC: 19:00 in Bangkok. Lazada's parcel EB987654321TH waits at a post office;
# AliExpress's NL000000001BR has been in customs since 1 June (stalled), LP00000000000001 delivered.
MONDAY = datetime(2024, 6, 10, 12, 0, tzinfo=timezone.utc)
RULES = {
    "default": {"enabled": False, "max_per_buyer_per_day": 1},
    "marketplaces": {
        "lazada": {
            "enabled": True,
            "zone": "Asia/Bangkok",
            "quiet_hours": {"start": "21:00", "end": "08:00"},
        },
        "aliexpress": {"enabled": True},
    },
}


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(database_url, journal, outbound):
    commerce = CommerceRepository.from_url(database_url)
    import_orders(commerce, EXAMPLES / "orders.jsonl")
    import_tracking(commerce, EXAMPLES / "tracking.jsonl")
    clock = Clock(MONDAY)

    def service(rules: dict = RULES) -> NoticeService:
        delivery = OutboundDelivery(outbound.url, "secret", attempts=2, backoff=0.01)
        return NoticeService(
            outreach=Outreach(journal, NoticeLog.from_url(database_url), Deliveries(delivery)),
            commerce=commerce.engine,
            catalogue=Catalogue.from_dir(PROJECT_ROOT / "data" / "responses"),
            rules=parse_notices(rules),
            clock=clock,
        )

    yield service, clock
    commerce.engine.dispose()


def run(service: NoticeService):
    async def go():
        try:
            return await service.run()
        finally:
            await service.outreach.deliveries.close()

    return asyncio.run(go())


def sent(outbound) -> list:
    return [(body["marketplace"], body["buyer_id"], body["text"]) for body, _, _ in outbound.received]


def test_tracking_news_is_told_once_per_parcel_in_the_buyers_language(world, journal, outbound):
    make, clock = world
    # The Brazilian buyer chatted before, in Spanish: the notice follows the conversation.
    journal.record_inbound(
        Inbound(
            channel="webhook",
            marketplace="aliexpress",
            buyer_id="br-5521",
            text="hola",
            opened_from="order_page",
            channel_message_id="m-1",
            language="es",
        ),
        now=MONDAY - timedelta(days=3),
    )
    report = run(make())
    assert [(n.tracking_number, n.kind) for n in report.sent] == [
        ("NL000000001BR", "stalled"),  # the oldest order first
        ("EB987654321TH", "awaiting_pickup"),
    ]
    # One a day for the same buyer: the delivered parcel waits for tomorrow.
    assert [(n.tracking_number, n.kind) for n in report.held] == [("LP00000000000001", "delivered")]
    (spanish, thai) = sent(outbound)
    assert thai[:2] == ("lazada", "th-88213") and "พัสดุ EB987654321TH" in thai[2] and "Bang Rak" in thai[2]
    assert spanish[:2] == ("aliexpress", "br-5521") and "NL000000001BR" in spanish[2]
    assert "no tiene novedades" in spanish[2]

    for conversation_sender, text in (("lazada:th-88213", thai[2]), ("aliexpress:br-5521", spanish[2])):
        conversation = journal.open_conversation(conversation_sender)
        (notice,) = [m for m in journal.messages(conversation.id) if m.direction == "out"]
        assert (notice.author, notice.text, notice.delivery) == ("system", text, "sent")

    assert run(make()).sent == []  # the same news again: nothing twice
    assert len(outbound.received) == 2

    clock.now = MONDAY + timedelta(days=1, minutes=1)
    report = run(make())
    assert [(n.tracking_number, n.kind) for n in report.sent] == [("LP00000000000001", "delivered")]
    assert "entregó" in sent(outbound)[-1][2]
    assert run(make()).sent == [] and len(outbound.received) == 3


def test_disabled_marketplaces_kinds_and_quiet_hours_send_nothing(world, outbound):
    make, clock = world
    silent = {"default": {"enabled": False}}
    assert run(make(silent)).sent == []
    no_delivered = {"default": {"enabled": True, "kinds": ["stalled"], "max_per_buyer_per_day": 5}}
    report = run(make(no_delivered))
    assert [(n.tracking_number, n.kind) for n in report.sent] == [("NL000000001BR", "stalled")]
    assert len(outbound.received) == 1

    clock.now = datetime(2024, 6, 10, 16, 0, tzinfo=timezone.utc)  # 23:00 in Bangkok
    report = run(make())
    assert "EB987654321TH" in [n.tracking_number for n in report.held]
    assert "EB987654321TH" not in [n.tracking_number for n in report.sent]
    clock.now = datetime(2024, 6, 11, 2, 0, tzinfo=timezone.utc)  # 09:00 in Bangkok
    assert "EB987654321TH" in [n.tracking_number for n in run(make()).sent]


def test_the_sellers_rules_file_loads():
    rules = load_notices()
    assert rules.of("lazada").enabled and not rules.of("wish").enabled
    assert not rules.of("aliexpress").allows("delivered")
    assert rules.of("unknown-market") == rules.default
    with pytest.raises(ValueError, match="unknown kinds"):
        parse_notices({"default": {"kinds": ["birthday"]}})


def test_kefu_tracking_import_then_notices_run_never_repeat_a_notice(
    database_url, outbound, monkeypatch, capsys
):
    from bot.cli import main

    monkeypatch.setenv("KEFU_OUTBOUND_URL", outbound.url)
    assert main(["orders", "import", str(EXAMPLES / "orders.jsonl"), "--database-url", database_url]) == 0
    assert main(["tracking", "import", str(EXAMPLES / "tracking.jsonl"), "--database-url", database_url]) == 0
    assert main(["notices", "run", "--database-url", database_url]) == 0
    reports = [line for line in capsys.readouterr().out.splitlines() if line.startswith("proactive notices")]
    assert len(reports) == 2  # after the import, and the run
    # seller/notices.yml: Lazada's waiting parcel and AliExpress's stalled one (not its delivery);
    # sent now or held for quiet hours, depending on the hour the test runs.
    texts = [body["text"] for body, _, _ in outbound.received]
    assert len(texts) == len(set(texts)) <= 2
    assert all(body["marketplace"] in ("lazada", "aliexpress") for body, _, _ in outbound.received)


def test_kefu_notices_run_names_an_unusable_database_without_a_traceback(tmp_path, capsys):
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}"
    assert main(["notices", "run", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kefu: notices not sent: database error: ") and len(err.splitlines()) == 1

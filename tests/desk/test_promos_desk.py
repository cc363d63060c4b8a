"""The seller's promo campaigns through the desk's API (supervisors start one and follow its
progress; bad files get a 4xx naming the problem), and the desk's own loop that sends the
proactive notices every KEFU_NOTICES_SECONDS (0: never). Real Redis, a real SQLite
database, the desk served over HTTP; a fake seller endpoint and a fake Rasa at the edge."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import yaml

from bot import PROJECT_ROOT
from bot.commerce.importer import import_orders, import_tracking
from bot.commerce.repository import CommerceRepository
from tests.desk.conftest import add_agent
from tests.desk.promo_world import CAMPAIGN, ENGLISH, RULES, THAI, import_buyers, write_yaml
from tests.desk.test_notices import MONDAY, Clock
from tests.desk.test_notices import RULES as NOTICE_RULES

PROMOS = "/api/seller/promos"


def now_campaign(**changes) -> dict:
    now = datetime.now(timezone.utc)
    period = {"start": (now - timedelta(days=1)).isoformat(), "end": (now + timedelta(days=1)).isoformat()}
    return {**CAMPAIGN, "period": period, **changes}


def promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url, **settings):
    import_buyers(database_url, tmp_path)
    desk = make_desk(
        fake_rasa.url,
        outbound_url=outbound.url,
        webhook_secret="seller-secret",
        notices_file=write_yaml(tmp_path, "notices.yml", RULES),
        notices_seconds=0,
        promo_rate_per_minute=600,
        **settings,
    )
    add_agent(desk.journal, "boss", "supervisor")
    add_agent(desk.journal, "ann", "tier1")
    return desk, desk.login("boss")


def test_a_supervisor_starts_a_campaign_and_follows_its_progress(
    make_desk, fake_rasa, outbound, tmp_path, database_url
):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    file = yaml.safe_dump(now_campaign(), allow_unicode=True)

    dry = desk.api("POST", PROMOS, boss, json={"yaml": file, "dry_run": True})
    assert dry.status_code == 200, dry.text
    assert (dry.json()["sent"], dry.json()["skipped"], outbound.received) == (3, {"marketplace_rules": 1}, [])
    assert desk.api("GET", f"{PROMOS}/songkran-2025", boss).status_code == 404  # a dry run leaves no trace

    started = desk.api("POST", PROMOS, boss, json={"yaml": file})
    assert started.status_code == 202, started.text
    assert started.headers["Location"] == f"{PROMOS}/songkran-2025"
    assert (started.json()["audience"], started.json()["started_by"]) == (4, "boss")

    def done():
        progress = desk.api("GET", f"{PROMOS}/songkran-2025", boss).json()
        return progress if progress["state"] == "done" else None

    progress = desk.wait_until(done)
    assert (progress["sent"], progress["skipped"], progress["failed"], progress["held"]) == (3, 1, 0, 0)
    desk.wait_until(lambda: len(outbound.received) == 3)
    texts = {body["buyer_id"]: body["text"] for body, _, _ in outbound.received}
    assert texts == {"th-1": THAI, "th-2": THAI, "th-3": ENGLISH}
    (message,) = desk.journal.messages(desk.journal.open_conversation("lazada:th-1").id)
    assert (message.author, message.text) == ("system", THAI)

    again = desk.api("POST", PROMOS, boss, json={"campaign": now_campaign()})  # the same, as JSON
    assert again.status_code == 202
    progress = desk.wait_until(done)
    assert progress["sent"] == 3
    time.sleep(0.2)
    assert len(outbound.received) == 3  # nobody twice


def test_a_running_campaign_cannot_be_started_twice(make_desk, fake_rasa, outbound, tmp_path, database_url):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    slow = now_campaign(rate_per_minute=60, audience={"buyer_ids": ["th-1", "th-2"]})  # a second apart
    assert desk.api("POST", PROMOS, boss, json={"campaign": slow}).status_code == 202
    twice = desk.api("POST", PROMOS, boss, json={"campaign": slow})
    assert twice.status_code == 409 and "running already" in twice.json()["error"]
    desk.wait_until(lambda: desk.api("GET", f"{PROMOS}/songkran-2025", boss).json()["state"] == "done")
    assert len(outbound.received) == 2


def test_bad_campaigns_and_the_wrong_people_get_clear_4xx(
    make_desk, fake_rasa, outbound, tmp_path, database_url
):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    ann = desk.login("ann")
    assert desk.api("POST", PROMOS, ann, json={"campaign": now_campaign()}).status_code == 403
    assert desk.api("GET", f"{PROMOS}/songkran-2025", ann).status_code == 403
    assert desk.api("POST", PROMOS, json={"campaign": now_campaign()}).status_code == 401

    bodies = [
        ({}, "one of them"),
        ({"campaign": now_campaign(), "yaml": "id: x"}, "one of them"),
        ({"yaml": 5}, "the campaign file's text"),
        ({"yaml": "id: [unclosed\n"}, "not valid YAML"),
        ({"yaml": "- just\n- a list\n"}, "a campaign is a mapping"),
        ({"campaign": now_campaign(messages={"th": THAI})}, "no message in the default language 'en'"),
        ({"campaign": now_campaign(audience={"countries": "Thailand"})}, "two-letter country codes"),
        ({"campaign": now_campaign(), "dry_run": "yes"}, "true or false"),
    ]
    for body, says in bodies:
        answer = desk.api("POST", PROMOS, boss, json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert says in answer.json()["error"], (body, answer.text)
    problems = desk.api("POST", PROMOS, boss, json={"campaign": {"id": "x"}}).json()["problems"]
    assert len(problems) >= 3  # period, default_language, messages: all named at once
    not_json = desk.api("POST", PROMOS, boss, data=b"id: x", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400

    over = desk.api("POST", PROMOS, boss, json={"campaign": CAMPAIGN})  # April 2025
    assert over.status_code == 409 and "runs from 2025-04-01" in over.json()["error"]
    assert desk.api("GET", f"{PROMOS}/nothing-like-it", boss).status_code == 404
    assert outbound.received == []


def test_a_date_or_number_yaml_cannot_hold_gets_a_400_naming_its_field(
    make_desk, fake_rasa, outbound, tmp_path, database_url
):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    file = yaml.safe_dump(now_campaign(), allow_unicode=True)
    # YAML lets a later key win: each case ends the file with the value to try.
    cases = [
        ("period: {start: 2025-02-30, end: 2025-03-31}", "period.start: '2025-02-30' is not a date"),
        (f"rate_per_minute: {'9' * 5000}", "rate_per_minute: a whole number"),
        ("rate_per_minute: !!float fast", "rate_per_minute: a whole number"),
        ("audience: {ordered: {from: !!timestamp soon}}", "audience.ordered.from: 'soon' is not a date"),
        ("extra: " + "[" * 5000 + "]" * 5000, "nests lists or mappings too deeply"),
    ]
    for last_line, says in cases:
        answer = desk.api("POST", PROMOS, boss, json={"yaml": f"{file}{last_line}\n", "dry_run": True})
        assert answer.status_code == 400, (says, answer.text[:300])
        assert any(says in problem for problem in answer.json()["problems"]), answer.text[:300]
    huge_buyer = f"{file}audience: {{buyer_ids: [0x{'f' * 5000}]}}\n"
    answer = desk.api("POST", PROMOS, boss, json={"yaml": huge_buyer, "dry_run": True})
    assert answer.status_code == 200 and answer.json()["audience"] == 0  # a buyer id nobody has
    assert outbound.received == []


def test_a_yaml_escape_no_message_can_carry_gets_a_400_not_a_500(
    make_desk, fake_rasa, outbound, tmp_path, database_url
):
    desk, boss = promo_desk(make_desk, fake_rasa, outbound, tmp_path, database_url)
    file = yaml.safe_dump(now_campaign(), allow_unicode=True)
    for last_line in ('audience: {marketplaces: [lazada, "\\udb84"]}', 'audience: {buyer_ids: ["\\udb84"]}'):
        answer = desk.api("POST", PROMOS, boss, json={"yaml": f"{file}{last_line}\n", "dry_run": True})
        assert answer.status_code == 400, answer.text[:300]
        assert "unpaired surrogate" in answer.json()["error"]
    assert outbound.received == []


def imported_parcels(database_url: str) -> None:
    examples = PROJECT_ROOT / "docs" / "examples"
    commerce = CommerceRepository.from_url(database_url)
    import_orders(commerce, examples / "orders.jsonl")
    import_tracking(commerce, examples / "tracking.jsonl")
    commerce.engine.dispose()


def test_the_desk_sends_the_notices_in_its_own_loop(make_desk, fake_rasa, outbound, tmp_path, database_url):
    imported_parcels(database_url)
    desk = make_desk(
        fake_rasa.url,
        clock=Clock(MONDAY),
        outbound_url=outbound.url,
        webhook_secret="seller-secret",
        notices_file=write_yaml(tmp_path, "notices.yml", NOTICE_RULES),
        notices_seconds=0.2,
    )
    desk.wait_until(lambda: len(outbound.received) == 2)
    texts = sorted(body["text"] for body, _, _ in outbound.received)
    assert "EB987654321TH" in texts[1] and "NL000000001BR" in texts[0]
    conversation = desk.journal.open_conversation("lazada:th-88213").id
    # The endpoint has the notice; the journal marks it sent once the endpoint's answer is in.
    desk.wait_until(lambda: desk.journal.messages(conversation)[0].delivery != "pending")
    (notice,) = desk.journal.messages(conversation)
    assert (notice.author, notice.delivery) == ("system", "sent")
    time.sleep(1.0)  # several more runs: nothing twice, the delivered parcel held by the daily cap
    assert len(outbound.received) == 2


def test_no_notices_loop_at_zero_seconds(make_desk, fake_rasa, outbound, tmp_path, database_url):
    imported_parcels(database_url)
    desk = make_desk(
        fake_rasa.url,
        clock=Clock(MONDAY),
        outbound_url=outbound.url,
        webhook_secret="seller-secret",
        notices_file=write_yaml(tmp_path, "notices.yml", NOTICE_RULES),
        notices_seconds=0,
    )
    time.sleep(1.0)
    assert outbound.received == []
    assert desk.server.call(desk.hub.send_notices()) == 2  # there was news to send: the loop was off

"""GET /api/orders/lookup: an agent finds any buyer's order by its number or a tracking
number, and learns whether it is the chat's own buyer's; bad, unknown and forbidden lookups
get clear errors."""

from __future__ import annotations

import pytest

from bot.commerce.importer import import_orders
from tests.desk.conftest import add_agent, shop_link
from tests.desk.test_agent_desk import SECRET
from tests.desk.test_console_browser import ORDERS


@pytest.fixture
def lookup_desk(make_desk, fake_rasa, journal):
    import_orders(journal.engine, ORDERS / "orders.jsonl")
    for username, role in (("ann", "tier1"), ("tia", "trainer")):
        add_agent(journal, username, role)
    return make_desk(fake_rasa.url, webhook_secret=SECRET)


def look_up(desk, token, reference, conversation_id=None):
    params = {"reference": reference}
    if conversation_id:
        params["conversation_id"] = conversation_id
    return desk.api("GET", "/api/orders/lookup", token, params=params)


def test_a_web_chat_visitors_order_is_found_and_flagged_as_not_theirs_yet(lookup_desk, journal):
    ann = lookup_desk.login("ann")
    lookup_desk.chat("v-1", "I want a person")  # an anonymous web-chat visitor
    visitor_chat = journal.open_conversation(lookup_desk.sender("v-1")).id
    found = look_up(lookup_desk, ann, "7000000003", visitor_chat)
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["order"]["order_number"], body["buyer_id"], body["this_buyer"]) == (
        "7000000003",
        "e2e-th-1",
        False,
    )
    assert body["order"]["shipments"][0]["tracking_number"]
    tracking = body["order"]["shipments"][0]["tracking_number"]
    by_tracking = look_up(lookup_desk, ann, f" {tracking} ").json()
    assert (by_tracking["order"]["order_number"], by_tracking["this_buyer"]) == ("7000000003", None)


def test_the_chats_own_buyers_order_says_so(lookup_desk, journal):
    assert lookup_desk.chat("e2e-th-1", "รอนาน", shop_link(SECRET, "lazada", "e2e-th-1")).ok
    cid = journal.open_conversation("lazada:e2e-th-1").id
    body = look_up(lookup_desk, lookup_desk.login("ann"), "#7000000003", cid).json()
    assert body["this_buyer"] is True


@pytest.mark.parametrize("reference, status", [("", 400), ("   ", 400), ("7" * 65, 400), ("123456789", 404)])
def test_bad_and_unknown_references_get_clear_errors(lookup_desk, reference, status):
    reply = look_up(lookup_desk, lookup_desk.login("ann"), reference)
    assert reply.status_code == status
    assert reply.json()["error"]


def test_a_trainer_cannot_look_up_orders(lookup_desk):
    assert look_up(lookup_desk, lookup_desk.login("tia"), "7000000003").status_code == 403


def test_an_unknown_or_unseen_chat_is_refused_before_the_lookup(lookup_desk):
    assert look_up(lookup_desk, lookup_desk.login("ann"), "7000000003", "nope").status_code == 404


def test_an_agent_gets_a_limited_number_of_lookups_on_every_replica(
    lookup_desk, make_desk, fake_rasa, journal
):
    """A signed-in agent, or a stolen session, cannot walk through every buyer's orders: the
    limit is the agent's, counted in the Redis every replica shares; other agents are not hit."""
    from bot.desk.rate_limits import ORDER_LOOKUP_WINDOW_SECONDS, ORDER_LOOKUPS

    add_agent(journal, "bea", "tier2")
    secret = lookup_desk.server.app.ctx.settings.desk_secret
    replica = make_desk(fake_rasa.url, webhook_secret=SECRET, desk_secret=secret)
    ann = lookup_desk.login("ann")
    for n in range(ORDER_LOOKUPS):
        desk = (lookup_desk, replica)[n % 2]
        assert look_up(desk, ann, "7000000003" if n % 3 else f"12345{n:04d}").status_code in (200, 404)
    for desk in (lookup_desk, replica):
        refused = look_up(desk, ann, "7000000003")
        assert refused.status_code == 429, refused.text
        assert "too many order lookups" in refused.json()["error"]
        assert 0 < int(refused.headers["Retry-After"]) <= ORDER_LOOKUP_WINDOW_SECONDS
    assert look_up(replica, lookup_desk.login("bea"), "7000000003").status_code == 200
    assert (
        look_up(lookup_desk, lookup_desk.login("ann"), "7000000003").status_code == 429
    )  # a new session too


def test_without_redis_an_order_lookup_is_refused_not_left_uncounted():
    import asyncio

    from bot.desk.queue import DeskQueue, QueueUnavailable
    from bot.desk.rate_limits import RateLimits
    from tests.desk.conftest import closed_port

    async def attempt():
        queue = DeskQueue.from_url(f"redis://127.0.0.1:{closed_port()}/0")
        try:
            limits = RateLimits(queue, per_buyer=30, per_address=120)
            await limits.buyer("lazada:b-1")  # a buyer's message still goes through
            await limits.order_lookup(7)
        finally:
            await queue.close()

    with pytest.raises(QueueUnavailable):
        asyncio.run(attempt())

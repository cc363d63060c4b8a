"""A Lazada buyer's chat end to end: the message waits in a fake Lazada Open Platform (the
test's fake from tests/desk, checking every signature), the desk polls it by itself, the
real Rasa server and action server answer from the imported orders, and the reply leaves
through Lazada's send call into that buyer's chat session. A buyer who names another
buyer's order learns nothing about it."""

from __future__ import annotations

import time

import pytest

from tests.desk.conftest import DeskClient
from tests.desk.test_lazada import APP_KEY, APP_SECRET, TOKENS, FakeLazada
from tests.e2e.conftest import desk_before
from tests.e2e.test_servers import replied_with

pytestmark = [pytest.mark.model, pytest.mark.servers]

SECRET = "e2e-lazada-webhook-secret"
# tests/e2e/data: order 7000000003 is e2e-th-1's, its parcel KER000000003TH waits at a post office.
PARCEL, PLACE = "KER000000003TH", "Chiang Mai Post Office"


@pytest.fixture(scope="module")
def lazada(stack, database_url):
    fake = FakeLazada().start()
    try:
        with desk_before(
            stack,
            database_url,
            SECRET,
            desk_rasa_timeout=30.0,
            lazada_url=fake.url,
            lazada_app_key=APP_KEY,
            lazada_app_secret=APP_SECRET,
            lazada_access_token=TOKENS[0],
            lazada_poll_seconds=0.2,
            notices_seconds=0,
        ) as server:
            yield fake, DeskClient(server, server.app.ctx.hub.journal)
    finally:
        fake.stop()


def sent_to(fake: FakeLazada, desk: DeskClient, session_id: str) -> dict:
    return desk.wait_until(lambda: next((m for m in fake.sent if m["session_id"] == session_id), None), 60)


def test_a_lazada_buyer_asks_where_their_order_is_and_hears_it_in_their_chat(lazada):
    fake, desk = lazada
    now_ms = int(time.time() * 1000)
    fake.buyer_writes("S-TH-1", "e2e-th-1", "m-th-1", now_ms, txt="ออเดอร์ 7000000003 ถึงไหนแล้วคะ")

    reply = sent_to(fake, desk, "S-TH-1")
    assert reply["template_id"] == "1"
    assert PARCEL in reply["txt"] and PLACE in reply["txt"], reply["txt"]
    assert replied_with({"text": reply["txt"]}, "th", "utter_tracking_pickup"), reply["txt"]
    assert [m["session_id"] for m in fake.sent] == ["S-TH-1"]  # one reply, into that chat only

    # The chat may have begun with a parcel notice (the stack's tracking import sends them).
    conversation = desk.journal.open_conversation("lazada:e2e-th-1")

    def delivered():
        # The desk notes the delivery once Lazada's API has answered, a moment after the
        # fake marketplace holds the reply.
        latest = desk.journal.messages(conversation.id)[-1]
        return latest.delivery != "pending"

    desk.wait_until(delivered, 10)
    asked, answered = desk.journal.messages(conversation.id)[-2:]
    assert (asked.direction, asked.channel, asked.text) == ("in", "lazada", "ออเดอร์ 7000000003 ถึงไหนแล้วคะ")
    assert (answered.author, answered.delivery, answered.text) == ("bot", "sent", reply["txt"])


def test_another_buyers_order_number_gives_nothing_away(lazada):
    fake, desk = lazada
    now_ms = int(time.time() * 1000)
    fake.buyer_writes("S-RU-9", "e2e-ru-9", "m-ru-9", now_ms, txt="где мой заказ 7000000003?")

    reply = sent_to(fake, desk, "S-RU-9")
    assert PARCEL not in reply["txt"] and "Chiang Mai" not in reply["txt"], reply["txt"]
    assert replied_with({"text": reply["txt"]}, "ru", "utter_order_not_found"), reply["txt"]
    assert all(m["session_id"] != "S-TH-1" for m in fake.sent[1:])  # nothing went to the order's owner

""" "What if the delivery fails / I can't collect it in time?" (round 10 of play): what happens to
a parcel nobody takes, once, on the real action code and a real SQLite database."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.failed_delivery import asks_if_delivery_fails
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, run, tracker, user
from tests.actions.test_order_answers import (  # noqa: F401 - fixture
    BUYER,
    ask,
    repo,
    responses,
)
from tests.actions.test_playtest_round_dec07 import one_parcel


@pytest.fixture
def in_transit(tmp_path):
    one_parcel(tmp_path, "9300000001", "LZVN000000001", status="arrived_destination_country")
    yield
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "vay neu giao that bai thi hang co bi tra ve shop ko? em co mat tien ko",
        "what happens if nobody is home when they deliver?",
        "如果送不成功呢？会退回给你们吗",
        "kalau pengiriman gagal gimana kak?",
        "e se a entrega falhar? perco meu dinheiro?",
        "¿y si falla la entrega? ¿pierdo el dinero?",
        "а если не доставят, что будет с посылкой?",
        "ถ้าส่งไม่สำเร็จจะเป็นยังไงคะ",
    ],
)
def test_what_if_the_delivery_fails_is_answered_once(in_transit, text):
    """lazada-vn-001: asked twice, it got the arrival estimate, then a person."""
    messages, events = ask("track_order", {"order_id": "9300000001"}, text=text)
    assert responses(messages) == ["utter_if_delivery_fails"]
    assert messages[0]["tracking_number"] == "LZVN000000001" and messages[0]["carrier"]
    told = bot("utter_if_delivery_fails", order_number="9300000001", tracking_number="LZVN000000001")
    chat = [user("track_order", text, metadata=BUYER), told, user("track_order", text, metadata=BUYER)]
    again, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "9300000001"}))
    assert again and "utter_if_delivery_fails" not in responses(again)


@pytest.mark.parametrize(
    "text",
    [
        "if it can come faster, that would be great",
        "where is it? nobody came",
        "kalau bisa dikirim ulang ya kak",  # "if possible": a request
        "the delivery failed yesterday, where is it now?",  # no "if": where it is
        "kalau ga ada orang titip satpam aja ya kak",  # whom to leave it with (the e2e task)
    ],
)
def test_no_what_if_no_failed_delivery_answer(text):
    assert not asks_if_delivery_fails(text)


def test_not_collected_in_time_after_why_it_is_at_the_post_office(repo):  # noqa: F811
    """lazada-th-001: "แล้วถ้าไปรับไม่ทันล่ะคะ จะเป็นยังไง" right after why the parcel waits at the
    post office got where it waits again: what happens after the day, and the money."""
    chat = [
        user("track_order", "ทำไมไม่มาส่งที่บ้าน ไม่มีคนมาส่งเลย", metadata=BUYER),
        bot("utter_tracking_pickup_why", order_number="1000000002", tracking_number="LP00000000002CN"),
        user("track_order", "แล้วถ้าไปรับไม่ทันล่ะคะ จะเป็นยังไง", metadata=BUYER),
    ]
    messages, events = run(
        ActionOrderAnswer(), tracker(chat, slots={"language": "th", "order_id": "1000000002"})
    )
    assert responses(messages) == ["utter_if_not_collected"]
    assert messages[0]["collect_by_date"] and not any(e.get("event") == "pause" for e in events)
    # "Within how many days?" is still the day to collect it by.
    how_long, _ = ask("track_order", {"order_id": "1000000002"}, text="ถ้าไม่ไปรับภายในกี่วันจะตีกลับคะ")
    assert "utter_if_not_collected" not in responses(how_long)

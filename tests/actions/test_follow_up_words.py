"""Follow-ups a second helper's 47 conversations found answered wrong or handed off: what now,
the other one, photos where and later, what if I don't pay, two weeks and nothing, shipping and
bank transfer words. Each names the demo buyer and what they got."""

from __future__ import annotations

import pytest

from actions.complaint_words import complained_topic
from actions.customs_words import refuses_to_pay
from actions.order_answer import ActionOrderAnswer
from actions.order_number_given import ActionOrderNumberGiven
from actions.other_order_words import says_the_other_order
from actions.payment_help import asks_how_to_pay
from actions.photo_words import says_photo_sent
from actions.pickup_words import asks_how_long_kept, asks_where_to_collect
from actions.question_words import asks_how, asks_what_now
from actions.shipping_fee import asks_shipping_fee
from tests.actions.helpers import bot, run, tracker, user
from tests.actions.test_order_answers import BUYER, repo, responses  # noqa: F401

STALLED = "1000000003"  # th-buyer-1's parcel with no scan for 10 days (test_order_answers)


@pytest.mark.parametrize(
    "check, text",
    [
        (refuses_to_pay, "e se eu nao pagar?"),  # aliexpress-br-001: a person
        (asks_what_now, "y que hago?"),  # aliexpress-mx-001: asked for the order number
        (says_the_other_order, "yg satunya lagi kapan dikirim?"),  # lazada-id-001: asked back
        (asks_how, "em co chup hinh, gui qua dau a?"),  # lazada-vn-001: the other order's tracking
        (asks_shipping_fee, "老板 你们运费怎么算的"),  # lazada-my-001: the coupon answer
        (asks_how_to_pay, "kalo transfer bank bisa?"),  # lazada-id-001: a colleague
        (asks_how_long_kept, "ต้องไปรับภายในวันไหนครับ"),  # lazada-th-001: a person
        (asks_where_to_collect, "ไปรษณีย์ไหนคะ"),  # lazada-th-001: a person
    ],
)
def test_the_words_are_read(check, text):
    assert check(text)


def test_two_weeks_and_nothing_is_a_complaint_about_the_parcel():
    # aliexpress-mx-001: handed off on the first message with no facts given.
    assert complained_topic("ya van 2 semanas y NADA!!! son unos estafadores 😡😡") == "track_order"


def test_photos_promised_for_later_are_not_photos_that_failed():
    # lazada-my-001: "好 我等下拍照给你" was told no photo came through.
    assert not says_photo_sent("好 我等下拍照给你")
    assert says_photo_sent("发了")


def test_what_now_right_after_the_stalled_parcel_answer_is_about_that_parcel(repo):  # noqa: F811
    chat = [
        user("track_order", "mi paquete no se mueve", metadata=BUYER),
        bot("utter_tracking_stalled", order_number=STALLED),
        {"event": "slot", "name": "order_id", "value": STALLED},
        user("inform", "y que hago?", confidence=0.51, metadata=BUYER),
    ]
    messages, _ = run(ActionOrderNumberGiven(), tracker(chat, slots={"order_id": STALLED, "language": "es"}))
    assert "utter_ask_order_id" not in responses(messages)
    assert all(m.get("order_number") in (None, STALLED) for m in messages), messages


def test_where_to_send_the_photos_right_after_they_were_asked_for_is_how_to_send_them(repo):  # noqa: F811
    chat = [
        user("damaged_item", "ao bi rach 1 lo o tay", metadata=BUYER),
        bot("utter_ask_photos", order_number="1000000004"),
        {"event": "slot", "name": "case_awaiting_photos", "value": "damaged_item:1"},
        user("track_order", "em co chup hinh, gui qua dau a?", metadata=BUYER),
    ]
    slots = {"order_id": "1000000004", "case_awaiting_photos": "damaged_item:1", "language": "vi"}
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots=slots))
    assert responses(messages) == ["utter_photos_how_to_send"]

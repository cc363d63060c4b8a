"""Round 15's left items (docs/conversations.md, "A fifteenth round", then "Round 15's left
items"): what buyers saw on first play and see now. Real action code on a real SQLite database
of orders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import commerce
from actions.deadline_words import needed_by
from actions.presale import ActionProductQuestion
from tests.actions.helpers import handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import ago, order, responses
from tests.actions.test_playtest_round15 import ARRIVAL_BY, ID_BUYER, SUNDAY, UNPAID_AND_PAID, asked

NEXT_SATURDAY = SUNDAY + timedelta(days=6)


@pytest.mark.parametrize(
    "text",
    [
        "我已經付款了，請問什麼時候會出貨？我下週六要出國，來得及在那之前收到嗎",
        "I fly out next Saturday, will it arrive in time?",
        "vou viajar sábado que vem, chega antes disso?",
        "me voy el próximo sábado, ¿llega a tiempo?",
        "я улетаю в следующую субботу, успеет прийти?",
        "sabtu depan aku mau pergi, keburu ga?",
        "mình đi thứ bảy tuần sau, kịp không shop",
        "วันเสาร์หน้าจะไปต่างประเทศ ทันไหม",
    ],
)
def test_a_particular_weekday_with_in_time_is_the_day_needed_by(text):
    """shopee-tw-001 (round 15): "我下週六要出國，來得及在那之前收到嗎" (I leave next Saturday, will
    it come before then?) got the ship date alone: the day was not read as a deadline."""
    assert needed_by(text, SUNDAY) == NEXT_SATURDAY


@pytest.mark.parametrize(
    "text",
    [
        "我下週六要出國",
        "will it arrive in time?",
        "I paid on Saturday, will it arrive in time?",
        "thứ hai tuần sau",
    ],
)
def test_a_weekday_without_in_time_or_a_mark_is_no_deadline(text):
    assert needed_by(text, SUNDAY) is None


def test_leaving_next_saturday_is_answered_with_the_expected_dates(tmp_path):
    orders_database(tmp_path, [order("2406000001", "paid")])
    try:
        text = "我已經付款了，請問什麼時候會出貨？我下週六要出國，來得及在那之前收到嗎"
        messages, _ = asked("urge_shipment", text, ID_BUYER, {"order_id": "2406000001"}, "zh")
        today = date.today()
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
        assert responses(messages)[-1] in ARRIVAL_BY
        assert messages[-1]["needed_by_date"] == saturday.isoformat()
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("intent", ["track_order", "product_question"])
def test_cash_on_delivery_and_an_official_receipt_are_both_answered(tmp_path, intent):
    """lazada-ph-001 (round 15): "can I pay cash on delivery for my vacuum instead? and can you
    send an official receipt w/ my company name" got the invoice answer alone."""
    orders_database(tmp_path, [order("7812000001", "processing")])
    try:
        text = (
            "can I pay cash on delivery for my vacuum instead? and can you send an official receipt "
            "w/ my company name"
        )
        chat = [user(intent, text, metadata=ID_BUYER)]
        slots = {"language": "en", "order_id": "7812000001"}
        if intent == "track_order":
            messages, _ = asked(intent, text, ID_BUYER, {"order_id": "7812000001"}, "en")
        else:
            messages, _ = run(ActionProductQuestion(), tracker(chat, slots=slots))
        said = responses(messages)
        assert "utter_cash_on_delivery" in said and "utter_invoice" in said
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "klo bayar pake gopay bisa ga? trs ongkirnya gratis ga sih",
        "can I pay with PayPal? and is shipping free?",
        "posso pagar com pix? e o frete é grátis?",
    ],
)
def test_a_way_to_pay_and_the_shipping_fee_are_both_answered(tmp_path, text):
    """lazada-id-001 (round 15), an unpaid order: "klo bayar pake gopay bisa ga? trs ongkirnya
    gratis ga sih" (can I pay with GoPay? and is shipping free?) got the shipping fee alone."""
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        chat = [user("product_question", text, metadata=ID_BUYER)]
        messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"language": "id"}))
        assert responses(messages) == ["utter_shipping_fee", "utter_how_to_pay"]
        assert messages[1]["order_number"] == "6034000001"
    finally:
        commerce.use_repository(None)


def test_cash_on_delivery_beside_the_shipping_fee_is_not_told_twice(tmp_path):
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        chat = [user("product_question", "bisa COD ga? ongkirnya gratis ga?", metadata=ID_BUYER)]
        messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"language": "id"}))
        assert responses(messages) == ["utter_shipping_fee", "utter_cash_on_delivery"]
    finally:
        commerce.use_repository(None)


def split_order() -> dict:
    shipments = [
        {"carrier": "Shopee Xpress", "tracking_number": "SPX001", "shipped_at": ago(6)},
        {"carrier": "Shopee Xpress", "tracking_number": "SPX002", "shipped_at": ago(3)},
    ]
    return order("2406000009", "shipped", shipments=shipments)


SPLIT_SCANS = [
    scan("SPX001", ago(6), "accepted"),
    scan("SPX001", ago(3), "delivered"),
    scan("SPX002", ago(3), "accepted"),
    scan("SPX002", ago(2), "departed_origin"),
]


@pytest.mark.parametrize(
    "text, language",
    [
        ("第二个包裹什么时候到？我周末要用伞", "zh"),
        ("when will the second parcel arrive?", "en"),
        ("e o segundo pacote, quando chega?", "pt"),
    ],
)
def test_when_the_other_parcel_comes_is_its_expected_dates(tmp_path, text, language):
    """shopee-sg-001 (round 15), a split order with one parcel delivered: "第二个包裹什么时候到？
    我周末要用伞" (when does the second parcel come? I need the umbrella at the weekend) got both
    parcels' last scans and no day for the one still on its way."""
    orders_database(tmp_path, [split_order()], SPLIT_SCANS)
    try:
        messages, _ = asked("track_order", text, ID_BUYER, {"order_id": "2406000009"}, language)
        assert responses(messages) == ["utter_tracking_split", "utter_tracking_expected"]
        assert messages[1]["tracking_number"] == "SPX002"
    finally:
        commerce.use_repository(None)


def test_where_a_split_order_is_lists_its_parcels_alone(tmp_path):
    orders_database(tmp_path, [split_order()], SPLIT_SCANS)
    try:
        messages, _ = asked("track_order", "where is my order?", ID_BUYER, {"order_id": "2406000009"}, "en")
        assert responses(messages) == ["utter_tracking_split"]
    finally:
        commerce.use_repository(None)


def delivered_with_a_refund_asked() -> dict:
    refund = {"amount": "150.00", "status": "requested", "requested_at": ago(2)}
    shipments = [{"carrier": "Correos", "tracking_number": "LP0001ES", "shipped_at": ago(10)}]
    return order("8185000001", "delivered", shipments=shipments, refunds=[refund])


@pytest.mark.parametrize(
    "intent, text, language",
    [
        (
            "refund_status",
            "¿ya aprobaron el reembolso de la funda? ¿y tengo que devolverla o me la quedo?",
            "es",
        ),
        ("refund_status", "has the refund been approved? and do I have to send it back?", "en"),
        ("refund_status", "退款批了吗？商品要寄回吗", "zh"),
        ("request_refund", "o reembolso ainda não saiu, tenho que devolver o produto?", "pt"),
        ("refund_status", "refundnya gimana kak? barangnya harus dikembalikan ga?", "id"),
    ],
)
def test_do_i_have_to_send_it_back_beside_a_refund_under_review_is_answered(tmp_path, intent, text, language):
    """aliexpress-es-001 (round 15): "¿ya aprobaron el reembolso de la funda? ¿y tengo que
    devolverla o me la quedo?" got the refund pending review alone, the return question dropped."""
    orders_database(tmp_path, [delivered_with_a_refund_asked()])
    try:
        messages, _ = asked(intent, text, ID_BUYER, {"order_id": "8185000001"}, language)
        said = responses(messages)
        assert said[-1] == "utter_return_needed" and len(said) == 2
        assert messages[-1]["order_number"] == "8185000001"
        assert messages[-1]["return_shipping"] == "seller_if_faulty"
    finally:
        commerce.use_repository(None)


def test_the_refund_status_alone_says_nothing_of_sending_it_back(tmp_path):
    orders_database(tmp_path, [delivered_with_a_refund_asked()])
    try:
        messages, _ = asked(
            "refund_status", "has the refund been approved?", ID_BUYER, {"order_id": "8185000001"}, "en"
        )
        assert "utter_return_needed" not in responses(messages)
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text, language",
    [
        ("só queria saber se dá pra mandar junto com o fone", "pt"),
        ("Can it ship with the earbuds?", "en"),
        ("¿me lo pueden enviar junto con el otro pedido?", "es"),
        ("能跟耳机一起寄吗", "zh"),
        ("bisa dikirim bareng sama powerbank ga?", "id"),
        ("можно отправить вместе с мышкой одной посылкой?", "ru"),
    ],
)
def test_shipping_two_orders_together_is_answered(tmp_path, text, language):
    """aliexpress-br-001 (round 15): after keeping the phone cases, "só queria saber se dá pra
    mandar junto com o fone" (can it go together with the earbuds?, read as a product question)
    got "OK, anything else?"."""
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        chat = [user("product_question", text, metadata=ID_BUYER)]
        messages, _ = run(ActionProductQuestion(), tracker(chat, slots={"language": language}))
        assert responses(messages) == ["utter_ship_together"]
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("text", ["does it come with a charger?", "do you sell phone cases too?"])
def test_a_product_question_is_no_question_of_shipping_together(text):
    from actions.ship_together_words import asks_ship_together

    assert not asks_ship_together(text)


def test_the_playtest_readings_get_both_answers(tmp_path):
    """As the model read them on first play: the cash-on-delivery-and-receipt message unsurely
    (nlu_fallback 0.5), the GoPay-and-shipping-fee one as a coupon question."""
    from actions.clarify import ActionLowConfidence
    from actions.coupons import ActionCouponInfo

    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        text = "can I pay cash on delivery for my vacuum instead? and can you send an official receipt"
        ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "customs_duty", "confidence": 0.39}]
        chat = [user("nlu_fallback", text, confidence=0.5, ranking=ranking, metadata=ID_BUYER)]
        messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"language": "en"}))
        assert sorted(responses(messages)) == ["utter_cash_on_delivery", "utter_invoice"]
        chat = [
            user(
                "coupon_discount",
                "klo bayar pake gopay bisa ga? trs ongkirnya gratis ga sih",
                metadata=ID_BUYER,
            )
        ]
        messages, _ = run(ActionCouponInfo(), tracker(chat, slots={"language": "id"}))
        assert responses(messages) == ["utter_shipping_fee", "utter_how_to_pay"]
    finally:
        commerce.use_repository(None)


def test_asked_again_whether_to_send_it_back_is_answered_not_handed_on(tmp_path):
    """aliexpress-es-001 (round 15): "¿la tengo que mandar de vuelta o no?" (request_refund 0.64)
    went to after-sales."""
    orders_database(tmp_path, [delivered_with_a_refund_asked()])
    try:
        text = "¿la tengo que mandar de vuelta o no?"
        messages, events = asked("request_refund", text, ID_BUYER, {"order_id": "8185000001"}, "es")
        assert responses(messages) == ["utter_refund_already_open", "utter_return_needed"]
        assert not handed_off(events, "after_sales")
    finally:
        commerce.use_repository(None)

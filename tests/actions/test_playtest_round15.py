"""Round 15 (docs/conversations.md, "A fifteenth round"): what buyers saw on first play and
see now. Real action code on a real SQLite database of orders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from actions import commerce
from actions.deadline_words import needed_by
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import ago, order, responses

ID_BUYER = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
UNPAID_AND_PAID = [order("6034000001", "unpaid"), order("6034000002", "processing", ship_by=ago(2)[:10])]


def asked(intent: str, text: str, metadata: dict, slots: dict | None = None, language: str = "id") -> tuple:
    chat = [user(intent, text, metadata=metadata)]
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": language, **(slots or {})}))


@pytest.mark.parametrize("intent", ["wrong_item", "damaged_item"])
@pytest.mark.parametrize(
    "text",
    [
        "kak td aku checkout kemeja batik tp salah pilih ukuran, harusnya XL bkn L. "
        "bs diganti ga sblm aku bayar?",
        "warnanya bisa ditukar ga kak? blm aku bayar",
        "can I change the size to XL before I pay?",
    ],
)
def test_another_size_for_an_order_not_shipped_goes_to_after_sales(tmp_path, intent, text):
    """lazada-id-001 (round 15): "salah pilih ukuran… bs diganti ga sblm aku bayar?" about the
    unpaid shirt (read as a wrong item) got "once it's paid we ship it": paid, the wrong size."""
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        slots = {"order_id": "6034000001"}
        messages, events = asked(intent, text, ID_BUYER, slots)
        assert "utter_exchange_to_after_sales" in responses(messages)
        assert "utter_order_unpaid" not in responses(messages)
        assert handed_off(events, "exchange")
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("text", ["baru dapet ganti rugi", "barangnya belum dikirim"])
def test_no_change_asked_is_where_the_order_stands(tmp_path, text):
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        messages, events = asked("wrong_item", text, ID_BUYER, {"order_id": "6034000002"})
        assert "utter_exchange_to_after_sales" not in responses(messages)
        assert not handed_off(events, "exchange")
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text, language",
    [
        ("klo gitu batalin aja deh, duitnya balik ga? brp lama?", "id"),
        ("then just cancel it, when do I get my money back?", "en"),
        ("тогда отмените, когда деньги вернутся?", "ru"),
    ],
)
def test_cancel_it_and_when_is_the_money_back_asks_to_cancel(tmp_path, text, language):
    """lazada-id-001 (round 15): after "the power bank should have shipped by…", "then just
    cancel it, will the money come back? how long?" (read as a refund's status) got "no refund
    yet: tell us why and we'll record one"; the cancellation was never offered."""
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        messages, events = asked("refund_status", text, ID_BUYER, {"order_id": "6034000002"}, language)
        assert responses(messages) == ["utter_confirm_cancel"]
        assert messages[0]["order_number"] == "6034000002"
        assert {"event": "slot", "name": "awaiting_confirmation", "value": "cancel_order"} in [
            {k: e.get(k) for k in ("event", "name", "value")} for e in events
        ]
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "when do I get my money back?",
        "if I cancel, do I get it all back?",
        "jangan dibatalin ya, duitnya kapan balik?",
    ],
)
def test_a_refund_question_without_a_cancel_request_asks_no_cancel(tmp_path, text):
    orders_database(tmp_path, UNPAID_AND_PAID)
    try:
        messages, _ = asked("refund_status", text, ID_BUYER, {"order_id": "6034000002"}, "en")
        assert "utter_confirm_cancel" not in responses(messages)
    finally:
        commerce.use_repository(None)


def item(title: str) -> list:
    price = {"unit_price": "990.00", "declared_value": "4.00"}
    return [{"sku": title[:6], "title": title, "quantity": 1, **price}]


RU_ORDERS = [
    order("4839000031", "paid", items=item("Термокружка 450 мл, сталь")),
    order(
        "4839000029",
        "cancelled",
        items=item("Беспроводная мышь M2"),
        refunds=[{"amount": "990.00", "status": "approved", "requested_at": ago(4), "approved_at": ago(4)}],
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        "Вы издеваетесь? Деньги за мышь до сих пор не вернули, а кружку когда отправите вообще?",
        "когда вернете деньги за мышку? и что с термокружкой",
    ],
)
def test_a_compound_product_named_by_its_noun_gets_its_own_answer(tmp_path, text):
    """ozon-ru-001 (round 15): "the money for the mouse still isn't back, and the mug, when will
    you ship it?" got the mouse's refund alone: "кружку" was not read as the "Термокружка"."""
    orders_database(tmp_path, RU_ORDERS)
    try:
        messages, _ = asked("refund_status", text, ID_BUYER, language="ru")
        said = [(m["response"], m.get("order_number")) for m in messages]
        assert said == [
            ("utter_about_only_order", "4839000029"),
            ("utter_refund_payout_by", "4839000029"),
            ("utter_about_only_order", "4839000031"),
            ("utter_order_status_unshipped", "4839000031"),
        ]
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "word, named",
    [("кружку", True), ("кружка", True), ("с", False), ("термос", False), ("мыло", False)],
)
def test_the_noun_of_a_compound_title_word_names_the_product(word, named):
    from actions.order_choice import orders_named

    assert bool(orders_named(f"а {word}?", [_view(RU_ORDERS[0])])) is named


def _view(row: dict):
    from types import SimpleNamespace

    return SimpleNamespace(items=[SimpleNamespace(title=i["title"]) for i in row["items"]])


SUNDAY = date(2026, 12, 6)
ARRIVAL_BY = ("utter_arrival_by_yes", "utter_arrival_by_maybe", "utter_arrival_by_no")


@pytest.mark.parametrize(
    "text, day",
    [
        ("所以12月12號前收得到嗎？", date(2026, 12, 12)),
        ("12月12日之前能到吗", date(2026, 12, 12)),
        ("1月3号以前能到吗", date(2027, 1, 3)),
    ],
)
def test_a_chinese_month_and_day_before_qian_is_the_day_needed_by(text, day):
    """shopee-tw-001 (round 15): "所以12月12號前收得到嗎？" (so will it come before 12 December?)
    got "it ships by the 9th" again: the day with its month was not read."""
    assert needed_by(text, SUNDAY) == day


@pytest.mark.parametrize("text", ["我12月1日下单的", "12月12日收到了", "12月的订单"])
def test_a_chinese_date_without_before_is_no_deadline(text):
    assert needed_by(text, SUNDAY) is None


def test_arriving_by_a_chinese_date_is_answered_with_the_expected_dates(tmp_path):
    orders_database(tmp_path, [order("2406000001", "paid")])
    try:
        day = date.today() + timedelta(days=20)
        text = f"所以{day.month}月{day.day}號前收得到嗎？"
        messages, _ = asked("urge_shipment", text, ID_BUYER, {"order_id": "2406000001"}, "zh")
        assert responses(messages)[-1] in ARRIVAL_BY
        assert messages[-1]["needed_by_date"] == day.isoformat()
    finally:
        commerce.use_repository(None)

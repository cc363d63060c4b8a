"""A third helper's 44 conversations: answers that missed the question. Each test names the
demo buyer and what they got."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, handed_off, orders_database, run, scan, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

CASE, EARBUDS, MAT, STALLED = "7800000001", "7800000002", "7800000003", "7800000004"


def item(title: str, price: str = "39.80") -> list:
    return [{"sku": title[:6], "title": title, "quantity": 1, "unit_price": price, "declared_value": "2.00"}]


@pytest.fixture
def repo(tmp_path):
    rows = [
        order(CASE, "paid", items=item("Capinha para celular Galaxy A5")),
        order(
            EARBUDS,
            "shipped",
            shipments=[parcel("LP00000078002CN")],
            items=item("Fone de ouvido TWS", "89.90"),
        ),
        order(MAT, "cancelled", paid_at=None, items=item("Yoga mat 6mm")),
        order(STALLED, "shipped", shipments=[parcel("LP00000078004CN")], items=item("Lampara LED")),
    ]
    scans = [
        scan("LP00000078002CN", ago(1), "departed_origin"),
        scan("LP00000078004CN", ago(10), "departed_origin"),
    ]
    yield orders_database(tmp_path, rows, scans)
    commerce.use_repository(None)


def asked(action, intent: str, text: str, slots: dict | None = None, ranking: list | None = None) -> tuple:
    chat = [user(intent, text, confidence=0.5 if ranking else 0.9, ranking=ranking, metadata=BUYER)]
    return run(action, tracker(chat, slots={"language": "en", **(slots or {})}))


def test_another_colour_read_as_when_it_ships_goes_to_after_sales(repo):
    """lazada-ph-001: "i want to change the color to black instead of white" got the ship date."""
    text = "i want to change the color to black instead of white is that possible"
    messages, events = asked(ActionOrderAnswer(), "urge_shipment", text, {"order_id": CASE})
    assert "utter_exchange_to_after_sales" in responses(messages)
    assert handed_off(events, "exchange")


def test_a_product_named_in_words_not_understood_gets_its_order_answered(repo):
    """aliexpress-br-001: "a capinha do galaxy ja foi enviada?" was asked back."""
    ranking = [{"name": "urge_shipment", "confidence": 0.4}, {"name": "track_order", "confidence": 0.3}]
    messages, _ = asked(
        ActionLowConfidence(), "nlu_fallback", "a capinha do galaxy ja foi enviada?", None, ranking
    )
    assert "utter_clarify" not in responses(messages)
    assert any(m.get("order_number") == CASE for m in messages)


def test_cancelled_by_mistake_is_told_to_buy_again(repo):
    """wish-gb-001: "i cancelled my yoga mat order by mistake, can i get it back?" got "nothing
    was charged" twice."""
    text = "i cancelled my yoga mat order by mistake, can i get it back?"
    messages, _ = asked(ActionOrderAnswer(), "cancel_order", text, {"order_id": MAT})
    assert responses(messages) == ["utter_reopen_as_new_order"]
    # Round 10: "can you reopen it?" / "Можно его восстановить?" are the same request, and how
    # to buy it again, asked next, is answered (it went to a person).
    for text in (
        "hiya, i cancelled my order by mistake, can you reopen it?",
        "Можно его восстановить?",
        "здрасьте. я мышку отменил зря, можно как-то вернуть заказ 48392017-0029-2 обратно в работу?",
    ):
        messages, _ = asked(ActionOrderAnswer(), "cancel_order", text, {"order_id": MAT})
        assert responses(messages) == ["utter_reopen_as_new_order"], text
    chat = [
        user("cancel_order", "hiya, i cancelled my order by mistake, can you reopen it?", metadata=BUYER),
        bot("utter_reopen_as_new_order"),
        user(
            "cancel_order", "ah ok. so how do i buy it again then? will it be the same price?", metadata=BUYER
        ),
    ]
    messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"language": "en", "order_id": MAT}))
    # How to order again was in the reply before; the price is what is new (round 11: it got
    # how coupons work).
    assert responses(messages) == ["utter_price_on_reorder"] and not any(
        e.get("event") == "pause" for e in events
    )


def test_a_stalled_parcel_and_my_money_back_in_one_message_gets_both(repo):
    """aliexpress-mx-001: "donde esta mi pedido … y quisiera saber si me van a regresar mi dinero"
    got the stalled-parcel answer alone."""
    text = "donde esta mi pedido de la lampara y quisiera saber si me van a regresar mi dinero"
    messages, _ = asked(ActionOrderAnswer(), "track_order", text, {"order_id": STALLED})
    assert responses(messages)[-2:] == ["utter_tracking_stalled", "utter_refund_carrier_check"]


@pytest.mark.parametrize(
    "intent, text, also_when",
    [
        ("urge_shipment", "請問我的訂單什麼時候出貨？可以加錢改成快速到貨嗎", True),
        ("urge_shipment", "can i pay extra para express shipping? need ko na sya before weekend eh", False),
        ("track_order", "我願意多付運費，可以幫我改寄快遞嗎？", False),
        ("urge_shipment", "da pra pagar a mais pra vir por sedex?", False),
    ],
)
def test_paying_for_express_is_answered_with_the_ship_date_when_asked(repo, intent, text, also_when):
    """Round 10 (shopee-tw-001, lazada-ph-001): "can I pay extra for express?" got the ship date,
    three times; asked with "when does it ship?", both are answered."""
    messages, events = asked(ActionOrderAnswer(), intent, text, {"order_id": CASE})
    said = responses(messages)
    assert said[0] == "utter_no_paid_express" and not handed_off(events, "human_handoff")
    assert any(r.startswith("utter_ship") or "unshipped" in r for r in said[1:]) == also_when, said


@pytest.mark.parametrize(
    "text", ["não quero pagar mais taxa nenhuma", "do I have to pay extra for customs?", "send it faster pls"]
)
def test_paying_more_or_a_hurry_alone_is_no_express_question(text):
    from actions.faster_words import asks_paid_express

    assert not asks_paid_express(text)


@pytest.mark.parametrize("intent", ["coupon_discount", "product_question"])
def test_will_it_be_the_same_price_when_buying_again_is_answered(repo, intent):
    """Round 11 (wish-gb-001): "will the price be the same? ta" after how to order again got how
    coupons work."""
    from actions.coupons import ActionCouponInfo
    from actions.presale import ActionProductQuestion

    action = ActionCouponInfo() if intent == "coupon_discount" else ActionProductQuestion()
    chat = [user(intent, "ah ok, will the price be the same? ta", metadata=BUYER)]
    messages, _ = run(action, tracker(chat, slots={"language": "en"}))
    assert responses(messages) == ["utter_price_on_reorder"]


def test_cancelled_by_accident_not_understood_is_told_how_to_get_it_again(repo):
    """Round 11 (wish-gb-001): "think i cancelled my order by accident 🙈 can i still get it?"
    got "did you mean…?" with a "Cancel my order" button."""
    from actions.clarify import ActionLowConfidence

    text = "hiya, think i cancelled my order by accident 🙈 can i still get it? i havent paid yet"
    chat = [user("nlu_fallback", text, metadata=BUYER)]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"language": "en"}))
    assert responses(messages) == ["utter_reopen_as_new_order"]

"""Round 10 of play (2026-12-07): what the second question of a message needed, on the real
action code and a real SQLite database (the round's other fixes have tests beside their
modules: test_failed_delivery, test_confirmation, test_order_choice, test_payment_help…)."""

from __future__ import annotations

import pytest

from actions import commerce
from tests.actions.test_failed_delivery import in_transit  # noqa: F401 - fixture
from tests.actions.test_order_answers import ask, responses
from tests.actions.test_playtest_round_dec07 import one_parcel


@pytest.mark.parametrize(
    "text",
    [
        "shop oi don hang cua minh toi dau roi, bao gio thi giao vay",
        "where is my parcel and when will it arrive?",
        "cadê meu pedido? quando chega?",
        "我的包裹到哪了？什么时候能到？",
    ],
)
def test_where_is_it_and_when_does_it_come_gets_the_dates_with_the_latest_scan(in_transit, text):  # noqa: F811
    """lazada-vn-001: "where is my order, when will it arrive?" got the status only; the dates
    came when asked again."""
    messages, _ = ask("track_order", {"order_id": "9300000001"}, text=text)
    assert responses(messages) == ["utter_tracking_expected"]
    reply = messages[0]
    assert reply["expected_from_date"] and reply["expected_to_date"] and reply["status"]


def test_where_is_it_alone_is_still_where_it_is(in_transit):  # noqa: F811
    messages, _ = ask("track_order", {"order_id": "9300000001"}, text="where is my parcel?")
    assert responses(messages) == ["utter_tracking_in_transit"]


@pytest.fixture
def held(tmp_path):
    one_parcel(tmp_path, "9400000002", "NL000000094BR", status="customs", scanned=2)
    yield
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "intent, text",
    [
        ("customs_duty", "ta mas pq ficou retido? e se eu pagar quanto fica mais ou menos?"),
        ("track_order", "why is my parcel stuck at customs??"),
        ("customs_duty", "为什么被海关扣了"),
    ],
)
def test_why_it_was_held_at_customs_is_answered_once(held, intent, text):
    """aliexpress-br-001: "pq ficou retido?" (why was it held?) was asked twice, never answered."""
    messages, _ = ask(intent, {"order_id": "9400000002"}, text=text)
    how_much = ["utter_customs_amount"] if "quanto" in text else []
    assert responses(messages) == ["utter_customs_why_held", *how_much]
    assert messages[0]["tracking_number"] == "NL000000094BR"


@pytest.mark.parametrize("text", ["why do I have to pay customs tax on this?", "为什么我还要交关税？"])
def test_why_the_buyer_pays_the_duty_is_no_why_it_was_held(held, text):
    """The e2e tasks' customs question: who pays the duty, not how customs pick parcels."""
    messages, _ = ask("customs_duty", {"order_id": "9400000002"}, text=text)
    assert "utter_customs_why_held" not in responses(messages) and "utter_customs_duty" in responses(messages)


@pytest.fixture
def processing(tmp_path):
    from tests.actions.helpers import orders_database
    from tests.actions.test_order_answers import order

    orders_database(tmp_path, [order("9400000003", "processing")])
    yield
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "intent, text",
    [
        ("request_refund", "hay nako. loyal customer pa naman ako 😞 pls i-refund nyo yung difference"),
        ("request_refund", "the 15% voucher didn't apply, can you refund the difference?"),
        ("request_refund", "优惠券没用上，能退差价吗"),
    ],
)  # fmt: skip
def test_part_of_the_price_back_is_no_cancellation_but_a_person(processing, intent, text):
    """Round 11 (lazada-ph-001, VIP): "refund the 15% difference" was offered "Shall I cancel
    order … (₱8,999)?"; a buyer tapping yes would have lost the order."""
    from rasa_sdk.events import SlotSet

    messages, events = ask(intent, {"order_id": "9400000003"}, text=text)
    said = responses(messages)
    assert "utter_confirm_cancel" not in said and not any("cancel" in r for r in said), said
    assert said[-1] == "utter_handoff" and SlotSet("handoff_reason", "compensation") in events


@pytest.mark.parametrize(
    "intent, text",
    [
        ("product_question", "就是 1.出貨了嗎 2.可以改顏色嗎"),
        ("urge_shipment", "請問我的訂單什麼時候會出貨呢？另外我想把尺寸從M改成L，還來得及嗎？"),
        ("product_question", "請問我的訂單什麼時候會出貨呢？另外我想把尺寸從M改成L，還來得及嗎？"),
    ],
)
def test_when_it_ships_and_a_change_of_size_or_colour_get_both(processing, intent, text):
    """Rounds 10 and 11 (shopee-tw-001): "has it shipped? can I change the colour?" got "好問題！"
    (great question) and the catalogue colleague, the ship date dropped."""
    from rasa_sdk.events import SlotSet

    from actions.presale import ActionProductQuestion
    from tests.actions.helpers import run, tracker, user
    from tests.actions.test_order_answers import BUYER, ActionOrderAnswer

    action = ActionProductQuestion() if intent == "product_question" else ActionOrderAnswer()
    chat = [user(intent, text, metadata=BUYER)]
    messages, events = run(action, tracker(chat, slots={"language": "zh", "order_id": "9400000003"}))
    said = responses(messages)
    assert any(r in ("utter_ship_by", "utter_order_status_unshipped") for r in said), said
    assert "utter_exchange_to_after_sales" in said and SlotSet("handoff_reason", "exchange") in events
    assert said.index("utter_exchange_to_after_sales") > 0 and "utter_presale_handoff" not in said


@pytest.mark.parametrize(
    "intent, text",
    [
        ("request_refund", "заказала термокружку, сначала ошибка оплаты, я нажала еще раз и оплата прошла. "
         "А в выписке два списания по 1290 рублей!! Верните пожалуйста лишние деньги"),
        ("request_refund", "i got charged twice for my order, refund the extra one"),
        ("nlu_fallback", "вы меня слышите вообще? двойное списание 1290 р"),
    ],
)  # fmt: skip
def test_charged_twice_is_no_cancellation(processing, intent, text):
    """Round 12 (ozon-ru-001): "two charges of 1290 ₽, give the extra back" was offered the
    order's cancellation, then "the order stays active" twice, then "did you mean…?"."""
    from actions.clarify import ActionLowConfidence
    from tests.actions.helpers import run, tracker, user
    from tests.actions.test_order_answers import BUYER, ActionOrderAnswer

    action = ActionLowConfidence() if intent == "nlu_fallback" else ActionOrderAnswer()
    chat = [user(intent, text, metadata=BUYER)]
    messages, events = run(action, tracker(chat, slots={"language": "ru", "order_id": "9400000003"}))
    said = responses(messages)
    assert said[-1] == "utter_double_charge" and not any("cancel" in r for r in said), said


@pytest.mark.parametrize(
    "intent, text",
    [
        ("product_question", "if i order again, how long to London?"),
        ("nlu_fallback", "solo era para daros las gracias!! si vuelvo a comprar me llega igual de rapido"),
        ("out_of_scope", "cuanto tarda en llegar a Mexico normalmente?"),
    ],
)  # fmt: skip
def test_how_long_shipping_takes_before_buying_is_the_usual_days_to_the_buyers_country(
    processing, intent, text
):
    """Round 12 (wish-gb-001, aliexpress-es-001, aliexpress-mx-001): "how long to London?" went to
    a person, as a product question."""
    from actions.clarify import ActionLowConfidence
    from actions.out_of_scope import ActionOutOfScope
    from actions.presale import ActionProductQuestion
    from tests.actions.helpers import run, tracker, user
    from tests.actions.test_order_answers import BUYER

    action = {"product_question": ActionProductQuestion, "nlu_fallback": ActionLowConfidence}.get(
        intent, ActionOutOfScope
    )()
    messages, events = run(action, tracker([user(intent, text, metadata=BUYER)], slots={"language": "en"}))
    assert responses(messages) == ["utter_delivery_time"], responses(messages)
    assert messages[0]["shortest_days"] and messages[0]["destination_country"]
    assert not any(e.get("event") == "pause" for e in events)

"""The order the buyer means: what is asked, the products named, the order discussed last."""

from __future__ import annotations

import json

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.order_form import ValidateOrderForm
from actions.small_talk import ACKNOWLEDGE, ActionAcknowledgeSmallTalk
from bot.commerce.importer import import_tracking
from tests.actions.helpers import answered_after, bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import ago, order, parcel

BUYER = {"marketplace": "lazada", "buyer_id": "ru-buyer-1"}


def item(title):
    return [
        {"sku": title[:8], "title": title, "quantity": 1, "unit_price": "100.00", "declared_value": "5.00"}
    ]


def shipped(number, title, buyer="ru-buyer-1"):
    return order(number, "shipped", buyer=buyer, items=item(title), shipments=[parcel(f"LP{number}CN")])


ORDERS = [
    order("3000000001", "paid", buyer="ru-buyer-1", items=item("Rice cooker 1.8L")),
    order(
        "3000000002",
        "cancelled",
        buyer="ru-buyer-1",
        items=item("Smartwatch GT4"),
        refunds=[{"amount": "100.00", "status": "approved", "requested_at": ago(3)}],
    ),
    shipped("3000000003", "Bluetooth earbuds"),
    shipped("3000000004", "Thermos cup"),
]


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, ORDERS)
    commerce.use_repository(None)


def responses(messages):
    return [m["response"] for m in messages]


def test_refund_status_without_a_number_answers_about_the_cancelled_order_with_a_refund(repo):
    t = tracker([user("refund_status", "когда вернут деньги?", metadata=BUYER)])
    messages, events = run(ActionOrderAnswer(), t)
    # It asks when: the day the approved refund should be sent by (actions/refund_timing.py).
    assert responses(messages) == ["utter_about_order_switch", "utter_refund_payout_by"]
    assert messages[0]["order_number"] == "3000000002"
    # The buyer can switch to another order with one tap, asking the same question.
    assert '/refund_status{"order_id": "3000000001"}' in [b["payload"] for b in messages[0]["buttons"]]
    assert events == [SlotSet("order_id", "3000000002")]


def test_the_order_discussed_before_gives_way_when_the_new_question_does_not_fit_it(repo):
    messages, result = answered_after(
        user("cancel_order", "cancel my order", metadata=BUYER),
        "3000000001",
        user("refund_status", "and the money for the cancelled one?", metadata=BUYER),
    )
    assert responses(messages) == ["utter_about_order_switch", "utter_refund_pending"]
    assert result == [SlotSet("order_id", "3000000002")]


def test_how_much_longer_right_after_a_refund_answer_is_about_that_refund(repo):
    """Played (ozon-ru-001): the refund of the cancelled mouse order is approved, not paid
    yet; "сколько ещё ждать?" (read as track_order) got the mug order, still to ship. It asks
    after the refund just told: the day that refund should be sent by (actions/refund_timing.py),
    and asked again after that, a person."""
    events = [
        user("refund_status", "когда вернут деньги?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "3000000002"},
        bot("utter_refund_pending", order_number="3000000002"),
        user("track_order", "сколько ещё ждать?", metadata=BUYER),
    ]
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": "3000000002"}))
    assert responses(messages) == ["utter_refund_payout_by"]
    assert messages[0]["order_number"] == "3000000002"
    again = [*events, bot("utter_refund_payout_by", order_number="3000000002"), events[-1]]
    messages, result = run(ActionOrderAnswer(), tracker(again, slots={"order_id": "3000000002"}))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(result, "disputes_refund_time")
    # After another answer about the order, "how long?" is a parcel question, as before: the
    # cancelled order has none, so which of the two shipped orders.
    events[2] = bot("utter_confirm_cancel", order_number="3000000002")
    messages, _ = run(ActionOrderAnswer(), tracker(events, slots={"order_id": "3000000002"}))
    assert responses(messages) == ["utter_which_order"]


def test_the_order_discussed_before_is_kept_when_the_question_fits_it(repo):
    messages, _ = answered_after(
        user("urge_shipment", "when do you ship?", metadata=BUYER),
        "3000000001",
        user("cancel_order", "then cancel it", metadata=BUYER),
    )
    assert responses(messages) == ["utter_confirm_cancel"]
    assert messages[0]["order_number"] == "3000000001"


def test_a_product_word_picks_among_the_shipped_orders(repo):
    t = tracker([user("track_order", "where is my thermos cup?", metadata=BUYER)])
    required = run_required(t)
    assert required == []
    messages, events = run(ActionOrderAnswer(), t)
    assert messages[0]["order_number"] == "3000000004"
    assert events[0] == SlotSet("order_id", "3000000004")


def test_two_shipped_orders_and_no_hint_ask_with_buttons_for_those_then_the_one_to_ship(repo):
    """Round 10 (aliexpress-br-001): "meu pedido já saiu? quero saber quando chega" offered the
    shipped orders only; the paid one still to ship was the one meant, and naming its product
    got the same two buttons again."""
    t = tracker(
        [user("track_order", "where is my parcel?", metadata=BUYER)], slots={"requested_slot": "order_id"}
    )
    assert run_required(tracker([user("track_order", "where is my parcel?", metadata=BUYER)])) == ["order_id"]
    messages, events = validate(t)
    assert events[-1] == SlotSet("requested_slot", "order_id")
    assert responses(messages) == ["utter_which_order"]
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/track_order{"order_id": "3000000004"}',
        '/track_order{"order_id": "3000000003"}',
        '/track_order{"order_id": "3000000001"}',
    ]
    picked = tracker(
        [user("track_order", "where is my parcel?", metadata=BUYER),
         bot("utter_which_order", buttons=messages[0]["buttons"]),
         user("affirm", "the rice cooker", metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )  # fmt: skip
    assert validate(picked)[1] == [SlotSet("order_id", "3000000001"), SlotSet("requested_slot", None)]


FORM_DOMAIN = {"forms": {"order_form": {"required_slots": ["order_id"]}}}


WHICH_OF_TWO = bot(
    "utter_which_order",
    buttons=[
        {"title": "3000000004 · Thermos cup", "payload": '/track_order{"order_id": "3000000004"}'},
        {"title": "3000000003 · Bluetooth earbuds", "payload": '/track_order{"order_id": "3000000003"}'},
    ],
)


def test_asked_which_order_the_same_question_again_answers_for_each_not_the_buttons_again(repo):
    """Played (ozon-ru-001, two orders with refunds): "где мой возврат за мышку?" -> which of
    your orders?; "сколько ещё ждать?" (how much longer?) -> the same buttons again, and so on.
    A question that only says where orders stand is answered for each order offered."""
    asked = [user("track_order", "where is my parcel?", metadata=BUYER), WHICH_OF_TWO]
    again = tracker(
        [*asked, user("track_order", "how much longer??", metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )
    messages, events = validate(again)
    # The slot named as handled, or Rasa rejects the form's turn ("sorry, I didn't get that").
    assert messages == [] and events == [SlotSet("order_id", None), SlotSet("requested_slot", None)]
    assert run_required(again) == []  # the form is done: action_order_answer answers
    messages, events = run(ActionOrderAnswer(), again)
    assert responses(messages) == [
        "utter_about_only_order",
        "utter_tracking_no_events",  # no scan of these parcels yet
        "utter_about_only_order",
        "utter_tracking_no_events",
    ]
    assert [m["order_number"] for m in messages[::2]] == ["3000000004", "3000000003"]
    # A case to open still needs the one order: the buttons again.
    broken = tracker(
        [*asked, user("damaged_item", "it came broken", metadata=BUYER)], slots={"requested_slot": "order_id"}
    )
    messages, _ = validate(broken)
    assert responses(messages) == ["utter_which_order"]


def validate(t):
    """The form's validation as Rasa calls it: it also asks when the order is still unknown."""
    import asyncio

    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateOrderForm().run(dispatcher, t, FORM_DOMAIN))
    return dispatcher.messages, events


def test_one_fitting_order_needs_no_question_and_the_orders_are_read_once(repo, monkeypatch):
    reads = []
    latest = commerce.repository().latest_orders
    monkeypatch.setattr(commerce.repository(), "latest_orders", lambda *a: reads.append(a) or latest(*a))
    messages, events = validate(tracker([user("track_order", "where is my thermos cup?", metadata=BUYER)]))
    assert messages == [] and events[-1] == SlotSet("requested_slot", None)
    assert len(reads) == 1


def test_an_unknown_buyer_is_asked_for_the_order_number(repo):
    messages, events = validate(tracker([user("track_order", "where is my parcel?")]))
    assert responses(messages) == ["utter_ask_order_id"]
    assert events[-1] == SlotSet("requested_slot", "order_id")


def run_required(t):
    import asyncio

    return asyncio.run(ValidateOrderForm().required_slots(["order_id"], CollectingDispatcher(), t, {}))


def test_a_cancellation_naming_another_orders_product_is_about_that_order(repo):
    # The rice cooker was discussed; "cancel the earbuds" must not cancel the rice cooker.
    events = [
        user("urge_shipment", "when will you ship the rice cooker?", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "3000000001"},
        user("cancel_order", "too slow, cancel my earbuds order then", metadata=BUYER),
    ]
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": "3000000001"}))
    assert responses(messages)[0] == "utter_about_order_switch"
    assert messages[0]["order_number"] == "3000000003"  # shipped: the answer says it cannot be
    assert SlotSet("order_id", "3000000003") in result
    # Naming the discussed order's own product keeps it.
    events[-1] = user("cancel_order", "cancel the rice cooker then", metadata=BUYER)
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": "3000000001"}))
    assert messages[0]["response"] != "utter_about_order_switch"
    assert result[0] == SlotSet("order_id", "3000000001")


def test_a_first_cancellation_naming_a_shipped_orders_product_is_not_about_the_one_unshipped(repo):
    """Only the rice cooker can still be cancelled, but the buyer names the thermos cup: the
    answer is about the thermos cup (shipped: it cannot be), never "Shall I cancel the rice
    cooker?", which a quick "yes" would cancel."""
    t = tracker([user("cancel_order", "cancel my thermos cup order", metadata=BUYER)])
    assert run_required(t) == []
    messages, events = run(ActionOrderAnswer(), t)
    assert responses(messages) == ["utter_about_order_switch", "utter_cannot_cancel_shipped"]
    assert messages[0]["order_number"] == "3000000004"
    assert events == [SlotSet("order_id", "3000000004")]


def test_a_product_named_is_answered_about_even_when_the_question_does_not_fit_that_order(repo):
    """Asked "where is my rice cooker?": it has not shipped, so it is no tracking candidate; the
    buyer is told so, not asked which of the two shipped parcels they mean."""
    t = tracker([user("track_order", "where is my rice cooker?", metadata=BUYER)])
    assert run_required(t) == []
    messages, events = run(ActionOrderAnswer(), t)
    assert responses(messages) == ["utter_about_order_switch", "utter_order_status_unshipped"]
    assert messages[0]["order_number"] == "3000000001"
    assert events == [SlotSet("order_id", "3000000001")]


def titled(*titles):
    from datetime import datetime, timezone
    from decimal import Decimal

    from bot.commerce.views import ItemView, OrderView

    items = tuple(ItemView(f"SKU-{i}", t, 1, Decimal("1"), Decimal("1")) for i, t in enumerate(titles))
    return OrderView(
        "lazada", "1", "shipped", "THB", "TH", datetime(2026, 1, 1, tzinfo=timezone.utc), items=items
    )


@pytest.mark.parametrize(
    "text, titles, named",
    [
        # Thai and Chinese titles run words together; the buyer names part of the run.
        ("หูฟังเสียค่ะ", ("Xiaomi Redmi Buds 5 หูฟังบลูทูธ สีดำ",), True),
        ("พาวเวอร์แบงค์ชาร์จไม่เข้า", ("Xiaomi Redmi Buds 5 หูฟังบลูทูธ สีดำ",), False),
        ("保温杯漏水了", ("不锈钢保温杯大容量",), True),
        ("雨伞坏了", ("不锈钢保温杯大容量",), False),
        # Words of titles and messages alike name nothing: "product" (Thai), "free shipping".
        ("สินค้าเสียค่ะ", ("สินค้าพร้อมส่ง หูฟังบลูทูธ",), False),
        ("包邮吗", ("包邮 不锈钢保温杯",), False),
        # Spaced scripts keep matching whole words.
        ("where is my thermos cup?", ("Thermos cup",), True),
        ("cupboard", ("Thermos cup",), False),
        # Played (ozon-ru-001): "хочу отменить заказ термокружки" named no order (the title
        # says "Термокружка"), so the cancelled order discussed before was answered about.
        ("хочу отменить заказ термокружки", ("Термокружка 450 мл, сталь",), True),
        ("верните деньги за термокружку", ("Термокружка 450 мл, сталь",), True),
        ("мышь сломалась", ("Термокружка 450 мл, сталь",), False),
        ("where are my bluetooth earbuds?", ("Wireless mouse M2",), False),
        # A short capitalised title word names the product as a whole word ("the LED"), not
        # inside another word.
        ("when do I get my money back for the LED?", ("LED strip lights 5 m, RGB",), True),
        ("was it cancelled?", ("LED strip lights 5 m, RGB",), False),
    ],
)
def test_a_product_named_by_part_of_a_thai_or_chinese_title(text, titles, named):
    from actions.order_choice import mentions

    assert mentions(text, titled(*titles)) is named


def order_answered_for(tmp_path, said: str, *titles: str) -> tuple:
    """A buyer with one parcel on its way per title (order numbers 1, 2, ...) asks "where is
    it?" in their words: the order the answer is about, and the order_id slot it sets."""
    buyer = {"marketplace": "lazada", "buyer_id": "naming-buyer"}
    numbers = [str(4000000001 + i) for i in range(len(titles))]
    orders_database(tmp_path, [shipped(n, t, buyer="naming-buyer") for n, t in zip(numbers, titles)])
    try:
        messages, events = run(ActionOrderAnswer(), tracker([user("track_order", said, metadata=buyer)]))
    finally:
        commerce.use_repository(None)
    return messages[0]["order_number"], events[0]


def test_a_thai_buyer_naming_the_earbuds_gets_the_earbuds_order(tmp_path):
    titles = ("Anker พาวเวอร์แบงค์ 10000mAh", "Xiaomi Redmi Buds 5 หูฟังบลูทูธ สีดำ")
    answered, chosen = order_answered_for(tmp_path, "หูฟังถึงไหนแล้วคะ", *titles)
    assert answered == "4000000002" and chosen == SlotSet("order_id", "4000000002")


@pytest.mark.parametrize(
    "said", ["where are my orders?", "cadê meus pedidos?", "мои заказы где?", "两个订单到哪了"]
)
def test_a_question_about_all_my_orders_is_answered_for_each(repo, said):
    """Played (aliexpress-br-001): "cadê meus pedidos?" got "which of your orders?"; the
    buyer asked about all of them. Two shipped orders and one to ship: each one's answer, no
    form (round 10: the paid order still to ship was left out)."""
    asked = tracker([user("track_order", said, metadata=BUYER)])
    assert run_required(asked) == []
    messages, _ = run(ActionOrderAnswer(), asked)
    assert responses(messages) == [
        *["utter_about_only_order", "utter_tracking_no_events"] * 2,
        "utter_about_only_order",
        "utter_order_status_unshipped",
    ]
    assert [m["order_number"] for m in messages[::2]] == ["3000000004", "3000000003", "3000000001"]
    one = tracker([user("track_order", "where is my order?", metadata=BUYER)])
    assert run_required(one) == ["order_id"]  # one order asked about: which one


@pytest.mark.parametrize(
    "said, answered",
    [
        ("где моя мышка?", "4000000002"),  # the title says "мышь": a short word, inflected
        ("а мышку когда привезут?", "4000000002"),
        ("где термокружка?", "4000000001"),
        ("сумку уже отправили?", "4000000003"),
    ],
)
def test_a_russian_buyer_naming_a_product_in_another_case_gets_that_order(tmp_path, said, answered):
    """Played (ozon-ru-001): "где мой возврат за мышку?" got "which of your orders?" beside the
    order titled "Беспроводная мышь M2": only words of six letters or more were read inflected."""
    titles = ("Термокружка 450 мл, сталь", "Беспроводная мышь M2", "Сумка женская кожаная")
    assert order_answered_for(tmp_path, said, *titles)[0] == answered


def test_a_new_order_question_while_asked_which_order_is_taken_up(repo):
    """Asked which order for "when will you ship?", the buyer wrote "just cancel the order":
    Rasa rejected the form's turn (no slot filled), and the buyer read "sorry, I didn't get
    that". Now the form finds the order for the new question, or asks which for it."""
    asked = bot("utter_which_order", buttons=[{"title": "3000000003", "payload": "/track_order"}])
    where = [user("track_order", "where is my parcel?", metadata=BUYER), asked]
    cancel = tracker(
        [*where, user("cancel_order", "just cancel the order", metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )
    messages, events = validate(cancel)
    assert messages == []  # one order can be cancelled: that one
    assert events == [SlotSet("order_id", "3000000001"), SlotSet("requested_slot", None)]

    broken = tracker(
        [*where, user("damaged_item", "one of them arrived broken", metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )
    messages, events = validate(broken)
    assert responses(messages) == ["utter_which_order"]
    assert {b["payload"].split("{")[0] for b in messages[0]["buttons"]} == {"/damaged_item"}
    # A slot named as handled: Rasa keeps the form asking rather than rejecting the turn.
    assert events[0] == SlotSet("order_id", None) and events[-1] == SlotSet("requested_slot", "order_id")


def test_a_question_none_of_the_orders_fits_offers_them_or_answers_about_the_only_one(tmp_path):
    """Played (lazada-vn-001, two orders, no refund): "khi nào tôi nhận được tiền hoàn?" -> "send
    me the order number"; "tôi đã trả tiền rồi mà" -> the order number asked again. Now the
    buyer's orders to tap; a buyer with one order is answered about it (no refund on it yet)."""
    two = [
        shipped("4000000001", "Bluetooth earbuds", buyer="vn-buyer"),
        order("4000000002", "delivered", buyer="vn-buyer"),
    ]
    orders_database(tmp_path, two)
    buyer = {"marketplace": "lazada", "buyer_id": "vn-buyer"}
    asked = [user("refund_status", "khi nào tôi nhận được tiền hoàn?", metadata=buyer)]
    try:
        assert run_required(tracker(asked)) == ["order_id"]
        messages, events = validate(tracker(asked, slots={"requested_slot": "order_id"}))
        assert responses(messages) == ["utter_which_order"]
        assert sorted(b["payload"] for b in messages[0]["buttons"]) == [
            '/refund_status{"order_id": "4000000001"}',
            '/refund_status{"order_id": "4000000002"}',
        ]
        (tmp_path / "one").mkdir()
        orders_database(tmp_path / "one", [order("4000000003", "delivered", buyer="one-buyer")])
        alone = [user("refund_status", "where is my refund?", metadata={**buyer, "buyer_id": "one-buyer"})]
        assert run_required(tracker(alone)) == []
        messages, events = run(ActionOrderAnswer(), tracker(alone))
        assert responses(messages) == ["utter_about_only_order", "utter_no_refund"]
        assert events == [SlotSet("order_id", "4000000003")]
    finally:
        commerce.use_repository(None)


def test_the_order_just_announced_is_not_announced_again_for_the_next_answer(tmp_path):
    """Played (lazada-id-001, an unpaid and a paid order): "kapan dikirim?" and then "kok lama
    banget sih" (read as track_order) each began with "Ini tentang pesanan kakak 603409981234566
    ..." and the same other order to tap."""
    buyer = {"marketplace": "lazada", "buyer_id": "id-buyer"}
    orders_database(
        tmp_path,
        [
            order("5000000001", "unpaid", buyer="id-buyer", items=item("Kemeja batik")),
            order("5000000002", "paid", buyer="id-buyer", items=item("Power bank 20000mAh")),
        ],
    )
    try:
        first = [user("urge_shipment", "power bank saya kapan dikirim?", metadata=buyer)]
        messages, _ = run(ActionOrderAnswer(), tracker(first))
        assert responses(messages) == ["utter_about_order_switch", "utter_ship_by"]
        chat = [
            *first,
            {"event": "slot", "name": "order_id", "value": "5000000002"},
            bot("utter_about_order_switch", buttons=messages[0]["buttons"], order_number="5000000002"),
            bot("utter_ship_by", order_number="5000000002"),
            user("track_order", "kok lama banget sih", metadata=buyer),
        ]
        messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "5000000002"}))
        # The ship-by date, just told, is said as an answer to the hurry (actions/ship_date.py).
        assert responses(messages) == ["utter_ship_by_again"]
        assert events == [SlotSet("order_id", "5000000002")]
        # Another order answered about in between: back to this one, it is announced again.
        chat[-1:] = [
            user("track_order", "dan kemeja batik?", metadata=buyer),
            {"event": "slot", "name": "order_id", "value": "5000000001"},
            bot("utter_about_order_switch", order_number="5000000001"),
            bot("utter_order_unpaid", order_number="5000000001"),
            user("urge_shipment", "power bank kapan dikirim?", metadata=buyer),
        ]
        messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "5000000001"}))
        assert responses(messages)[0] == "utter_about_order_switch"
        assert messages[0]["order_number"] == "5000000002"
    finally:
        commerce.use_repository(None)


def test_a_short_capitalised_product_word_picks_its_order(tmp_path):
    # "LED" is too short for a plain product word: with two parcels on their way, the buyer
    # naming the LED lights was asked which order they meant.
    titles = ("LED strip lights 5 m, RGB", "Phone tripod with remote")
    answered, chosen = order_answered_for(tmp_path, "is the LED on its way yet?", *titles)
    assert answered == "4000000001" and chosen == SlotSet("order_id", "4000000001")


def test_when_will_you_ship_with_an_unpaid_and_a_paid_order_is_about_the_paid_one(tmp_path):
    # Played (lazada-id-001): "pesanan saya kapan dikirim?" was asked which of the unpaid
    # shirt and the paid power bank; "iya" got the same question again. The seller owes the
    # shipment of the paid one; the unpaid one, when discussed, keeps its answer.
    buyer = {"marketplace": "lazada", "buyer_id": "id-buyer-3"}
    orders = [
        order("6000000001", "unpaid", buyer="id-buyer-3", items=item("Kemeja batik")),
        order("6000000002", "paid", buyer="id-buyer-3", items=item("Power bank 20000mAh")),
    ]
    orders_database(tmp_path, orders)
    try:
        asked = user("urge_shipment", "pesanan saya kapan dikirim?", metadata=buyer)
        messages, events = run(ActionOrderAnswer(), tracker([asked]))
        assert responses(messages) == ["utter_about_order_switch", "utter_ship_by"]
        assert events == [SlotSet("order_id", "6000000002")]
        chat = [
            user("track_order", "kemeja batik saya gimana?", metadata=buyer),
            bot("utter_order_unpaid", order_number="6000000001"),
            asked,
        ]
        messages, events = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "6000000001"}))
        assert responses(messages) == ["utter_order_unpaid"]
    finally:
        commerce.use_repository(None)


def test_a_second_yes_to_which_order_goes_to_a_person_not_the_same_buttons_again(repo):
    """Played (aliexpress-br-001): "cadê meu pedido?" -> which order (two buttons); "sim" ->
    "Claro!" and the same buttons; "sim" -> the same again, as often as the buyer said it.
    The second "sim" is not met with a "Claro!" either: a person takes it from there."""
    acknowledge = {"event": "action", "name": ACKNOWLEDGE}
    chat = [
        user("track_order", "where is my parcel?", metadata=BUYER),
        {"event": "active_loop", "name": "order_form"},
        bot("utter_which_order"),
        user("affirm", "yes", metadata=BUYER),
    ]
    messages, _ = run(ActionAcknowledgeSmallTalk(), tracker(chat))
    assert responses(messages) == ["utter_sure"]
    chat += [acknowledge, bot("utter_sure")]
    messages, _ = validate(tracker(chat, slots={"requested_slot": "order_id"}))
    assert responses(messages) == ["utter_which_order"]  # once more, after the first "yes"
    chat += [bot("utter_which_order"), user("affirm", "yes", metadata=BUYER)]
    messages, _ = run(ActionAcknowledgeSmallTalk(), tracker(chat))
    assert responses(messages) == []  # no "Claro!" right before the handoff
    chat.append(acknowledge)
    messages, events = validate(tracker(chat, slots={"requested_slot": "order_id"}))
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "no_order_number")


def test_which_order_answered_with_the_one_paid_picks_it_without_asking_what_was_meant(tmp_path):
    """Played (lazada-id-001, an unpaid and a paid order): "kak paket aku kapan dikirim sih"
    -> "which order?" with both; "yg udh bayar kak" (not understood) got "did you mean one
    of these?" and "which order?" again. Now the paid one is picked, and no question asked.
    ("When will you ship?" itself now picks the paid order, whose shipment the seller owes:
    test_when_will_you_ship_with_an_unpaid_and_a_paid_order_is_about_the_paid_one; a
    where-is-it question about either still asks which.)"""
    from actions.clarify import ActionLowConfidence

    buyer = {"marketplace": "lazada", "buyer_id": "paid-buyer"}
    orders_database(
        tmp_path,
        [
            order("5100000001", "unpaid", buyer="paid-buyer", placed_at=ago(0.1)),
            order("5100000002", "paid", buyer="paid-buyer", placed_at=ago(5), paid_at=ago(5)),
        ],
    )
    try:
        asked = [user("track_order", "kak paket aku gimana sih", metadata=buyer)]
        messages, _ = validate(tracker(asked, slots={"requested_slot": "order_id"}))
        assert responses(messages) == ["utter_which_order"]
        offer = bot("utter_which_order", buttons=messages[0]["buttons"])
        for reply, meant in (("yg udh bayar kak", "5100000002"), ("yg blm bayar", "5100000001")):
            chat = tracker(
                [*asked, offer, user("nlu_fallback", reply, metadata=buyer)],
                slots={"requested_slot": "order_id"},
            )
            messages, events = run(ActionLowConfidence(), chat)
            assert messages == [] and events == []
            messages, events = validate(chat)
            assert events == [SlotSet("order_id", meant), SlotSet("requested_slot", None)]
    finally:
        commerce.use_repository(None)


VN_BUYER = {"marketplace": "lazada", "buyer_id": "vn-buyer-9"}


def vn_orders_with_last_scans(tmp_path, *orders):
    """The vn buyer's orders, each (number, status, title, its parcel's last scan, days ago),
    one parcel each named LZVN<number>, scanned in Ha Noi."""
    rows = []
    for number, status, title, _, _ in orders:
        row = order(number, status, buyer="vn-buyer-9", shipments=[parcel(f"LZVN{number}")])
        row["items"] = item(title)
        rows.append(row)
    repository = orders_database(tmp_path, rows)
    scans = [
        {"tracking_number": f"LZVN{number}", "occurred_at": ago(days), "status": scan, "place": "Ha Noi"}
        for number, _, _, scan, days in orders
    ]
    (tmp_path / "scans.jsonl").write_text("\n".join(json.dumps(scan) for scan in scans))
    import_tracking(repository, tmp_path / "scans.jsonl")


def earbuds_travelling_and_case_delivered(tmp_path):
    vn_orders_with_last_scans(
        tmp_path,
        ("9800000001", "shipped", "Tai nghe Bluetooth TWS A40", "arrived_destination_country", 1),
        ("9800000002", "delivered", "Ốp lưng iPhone 15 silicon", "delivered", 4),
    )


@pytest.mark.parametrize(
    "said",
    [
        "bao giao r ma e chua nhan dc",
        "显示签收了 可是我没收到",
        "it says delivered but I never got it",
        "đơn giao rồi mà mình chưa nhận được",
        "it was delivered but it's not here",
        "consta entregue mas não recebi",
    ],
)
def test_it_says_delivered_is_about_the_order_shown_delivered(tmp_path, said):
    """Played (lazada-vn-001): "bao giao r ma e chua nhan dc" (it says delivered, I didn't get
    it) was answered about the earbuds still on their way, the order "where is it?" fits best."""
    earbuds_travelling_and_case_delivered(tmp_path)
    try:
        t = tracker([user("track_order", said, metadata=VN_BUYER)])
        messages, events = run(ActionOrderAnswer(), t)
    finally:
        commerce.use_repository(None)
    assert responses(messages)[:2] == ["utter_about_order_switch", "utter_tracking_delivered_not_received"]
    assert messages[1]["order_number"] == "9800000002"
    assert SlotSet("order_id", "9800000002") in events


def test_it_says_delivered_after_the_travelling_order_was_discussed_is_about_the_delivered_one(tmp_path):
    earbuds_travelling_and_case_delivered(tmp_path)
    chat = [
        user("track_order", "tai nghe cua e toi dau r", metadata=VN_BUYER),
        bot("utter_tracking_in_transit", order_number="9800000001"),
        {"event": "slot", "name": "order_id", "value": "9800000001"},
        user("track_order", "bao giao r ma e chua nhan dc", metadata=VN_BUYER),
    ]
    try:
        messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "9800000001"}))
    finally:
        commerce.use_repository(None)
    said = {m["response"]: m for m in messages}
    assert said["utter_tracking_delivered_not_received"]["order_number"] == "9800000002"


def test_not_delivered_yet_keeps_the_travelling_order(tmp_path):
    earbuds_travelling_and_case_delivered(tmp_path)
    try:
        t = tracker([user("track_order", "where is my order? not delivered yet", metadata=VN_BUYER)])
        messages, _ = run(ActionOrderAnswer(), t)
    finally:
        commerce.use_repository(None)
    assert messages[-1]["order_number"] == "9800000001"


@pytest.mark.parametrize(
    "said",
    [
        "สั่งสีดำแต่ได้สีขาว",
        "pedi preto e veio branco",
        "заказывала чёрный, пришёл белый",
        "我买的是黑色，收到白色",
    ],
)
def test_a_colour_said_about_a_wrong_item_names_no_other_order(tmp_path, said):
    """Played (lazada-th-001): "ของที่ได้รับไม่ตรงกับที่สั่งค่ะ" opened a wrong-item case for the
    delivered power bank; "สั่งสีดำแต่ได้สีขาว" (ordered black, got white) moved to the earbuds
    order, whose title says black (สีดำ), still at the post office, and opened a second case."""
    orders = [
        order("5000000001", "delivered", buyer="ru-buyer-1", items=item("Power bank 20000mAh"),
              shipments=[parcel("LP5000000001CN")]),
        shipped("5000000002", "Xiaomi Buds 5 หูฟังบลูทูธ สีดำ preto чёрный 黑色"),
    ]  # fmt: skip
    orders_database(tmp_path, orders)
    try:
        chat = [
            user("wrong_item", "ของที่ได้รับไม่ตรงกับที่สั่งค่ะ", metadata=BUYER),
            {"event": "slot", "name": "order_id", "value": "5000000001"},
            bot("utter_wrong_item", order_number="5000000001", case_id=1),
            user("wrong_item", said, metadata=BUYER),
        ]
        _, events = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "5000000001"}))
        assert SlotSet("order_id", "5000000002") not in events
        assert SlotSet("order_id", "5000000001") in events
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "reply, intent, meant",
    [
        ("o pedido que chegou", "thank", "9800000002"),
        ("cái đã nhận rồi", "affirm", "9800000002"),
        ("已经到了的那个", "nlu_fallback", "9800000002"),
        ("the one still on its way", "nlu_fallback", "9800000001"),
        ("cái chưa nhận", "nlu_fallback", "9800000001"),
    ],
)
def test_which_order_answered_with_the_one_that_came_or_is_coming_picks_it(tmp_path, reply, intent, meant):
    """Played (aliexpress-br-001): "which order?" with two buttons; "o pedido que chegou" (the
    one that came, read as thanks at 0.94) got "Claro!" and the same buttons again. Now the
    order delivered is picked, with no "Sure!" first; "the one on its way" picks the other."""
    earbuds_travelling_and_case_delivered(tmp_path)
    try:
        asked = [user("refund_status", "khi nao duoc hoan tien", metadata=VN_BUYER)]
        messages, _ = validate(tracker(asked, slots={"requested_slot": "order_id"}))
        assert responses(messages) == ["utter_which_order"]
        offer = bot("utter_which_order", buttons=messages[0]["buttons"])
        chat = tracker(
            [
                *asked,
                {"event": "active_loop", "name": "order_form"},
                offer,
                user(intent, reply, metadata=VN_BUYER),
            ],
            slots={"requested_slot": "order_id"},
        )
        if intent != "nlu_fallback":
            messages, _ = run(ActionAcknowledgeSmallTalk(), chat)
            assert messages == []  # no "Sure!": the reply picked an order
        messages, events = validate(chat)
        assert events == [SlotSet("order_id", meant), SlotSet("requested_slot", None)]
    finally:
        commerce.use_repository(None)


def earbuds_at_customs_and_lamp_travelling(tmp_path):
    """Two parcels on their way to the buyer: the earbuds held at customs, the lamp moving."""
    vn_orders_with_last_scans(
        tmp_path,
        ("9700000001", "shipped", "Tai nghe Bluetooth TWS A40", "customs", 1),
        ("9700000002", "shipped", "Đèn ngủ LED", "departed_origin", 2),
    )


@pytest.mark.parametrize(
    "reply",
    [
        "o que tá na alfândega",
        "the one stuck in customs",
        "cái đang ở hải quan",
        "那个在海关的",
        "тот, что на таможне",
        "อันที่ติดศุลกากรค่ะ",
    ],
)
def test_which_order_answered_with_the_one_at_customs_picks_it(tmp_path, reply):
    """Asked "which order?" with two parcels on their way, the buyer said "the one at customs". Read as
    customs_duty (today's model, 0.51-0.99) the new topic narrows to it; read as anything else
    ("那个在海关的" is 0.51, a hair above falling back) no product, amount or date was named
    and the same buttons came again. The words themselves now pick the order customs holds."""
    earbuds_at_customs_and_lamp_travelling(tmp_path)
    try:
        asked = [user("track_order", "where is my parcel?", metadata=VN_BUYER)]
        messages, _ = validate(tracker(asked, slots={"requested_slot": "order_id"}))
        assert responses(messages) == ["utter_which_order"]
        chat = tracker(
            [
                *asked,
                {"event": "active_loop", "name": "order_form"},
                bot("utter_which_order", buttons=messages[0]["buttons"]),
                user("nlu_fallback", reply, metadata=VN_BUYER),
            ],
            slots={"requested_slot": "order_id"},
        )
        messages, events = validate(chat)
        assert events == [SlotSet("order_id", "9700000001"), SlotSet("requested_slot", None)]
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("reply", ["nao esse, o q termina em 0004", "the 0004 one", "#0004"])
def test_which_order_answered_with_the_last_digits_of_its_number_picks_it(repo, reply):
    """Played (aliexpress-br-001): "cancela o pedido 0345 pfv" -> "which order?" with both;
    "nao esse, o q termina em 9012" got "did you mean one of these?" and the same buttons,
    three times. Buyers copy the last digits they see in the app's order list."""
    from actions.clarify import ActionLowConfidence

    asked = [user("track_order", "where is my parcel?", metadata=BUYER)]
    chat = tracker(
        [*asked, WHICH_OF_TWO, user("nlu_fallback", reply, metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )
    messages, events = run(ActionLowConfidence(), chat)
    assert messages == [] and events == []
    messages, events = validate(chat)
    assert events == [SlotSet("order_id", "3000000004"), SlotSet("requested_slot", None)]


def test_a_question_naming_the_last_digits_of_an_order_is_about_that_order(repo):
    t = tracker([user("track_order", "where is the 0003 one?", metadata=BUYER)])
    assert run_required(t) == []
    messages, events = run(ActionOrderAnswer(), t)
    assert messages[0]["order_number"] == "3000000003"


@pytest.mark.parametrize("said", ["the one from 15/06/2024", "the 1.290,00 one", "at 12:30"])
def test_dates_amounts_and_times_are_no_part_of_an_order_number(said):
    from actions.number_parts import number_parts

    assert number_parts(said) == []


def test_why_was_my_order_cancelled_i_never_asked_is_about_the_cancelled_one_and_a_person(tmp_path):
    """Played (lazada-id-001, one order cancelled, one paid): "knp pesanan sy dibatalin?????
    sy ga pernah minta batal" got the cancel buttons for both orders, twice."""
    buyer = {"marketplace": "lazada", "buyer_id": "id-buyer-7"}
    orders_database(
        tmp_path,
        [
            order("5300000001", "cancelled", buyer="id-buyer-7"),
            order("5300000002", "paid", buyer="id-buyer-7"),
        ],
    )
    try:
        text = "knp pesanan sy dibatalin????? sy ga pernah minta batal"
        t = tracker([user("cancel_order", text, metadata=buyer)])
        assert run_required(t) == []
        messages, events = run(ActionOrderAnswer(), t)
        assert SlotSet("order_id", "5300000001") in events
        assert responses(messages)[-1] == "utter_handoff" and handed_off(events, "order_closed")
    finally:
        commerce.use_repository(None)


def test_what_if_the_refund_has_not_come_by_then_is_told_the_day_and_who_checks(repo):
    """Played (ozon-ru-001): after the approved refund's day, "а если не придут до 10го?" (and
    if it hasn't come by the 10th?) went to a person. Asked once more, a person does take it."""
    events = [
        user("refund_status", "мне деньги за мышку так и не пришли", metadata=BUYER),
        {"event": "slot", "name": "order_id", "value": "3000000002"},
        bot("utter_refund_payout_by", order_number="3000000002"),
        user("refund_status", "а если не придут до 10го?", metadata=BUYER),
    ]
    messages, result = run(ActionOrderAnswer(), tracker(events, slots={"order_id": "3000000002"}))
    assert responses(messages) == ["utter_refund_if_late"]
    assert messages[0]["expected_date"] and messages[0]["refund_amount"] == "100.00 THB"
    again = [*events, bot("utter_refund_if_late", order_number="3000000002"), events[-1]]
    messages, result = run(ActionOrderAnswer(), tracker(again, slots={"order_id": "3000000002"}))
    assert handed_off(result, "disputes_refund_time")


@pytest.mark.parametrize(
    "intent, said",
    [("affirm", "todos"), ("goodbye", "all of them"), ("nlu_fallback", "os dois pô"), ("affirm", "都要"),
     ("affirm", "both please"), ("affirm", "semuanya kak"), ("nlu_fallback", "todos eles mano")],
)  # fmt: skip
def test_all_of_them_to_which_order_answers_for_each_offered(repo, intent, said):
    """Round 10 (aliexpress-br-001): "todos" to "which of your orders?" got "Claro!" and the
    same buttons; "all of them" got "Bye!" and the buttons; "os dois pô" a fallback."""
    answer = tracker(
        [user("track_order", "where is my parcel?", metadata=BUYER), WHICH_OF_TWO,
         user(intent, said, metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )  # fmt: skip
    first = ActionLowConfidence() if intent == "nlu_fallback" else ActionAcknowledgeSmallTalk()
    acknowledged, _ = run(first, answer)
    assert acknowledged == []  # no "Sure!" / "Bye!" / "did you mean…?" before the answers
    messages, events = validate(answer)
    assert messages == [] and events == [SlotSet("order_id", None), SlotSet("requested_slot", None)]
    messages, _ = run(ActionOrderAnswer(), answer)
    assert [m["order_number"] for m in messages if m["response"] == "utter_about_only_order"] == [
        "3000000004",
        "3000000003",
    ]
    # In a sentence, "all" is no pick: "that's all I wanted to say about it" asks again.
    sentence = tracker(
        [user("track_order", "where is my parcel?", metadata=BUYER), WHICH_OF_TWO,
         user("affirm", "ok that is all i wanted to know about it thanks", metadata=BUYER)],
        slots={"requested_slot": "order_id"},
    )  # fmt: skip
    assert responses(validate(sentence)[0]) == ["utter_which_order"]


def test_when_does_it_come_right_after_the_order_still_to_ship_was_picked_stays_on_it(repo):
    """Round 11 (aliexpress-br-001): "o da capinha" picked the paid order still to ship from the
    buttons; "e chega qnd?" right after got the same three buttons again."""
    chat = [
        user("track_order", "where is my parcel?", metadata=BUYER),
        bot("utter_order_status_unshipped", order_number="3000000001"),
        user("track_order", "e chega qnd?", metadata=BUYER),
    ]
    messages, _ = run(ActionOrderAnswer(), tracker(chat, slots={"order_id": "3000000001"}))
    assert responses(messages)[-1] == "utter_arrival_window"  # it got the ship date again
    assert {m.get("order_number") for m in messages} <= {"3000000001", None}
    # Asked with the question the buttons answered: "já despacharam? e qnd chega?", "o da capinha".
    cooker = {"title": "3000000001 · Rice cooker 1.8L", "payload": '/track_order{"order_id": "3000000001"}'}
    three = [*WHICH_OF_TWO["data"]["buttons"], cooker]
    picked = [
        user("track_order", "ja despacharam meu pedido? e qnd chega mais ou menos?", metadata=BUYER),
        bot("utter_which_order", buttons=three),
        user("track_order", "the rice cooker", metadata=BUYER),
    ]
    messages, _ = run(ActionOrderAnswer(), tracker(picked, slots={"order_id": "3000000001"}))
    assert responses(messages)[-1] == "utter_arrival_window"

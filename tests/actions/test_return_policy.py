"""The shop's returns policy, whatever the classifier read. Played on `make run` (wish-gb-001):
"can you tell me your returns policy? how many days do i have" was out of scope, and "is return
postage free" was told the cancelled order had nothing to refund."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from actions.out_of_scope import ActionOutOfScope
from actions.presale import ActionProductQuestion
from actions.return_policy import asks_return_policy
from bot.seller.shop import load_shop, parse_shop
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, responses


@pytest.mark.parametrize(
    "text",
    [
        "can you tell me your returns policy? how many days do i have",
        "is return postage free",
        "who pays shipping if i return an item?",
        "qual o prazo para devolver?",
        "¿quién paga el envío de vuelta?",
        "какие условия возврата?",
        "退货运费谁出",
        "คืนสินค้าได้กี่วันคะ",
        "chính sách đổi trả của shop thế nào",
        "ongkir retur siapa yang bayar?",
    ],
)
def test_a_returns_policy_question_is_read_in_every_language(text):
    assert asks_return_policy(text)


@pytest.mark.parametrize(
    "text", ["I want to return it, it's broken", "where is my refund?", "devolvi o produto"]
)
def test_a_return_itself_is_no_policy_question(text):
    assert not asks_return_policy(text)


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [order("7500000001", "cancelled")])
    commerce.use_repository(None)


@pytest.mark.parametrize(
    "action, intent, text",
    [
        (ActionOutOfScope(), "out_of_scope", "can you tell me your returns policy? how many days do i have"),
        (ActionOrderAnswer(), "request_refund", "is return postage free"),
    ],
)
def test_the_policy_is_told_from_the_sellers_settings(repo, action, intent, text):
    messages, events = run(action, tracker([user(intent, text, metadata=BUYER)], slots={"language": "en"}))
    assert responses(messages) == ["utter_return_policy"]
    policy = load_shop().returns
    told = (messages[0]["return_days"], messages[0]["return_shipping"])
    assert told == (policy.days, policy.shipping_paid_by)
    assert events == []


def test_who_pays_the_return_shipping_is_one_of_three():
    assert parse_shop({"returns": {"days": 30, "shipping_paid_by": "seller"}}).returns.days == 30
    with pytest.raises(ValueError, match="shipping_paid_by"):
        parse_shop({"returns": {"shipping_paid_by": "nobody"}})


@pytest.mark.parametrize(
    "intent, text",
    [
        ("urge_shipment", "а чек положите в посылку?"),  # ozon-ru-001: the ship date
        ("product_question", "preciso de nota fiscal"),  # aliexpress-br-001: a colleague
    ],
)
def test_an_invoice_question_is_told_where_the_invoice_is(repo, intent, text):
    chat = [user(intent, text, metadata=BUYER)]
    action = ActionProductQuestion() if intent == "product_question" else ActionOrderAnswer()
    messages, events = run(action, tracker(chat, slots={"language": "zh", "order_id": "7500000001"}))
    assert responses(messages) == ["utter_invoice"] and events == []


@pytest.mark.parametrize(
    "intent, text",
    [
        # shopee-tw-001: "no order 12345678" (the company's number read as an order's).
        ("inform", "那可以開發票嗎 統編 12345678"),
        # Round 10 (lazada-vn-001): the details in the request were asked for again.
        ("track_order", "shop oi xuat giup em hoa don VAT cho don tai nghe nhe. Ten cty: Cong ty TNHH "
         "Minh Phat, MST 0108123456, dia chi 12 Tran Duy Hung, Cau Giay, Ha Noi"),
    ],
)  # fmt: skip
def test_an_invoice_asked_with_the_company_tax_number_goes_to_a_colleague_at_once(repo, intent, text):
    chat = [user(intent, text, metadata=BUYER)]
    messages, events = run(
        ActionOrderAnswer(), tracker(chat, slots={"language": "zh", "order_id": "7500000001"})
    )
    assert responses(messages) == ["utter_invoice_details_noted", "utter_handoff"]
    assert SlotSet("handoff_reason", "invoice") in events


@pytest.mark.parametrize(
    "text",
    [
        "tra hang thi mat phi ship ko",  # lazada-vn-001: was told the checkout's shipping fee
        "si lo devuelvo, ¿quién paga el envío?",
        "pano po mag refund if di ko nagustuhan yung item pag dumating",  # lazada-ph-001
        "op lung k vua may, tra hang dc ko shop",
    ],
)
def test_sending_an_item_back_and_its_shipping_asked_together_is_the_policy(text):
    assert asks_return_policy(text)


@pytest.mark.parametrize(
    "intent, text",
    [
        # aliexpress-es-001, after the broken item's answer: read as customs duty, it got the
        # duty answer (and the duty apology's coupon) about a parcel with no duty to pay.
        ("customs_duty", "y los gastos de envio quien los paga?"),
        # lazada-ph-001 (VIP, an order not yet shipped): "how do I get a refund if I don't like
        # it when it comes?" was offered the order's cancellation.
        ("request_refund", "pano po mag refund if di ko nagustuhan yung item pag dumating"),
    ],
)
def test_who_pays_the_shipping_of_an_order_bought_is_the_return_policy(tmp_path, intent, text):
    orders_database(tmp_path, [order("7500000002", "paid")])
    try:
        messages, events = run(
            ActionOrderAnswer(), tracker([user(intent, text, metadata=BUYER)], slots={"language": "en"})
        )
    finally:
        commerce.use_repository(None)
    assert responses(messages) == ["utter_return_policy"]
    assert events == []


def test_who_pays_the_shipping_before_buying_is_no_return_question(repo):
    t = tracker([user("product_question", "quem paga o frete?", metadata=BUYER)], slots={"language": "pt"})
    messages, _ = run(ActionProductQuestion(), t)
    assert "utter_return_policy" not in responses(messages)


@pytest.mark.parametrize(
    "intent, text",
    [
        ("inform", "для юрлица, ООО Ромашка ИНН 7701234567"),  # ozon-ru-001: "no order 7701234567"
        ("out_of_scope", "Acme LLC, 123 Main St, Austin TX"),  # wish-us-001: "I can only help with orders"
        ("inform", "CPF 123.456.789-09"),
    ],
)
def test_the_company_details_asked_for_an_invoice_go_to_a_colleague(repo, intent, text):
    from actions.order_number_given import ActionOrderNumberGiven

    chat = [
        user("product_question", "can I get an invoice?", metadata=BUYER),
        bot("utter_invoice"),
        user(intent, text, metadata=BUYER),
    ]
    action = ActionOutOfScope() if intent == "out_of_scope" else ActionOrderNumberGiven()
    messages, events = run(action, tracker(chat, slots={"language": "en"}))
    assert responses(messages) == ["utter_handoff"]
    assert SlotSet("handoff_reason", "invoice") in events


def test_a_number_with_no_invoice_asked_before_is_still_an_order_number(repo):
    from rasa_sdk.executor import CollectingDispatcher

    from actions.invoice_details import details_handed_on

    chat = [user("inform", "ООО Ромашка ИНН 7701234567", metadata=BUYER)]
    assert details_handed_on(CollectingDispatcher(), tracker(chat)) is None

"""Round 17 of played buyer conversations (docs/conversations.md, "A seventeenth round"): each
buyer message read by the real trained model, then answered by the action Rasa's rules pick for
what it was read as, on a real SQLite database of orders."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.order_answer import ActionOrderAnswer
from actions.order_number_given import ActionOrderNumberGiven
from actions.presale import ActionProductQuestion
from bot.commerce.views import BuyerRef
from tests.actions.helpers import bot, orders_database, run, scan, tracker
from tests.actions.test_order_answers import ago, order, responses

pytestmark = pytest.mark.model

BUYER = {"marketplace": "lazada", "buyer_id": "th-buyer-1"}
ACTIONS = {  # the rules' action for what the message was read as (data/rules/)
    "nlu_fallback": ActionLowConfidence,
    "inform": ActionOrderNumberGiven,
    "product_question": ActionProductQuestion,
}


def answer(parse, text: str, slots: dict):
    """What the action for the model's reading of `text`, asked first in a chat, says and does."""
    parsed = parse(text)
    chat = [{"event": "user", "text": text, "parse_data": parsed, "metadata": BUYER}]
    intent = parsed["intent"]["name"]
    return run(ACTIONS.get(intent, ActionOrderAnswer)(), tracker(chat, slots=slots))


@pytest.mark.parametrize(
    "text",
    [
        "杯子收到了 谢谢！另外雨伞什么时候到啊",
        "got the mug thanks!! when are the umbrellas coming tho",
        "nhận được cái cốc rồi cảm ơn shop nha, còn mấy cây dù khi nào tới vậy",
        # lazada-th-001 (round 17): the power bank praised, thanks, then where to collect the earbuds.
        "พาวเวอร์แบงค์ที่ได้เดือนที่แล้วใช้ดีมากค่ะ ขอบคุณนะคะ แล้วหูฟังต้องไปรับที่ไหนคะ",
    ],
)
def test_thanks_for_one_item_then_when_is_the_other_is_the_question(parse, text):
    """shopee-sg-001 (round 17): "杯子收到了 谢谢！另外雨伞什么时候到啊" (got the cup, thanks! and when
    do the umbrellas come?) was read as a thank-you (0.98): "you're welcome", the question dropped."""
    assert parse(text)["intent"]["name"] == "track_order"


SLEEVE = [{"sku": "SLV", "title": "Funda para portátil 15,6 pulgadas gris", "quantity": 1,
           "unit_price": "24.99", "declared_value": "5.00"}]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "oye la funda me queda pequeña, en vez del reembolso me la podéis cambiar por la de 17 pulgadas?",
        "la funda me queda chica, no entra mi portátil. me la cambiáis?",
        "the sleeve is too small for my laptop, can you swap it for a bigger one?",
    ],
)
def test_a_size_that_does_not_fit_is_no_damage_on_the_way(tmp_path, parse, text):
    """aliexpress-es-001 (round 17), a laptop sleeve delivered: "me queda pequeña… me la podéis
    cambiar por la de 17 pulgadas?" was told it was most likely damaged on the way, photos of the
    packaging (a damage case)."""
    parcel = [{"carrier": "Correos", "tracking_number": "LP7ES", "shipped_at": ago(12)}]
    sleeve = order("8185000001", "delivered", items=SLEEVE, shipments=parcel, currency="EUR")
    orders_database(
        tmp_path, [sleeve], [scan("LP7ES", ago(12), "accepted"), scan("LP7ES", ago(5), "delivered")]
    )
    try:
        messages, _ = answer(parse, text, {"language": "es", "order_id": "8185000001"})
        said = responses(messages)
        assert "utter_ask_photos" not in said
        assert {"utter_exchange_to_after_sales", "utter_ask_photos_wrong_item"} & set(said)
    finally:
        commerce.use_repository(None)


def test_refusing_to_pay_the_duty_is_told_what_comes_back(tmp_path, parse):
    """aliexpress-br-001 (round 17), the watch held at customs: "se eu recusar pagar a taxa do relogio
    vcs devolvem meu dinheiro?" (if I refuse to pay the tax, do you refund me?) got who pays the
    duty, a coupon and when it is released; what refusing brings back only when asked again."""
    parcel = [{"carrier": "Correios", "tracking_number": "NL1BR", "shipped_at": ago(18)}]
    watch = order("8190000001", "shipped", shipments=parcel, destination_country="BR", currency="BRL")
    orders_database(tmp_path, [watch], [scan("NL1BR", ago(18), "accepted"), scan("NL1BR", ago(4), "customs")])
    try:
        text = "se eu recusar pagar a taxa do relogio vcs devolvem meu dinheiro?"
        messages, _ = answer(parse, text, {"language": "pt", "order_id": "8190000001"})
        assert "utter_customs_refused" in responses(messages)
    finally:
        commerce.use_repository(None)


def refund(status: str) -> dict:
    stages = {"requested": ("requested_at",), "approved": ("requested_at", "approved_at")}[status]
    return {
        "amount": "24.99",
        "status": status,
        "reason": "item not as described",
        **{s: ago(1) for s in stages},
    }


@pytest.mark.parametrize(
    "status, text, language, told",
    [
        (
            "requested",
            "hola, me dijisteis q me devolvíais el dinero de la funda y nada, cuanto falta??",
            "es",
            "utter_refund_review_by",
        ),
        (
            "approved",
            "Здравствуйте. мне обещали вернуть деньги за мышку ещё неделю назад, где они??",
            "ru",
            "utter_refund_payout_by",
        ),
        (
            "approved",
            "they said i'd get my money back days ago, where's my refund??",
            "en",
            "utter_refund_payout_by",
        ),
    ],
)
def test_a_promised_refund_asked_where_or_how_long_gets_its_day(
    tmp_path, parse, status, text, language, told
):
    """aliexpress-es-001 and ozon-ru-001 (round 17): a refund promised, "cuanto falta??" (how long
    still?) and "где они??" (where is it?) got its status alone ("we'll tell you here"); the day
    came only when asked "when?" again."""
    parcel = [{"carrier": "Correos", "tracking_number": "LP7ES", "shipped_at": ago(12)}]
    sleeve = order("8185000001", "delivered", items=SLEEVE, shipments=parcel, refunds=[refund(status)])
    orders_database(
        tmp_path, [sleeve], [scan("LP7ES", ago(12), "accepted"), scan("LP7ES", ago(5), "delivered")]
    )
    try:
        messages, _ = answer(parse, text, {"language": language, "order_id": "8185000001"})
        assert told in responses(messages)
    finally:
        commerce.use_repository(None)


CASES = [{"sku": "A54", "title": "Capinha para celular Galaxy A54 transparente", "quantity": 2,
          "unit_price": "19.90", "declared_value": "3.00"}]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "ah ok obrigada! e as capinhas, ja da pra cancelar uma delas?",
        "quero cancelar uma das capinhas, fico com 1",
    ],
)
def test_cancelling_one_of_two_items_is_told_the_order_goes_whole(tmp_path, parse, text):
    """aliexpress-br-001 (round 17): "e as capinhas, ja da pra cancelar uma delas?" (can I cancel
    one of them?) about two phone cases in one order was asked "cancel the order (R$ 39,80)?"."""
    orders_database(tmp_path, [order("8190000003", "paid", items=CASES, currency="BRL")])
    try:
        messages, events = answer(parse, text, {"language": "pt", "order_id": "8190000003"})
        assert responses(messages)[-1] == "utter_cancel_whole_order"
        assert "utter_confirm_cancel" not in responses(messages)
    finally:
        commerce.use_repository(None)


def test_only_one_while_the_cancel_question_waits_is_told_the_order_goes_whole(tmp_path, parse):
    """aliexpress-br-001 (round 17), asked "cancel the order (2 phone cases)?": "não não, só uma!
    comprei 2 e quero ficar com 1" (no, just one! I bought 2 and want to keep 1) got "I need a
    clear yes or no", and the order could have been cancelled whole on the next "ok"."""
    from actions.cancellation import ActionConfirmCancel

    repository = orders_database(tmp_path, [order("8190000003", "paid", items=CASES, currency="BRL")])
    try:
        text = "não não, só uma! comprei 2 e quero ficar com 1"
        chat = [{"event": "user", "text": text, "parse_data": parse(text), "metadata": BUYER}]
        slots = {"language": "pt", "order_id": "8190000003", "awaiting_confirmation": "cancel_order"}
        messages, events = run(ActionConfirmCancel(), tracker(chat, slots=slots))
        assert responses(messages) == ["utter_cancel_whole_order"]
        assert SlotSet("awaiting_confirmation", None) in events
        assert repository.order_for_buyer(BuyerRef("lazada", "th-buyer-1"), "8190000003").status == "paid"
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text, language, last_scan, told",
    [
        ("ถ้าไม่ไปรับที่ไปรษณีย์ จะได้เงินคืนไหมคะ กี่วัน", "th", "awaiting_pickup", "utter_refund_not_collected"),
        (
            "if i dont pick it up from the post office do i get my money back?",
            "en",
            "awaiting_pickup",
            "utter_refund_not_collected",
        ),
        ("那我拒收吧，钱多久能退回来？", "zh", "out_for_delivery", "utter_refusing_the_parcel"),
    ],
)
def test_a_parcel_left_uncollected_or_refused_is_told_the_refund_once_back(
    tmp_path, parse, text, language, last_scan, told
):
    """lazada-th-001 (round 17), the earbuds waiting at the post office, could not be cancelled:
    "ถ้าไม่ไปรับที่ไปรษณีย์ จะได้เงินคืนไหมคะ กี่วัน" (if I don't collect it, do I get my money back,
    how many days?) got where to collect it. lazada-my-001, the rice cooker out for delivery: "那我
    拒收吧，钱多久能退回来？" (I'll refuse it then, how long until the money is back?) got "it's on
    its way, nothing to refund yet"."""
    parcel = [{"carrier": "Thailand Post", "tracking_number": "EB1TH", "shipped_at": ago(8)}]
    scans = [scan("EB1TH", ago(8), "accepted"), scan("EB1TH", ago(2), last_scan, "Bang Rak")]
    orders_database(tmp_path, [order("5123000001", "shipped", shipments=parcel)], scans)
    try:
        messages, _ = answer(parse, text, {"language": language, "order_id": "5123000001"})
        assert told in responses(messages)
    finally:
        commerce.use_repository(None)


def test_duty_and_a_tracking_that_has_not_moved_are_both_answered(tmp_path, parse):
    """aliexpress-mx-001 (round 17), the lamp with no scan for 9 days: "oye me van a cobrar
    impuestos por la lampara?? y pq lleva como 9 dias sin moverse el rastreo" got who pays the
    duty; the tracking that has not moved was not a word of it."""
    parcel = [{"carrier": "Cainiao", "tracking_number": "LP9MX", "shipped_at": ago(16)}]
    lamp = order("8187000001", "shipped", shipments=parcel, destination_country="MX", currency="MXN")
    orders_database(
        tmp_path, [lamp], [scan("LP9MX", ago(16), "accepted"), scan("LP9MX", ago(9), "departed_origin")]
    )
    try:
        text = "oye me van a cobrar impuestos por la lampara?? y pq lleva como 9 dias sin moverse el rastreo"
        messages, _ = answer(parse, text, {"language": "es", "order_id": "8187000001"})
        said = responses(messages)
        assert "utter_customs_duty" in said and "utter_tracking_stalled" in said
    finally:
        commerce.use_repository(None)


BATIK = [{"sku": "BTK", "title": "Kemeja batik pria lengan panjang, L", "quantity": 1,
          "unit_price": "149000", "declared_value": "0"}]  # fmt: skip
POWER_BANK = [{"sku": "PB", "title": "Power bank 20000mAh hitam", "quantity": 1,
               "unit_price": "239000", "declared_value": "0"}]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "kak powerbank aku kapan dikirim? trs yg batik gajadi deh batalin aja",
        "batiknya batalin aja kak. powerbank kapan dikirim?",
    ],
)
def test_one_order_cancelled_and_another_asked_about_in_one_message(tmp_path, parse, text):
    """lazada-id-001 (round 17): "kak powerbank aku kapan dikirim? trs yg batik gajadi deh batalin
    aja" (when does the power bank ship? and the batik, never mind, cancel it) was asked "which
    order?", and the power bank, picked to that, was offered to be cancelled."""
    batik = order("6034000001", "unpaid", items=BATIK, currency="IDR", destination_country="ID")
    power_bank = order("6034000002", "paid", items=POWER_BANK, currency="IDR", destination_country="ID")
    orders_database(tmp_path, [batik, power_bank])
    try:
        messages, _ = answer(parse, text, {"language": "id"})
        said = responses(messages)
        assert "utter_which_order" not in said
        assert said[-1] == "utter_confirm_cancel" and messages[-1]["order_number"] == "6034000001"
        about_power_bank = [m for m in messages[:-1] if m.get("order_number") == "6034000002"]
        assert len(about_power_bank) >= 2  # the line naming it, and where it stands
    finally:
        commerce.use_repository(None)


CASE_BUTTON = [
    {"title": "4981000002 · Ốp lưng iPhone 15", "payload": '/track_order{"order_id": "4981000002"}'}
]


def test_thanks_then_another_size_for_the_other_order_goes_to_after_sales(tmp_path, parse):
    """lazada-vn-001 (round 17), told where the earbuds are: "ok cảm ơn shop nha. à mà cái ốp lưng
    bị chật quá ko vừa máy, đổi size lớn hơn đc ko" (thanks. oh, and the phone case is too tight
    for the phone, can I get a bigger size?), not understood, got the phone case's "delivered,
    did it come?"."""
    earbuds = [{"carrier": "Lazada Express", "tracking_number": "LZVN1", "shipped_at": ago(5)}]
    cases = [{"carrier": "Lazada Express", "tracking_number": "LZVN2", "shipped_at": ago(9)}]
    case_items = [{"sku": "OP15", "title": "Ốp lưng iPhone 15 silicon", "quantity": 2, "unit_price": "89000",
                   "declared_value": "0"}]  # fmt: skip
    orders = [
        order("4981000001", "shipped", shipments=earbuds, currency="VND", destination_country="VN"),
        order("4981000002", "delivered", items=case_items, shipments=cases, currency="VND"),
    ]
    scans = [
        scan("LZVN1", ago(5), "accepted"),
        scan("LZVN2", ago(9), "accepted"),
        scan("LZVN2", ago(4), "delivered"),
    ]
    orders_database(tmp_path, orders, scans)
    try:
        first = "tai nghe của mình tới đâu rồi shop"
        text = "ok cảm ơn shop nha. à mà cái ốp lưng bị chật quá ko vừa máy, đổi size lớn hơn đc ko"
        chat = [
            {"event": "user", "text": first, "parse_data": parse(first), "metadata": BUYER},
            {"event": "slot", "name": "order_id", "value": "4981000001"},
            bot("utter_about_order_switch", buttons=CASE_BUTTON, order_number="4981000001"),
            bot("utter_tracking_in_transit", order_number="4981000001"),
            {"event": "user", "text": text, "parse_data": parse(text), "metadata": BUYER},
        ]
        intent = chat[-1]["parse_data"]["intent"]["name"]
        action = ACTIONS.get(intent, ActionOrderAnswer)()
        messages, _ = run(action, tracker(chat, slots={"language": "vi", "order_id": "4981000001"}))
        assert "utter_tracking_delivered_did_it_come" not in responses(messages)
        assert "utter_exchange_to_after_sales" in responses(messages)
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize("text", ["謝謝～ 那可以改寄到公司地址嗎", "可以改寄到我公司嗎？還沒出貨吧"])
def test_sending_it_to_the_office_instead_is_a_new_address(tmp_path, parse, text):
    """shopee-tw-001 (round 17), earbuds paid and not shipped: "謝謝～ 那可以改寄到公司地址嗎" (thanks~
    can it be sent to my office address instead?) got the order's status alone."""
    orders_database(tmp_path, [order("2406000001", "paid", currency="TWD", destination_country="TW")])
    try:
        messages, _ = answer(parse, text, {"language": "zh", "order_id": "2406000001"})
        assert responses(messages)[0] == "utter_address_change_before_shipping"
    finally:
        commerce.use_repository(None)


def test_who_pays_the_shipping_of_a_size_exchange_while_photos_are_awaited(tmp_path, parse):
    """lazada-vn-001 (round 17), the phone case of the wrong size, photos asked for (case 2): "đổi
    size thì mình có phải trả tiền ship ko shop" (if I exchange the size, do I pay the shipping?)
    got "send the photos here whenever you can"."""
    told = "shop ơi ốp lưng bị sai size rồi, mình đặt ip15 mà ko vừa, đổi đc ko ạ"
    text = "đổi size thì mình có phải trả tiền ship ko shop"
    chat = [
        {"event": "user", "text": told, "parse_data": parse(told), "metadata": BUYER},
        bot("utter_ask_photos_wrong_item", case_id=2),
        {"event": "user", "text": text, "parse_data": parse(text), "metadata": BUYER},
    ]
    slots = {"language": "vi", "case_awaiting_photos": "wrong_item:2", "case_id": "2"}
    intent = chat[-1]["parse_data"]["intent"]["name"]
    messages, _ = run(ACTIONS.get(intent, ActionOrderAnswer)(), tracker(chat, slots=slots))
    assert "utter_return_policy" in responses(messages)


@pytest.mark.parametrize(
    "text",
    [
        "urgent urgent trs tp gak dikirim2, kesel bgt. yaudah batalin aja powerbanknya, refund",
        "cancel it and refund me, it's been a week and still not shipped",
        "já faz uma semana e nada de enviar, cancela e me devolve o dinheiro",
    ],
)
def test_cancel_it_and_give_the_money_back_on_an_order_not_shipped_is_the_cancel(tmp_path, parse, text):
    """lazada-id-001 (round 17, task 20): "yaudah batalin aja powerbanknya, refund" (just cancel the
    power bank, refund) about a paid order not shipped got "did you mean: refund / cancel?": for
    such an order both are one thing, the cancel, which gives the money back."""
    power_bank = order("6034000002", "paid", items=POWER_BANK, currency="IDR", destination_country="ID")
    orders_database(tmp_path, [power_bank])
    try:
        messages, _ = answer(parse, text, {"language": "id", "order_id": "6034000002"})
        assert "utter_clarify" not in responses(messages)
        assert responses(messages)[-1] == "utter_confirm_cancel", responses(messages)
    finally:
        commerce.use_repository(None)

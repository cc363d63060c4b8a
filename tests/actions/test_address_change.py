"""A new delivery address: before shipping, the full address to a person who updates the
order; once shipped, the carrier redirects it. Played on `make run`: "我想改收貨地址"
(shopee-tw-001) was asked "cancel order ...?", "kak bisa ganti alamat pengiriman?"
(lazada-id-001) was asked back, "can I change the shipping address on my order?" was
handed off with no word on what to send."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.address_change import asks_address_change
from actions.clarify import ActionLowConfidence
from actions.contact_words import asks_contact_number, asks_phone_change
from actions.handoff_action import ActionHandoff
from actions.order_answer import ActionOrderAnswer
from bot.nlu.references import find_references
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_delivery_note import EVENTS, ORDERS
from tests.actions.test_order_answers import BUYER, order, responses

UNPAID = order("3000000009", "unpaid")


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [*ORDERS, UNPAID], EVENTS)
    commerce.use_repository(None)


def answer(chat, order_number):
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": "en", "order_id": order_number}))


@pytest.mark.parametrize(
    "text",
    [
        "我想改收貨地址", "kak bisa ganti alamat pengiriman?",
        "can I change the shipping address on my order?", "quero trocar o endereço do pedido",
        "можно изменить адрес доставки?", "¿puedo cambiar la dirección de envío?",
        "shop ơi mình muốn đổi địa chỉ nhận hàng", "ขอเปลี่ยนที่อยู่จัดส่งได้ไหมคะ",
        # Played: the order's status alone (shopee-tw-001, ozon-ru-001).
        "我想改收件地址 可以嗎", "можно поменять пункт выдачи для термокружки?",
        # lazada-ph-001 (Taglish): the ship date, and the office address sent next was lost.
        "hi po, pwede ko po ba ipa-deliver sa office ko instead of bahay?",
    ],
)  # fmt: skip
@pytest.mark.parametrize("order_number", ["3000000001", "3000000009"])  # being prepared, not paid yet
def test_before_shipping_the_new_address_goes_to_a_person_who_updates_the_order(repo, text, order_number):
    assert asks_address_change(text)
    messages, events = answer([user("track_order", text, metadata=BUYER)], order_number)
    assert responses(messages) == ["utter_address_change_before_shipping", "utter_handoff"]
    assert handed_off(events, "address_change") and messages[1]["tier"] == 1


def test_once_shipped_the_carrier_redirects_it_then_a_person(repo):
    asked = user("track_order", "can I change the delivery address?", metadata=BUYER)
    messages, events = answer([asked], "3000000002")
    assert responses(messages) == ["utter_tracking_address_change"]
    told = messages[0]
    assert (told["tracking_number"], told["carrier"]) == ("LP00000000302CN", "Ninja Van")
    assert not handed_off(events, "address_change")
    said = bot("utter_tracking_address_change", **{k: v for k, v in told.items() if k != "response"})
    messages, events = answer([asked, said, user("track_order", "but I need a new address")], "3000000002")
    assert responses(messages) == ["utter_handoff"] and handed_off(events, "address_change")


def test_not_understood_with_where_is_my_order_among_the_likeliest_is_answered(repo):
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "cancel_order", "confidence": 0.45},
        {"name": "track_order", "confidence": 0.41},
    ]
    asked = user(
        "nlu_fallback", "kak bisa ganti alamat pengiriman?", confidence=0.5, ranking=ranking, metadata=BUYER
    )
    messages, _ = run(
        ActionLowConfidence(), tracker([asked], slots={"language": "id", "order_id": "3000000001"})
    )
    assert responses(messages) == ["utter_address_change_before_shipping", "utter_handoff"]


def test_a_where_is_it_is_not_read_as_a_new_address(repo):
    messages, _ = answer(
        [user("track_order", "where is my parcel? is it at my address yet?", metadata=BUYER)], "3000000002"
    )
    assert responses(messages) == ["utter_tracking_out_for_delivery"]  # the plain answer, today


@pytest.mark.parametrize(
    "text",
    [
        "здравствуйте, когда отправите заказ? и можно ли поменять адрес доставки?",
        "when will it ship? I need to change the address",
        # Round 10 (lazada-ph-001): "kelan" (when) was no "when".
        "hi po! kelan po ma-ship yung order ko? and pwede pa ba palitan yung address?",
    ],
)
def test_when_it_ships_asked_with_the_new_address_is_answered_first(repo, text):
    messages, events = answer([user("track_order", text, metadata=BUYER)], "3000000001")
    assert responses(messages) == ["utter_ship_by", "utter_address_change_before_shipping", "utter_handoff"]
    assert handed_off(events, "address_change")


def test_an_order_not_paid_yet_gets_no_ship_date_with_the_new_address(repo):
    asked = user("track_order", "when will it ship? I need to change the address", metadata=BUYER)
    messages, _ = answer([asked], "3000000009")
    assert responses(messages) == ["utter_address_change_before_shipping", "utter_handoff"]


PHONE_CHANGES = [
    "对了 电话号码也要改 可以吗",
    "不是 我是说订单上我的电话号码要改 我换号码了 快递员会打旧号码",
    "добрый день хочу поменять номер телефона в заказе на кружку старый уже не работает",
    "shop oi minh muon doi sdt nhan hang cho don tai nghe, sdt cu bi mat roi",
    "and also pls change the contact number to 09181112222 para sya ma contact ng rider",
    "kak mau ganti nomor hp di pesanan, nomor lama udah ga aktif",
    "quero trocar o telefone do pedido, mudei de número",
    "puedo cambiar mi telefono en el pedido?",
    "ขอเปลี่ยนเบอร์โทรในออเดอร์ค่ะ",
]


@pytest.mark.parametrize("text", PHONE_CHANGES)
def test_a_new_phone_number_for_the_order_is_no_question_for_the_shops_number(text):
    """Played (lazada-my-001, lazada-vn-001): "电话号码也要改", "doi sdt nguoi nhan" were told
    the shop answers in the chat, with no phone or Zalo; ozon-ru-001 got the order's status."""
    assert asks_phone_change(text) and asks_address_change(text) and not asks_contact_number(text)


@pytest.mark.parametrize("text", ["your whatsapp number pls", "số điện thoại shop là gì", "店铺电话号码多少"])
def test_the_shops_number_is_no_new_phone_number(text):
    assert asks_contact_number(text) and not asks_phone_change(text)


@pytest.mark.parametrize("text", PHONE_CHANGES[:3])
def test_before_shipping_the_new_phone_number_goes_to_a_person_who_updates_the_order(repo, text):
    messages, events = answer([user("track_order", text, metadata=BUYER)], "3000000001")
    assert responses(messages) == ["utter_phone_change_before_shipping", "utter_handoff"]
    assert handed_off(events, "address_change")


def test_once_shipped_the_new_phone_number_goes_to_the_carrier_then_a_person(repo):
    asked = user("track_order", "电话号码也要改 我换号码了", metadata=BUYER)
    messages, events = answer([asked], "3000000002")
    assert responses(messages) == ["utter_tracking_phone_change"]
    assert (messages[0]["tracking_number"], messages[0]["carrier"]) == ("LP00000000302CN", "Ninja Van")
    said = bot("utter_tracking_phone_change", **{k: v for k, v in messages[0].items() if k != "response"})
    messages, events = answer([asked, said, user("track_order", "还是要改电话")], "3000000002")
    assert responses(messages) == ["utter_handoff"] and handed_off(events, "address_change")


@pytest.mark.parametrize("intent", ["human_handoff", "nlu_fallback"])
def test_a_new_phone_number_read_as_a_person_or_not_understood_is_answered(repo, intent):
    asked = user(intent, "minh muon DOI SDT NGUOI NHAN trong don thanh 0912345678", metadata=BUYER)
    for action in (ActionHandoff(), ActionLowConfidence()):
        messages, _ = run(action, tracker([asked], slots={"language": "vi", "order_id": "3000000001"}))
        assert responses(messages) == ["utter_phone_change_before_shipping", "utter_handoff"]


def test_a_philippine_mobile_number_is_no_order_number():
    found = find_references("pls change the contact number to 09181112222 for order 781200345567123")
    assert [(ref.entity, ref.value) for ref in found] == [("order_id", "781200345567123")]


def test_a_complaint_about_the_courier_s_calls_asks_no_new_number():
    """Round 10 (lazada-my-001): a complaint about a rude courier who phoned, asking to change
    courier, got "how to change your phone number with Ninja Van"."""
    text = (
        "老板我要投诉你们的快递。上个月那个快递员到我家楼下打电话给我，结果他就很凶地骂我，"
        "还把包裹丢在地上就走了。你们能不能换一家快递或者帮我投诉一下？"
    )
    assert not asks_phone_change(text)
    assert asks_phone_change("电话号码也要换一下")  # a new number still is one

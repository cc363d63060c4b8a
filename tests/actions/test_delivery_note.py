"""Delivery instructions ("可以放门卫吗", "pode deixar na portaria?"): who to tell, with the
tracking number, for a parcel on its way; a person for an order not shipped yet or the same
wish again. Played on `make run` (lazada-my-001, aliexpress-br-001, lazada-vn-001): they went
to the product team, were asked back, or got the parcel's expected dates."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from actions.delivery_note import gives_delivery_instructions
from actions.order_answer import ActionOrderAnswer
from tests.actions.helpers import bot, handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

ORDERS = [
    order("3000000001", "processing"),
    order("3000000002", "shipped", shipments=[parcel("LP00000000302CN", carrier="Ninja Van")]),
    order("3000000003", "shipped", shipments=[parcel("LP00000000303CN")]),
]
EVENTS = [
    {"tracking_number": "LP00000000302CN", "occurred_at": ago(0.5), "status": "out_for_delivery",
     "place": "Petaling Jaya hub"},
    {"tracking_number": "LP00000000303CN", "occurred_at": ago(1), "status": "awaiting_pickup",
     "place": "Chiang Mai"},
]  # fmt: skip


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, ORDERS, EVENTS)
    commerce.use_repository(None)


def answer(chat, order_number):
    return run(ActionOrderAnswer(), tracker(chat, slots={"language": "en", "order_id": order_number}))


@pytest.mark.parametrize(
    "text",
    [
        "可以放门卫吗", "放快递柜就行", "pode deixar na portaria?", "deixa com o porteiro",
        "giao giờ hành chính giúp mình nhé, gửi bảo vệ cũng được", "titip satpam aja ya",
        "ฝากไว้กับ รปภ. ได้ไหมคะ", "оставьте у консьержа, пожалуйста", "pueden dejarlo con el portero?",
        "can you leave it with the security guard?", "please call me before delivery",
        # Played (lazada-my-001): "out for delivery today" twice for these.
        "司机说找不到我家", "能不能叫他明天再送", "the driver says he can't find my address",
    ],
)  # fmt: skip
def test_a_parcel_on_its_way_tells_whom_to_tell_with_the_tracking_number(repo, text):
    assert gives_delivery_instructions(text)
    messages, events = answer([user("track_order", text, metadata=BUYER)], "3000000002")
    assert responses(messages) == ["utter_tracking_delivery_note"]
    assert (messages[0]["tracking_number"], messages[0]["carrier"]) == ("LP00000000302CN", "Ninja Van")
    assert messages[0]["place"] == "Petaling Jaya hub"  # and where it is now
    assert not handed_off(events, "delivery_note")


@pytest.mark.parametrize(
    "text", ["where is my parcel?", "包裹到哪了", "cadê meu pedido?", "quando chega?", "đơn của mình đâu rồi"]
)
def test_a_plain_where_is_it_is_not_read_as_instructions(repo, text):
    assert not gives_delivery_instructions(text)
    messages, _ = answer([user("track_order", text, metadata=BUYER)], "3000000002")
    assert responses(messages) == ["utter_tracking_out_for_delivery"]  # the plain answer, today


@pytest.mark.parametrize(
    "again", ["你们帮我跟快递说放门卫吧", "那你们帮我跟快递说一下吧", "can you tell the courier?"]
)
def test_the_same_wish_again_or_you_tell_the_courier_goes_to_a_person(repo, again):
    first, _ = answer([user("track_order", "可以放门卫吗", metadata=BUYER)], "3000000002")
    chat = [
        user("track_order", "可以放门卫吗", metadata=BUYER),
        bot("utter_tracking_delivery_note", **{k: v for k, v in first[0].items() if k != "response"}),
        user("track_order", again),
    ]
    messages, events = answer(chat, "3000000002")
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "delivery_note")
    how_long = [*chat[:2], user("track_order", "还要多久?")]
    messages, _ = answer(how_long, "3000000002")
    assert responses(messages) != ["utter_handoff"]  # a question about the parcel is still answered


def test_an_order_not_shipped_yet_goes_to_a_person_who_can_note_it_on_the_parcel(repo):
    messages, events = answer([user("track_order", "pode deixar na portaria?", metadata=BUYER)], "3000000001")
    assert responses(messages) == ["utter_handoff"]
    assert handed_off(events, "delivery_note")
    assert messages[0]["tier"] == 1


def test_a_parcel_at_the_post_office_still_gets_where_to_collect_it(repo):
    """Leaving it with a neighbour is no longer the courier's to do: it waits to be collected."""
    asked = user("track_order", "can you leave it with my neighbour?", metadata=BUYER)
    messages, _ = answer([asked], "3000000003")
    assert responses(messages) == ["utter_tracking_pickup"]


def test_not_understood_but_giving_instructions_about_the_only_parcel_is_answered(repo):
    """Played (aliexpress-br-001 style): "deixa com o porteiro por favor" fell back (track_order
    0.43, human_handoff 0.41) and got "did you mean: where is my order / a person?"."""
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "track_order", "confidence": 0.43},
        {"name": "human_handoff", "confidence": 0.41},
    ]
    asked = user("nlu_fallback", "deixa com o porteiro por favor", ranking=ranking, metadata=BUYER)
    chat = tracker([asked], slots={"language": "pt", "order_id": "3000000002"})
    messages, _ = run(ActionLowConfidence(), chat)
    assert responses(messages) == ["utter_tracking_delivery_note"]
    unsure = tracker(
        [user("nlu_fallback", "hmm o porteiro", ranking=ranking[:1] + ranking[2:], metadata=BUYER)]
    )
    messages, _ = run(ActionLowConfidence(), unsure)
    assert responses(messages) == ["utter_clarify"]  # without track_order among the likeliest: asked back


def test_instructions_given_before_the_order_was_picked_are_answered_after_the_pick(repo):
    """Played (aliexpress-br-001): "deixa com o porteiro por favor" -> which of your orders?;
    "o fone" -> where the parcel is, and the porter forgotten."""
    offered = [{"title": "3000000002 · Mug", "payload": '/track_order{"order_id": "3000000002"}'}]
    chat = [
        user("track_order", "deixa com o porteiro por favor", metadata=BUYER),
        bot("utter_which_order", buttons=offered),
        user("track_order", "/track_order"),
    ]
    messages, _ = answer(chat, "3000000002")
    assert responses(messages) == ["utter_tracking_delivery_note"]
    plain = [user("track_order", "cadê meu pedido?", metadata=BUYER), *chat[1:]]
    messages, _ = answer(plain, "3000000002")
    assert responses(messages) == ["utter_tracking_out_for_delivery"]  # the plain answer, today


def test_you_tell_the_courier_not_understood_right_after_the_answer_goes_to_a_person(repo):
    """Played in tests/e2e/test_tasks.py (ru): "а вы можете сами сказать курьеру?" fell back
    (human_handoff, then other readings) and was asked back "did you mean ...?"."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "human_handoff", "confidence": 0.4}]
    asked = user("track_order", "можно оставить посылку у консьержа?", metadata=BUYER)
    not_understood = user("nlu_fallback", "а вы можете сами сказать курьеру?", ranking=ranking)
    note = bot("utter_tracking_delivery_note", order_number="3000000002", tracking_number="LP00000000302CN")
    told = tracker([asked, note, not_understood], slots={"language": "ru", "order_id": "3000000002"})
    messages, events = run(ActionLowConfidence(), told)
    assert responses(messages) == ["utter_handoff"]  # "you tell the courier", not understood, right after
    assert handed_off(events, "delivery_note")


def test_a_split_order_gets_the_answer_for_its_parcel_still_coming(tmp_path):
    """Played (shopee-sg-001, one parcel delivered, one on its way): "can you leave it at the
    guardhouse?" right after the parcel list got where the second parcel is, nothing more."""
    split = order(
        "3000000010",
        "shipped",
        shipments=[parcel("LP00000000311CN"), parcel("LP00000000312CN", carrier="Shopee Xpress")],
    )
    scans = [
        {
            "tracking_number": "LP00000000311CN",
            "occurred_at": ago(1),
            "status": "delivered",
            "place": "Tampines",
        },
        {
            "tracking_number": "LP00000000312CN",
            "occurred_at": ago(2),
            "status": "departed_origin",
            "place": "Shanghai",
        },
    ]
    orders_database(tmp_path, [split], scans)
    try:
        asked = user("track_order", "can you leave it at the guardhouse?", metadata=BUYER)
        messages, _ = answer([asked], "3000000010")
        assert responses(messages) == ["utter_tracking_delivery_note"]
        assert (messages[0]["tracking_number"], messages[0]["carrier"]) == (
            "LP00000000312CN",
            "Shopee Xpress",
        )
    finally:
        commerce.use_repository(None)


@pytest.mark.parametrize(
    "text",
    [
        "我不在家怎么办", "I won't be home today, what do I do?", "меня не будет дома до вечера",
        "não vou estar em casa hoje", "no voy a estar en casa", "hôm nay mình không có nhà",
        "kak saya lagi gak di rumah gimana", "วันนี้ไม่อยู่บ้านค่ะ ทำยังไงดี",
    ],
)  # fmt: skip
def test_not_home_for_a_parcel_out_for_delivery_tells_whom_to_tell(repo, text):
    """Played (lazada-my-001): "我不在家怎么办" right after "out for delivery today" was answered
    with the delivery dates again."""
    assert gives_delivery_instructions(text)
    messages, _ = answer([user("track_order", text, metadata=BUYER)], "3000000002")
    assert responses(messages) == ["utter_tracking_delivery_note"]


@pytest.mark.parametrize("text", ["is it coming home today?", "nhận hàng ở nhà được không", "包裹到家了吗"])
def test_home_without_not_there_is_no_instruction(text):
    assert not gives_delivery_instructions(text)

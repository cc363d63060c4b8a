"""A reply in words to "which order?": the form reads it against the orders its buttons offered."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import commerce
from actions.conversation import latest_order_topic
from actions.order_answer import ActionOrderAnswer
from actions.order_form import ValidateOrderForm
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import ago, order, parcel

BUYER = {"marketplace": "lazada", "buyer_id": "reply-buyer"}
FORM_DOMAIN = {"forms": {"order_form": {"required_slots": ["order_id"]}}}
ASKING = {"requested_slot": "order_id"}


def shipped(number, title, price, days_ago):
    item = {"sku": number[-4:], "title": title, "quantity": 1, "unit_price": price, "declared_value": "2"}
    return order(
        number,
        "shipped",
        buyer="reply-buyer",
        items=[item],
        shipments=[parcel(f"LP{number}CN")],
        placed_at=ago(days_ago),
        paid_at=ago(days_ago),
    )


# Listed newest first on the buttons. Seven days ago is last week whatever the weekday.
THERMOS, YOGA_MAT, EARBUDS = "4000000002", "4000000003", "4000000001"
ORDERS = [
    shipped(EARBUDS, "Bluetooth earbuds", "25.90", 30),
    shipped(THERMOS, "Thermos cup", "49.00", 7),
    shipped(YOGA_MAT, "Yoga mat", "120.00", 20),
]
QUESTION = user("track_order", "where is my parcel?", metadata=BUYER)


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, ORDERS)
    commerce.use_repository(None)


def validate(events, slots=ASKING):
    dispatcher = CollectingDispatcher()
    result = asyncio.run(ValidateOrderForm().run(dispatcher, tracker(events, slots=slots), FORM_DOMAIN))
    return dispatcher.messages, result


def offer():
    """The question the form asked, as the buyer saw it: which order, with a button each."""
    messages, _ = validate([QUESTION])
    assert [m["response"] for m in messages] == ["utter_which_order"]
    return bot("utter_which_order", buttons=messages[0]["buttons"])


def reply(text, intent="inform", asked=None):
    return validate([QUESTION, asked or offer(), user(intent, text, metadata=BUYER)])


def test_the_buttons_list_the_orders_newest_first(repo):
    assert [b["payload"] for b in offer()["data"]["buttons"]] == [
        f'/track_order{{"order_id": "{n}"}}' for n in (THERMOS, YOGA_MAT, EARBUDS)
    ]


@pytest.mark.parametrize(
    "text, meant",
    [
        ("the earbuds one", EARBUDS),  # a product
        ("the yoga mat", YOGA_MAT),
        ("the 25.90 one", EARBUDS),  # an amount
        ("the one for 120", YOGA_MAT),
        ("the one from last week", THERMOS),  # a date
        ("заказ на прошлой неделе", THERMOS),
        ("the first one", THERMOS),  # a place in the list, in each language
        ("the second one", YOGA_MAT),
        ("the last one", EARBUDS),
        ("第二个", YOGA_MAT),
        ("вторую", YOGA_MAT),
        ("el segundo", YOGA_MAT),
        ("o último", EARBUDS),
        ("อันแรก", THERMOS),
        ("cái thứ hai", YOGA_MAT),
        ("yang terakhir", EARBUDS),
    ],
)
def test_a_reply_in_words_picks_the_order_it_names_and_the_form_is_done(repo, text, meant):
    messages, events = reply(text)
    assert events == [SlotSet("order_id", meant), SlotSet("requested_slot", None)]
    assert messages == []


def test_the_intent_the_reply_was_read_as_does_not_matter(repo):
    _, events = reply("the second one", intent="nlu_fallback")
    assert events[0] == SlotSet("order_id", YOGA_MAT)


@pytest.mark.parametrize("text", ["hmm, not sure", "the fifth one", "the mug"])
def test_a_reply_that_picks_no_offered_order_is_asked_again(repo, text):
    messages, events = reply(text)
    assert [m["response"] for m in messages] == ["utter_which_order"]
    assert events[-1] == SlotSet("requested_slot", "order_id")
    assert SlotSet("order_id", YOGA_MAT) not in events


def test_words_are_read_only_against_orders_the_bot_offered(repo):
    # Asked for the number without buttons: "the second one" names nothing.
    messages, events = reply("the second one", asked=bot("utter_ask_order_id"))
    assert events[-1] == SlotSet("requested_slot", "order_id")
    # And only while the form asks: at activation the message is the question itself.
    second = user("track_order", "the second one", metadata=BUYER)
    messages, events = validate([QUESTION, offer(), second], slots={})
    assert SlotSet("order_id", YOGA_MAT) not in events


def test_the_place_counts_in_the_list_the_buttons_showed(repo):
    # Offered in another order (say, a refund question's): "the first one" is its first button.
    buttons = [{"title": n, "payload": f'/track_order{{"order_id": "{n}"}}'} for n in (EARBUDS, YOGA_MAT)]
    _, events = reply("the first one", asked=bot("utter_which_order", buttons=buttons))
    assert events[0] == SlotSet("order_id", EARBUDS)


@pytest.mark.parametrize("text", ["the yoga mat", "o yoga mat", "yoga mat!"])
def test_a_reply_naming_only_the_product_asks_the_offers_question(repo, text):
    # "o smartwatch" to "which order?" (asked for tracking) was read as damaged_item: the bot
    # opened a damage case and asked for photos of a parcel still in customs.
    events = [QUESTION, offer(), user("damaged_item", text, metadata=BUYER)]
    picked = tracker(events, slots={"order_id": YOGA_MAT})
    assert latest_order_topic(picked) == "track_order"
    messages, _ = run(ActionOrderAnswer(), picked)
    assert "utter_ask_photos" not in [m["response"] for m in messages]


def test_a_reply_that_says_more_than_the_product_keeps_its_own_question(repo):
    events = [QUESTION, offer(), user("damaged_item", "the yoga mat is torn", metadata=BUYER)]
    assert latest_order_topic(tracker(events, slots={"order_id": YOGA_MAT})) == "damaged_item"

"""An unrelated message, unless it names a product of the buyer's own orders."""

from rasa_sdk.events import SlotSet

from actions import commerce
from actions.out_of_scope import ActionOutOfScope
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import order, parcel

BUYER = {"marketplace": "lazada", "buyer_id": "my-buyer-4"}


def ranking(*names):
    return [{"name": name, "confidence": 0.6 / (i + 1)} for i, name in enumerate(names)]


def chat_about(tmp_path, text, *names):
    cooker = order("8000000001", "shipped", buyer="my-buyer-4", shipments=[parcel("LP80000000001CN")])
    cooker["items"][0]["title"] = "电饭煲 1.8L 多功能"
    orders_database(tmp_path, [cooker, order("8000000002", "paid", buyer="my-buyer-4")])
    try:
        message = user("out_of_scope", text, ranking=ranking(*names), metadata=BUYER)
        return run(ActionOutOfScope(), tracker([message]))
    finally:
        commerce.use_repository(None)


def test_a_product_of_the_buyers_order_named_is_a_question_about_that_order(tmp_path):
    """Played (lazada-my-001): "我的电饭煲今天会到吗" (a rice cooker the classifier never saw) was
    out_of_scope: "sorry, I can only help with your orders here"."""
    asked = "我的电饭煲今天会到吗"
    messages, events = chat_about(tmp_path, asked, "out_of_scope", "track_order", "urge_shipment")
    assert [m["response"] for m in messages] == ["utter_tracking_no_events"]
    assert messages[0]["order_number"] == "8000000001"
    assert events == [SlotSet("order_id", "8000000001")]


def test_a_reading_that_would_commit_something_is_asked_about_first(tmp_path):
    messages, events = chat_about(tmp_path, "电饭煲怎么办", "out_of_scope", "damaged_item", "track_order")
    assert [m["response"] for m in messages] == ["utter_clarify"]
    assert messages[0]["intents"] == ["damaged_item", "track_order"]
    assert events == [SlotSet("order_id", "8000000001")]


def test_a_message_naming_none_of_the_buyers_products_is_out_of_scope(tmp_path):
    messages, events = chat_about(tmp_path, "明天天气怎么样", "out_of_scope", "track_order")
    assert [m["response"] for m in messages] == ["utter_out_of_scope"] and events == []


def what_time(tmp_path, confidence):
    """ "几点会到？" right after the answer that the rice cooker is out for delivery."""
    cooker = order("8000000001", "shipped", buyer="my-buyer-4", shipments=[parcel("LP80000000001CN")])
    orders_database(tmp_path, [cooker, order("8000000002", "paid", buyer="my-buyer-4")])
    readings = [
        {"name": "out_of_scope", "confidence": confidence},
        {"name": "track_order", "confidence": 0.14},
    ]
    chat = [
        user("track_order", "我的快递到哪了", metadata=BUYER),
        bot("utter_tracking_in_transit", order_number="8000000001"),
        user("out_of_scope", "几点会到？", confidence, readings, metadata=BUYER),
    ]
    try:
        return run(ActionOutOfScope(), tracker(chat, slots={"order_id": "8000000001"}))
    finally:
        commerce.use_repository(None)


def test_an_unsure_off_topic_reading_right_after_an_order_answer_is_about_that_order(tmp_path):
    """Played (lazada-my-001): after "out for delivery", "几点会到？" read out_of_scope 0.74
    (track_order 0.14) and the buyer was told the bot only handles orders."""
    messages, _ = what_time(tmp_path, 0.74)
    assert [m["response"] for m in messages] == ["utter_tracking_no_events"]
    assert messages[0]["order_number"] == "8000000001"


def test_a_sure_off_topic_reading_after_an_order_answer_stays_off_topic(tmp_path):
    messages, events = what_time(tmp_path, 0.99)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"] and events == []

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.order_form import ValidateOrderForm
from tests.actions.helpers import tracker, user


def test_a_tracking_number_is_enough_for_the_form():
    t = tracker([user("track_order")], slots={"tracking_number": "LP00412345678CN"})
    required = asyncio.run(ValidateOrderForm().required_slots(["order_id"], CollectingDispatcher(), t, {}))
    assert required == []


def test_form_rejects_something_that_is_not_an_order_number():
    dispatcher = CollectingDispatcher()
    result = ValidateOrderForm().validate_order_id("12ab", dispatcher, tracker([user("inform")]), {})
    assert result == {"order_id": None}
    assert dispatcher.messages[0]["response"] == "utter_order_id_invalid"


def test_form_accepts_an_ozon_order_number():
    result = ValidateOrderForm().validate_order_id("48211357-0031-1", CollectingDispatcher(), tracker([]), {})
    assert result == {"order_id": "48211357-0031-1"}

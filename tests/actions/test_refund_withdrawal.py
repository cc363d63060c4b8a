""" "Cancel my refund request, I'm keeping the item". Played (aliexpress-es-001, a refund
requested, not approved yet): "quiero cancelar la solicitud de reembolso, al final me quedo el
producto" got the refund's status, and the seller could have paid money the buyer no longer
wanted."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from bot.commerce.views import BuyerRef
from tests.actions.helpers import handed_off, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, ago, order, parcel, responses

REF = BuyerRef("lazada", "th-buyer-1")
ASKED = "quiero cancelar la solicitud de reembolso, al final me quedo el producto"


def delivered(number, refund_status=None):
    refunds = [{"amount": "300.00", "status": refund_status, "requested_at": ago(1)}] if refund_status else []
    return order(number, "delivered", shipments=[parcel(f"LP{number}CN")], refunds=refunds)


@pytest.fixture
def db(tmp_path):
    repo = orders_database(
        tmp_path,
        [delivered("4100000001", "requested"), order("4100000002", "paid"), delivered("4100000003")],
    )
    yield repo
    commerce.use_repository(None)


@pytest.mark.parametrize("intent", ["cancel_order", "request_refund", "refund_status"])
def test_a_refund_request_not_yet_approved_is_withdrawn_at_the_buyers_word(db, intent):
    messages, events = run(ActionOrderAnswer(), tracker([user(intent, ASKED, metadata=BUYER)]))
    assert responses(messages) == ["utter_refund_withdrawn"]
    assert messages[0]["order_number"] == "4100000001" and messages[0]["refund_amount"] == "300.00 THB"
    assert SlotSet("order_id", "4100000001") in events
    assert [r.status for r in db.order_for_buyer(REF, "4100000001").refunds] == ["withdrawn"]
    # The other orders are untouched, and the buyer may ask for a refund again later.
    assert db.order_for_buyer(REF, "4100000002").status == "paid"
    assert db.request_refund(REF, "4100000001", "changed mind").status == "requested"


def test_an_approved_refund_is_stopped_by_a_person(tmp_path):
    repo = orders_database(tmp_path, [delivered("4200000001", "approved")])
    try:
        messages, events = run(ActionOrderAnswer(), tracker([user("cancel_order", ASKED, metadata=BUYER)]))
        assert responses(messages) == ["utter_handoff"] and handed_off(events, "request_refund")
        assert [r.status for r in repo.order_for_buyer(REF, "4200000001").refunds] == ["approved"]
    finally:
        commerce.use_repository(None)


def test_an_order_named_with_no_refund_open_has_nothing_to_withdraw(db):
    text = "cancel my refund request for order 4100000003"
    t = tracker([user("refund_status", text, metadata=BUYER)], slots={"order_id": "4100000003"})
    messages, _ = run(ActionOrderAnswer(), t)
    assert responses(messages)[-1] == "utter_refund_none_to_withdraw"


def test_asking_whether_it_can_be_withdrawn_later_withdraws_nothing(db):
    """Playtest F (aliexpress-es-001): "si al final me quedo con el producto, puedo cancelar la
    solicitud de reembolso más adelante?" withdrew it there and then."""
    text = "si al final me quedo con el producto, ¿puedo cancelar la solicitud de reembolso más adelante?"
    messages, _ = run(ActionOrderAnswer(), tracker([user("request_refund", text, metadata=BUYER)]))
    assert responses(messages) == ["utter_refund_withdraw_possible"]
    assert [r.status for r in db.order_for_buyer(REF, "4100000001").refunds] == ["requested"]


@pytest.mark.parametrize(
    "text",
    [
        "y lo del cambio?? quiero cancelar el reembolso y que me mandeis los rosas",
        "cancel my refund request and send me the right colour instead",
    ],
)
def test_a_refund_given_up_for_the_right_item_stays_until_after_sales_swaps_it(db, text):
    """Round 12 (aliexpress-es-001): "cancel the refund and send me the pink ones" withdrew the
    refund and told the buyer she keeps the (wrong) item."""
    messages, events = run(ActionOrderAnswer(), tracker([user("cancel_order", text, metadata=BUYER)]))
    assert "utter_refund_withdrawn" not in responses(messages)
    assert [r.status for r in db.order_for_buyer(REF, "4100000001").refunds] == ["requested"]
    assert handed_off(events, "exchange")

"""Two of the buyer's orders named by their products in one message, a question about each."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import commerce
from actions.order_answer import ActionOrderAnswer
from actions.order_form import ValidateOrderForm
from bot.commerce.importer import import_tracking
from bot.commerce.views import BuyerRef
from tests.actions.helpers import orders_database, run, tracker, user
from tests.actions.test_order_answers import ago, order, parcel
from tests.actions.test_order_choice import item

BUYER = {"marketplace": "lazada", "buyer_id": "two-products-1"}
WATCH, EARBUDS, CASE, MUG = "5100000001", "5100000002", "5100000003", "5100000004"


def bought(number, status, title, scan=None):
    made = order(number, status, buyer="two-products-1", items=item(title))
    if scan is not None:
        made["shipments"] = [parcel(f"LP{number}CN")]
    return made, scan


PURCHASES = [
    bought(WATCH, "shipped", "Smartwatch GT4 pulseira preta", "arrived_destination_country"),
    bought(EARBUDS, "shipped", "Fone de ouvido Bluetooth TWS preto", "customs"),
    bought(CASE, "delivered", "Ốp lưng iPhone 15 silicon", "delivered"),
    bought(MUG, "paid", "Caneca térmica 450 ml"),
]


@pytest.fixture
def repo(tmp_path):
    repository = orders_database(tmp_path, [made for made, _ in PURCHASES])
    scans = [
        {
            "tracking_number": f"LP{made['order_number']}CN",
            "occurred_at": ago(2),
            "status": scan,
            "place": "X",
        }
        for made, scan in PURCHASES
        if scan
    ]
    (tmp_path / "scans.jsonl").write_text("\n".join(json.dumps(s) for s in scans))
    import_tracking(repository, tmp_path / "scans.jsonl")
    yield repository
    commerce.use_repository(None)


def asked(text, *ranking):
    readings = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return tracker([user(ranking[0][0], text, ranking[0][1], readings, metadata=BUYER)])


def answered_orders(messages):
    """(order, reply) of each answer, the lines naming the order left out."""
    return [
        (m.get("order_number"), m["response"]) for m in messages if m["response"] != "utter_about_only_order"
    ]


def test_two_products_asked_about_in_one_message_each_get_their_answer(repo):
    """Played (aliexpress-br-001): "oi, cade meu smartwatch? e o fone quando chega?" got "which
    of your orders?" with both as buttons, though the buyer had named both."""
    t = asked(
        "oi, cade meu smartwatch? e o fone quando chega?", ("track_order", 0.98), ("damaged_item", 0.01)
    )
    assert required_slots(t) == []  # the form does not ask which order
    messages, events = run(ActionOrderAnswer(), t)
    assert [number for number, _ in answered_orders(messages)] == [WATCH, EARBUDS]
    assert "utter_which_order" not in [m["response"] for m in messages]
    assert [m["order_number"] for m in messages if m["response"] == "utter_about_only_order"] == [
        WATCH,
        EARBUDS,
    ]


def test_a_problem_told_of_one_product_and_a_question_about_another_go_to_their_orders(repo):
    """Played (lazada-vn-001): "tai nghe giao toi dau r? con op lung thi bi nut" (where are the
    earbuds? and the phone case is cracked) opened a damage case on the earbuds on their way."""
    text = "fone giao toi dau r? con op lung thi bi nut"
    messages, _ = run(ActionOrderAnswer(), asked(text, ("damaged_item", 0.53), ("track_order", 0.28)))
    answers = answered_orders(messages)
    assert answers[-1] == (CASE, "utter_ask_photos")  # the photo request comes last
    assert (EARBUDS, "utter_ask_photos") not in answers
    assert EARBUDS in [number for number, _ in answers]
    assert [c.kind for c in repo.order_for_buyer(buyer(), CASE).cases] == ["damaged"]
    assert repo.order_for_buyer(buyer(), EARBUDS).cases == ()


def test_a_cancellation_naming_two_products_is_not_spread_over_both(repo):
    t = asked("cancela a caneca, o smartwatch não", ("cancel_order", 0.95))
    messages, _ = run(ActionOrderAnswer(), t)
    asked_to_confirm = [m["order_number"] for m in messages if m["response"] == "utter_confirm_cancel"]
    assert asked_to_confirm == [MUG]


def buyer():
    return BuyerRef("lazada", "two-products-1")


def required_slots(t):
    form = ValidateOrderForm()
    return asyncio.run(form.required_slots(["order_id"], CollectingDispatcher(), t, {}))


def test_a_case_is_opened_only_for_what_the_message_was_read_as(repo):
    """Round 13 (wish-us-001): "where's my smartwatch? and whats up with the phone case" read as
    where it is (damaged_item second) opened a damage case for the delivered phone case, which
    nobody said was broken."""
    messages, events = run(
        ActionOrderAnswer(),
        asked(
            "where is my smartwatch? and whats up with the iphone 15 case",
            ("track_order", 0.6),
            ("damaged_item", 0.3),
        ),
    )
    said = answered_orders(messages)
    assert {number for number, _ in said} == {WATCH, CASE}
    assert not any(response.startswith("utter_ask_photos") for _, response in said), said
    assert not [e for e in events if e.get("name") == "case_awaiting_photos"]
    assert list(repo.order_for_buyer(BuyerRef("lazada", "two-products-1"), CASE).cases) == []

""" "How long do they take?" about a parcel the carrier was asked to look for: the day their
answer is due, from the day the logistics check was opened and seller/shop.yml
carrier_check_days. Played on `make run` (aliexpress-mx-001): after "no scan since the 27th,
we asked the carrier" and "if it's not found, we refund or resend", "ok gracias, cuánto tardan
en responder?" (read as track_order) handed the chat to after-sales."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from actions.order_answer import ActionOrderAnswer
from actions.question_words import asks_when
from bot.commerce.views import BuyerRef
from bot.seller.shop import load_shop
from tests.actions.helpers import bot, handed_off, run, tracker, user
from tests.actions.test_order_answers import BUYER, NOW, ask, repo  # noqa: F401

STALLED = "1000000003"
HOW_LONG = "ok gracias, cuánto tardan en responder?"


def told_stalled_then(*more: dict) -> tuple:
    """The stalled answer (which opens the logistics check), then `more`; the answer to the last."""
    [told], _ = ask("track_order", {"order_id": STALLED})
    assert told["response"] == "utter_tracking_stalled"
    stalled = {k: told[k] for k in ("order_number", "tracking_number", "event_date")}
    chat = [
        user("track_order", "mi pedido no se mueve", metadata=BUYER),
        bot("utter_tracking_stalled", **stalled),
    ]
    return run(ActionOrderAnswer(), tracker([*chat, *more], slots={"order_id": STALLED, "language": "es"}))


def day_of(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


@pytest.mark.parametrize("text", ["ok y cuanto tengo que esperar", "how long do I have to wait?", "要等多久"])
def test_how_long_must_i_wait_asks_when(text):
    """Played (aliexpress-mx-001): "ok y cuanto tengo que esperar" after the carrier was asked to
    look for the parcel went to a person."""
    assert asks_when(text)


def test_how_long_after_the_carrier_was_asked_gets_the_day_their_answer_is_due(repo):  # noqa: F811
    assert asks_when(HOW_LONG)
    checking = bot("utter_refund_carrier_check", order_number=STALLED)
    messages, events = told_stalled_then(user("track_order", HOW_LONG, metadata=BUYER))
    assert [m["response"] for m in messages] == ["utter_carrier_check_by"]
    days = load_shop().carrier_check_days
    assert messages[0]["check_days"] == days and messages[0]["tracking_number"] == "LP00000000003CN"
    asked, due = day_of(messages[0]["asked_date"]), day_of(messages[0]["expected_date"])
    assert abs(asked - NOW) < timedelta(minutes=5) and due - asked == timedelta(days=days)
    assert not handed_off(events, "not_received")
    # After what happens if it is not found, too: still the day, not a person.
    messages, events = told_stalled_then(checking, user("track_order", HOW_LONG, metadata=BUYER))
    assert [m["response"] for m in messages] == ["utter_carrier_check_by"]


def test_asked_again_after_the_day_was_told_a_person_takes_it(repo):  # noqa: F811
    told = [
        bot("utter_refund_carrier_check", order_number=STALLED),
        user("track_order", HOW_LONG, metadata=BUYER),
        bot("utter_carrier_check_by", order_number=STALLED),
    ]
    messages, events = told_stalled_then(*told, user("track_order", "cuánto tardan??", metadata=BUYER))
    assert [m["response"] for m in messages] == ["utter_handoff"]
    assert handed_off(events, "not_received")


def test_past_the_day_the_carrier_should_have_answered_there_is_no_day_to_give(repo):  # noqa: F811
    days = load_shop().carrier_check_days
    buyer = BuyerRef(BUYER["marketplace"], BUYER["buyer_id"])
    repo.open_case(buyer, STALLED, "logistics_check", tag="purple", now=NOW - timedelta(days=days + 1))
    messages, events = told_stalled_then(user("track_order", HOW_LONG, metadata=BUYER))
    assert [m["response"] for m in messages] == ["utter_refund_carrier_check"]

""" "So I wasn't charged?" right after "it was cancelled before it was paid, so nothing was
charged": that answer again, for the order. Played on `make run` (wish-gb-001): "ok so I wasn't
charged at all?" was not understood and got "did you mean...?"."""

from __future__ import annotations

import pytest

from actions import commerce
from actions.clarify import ActionLowConfidence
from tests.actions.helpers import bot, orders_database, run, tracker, user
from tests.actions.test_order_answers import BUYER, order, responses

NEVER_PAID = "5400000001"


@pytest.fixture
def repo(tmp_path):
    yield orders_database(tmp_path, [order(NEVER_PAID, "cancelled", paid_at=None)])
    commerce.use_repository(None)


def not_understood_after(*before: dict, text: str) -> list:
    chat = [*before, user("nlu_fallback", text, confidence=0.4, metadata=BUYER)]
    messages, _ = run(ActionLowConfidence(), tracker(chat, slots={"order_id": NEVER_PAID}))
    return messages


@pytest.mark.parametrize(
    "text", ["ok so I wasn't charged at all?", "então não fui cobrado?", "то есть деньги не списали?"]
)
def test_so_i_was_not_charged_gets_the_answer_again_for_that_order(repo, text):
    told = [
        user("refund_status", "I cancelled my order, when do I get my money back?", metadata=BUYER),
        bot("utter_nothing_charged", order_number=NEVER_PAID),
    ]
    messages = not_understood_after(*told, text=text)
    assert responses(messages) == ["utter_nothing_charged"] and messages[0]["order_number"] == NEVER_PAID


def test_without_that_answer_before_it_is_asked_back(repo):
    told = [user("greet", "hello", metadata=BUYER), bot("utter_greet")]
    messages = not_understood_after(*told, text="ok so I wasn't charged at all?")
    assert responses(messages) == ["utter_clarify"]


@pytest.mark.parametrize(
    "text", ["it says £18.50 pending", "но в банке висит холд на сумму", "bank saya ada dana tertahan"]
)
def test_a_pending_amount_for_an_order_never_paid_is_a_hold_the_bank_releases(repo, text):
    """Played (wish-gb-001): "my bank app shows a pending payment for the order i cancelled" ->
    "nothing was charged" -> "it says £18.50 pending" (not understood) -> "when will it drop
    off?" went to a person."""
    told = [
        user(
            "refund_status", "my bank app shows a pending payment for the order i cancelled", metadata=BUYER
        ),
        bot("utter_nothing_charged", order_number=NEVER_PAID),
    ]
    messages = not_understood_after(*told, text=text)
    assert responses(messages) == ["utter_pending_hold"]

"""When a follow-up disputes an answer: only after the bot gave that answer in this conversation.

A buyer's first question about customs, refund times or a refused cancellation gets
the answer; coming back about it after that answer is a dispute, and the
escalation reason says which answer was disputed.
"""

from __future__ import annotations

from typing import Iterable

from rasa_sdk import Tracker

from actions.conversation import replies_this_session

# What the buyer disputes -> the answers that, once given, make a follow-up a dispute.
DISPUTED_ANSWERS = {
    # Who pays the duty, and what happens when the buyer won't (actions/customs.py).
    "disputes_customs_duty": ("utter_customs_duty", "utter_customs_refused"),
    # A refund's state and when the money comes: asking again after it is disputing it (a
    # first "when?" gets the day its stage should be over: actions/refund_timing.py).
    "disputes_refund_time": (
        "utter_refund_processed",
        "utter_refund_pending",
        "utter_refund_review_by",
        "utter_refund_payout_by",
        "utter_refund_bank_by",
    ),
    "disputes_cancel_refused": ("utter_cannot_cancel_shipped", "utter_cannot_cancel_delivered"),
}
# Told a refund is already open, asking for one again insists; asking when the money comes
# is a first question (that answer gave no time), answered, not handed off as a dispute.
INSISTED_ON = {"disputes_refund_time": ("utter_refund_already_open",)}


def bot_said(tracker: Tracker, responses: Iterable[str], order_number: str | None = None) -> bool:
    """Did the bot give one of these answers (about this order) in this conversation?"""
    # A reply that named no order (a general customs answer) counts for every order.
    return any(
        order_number is None or said.get("order_number") in (None, order_number)
        for said in replies_this_session(tracker, responses)
    )


def is_dispute(
    tracker: Tracker, reason: str, order_number: str | None = None, insisting: bool = False
) -> bool:
    """Did the bot already give the answer this follow-up disputes? `insisting`: the buyer
    repeats the very request (a refund asked for again), which also disputes INSISTED_ON."""
    answers = DISPUTED_ANSWERS[reason] + (INSISTED_ON.get(reason, ()) if insisting else ())
    return bot_said(tracker, answers, order_number)

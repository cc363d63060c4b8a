"""Two of the buyer's orders named by their products in one message, a question about each.

"cade meu smartwatch? e o fone quando chega?" got "which of your orders?" with both as
buttons, though the buyer had said which; "tai nghe giao toi dau r? con op lung thi bi
nut" (where are the earbuds? and the phone case is cracked) opened a damage case on the
earbuds. Each order named now gets the answer to the question that fits it: the
classifier's best reading that fits the order (a crack fits the case that was delivered,
"where is it?" the earbuds on their way). At most one order gets an answer that commits
something (a case opened, photos asked for); the others are told where they stand.
"""

from __future__ import annotations

import re
from typing import List, Sequence, Tuple

from rasa_sdk import Tracker

from actions.cancel_questions import names_cancelling
from actions.conversation import intent_of
from actions.order_choice import could_name_a_product, fits, mentioned_at, orders_named
from bot.commerce.views import OrderView

# Answers that only tell where an order stands.
TELLING = ("track_order", "urge_shipment", "refund_status", "customs_duty")
# Answers that open a case and ask for photos: the buyer told of one problem per message.
COMMITTING = ("damaged_item", "wrong_item")
# A cancellation or a refund request is never spread over orders the buyer named in passing
# ("cancel the earbuds, not the thermos"): the order form finds the one meant.
ANSWERED_FOR_EACH = TELLING + COMMITTING
# The readings of the message looked at, best first, for a topic that fits each order.
READINGS = 3


def questions_about_several(tracker: Tracker, orders: Sequence[OrderView]) -> List[Tuple[OrderView, str]]:
    """(order, topic) for each order the latest message names by a product, when it names
    more than one and asks a question that can be answered for each; else nothing. (An
    order number named for the question decides before this is asked: resolve_order.)"""
    latest = tracker.latest_message
    topic = (latest.get("intent") or {}).get("name")
    text = latest.get("text") or ""
    if topic not in (*ANSWERED_FOR_EACH, "cancel_order") or not could_name_a_product(text):
        return []
    named = orders_named(text, orders)
    if len(named) < 2:
        return []
    readings = _readings(tracker)
    if topic == "cancel_order":
        return _cancel_and_a_question(text, named, readings)
    questions, committed = [], False
    for order in named:
        chosen = _topic_for(order, readings, committed)
        committed = committed or chosen in COMMITTING
        questions.append((order, chosen))
    # A request for photos is the last thing said: the buyer answers it next.
    return sorted(questions, key=lambda question: question[1] in COMMITTING)


# Round 17: "kak powerbank aku kapan dikirim? trs yg batik gajadi deh batalin aja" (when does the
# power bank ship? and the batik, never mind, cancel it) was asked "which order?", and the power
# bank picked to that was offered to be cancelled. A cancellation said in the part of the message
# that names one of two orders is that order's (asked last: its yes or no comes next); the other
# gets where it stands. Named together ("cancel the earbuds, not the mug"), the form asks.
CLAUSE_END = re.compile(r"[?!.;,，。？！；\n]")


def _cancel_and_a_question(
    text: str, named: Sequence[OrderView], readings: List[str]
) -> List[Tuple[OrderView, str]]:
    clauses = [clause for clause in CLAUSE_END.split(text) if clause.strip()]
    to_cancel = [
        order
        for order in named
        if any(names_cancelling(clause) and mentioned_at(clause, order) is not None for clause in clauses)
    ]
    if len(named) != 2 or len(to_cancel) != 1:
        return []
    other = next(order for order in named if order is not to_cancel[0])
    asked = next((topic for topic in readings if topic in TELLING and fits(topic, other)), "track_order")
    return [(other, asked), (to_cancel[0], "cancel_order")]


def _readings(tracker: Tracker) -> List[str]:
    """The message's intent, then the next order topics the classifier ranked."""
    latest = tracker.latest_message
    ranked = [item.get("name") for item in latest.get("intent_ranking") or []][:READINGS]
    first = intent_of({"parse_data": latest})
    # A case is opened only for what the message was read as: "did my refund go thru? and whats
    # up with the tripod" opened a damage case from the second reading (round 13).
    others = (
        name for name in ranked if name in ANSWERED_FOR_EACH and name != first and name not in COMMITTING
    )
    return [first, *others]


def _topic_for(order: OrderView, readings: List[str], committed: bool) -> str:
    """The best reading that fits the order (one committing answer at most); with none that
    fits, where the order stands."""
    allowed = [topic for topic in readings if topic in TELLING or not committed]
    fitting = [topic for topic in allowed if fits(topic, order)]
    return (fitting or ["track_order"])[0]

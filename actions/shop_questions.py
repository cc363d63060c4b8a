"""Questions about how the shop works, answered whatever the classifier read them as: buying
again (actions/buy_again.py), the returns policy (actions/return_policy.py), the shipping fee
(actions/shipping_fee.py) and how to pay (actions/payment_help.py). Pre-sale, coupon, off-topic
and unsure readings ask here first."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.buy_again import answer_buy_again
from actions.payment_help import how_to_pay
from actions.return_policy import answer_return_policy
from actions.shipping_fee import answer_shipping_fee


async def shop_question_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """The answer to a question about buying again, returns, shipping or paying; None for any other."""
    for answer in (answer_buy_again, answer_return_policy, answer_shipping_fee):
        events = answer(dispatcher, tracker)
        if events is not None:
            return events
    return await how_to_pay(dispatcher, tracker)

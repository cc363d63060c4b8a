"""Questions about how the shop works, answered whatever the classifier read them as: buying
again (actions/buy_again.py), the returns policy (actions/return_policy.py), the shipping fee
(actions/shipping_fee.py) and how to pay (actions/payment_help.py). Pre-sale, coupon, off-topic
and unsure readings ask here first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.buy_again import BUY_AGAIN, asks_to_buy_again
from actions.payment_help import how_to_pay
from actions.return_policy import RETURN_POLICY, asks_return_policy
from actions.shipping_fee import SHIPPING_FEE, asks_shipping_fee
from bot.seller.shop import load_shop


@dataclass(frozen=True)
class ShopAnswer:
    """One reply for a kind of question, with the seller's values it needs."""

    asks: Callable[[str], bool]
    response: str
    values: Callable[[], Dict[str, Any]] = field(default=dict)

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
        """The reply, when the latest message asks this; else None."""
        if not self.asks(tracker.latest_message.get("text") or ""):
            return None
        dispatcher.utter_message(response=self.response, **self.values())
        return []


def _return_policy() -> Dict[str, Any]:
    policy = load_shop().returns
    return {"return_days": policy.days, "return_shipping": policy.shipping_paid_by}


RETURN_POLICY_ANSWER = ShopAnswer(asks_return_policy, RETURN_POLICY, _return_policy)
SHOP_ANSWERS = (
    ShopAnswer(asks_to_buy_again, BUY_AGAIN),
    RETURN_POLICY_ANSWER,
    ShopAnswer(asks_shipping_fee, SHIPPING_FEE),
)


async def shop_question_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """The answer to a question about buying again, returns, shipping or paying; None for any other."""
    for shop_answer in SHOP_ANSWERS:
        events = shop_answer.answer(dispatcher, tracker)
        if events is not None:
            return events
    return await how_to_pay(dispatcher, tracker)

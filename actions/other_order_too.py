""" "Where are my earbuds? And the other order I paid, when do you ship it?": the other order's
answer after the first's, in the same reply.

Round 11 of play: "cadê meu fone? e o outro pedido que eu paguei, quando vcs vão enviar?" and
"когда вернут деньги за отменённый заказ? и когда отправите второй заказ?" got the first
answer alone; the buyer had to ask "e o outro?" again. Answered when the message names "the
other order" and one order of the buyer's is left that it can mean (the one still to ship when
it asks about shipping).
"""

from __future__ import annotations

from typing import Awaitable, Callable, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.conversation import text_of
from actions.exchange import asks_if_shipped
from actions.handoff import paused
from actions.order_context import ONLY_ORDER, Resolution
from actions.other_order_words import says_the_other_order, says_the_other_orders
from bot.commerce.template_values import order_values
from bot.commerce.views import NOT_YET_SHIPPED, OrderView

Answer = Callable[..., Awaitable[List[EventType]]]
CLOSED = ("delivered", "cancelled", "refunded")


async def the_other_order_too(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    answered: OrderView | None,
    events: List[EventType],
    answer: Answer,
) -> List[EventType]:
    """`events` of the answer about `answered`, and the other order's answer when the message
    asks about it too (`answer`: order_answer.answer_resolved)."""
    text = text_of(tracker)
    if answered is None or paused(events) or not says_the_other_order(text) or says_the_other_orders(text):
        return events
    discussed = tracker.get_slot("order_id")
    if discussed and discussed != answered.order_number:
        return events  # "and the other order's refund?" was answered about that other order
    others = [o for o in await recent_orders(buyer_of(tracker)) if o.order_number != answered.order_number]
    other = _the_one_meant(others, text)
    if other is None:
        return events
    topic = "refund_status" if other.refunds and other.status in ("cancelled", "refunded") else "track_order"
    dispatcher.utter_message(response=ONLY_ORDER, **order_values(other))
    return [*events, *await answer(dispatcher, tracker, Resolution(other, []), True, topic)]


def _the_one_meant(others: List[OrderView], text: str) -> OrderView | None:
    """The one other order the message can mean: the only one, or the only open one, or the only
    one still to ship when it asks about shipping."""
    for narrowed in (
        others,
        [o for o in others if o.status not in CLOSED],
        [o for o in others if o.status in NOT_YET_SHIPPED] if asks_if_shipped(text) else [],
    ):
        if len(narrowed) == 1:
            return narrowed[0]
    return None

"""Orders the bot offered as buttons ("which of your orders?"), and what a reply to them asks.

Kept apart from order_context.py (which order a question is about) so each stays one job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, List, Sequence, Tuple

from rasa_sdk import Tracker

from actions.all_orders_words import asks_about_all, picks_every_offered
from actions.conversation import bot_turn_before_latest_message, response_of
from actions.several_orders import TELLING
from bot.commerce.views import OrderView

MAX_BUTTONS = 5
# Replies that offer the buyer's orders as buttons.
ORDER_OFFERS = ("utter_which_order", "utter_about_order_switch")


@dataclass(frozen=True)
class Offer:
    """Orders the bot offered as buttons, and with which reply."""

    response: str
    buttons: List[dict]

    @property
    def order_numbers(self) -> List[str]:
        """The orders in the order the buttons showed them."""
        numbers = (_order_number_in(b.get("payload") or "") for b in self.buttons)
        return [n for n in numbers if n]


def offer_answered(tracker: Tracker) -> Offer | None:
    """The orders the bot offered in the turn the latest message answers, if it did."""
    for event in reversed(bot_turn_before_latest_message(tracker)):
        response = response_of(event)
        buttons = (event.get("data") or {}).get("buttons")
        if response in ORDER_OFFERS and buttons:
            return Offer(response, list(buttons))
    return None


def picks_every_order_offered(tracker: Tracker) -> bool:
    """Does the latest message answer "which of your orders?" with "all of them" ("todos",
    "both please", "都")? Read as a yes or a goodbye, it got "Claro!" or "Bye!" and the same
    buttons again (round 10)."""
    offer = offer_answered(tracker)
    return (
        offer is not None
        and offer.response == "utter_which_order"
        and len(offer.order_numbers) > 1
        and picks_every_offered(tracker.latest_message.get("text") or "")
    )


def _asked_before_offer(tracker: Tracker) -> str | None:
    """The text of the buyer's message the order buttons were offered for, when the latest
    message answers them: what was asked ("deixa com o porteiro") outlives the pick."""
    if offer_answered(tracker) is None:
        return None
    users = [event for event in tracker.events if event.get("event") == "user"]
    return users[-2].get("text") if len(users) > 1 else None


def asked_now_or_before_offer(tracker: Tracker, asks: Callable[[str], bool]) -> str | None:
    """The latest message's text if it `asks`, else the text the order buttons were offered for
    if that does ("deixa com o porteiro", then "o fone" picked), else None."""
    for text in (tracker.latest_message.get("text") or "", _asked_before_offer(tracker) or ""):
        if asks(text):
            return text
    return None


def _order_number_in(payload: str) -> str | None:
    """The order a button's payload (order_buttons) asks about."""
    _, brace, entities = payload.partition("{")
    try:
        number = json.loads(brace + entities).get("order_id")
    except (ValueError, AttributeError):
        return None
    return str(number) if number else None


def answers_for_each(
    tracker: Tracker, topic: str | None, candidates: Sequence[OrderView]
) -> List[Tuple[OrderView, str]]:
    """(order, topic) for each candidate order, when a question that only tells where orders
    stand asks about all of them ("cadê meus pedidos?"), or answers "which of your orders?"
    and still names none ("сколько ещё ждать?" got the same buttons again, and again: a
    loop). Empty otherwise: a case to open, a cancellation or a refund request still needs
    the one order."""
    if topic not in TELLING or len(candidates) < 2:
        return []
    offer = offer_answered(tracker)
    offered = offer is not None and offer.response == "utter_which_order"
    if not offered and not asks_about_all(tracker.latest_message.get("text") or ""):
        return []
    if offer is not None and offered:  # the orders on the buttons the buyer saw, not more
        shown = [o for o in candidates if o.order_number in offer.order_numbers]
        candidates = shown if len(shown) > 1 else candidates
    return [(order, topic) for order in candidates[:MAX_BUTTONS]]

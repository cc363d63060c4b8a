"""Which order a question is about, and the context a topic answer works with."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, List, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, db, recent_orders, repository
from actions.conversation import (
    ORDER_INTENTS,
    bot_turn_before_latest_message,
    intent_of,
    latest_order_topic,
    response_of,
    this_session,
)
from actions.handoff import hand_off
from actions.order_choice import (
    choose,
    could_name_a_product,
    fits,
    fitting_orders,
    mentions,
    names_nothing_else,
    only_one_named,
    said_otherwise,
)
from actions.order_offers import MAX_BUTTONS, answers_for_each
from actions.other_order_words import says_the_other_order, says_the_other_orders
from actions.several_orders import TELLING, questions_about_several
from bot.commerce.template_values import order_values
from bot.commerce.views import BuyerRef, OrderView
from bot.seller.shop import load_shop

TITLE_CHARS = 28
REFERENCE_SLOTS = ("order_id", "tracking_number")
# "Cancel it", "I want my money back": about the order being discussed, even where it does
# not fit (the answer says why not). Picking another order that fits would cancel or refund
# an order the buyer never meant; a question about tracking may switch, and says so.
KEPT_FOR = ("cancel_order", "request_refund")
# Replies about an order's refund, and about paying an unpaid order (told_just_now).
REFUND_ANSWERS = ("utter_refund",)
PAYMENT_ANSWERS = ("utter_how_to_pay", "utter_order_unpaid")
# How a bare "how much longer?" reads, with no topic words of its own (data/nlu/*/followups.yml);
# "when will you ship?" (urge_shipment) asks about an order to ship, a new question.
HOW_LONG_READINGS = ("track_order",)
# Which order an answer is about, when the buyer has no other.
ONLY_ORDER = "utter_about_only_order"
SWITCH = "utter_about_order_switch"


@dataclass
class OrderContext:
    dispatcher: CollectingDispatcher
    tracker: Tracker
    buyer: BuyerRef
    order: OrderView
    events: List[EventType] = field(default_factory=list)
    # The question was asked about another order and carried to this one ("and the phone
    # case?"): the buyer said nothing about this order yet, no complaint either.
    carried_over: bool = False

    def say(self, response: str, **values: Any) -> None:
        self.dispatcher.utter_message(response=response, **{**order_values(self.order), **values})


@dataclass
class Resolution:
    order: OrderView | None
    events: List[EventType]
    # Several orders named by their products, each with the question asked about it
    # (actions/several_orders.py): each gets its answer.
    several: List[Tuple[OrderView, str]] = field(default_factory=list)
    # The question the order is answered for, when not the latest message's reading.
    topic: str | None = None


async def resolve_order(dispatcher: CollectingDispatcher, tracker: Tracker) -> Resolution:
    """The order the buyer means: the one they named, else the one the question fits.

    A number named for this question decides. An order discussed earlier is kept
    while the new question fits it, and always for a cancellation or a refund (KEPT_FOR);
    otherwise the topic, product words and that order choose among the buyer's recent
    orders, and only a tie is asked about.
    An order number that is unknown and one that belongs to another buyer get the
    very same answer; repeated misses in a conversation are slowed down and flagged.
    """
    buyer = buyer_of(tracker)
    repo = repository()
    topic = latest_order_topic(tracker)
    reference = latest_reference(tracker)
    text = tracker.latest_message.get("text") or ""
    discussed: OrderView | None = None
    if reference:
        order = await db(repo.order_for_buyer, buyer, reference)
        if order is None:
            return await _missed(dispatcher, tracker, buyer, reference)
        if named_for_this_question(tracker):
            return Resolution(order, [SlotSet("order_id", order.order_number)])
        orders = await recent_orders(buyer)
        several = questions_about_several(tracker, orders)
        if several:
            return Resolution(None, [], several)
        # "Cancel my headphones order" while the yoga mat was discussed: the product decides,
        # also for a cancellation or a refund, and also where it does not fit (the answer
        # says why not).
        named = named_by_product(text, orders, besides=order)
        if named is not None:
            return _answering_about(dispatcher, tracker, topic, named, orders)
        if says_the_other_order(text) and any(o.order_number != order.order_number for o in orders):
            # "а деньги за второй заказ?" right after cancelling this one: not this order's
            # refund again, also for a cancellation or a refund (the buyer set it aside).
            return await another_order(dispatcher, tracker, order.order_number, orders)
        if (fits(topic, order) and not said_otherwise(text, order)) or topic in KEPT_FOR:
            return Resolution(order, [SlotSet("order_id", order.order_number)])
        if topic in HOW_LONG_READINGS and told_just_now(tracker, order.order_number, REFUND_ANSWERS):
            # "сколько ещё ждать?" right after the refund answer about the mouse order read as
            # "where is it?", which a cancelled order does not fit: the mug order, still to
            # ship, was answered instead. The wait asked about is the refund's.
            return Resolution(order, [SlotSet("order_id", order.order_number)], topic="refund_status")
        if order.status == "unpaid" and told_just_now(tracker, order.order_number, PAYMENT_ANSWERS):
            # "udah saya bayar barusan" right after how to pay this order: "the one I paid" picked
            # the buyer's other, paid order. It is this one, paid just now (or about to be).
            return Resolution(order, [SlotSet("order_id", order.order_number)])
        discussed = order
    else:
        orders = await recent_orders(buyer)
        several = questions_about_several(tracker, orders)
        if several:
            return Resolution(None, [], several)
    if discussed is not None and not fitting_orders(topic, orders):
        # No order of the buyer's fits the question ("when is my money back?" and no refund
        # anywhere): the order being discussed gets the answer, which says where it stands.
        # Asking for an order number the buyer gave a moment ago read as not listening.
        return Resolution(discussed, [SlotSet("order_id", discussed.order_number)])
    choice = choose(topic, orders, text, discussed.order_number if discussed else None)
    if choice.order is None:
        each = answers_for_each(tracker, topic, choice.candidates)
        if each:
            return Resolution(None, [], each)
        ask_which_order(dispatcher, topic, choice.candidates)
        return Resolution(None, [])
    return _answering_about(dispatcher, tracker, topic, choice.order, orders)


async def another_order(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    discussed: str,
    orders: Sequence[OrderView] | None = None,
) -> Resolution:
    """ "And the other order?" after an answer about `discussed`: the question asked then,
    about the buyer's other order, or the one of the others a product names; with several
    others and none named, the buyer picks from them ("the other orders", asking where they
    stand: each of them). `orders`: the buyer's recent orders,
    when the caller has read them already."""
    topic = latest_order_topic(tracker)
    if orders is None:
        orders = await recent_orders(buyer_of(tracker))
    others = [o for o in orders if o.order_number != discussed]
    if not others:
        split = next((o for o in orders if o.order_number == discussed and len(o.shipments) > 1), None)
        if split is not None:
            # "另外一个呢" from a buyer whose one order came in two parcels: the other parcel,
            # not "which order? send its number" (there is no other order to name).
            return Resolution(split, [])
    text = tracker.latest_message.get("text") or ""
    if says_the_other_orders(text) and topic in TELLING and len(others) > 1:
        return Resolution(None, [], [(o, topic) for o in others[:MAX_BUTTONS]])
    chosen = only_one_named(text, others) or (others[0] if len(others) == 1 else None)
    if chosen is not None:
        return _answering_about(dispatcher, tracker, topic, chosen, orders)
    ask_which_order(dispatcher, topic, others)
    return Resolution(None, [])


async def switched_by_product(
    dispatcher: CollectingDispatcher, tracker: Tracker, asked_number: str | None
) -> Resolution | None:
    """Another of the buyer's orders the latest message names by a product while a question
    about `asked_number` waits ("wait, cancel the earbuds instead"): that order, announced as
    the one answered about. None when the message names no other order that way."""
    text = tracker.latest_message.get("text") or ""
    if not asked_number or not could_name_a_product(text):
        return None
    orders = await recent_orders(buyer_of(tracker))
    asked = next((o for o in orders if o.order_number == asked_number), None)
    named = named_by_product(text, orders, besides=asked) if asked is not None else None
    if named is None:
        return None
    return _answering_about(dispatcher, tracker, latest_order_topic(tracker), named, orders)


def named_by_product(text: str, orders: Sequence[OrderView], besides: OrderView) -> OrderView | None:
    """The one other order the message names by a product, when it names none of `besides`."""
    if mentions(text, besides):
        return None
    return only_one_named(text, [o for o in orders if o.order_number != besides.order_number])


def _answering_about(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    topic: str | None,
    order: OrderView,
    orders: Sequence[OrderView],
) -> Resolution:
    """Say which order this answer is about, and let the buyer switch with one tap. The
    buyer's only order is named once a session: "I found your order ..." before every
    answer (a delivery, then customs, then a refund) read as the bot starting over."""
    others = [o for o in orders if o.order_number != order.order_number]
    if _announced_last(tracker, order.order_number):
        pass  # the buyer has just read which order this is
    elif others:
        dispatcher.utter_message(
            response=SWITCH,
            buttons=order_buttons(topic, others[:MAX_BUTTONS]),
            **order_values(order),
        )
    else:
        dispatcher.utter_message(response=ONLY_ORDER, **order_values(order))
    return Resolution(order, [SlotSet("order_id", order.order_number)])


def _announced_last(tracker: Tracker, order_number: str) -> bool:
    """Was this order the last one this session said it was answering about? Then the next
    answer about it goes on without "I'm answering about your order ..." again (lazada-id-001:
    before each of "when will you ship?" and "it's past the date!", the same order and buttons)."""
    for event in reversed(this_session(tracker)):
        if event.get("event") == "bot" and response_of(event) in (SWITCH, ONLY_ORDER):
            return (event.get("metadata") or {}).get("order_number") == order_number
    return False


def names_an_order(tracker: Tracker) -> bool:
    """Does the latest message give an order or tracking number?"""
    entities = tracker.latest_message.get("entities") or []
    return any(e.get("entity") in REFERENCE_SLOTS and e.get("value") for e in entities)


def latest_reference(tracker: Tracker) -> str | None:
    """The order or tracking number given last: a tracking number just pasted ("and for
    LP...CN?") is about its own order, not the order number carried from the last question.
    A number cleared since (not found: another buyer's, a typo) is no longer given: "sorry,
    wrong number, mine is the earbuds" looked it up again, then a person took the chat."""
    cleared = set()
    for event in reversed(tracker.events):
        if event.get("event") != "slot" or event.get("name") not in REFERENCE_SLOTS:
            continue
        if not event.get("value"):
            cleared.add(event["name"])
        elif event["name"] not in cleared:
            return str(event["value"])
    # Slots set from outside the conversation's events.
    return tracker.get_slot("order_id") or tracker.get_slot("tracking_number")


def named_for_this_question(tracker: Tracker) -> bool:
    """Was the order (or tracking) number set since the buyer asked this question?

    A number from an earlier question is only the order discussed last. A slot
    with no event behind it was set from outside the conversation: it counts.
    """
    asked_at, named_at = None, None
    for index, event in enumerate(tracker.events):
        kind = event.get("event")
        if kind == "user" and intent_of(event) in ORDER_INTENTS:
            asked_at = index
        elif kind == "slot" and event.get("name") in REFERENCE_SLOTS and event.get("value"):
            named_at = index
    return named_at is None or asked_at is None or named_at > asked_at


def order_buttons(topic: str | None, orders) -> List[dict]:
    """One button per order; tapping it asks the same question about that order."""
    intent = topic or "track_order"
    return [
        {
            "title": _order_title(o),
            "payload": f'/{intent}{{"order_id": "{o.order_number}"}}',
        }
        for o in orders
    ]


def told_just_now(tracker: Tracker, order_number: str, responses: Tuple[str, ...]) -> bool:
    """Was the bot's answer to the previous message about this order one of these replies (or
    replies whose names begin so)?"""
    return any(
        (response_of(event) or "").startswith(responses)
        and (event.get("metadata") or {}).get("order_number") == order_number
        for event in bot_turn_before_latest_message(tracker)
    )


def ask_which_order(dispatcher: CollectingDispatcher, topic: str | None, orders) -> None:
    if len(orders) > 1:
        buttons = order_buttons(topic, orders[:MAX_BUTTONS])
        dispatcher.utter_message(response="utter_which_order", buttons=buttons)
    else:
        dispatcher.utter_message(response="utter_ask_order_id")


def _order_title(order: OrderView) -> str:
    item = order.items[0].title if order.items else ""
    return f"{order.order_number} · {item[:TITLE_CHARS]}" if item else order.order_number


async def _missed(dispatcher, tracker, buyer: BuyerRef, reference: str) -> Resolution:
    forget = [SlotSet("order_id", None), SlotSet("tracking_number", None)]
    limit = load_shop().max_failed_lookups
    # The buyer is flagged when handed off for guessing (counted per buyer, not per conversation).
    attempts = await db(repository().record_failed_lookup, buyer, flag_after=limit + 1)
    if attempts > limit:
        # Each further guess waits longer, which makes trying numbers pointless.
        await asyncio.sleep(min(5.0, 0.5 * (attempts - limit)))
        dispatcher.utter_message(response="utter_too_many_lookups")
        return Resolution(None, forget + hand_off(dispatcher, tracker, "lookup_abuse"))
    dispatcher.utter_message(response="utter_order_not_found", reference=reference)
    return Resolution(None, forget)


async def order_named_by_product(tracker: Tracker) -> OrderView | None:
    """The one order of the buyer's that the latest message names by its product, if any."""
    text = tracker.latest_message.get("text") or ""
    if not could_name_a_product(text):  # no look at the orders for "what's the weather?"
        return None
    return only_one_named(text, await recent_orders(buyer_of(tracker)))


async def order_named_alone(tracker: Tracker) -> str | None:
    """The number of the buyer's order the latest message names by its product and nothing
    more ("o smartwatch"): no question is asked, whatever the classifier made of it."""
    named = await order_named_by_product(tracker)
    text = tracker.latest_message.get("text") or ""
    if named is None or not names_nothing_else(text, [item.title for item in named.items]):
        return None
    return named.order_number

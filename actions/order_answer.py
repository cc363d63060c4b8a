"""Answer an order question from the seller's data, by topic.

The order form has found the order (or the question fits only one of the buyer's orders);
each topic's answer lives in its own module.
"""

from __future__ import annotations

import functools
from typing import Any, Awaitable, Callable, Dict, List, Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import (
    after_sales,
    arrival_deadline,
    cancellation,
    customs,
    refund_withdrawal,
    refunds,
    shipping,
    tracking,
)
from actions.commerce import buyer_of, recent_orders
from actions.compensation_words import asks_compensation, then_compensation
from actions.conversation import (
    ORDER_INTENTS,
    asked_about_an_order_this_session,
    bot_turn_before_latest_message,
    intent_of,
    latest_order_topic,
    said_this_session,
    text_of,
    this_session,
)
from actions.coupons import COUPON_INFO
from actions.customs_general import duty_in_general
from actions.disagreement import pushback_read_as_another_question
from actions.exchange import answer_exchange, asks_exchange
from actions.handoff import paused
from actions.if_never_comes import asks_if_it_never_comes
from actions.invoice_details import details_handed_on
from actions.keep_words import says_keep_it
from actions.order_choice import only_one_named
from actions.order_context import (
    ONLY_ORDER,
    REFERENCE_SLOTS,
    OrderContext,
    Resolution,
    another_order,
    names_an_order,
    order_named_alone,
    resolve_order,
)
from actions.order_form import REQUESTED_SLOT
from actions.order_offers import offer_answered
from actions.other_order_too import the_other_order_too
from actions.parcel_state import stalled
from actions.payment_help import about_the_payment
from actions.photo_talk import answer_photo_talk
from actions.question_words import asks_how, asks_what_now, asks_when
from actions.receiver_words import SOMEONE_ELSE_RECEIVES, asks_if_someone_else_receives
from actions.refund_timing import when_after_refund_answer
from actions.refund_withdrawal import asks_to_withdraw_refund, withdrawal_answered
from actions.repeat_guard import unless_repeated
from actions.second_question import also_asks_coupons
from actions.shop_questions import answered_about_an_order
from bot.commerce.template_values import order_values
from bot.commerce.views import OrderView
from bot.nlu.references import strip_references


async def cancel_unless_lost(ctx: OrderContext) -> List[EventType]:
    """A cancellation, unless the parcel is one the carrier is looking for: "ya me canse…
    cancelenlo" (aliexpress-mx-001) got "already shipped, refuse it when it comes" about a parcel
    that may never come. The refund if it is not found (tracking.carrier_checking)."""
    if ctx.order.status == "shipped" and stalled(ctx.order):
        return await tracking.carrier_checking(ctx)
    return await cancellation.answer(ctx)


# What "cancel my refund request" reads as: the request is withdrawn (actions/refund_withdrawal.py).
WITHDRAWAL_TOPICS = ("request_refund", "refund_status", "cancel_order")
# Each answer takes the order context and returns the events it adds.
# Questions a day the order is needed by turns into "will it arrive by then?".
DEADLINE_TOPICS = ("track_order", "urge_shipment")
ANSWERS: Dict[str, Callable[[OrderContext], Awaitable[List[EventType]]]] = {
    "track_order": tracking.answer,
    "urge_shipment": shipping.answer,
    "cancel_order": cancel_unless_lost,
    "request_refund": refunds.request,
    "refund_status": refunds.status,
    "customs_duty": customs.answer,
    "damaged_item": functools.partial(after_sales.answer, topic="damaged_item"),
    "wrong_item": functools.partial(after_sales.answer, topic="wrong_item"),
}


class ActionOrderAnswer(Action):
    def name(self) -> str:
        return "action_order_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        return unless_repeated(dispatcher, tracker, await self.answer(dispatcher, tracker))

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        if _receiver_asked_on(tracker):
            # "ให้แฟนไปรับแทนได้ไหมคะ" after where the parcel waits and why: the post office's
            # answers were all given, and the chat went to a person. Who may collect it, alone.
            dispatcher.utter_message(response=SOMEONE_ELSE_RECEIVES)
            return []
        if when_after_refund_answer(tracker):
            # "когда вы его переведёте?" read unsurely as another question, right after the
            # refund's status: when that refund moves on (actions/refund_timing.py).
            return await answer_resolved(
                dispatcher, tracker, await resolve_order(dispatcher, tracker), topic="refund_status"
            )
        withdrawn = await withdrawal_answered(dispatcher, tracker)
        if withdrawn is not None:  # "cancel my refund request" with the one open refund
            return withdrawn
        pushback = await pushback_read_as_another_question(dispatcher, tracker)
        if pushback is not None:  # "уже неделя прошла" after the refund answer: not a new question
            return pushback
        if asks_how(tracker.latest_message.get("text") or ""):
            # "em co chup hinh, gui qua dau a?" right after photos were asked for: how to send
            # them ("no photos" is the case's to go on without: after_sales.no_photos).
            photos = answer_photo_talk(dispatcher, tracker)
            if photos is not None:
                return photos
        if intent_of({"parse_data": tracker.latest_message}) in DEADLINE_TOPICS:
            # "i want to change the color to black instead of white" (lazada-ph-001, read as when
            # it ships) got the ship date: another colour or size is after-sales' to arrange.
            if asks_exchange(text_of(tracker)) and asks_when(text_of(tracker)):
                # "請問什麼時候會出貨？另外我想把尺寸從M改成L": the ship date, then after-sales.
                return await ship_date_then_exchange(dispatcher, tracker)
            exchange = answer_exchange(dispatcher, tracker)
            if exchange is not None:
                return exchange
        # "ada kompensasi gak, voucher ato ongkir gratis gitu" got the shipping fee answer.
        policy = None if asks_compensation(text_of(tracker)) else answered_about_an_order(dispatcher, tracker)
        if policy is not None:  # "is return postage free?" got "nothing to refund"; an invoice, the ship date
            if paused(policy) or not _also_asks_when(tracker):
                return policy
            # "請問耳機什麼時候出貨 我想改成貨到付款可以嗎": cash on delivery, and the ship date too.
            resolved = await resolve_order(dispatcher, tracker)
            return [*policy, *await answer_resolved(dispatcher, tracker, resolved)]
        if not tracker.get_slot("order_id") and _keeps_every_order(tracker):
            # "so I cancel and re-order? but don't cancel yet, I'm only asking" got "which order
            # do you mean?" with a cancel button for each, twice.
            dispatcher.utter_message(response="utter_cancel_kept_all")
            return []
        general = await duty_in_general(dispatcher, tracker)
        if general is not None:  # "will I pay UK VAT?" with only a cancelled order: not its customs text
            return general
        named = await _product_named_as_a_first_question(tracker)
        if named is not None:
            # A first "o smartwatch" was read as damaged_item: a case was opened and photos
            # asked for of a parcel still in customs. A product's name asks nothing yet.
            dispatcher.utter_message(response="utter_what_about_order", reference=named)
            return [SlotSet("order_id", named)]
        resolved = await resolve_order(dispatcher, tracker)
        events = await answer_resolved(dispatcher, tracker, resolved)
        events = await the_other_order_too(dispatcher, tracker, resolved.order, events, answer_resolved)
        if also_asks_coupons(tracker) and not paused(events) and not asks_compensation(text_of(tracker)):
            # "quero cancelar o pedido do fone e também queria saber se tem cupom": both answers.
            dispatcher.utter_message(response=COUPON_INFO)
        told = said_this_session(tracker, [SOMEONE_ELSE_RECEIVES])  # then where it is, alone
        if asks_if_someone_else_receives(text_of(tracker)) and not told and not paused(events):
            # "今天会到吗 我妹妹帮我收可以吗": where it is, and that she may (actions/receiver_words.py).
            dispatcher.utter_message(response=SOMEONE_ELSE_RECEIVES)
        # "9 dias sin moverse… me van a compensar algo?": where it is, then a person decides.
        return then_compensation(dispatcher, tracker, events)


def number_just_answered_about(tracker: Tracker) -> str | None:
    """The order number the latest message is (a word or two of courtesy at most), when the
    bot's last answer was about that order."""
    text = tracker.latest_message.get("text") or ""
    # The numbers the NLU found in it (bot/nlu/reference_extractor.py), not found again here.
    named = [
        str(e.get("value"))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") in REFERENCE_SLOTS and e.get("value")
    ]
    if len(named) != 1 or len(strip_references(text).split()) > 2:
        return None
    said = {
        (event.get("metadata") or {}).get(key)
        for event in bot_turn_before_latest_message(tracker)
        for key in ("order_number", "tracking_number")
    }
    return named[0] if named[0] in said else None


async def _product_named_as_a_first_question(tracker: Tracker) -> str | None:
    """The order a message names by its product and nothing more, when it is the buyer's first
    order question this session and answers no order buttons (a product picked from those
    asks their question: latest_order_topic)."""
    asked = [e for e in this_session(tracker) if e.get("event") == "user" and intent_of(e) in ORDER_INTENTS]
    if len(asked) != 1 or offer_answered(tracker) is not None:
        return None
    return await order_named_alone(tracker)


async def answer_resolved(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    resolution: Resolution,
    carried_over: bool = False,
    topic: str | None = None,
) -> List[EventType]:
    """The answer to the latest order topic (or `topic`) about the order resolved for it, if
    one was; `carried_over`: that topic was asked about another order (OrderContext.carried_over)."""
    if resolution.several:
        # "where's my smartwatch? and when do the earbuds come?": each order's answer, after
        # the line naming the order it is about.
        events = list(resolution.events)
        for order, asked in resolution.several:
            dispatcher.utter_message(response=ONLY_ORDER, **order_values(order))
            chosen = Resolution(order, [SlotSet("order_id", order.order_number)])
            events += await answer_resolved(dispatcher, tracker, chosen, carried_over, asked)
        return events
    if resolution.order is None:
        return resolution.events
    buyer = buyer_of(tracker)
    context = OrderContext(dispatcher, tracker, buyer, resolution.order, carried_over=carried_over)
    asked = topic or resolution.topic or latest_order_topic(tracker) or "track_order"
    if asked in DEADLINE_TOPICS and not asks_if_it_never_comes(tracker):
        # "мне к пятнице надо": whether it should arrive by then, before the ship date again;
        # "出貨後大概幾天會到": the days it should arrive between.
        for told in (arrival_deadline.answered, arrival_deadline.window_told):
            by_then = told(context)
            if by_then is not None:
                return [*resolution.events, *by_then]
    if asked in ("request_refund", "refund_status") and cancellation.told_what_cancelling_refunds(context):
        # "如果我取消訂單的話，錢會退回我的信用卡嗎？" (read as a refund question) got "no refund on
        # record yet, tell me why and I'll request one", twice.
        return list(resolution.events)
    if resolution.order.status == "unpaid" and about_the_payment(text_of(tracker)):
        # "duit sy udh kepotong, hrs bayar ulang?" (read as a refund) went to a person: an unpaid
        # order's answer says what happens to money that did not go through, or to a card declined.
        return [*resolution.events, *await tracking.answer(context)]
    if asked in WITHDRAWAL_TOPICS and asks_to_withdraw_refund(tracker.latest_message.get("text") or ""):
        # "quiero cancelar la solicitud de reembolso, me quedo el producto" got the refund's status.
        return [*resolution.events, *await refund_withdrawal.answer(context)]
    return [*resolution.events, *await ANSWERS.get(asked, tracking.answer)(context)]


async def ship_date_then_exchange(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str | None = None
) -> List[EventType]:
    """Where the order stands (its ship date), then after-sales for the change of size or colour
    asked in the same message."""
    dated = await answer_resolved(dispatcher, tracker, await resolve_order(dispatcher, tracker), topic=topic)
    return dated if paused(dated) else [*dated, *(answer_exchange(dispatcher, tracker) or [])]


class ActionOrderNumberGiven(Action):
    """A number on its own ("sorry, it's 1000000009", often after "I couldn't find that order"):
    the answer to the order question asked earlier in this session, for this number; "and the
    other order?" (no number) after an answer: that question about another order; with no
    question before, "what would you like to know about it?"."""

    def name(self) -> str:
        return "action_order_number_given"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        details = details_handed_on(dispatcher, tracker)
        if details is not None:  # "ООО Ромашка ИНН 7701234567": no order number, the invoice's details
            return details
        repeated = number_just_answered_about(tracker)
        if repeated is not None:
            # "512300458871201" pasted again right after the answer about that very order went to
            # a person as a second question: the buyer confirms which order they meant.
            dispatcher.utter_message(response="utter_that_order_yes", order_number=repeated)
            return []
        if asked_about_an_order_this_session(tracker):
            if names_an_order(tracker):
                return await ActionOrderAnswer().run(dispatcher, tracker, domain)
            discussed = tracker.get_slot("order_id")
            if discussed and asks_what_now(tracker.latest_message.get("text") or ""):
                # "y que hago?" right after the stalled-parcel answer, read as a number given, was
                # asked for the order number: what now, about the order just answered about.
                resolved = await resolve_order(dispatcher, tracker)
                answered = await answer_resolved(dispatcher, tracker, resolved)
                return unless_repeated(dispatcher, tracker, answered)
            if discussed:  # "and the other order?", "what about the earbuds?"
                other = await another_order(dispatcher, tracker, discussed)
                answered = await answer_resolved(dispatcher, tracker, other, carried_over=True)
                return unless_repeated(dispatcher, tracker, answered)
        if names_an_order(tracker):
            dispatcher.utter_message(response="utter_what_about_order")
            return []
        if tracker.get_slot(REQUESTED_SLOT) == "order_id":
            # Words with no number while the order form asks which order ("gimana ini"): the
            # form asks again with its buttons; asking here too gave two questions at once.
            return []
        # "And the smartwatch?" with no question before it: no number to say "I have" about
        # (the reply read "Thanks, I have ."): the order that product names, else the number.
        text = tracker.latest_message.get("text") or ""
        orders = await recent_orders(buyer_of(tracker))
        named = only_one_named(text, orders)
        if named is None:
            split = _only_open_order_in_parcels(orders)
            if split is not None:
                # "收到一个包裹了，另一个呢" (one parcel came, and the other?) from a buyer whose one
                # open order came in two parcels got "which order? send its number".
                chosen = Resolution(split, [SlotSet("order_id", split.order_number)])
                return await answer_resolved(dispatcher, tracker, chosen, topic="track_order")
            dispatcher.utter_message(response="utter_ask_order_id")
            return []
        dispatcher.utter_message(response="utter_what_about_order", reference=named.order_number)
        return [SlotSet("order_id", named.order_number)]


def _only_open_order_in_parcels(orders: Sequence[OrderView]) -> OrderView | None:
    """The buyer's one open order, when it was sent in several parcels."""
    still_open = [o for o in orders if o.status not in ("delivered", "cancelled", "refunded")]
    if len(still_open) == 1 and len(still_open[0].shipments) > 1:
        return still_open[0]
    return None


def _receiver_asked_on(tracker: Tracker) -> bool:
    """Someone else receiving asked (a first time) in a chat already told about an order."""
    told = said_this_session(tracker, [SOMEONE_ELSE_RECEIVES])
    if told or not asks_if_someone_else_receives(text_of(tracker)):
        return False
    earlier = this_session(tracker)[:-1]
    return any((e.get("metadata") or {}).get("order_number") for e in earlier if e.get("event") == "bot")


def _also_asks_when(tracker: Tracker) -> bool:
    """Read as when the order ships or comes, with a word for "when" in it."""
    read_as = intent_of({"parse_data": tracker.latest_message})
    return read_as in DEADLINE_TOPICS and asks_when(text_of(tracker))


def _keeps_every_order(tracker: Tracker) -> bool:
    """A message read as a cancellation that says not to cancel, with no order discussed yet."""
    text = tracker.latest_message.get("text") or ""
    return intent_of({"parse_data": tracker.latest_message}) == "cancel_order" and says_keep_it(text)

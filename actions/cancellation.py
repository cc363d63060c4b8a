"""cancel_order: not shipped -> confirm, then cancel and refund; shipped -> why not, and what to do."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.address_change import asks_address_change
from actions.cancel_questions import asks_what_cancelling_would_do, cancelled_without_asking
from actions.commerce import buyer_of, db, repository
from actions.confirmation import (
    AWAITING,
    NO,
    UNCLEAR,
    YES,
    asked_about,
    asked_again,
    names_another,
    pending,
    read_answer,
)
from actions.disputes import bot_said, is_dispute
from actions.exchange import answer_exchange, wants_exchange
from actions.handoff import hand_off
from actions.keep_words import says_keep_it
from actions.order_context import OrderContext, Resolution, switched_by_product
from actions.part_of_order import ONE_OF, cancel_whole, whole_order_told
from actions.payment_help import HOW_TO_PAY, PAYMENT_DEADLINE, asks_how_to_pay, asks_payment_deadline
from actions.question_words import asks_what_if, asks_what_is_meant, asks_when, asks_which
from actions.refund_timing import due
from actions.shop_questions import shop_question_answered
from bot.commerce.errors import NotCancellable, NotFound
from bot.commerce.template_values import iso, money, order_values, shipment_values
from bot.commerce.views import NOT_YET_SHIPPED
from bot.nlu.said_words import said
from bot.seller.shop import load_shop

QUESTION = "cancel_order"
CLOSED = ("cancelled", "refunded")  # nothing left to cancel
DELIVERED = "utter_cannot_cancel_delivered"
CLOSED_ANSWER = "utter_cannot_cancel_closed"
# A cancelled order never paid: "I cancelled it, will I be charged?" got only "already
# cancelled, nothing to cancel". The refunds' answer says both (actions/refunds.py).
NEVER_PAID_ANSWER = "utter_nothing_charged"
# "If I cancel, do I get it all back?" about an order not shipped yet (actions/cancel_questions.py).
WOULD_REFUND = "utter_cancel_would_refund"


def told_what_cancelling_refunds(ctx: OrderContext) -> bool:
    """ "If I cancel, do I get it all back, and to which card?" about a paid order not shipped
    yet, however it was read (a cancellation, a refund question): what cancelling now refunds.
    The cancel is theirs to ask. False, and nothing said, for any other message."""
    order = ctx.order
    text = ctx.tracker.latest_message.get("text") or ""
    if (
        order.status not in NOT_YET_SHIPPED
        or order.paid_at is None
        or not asks_what_cancelling_would_do(text)
    ):
        return False
    ctx.say(WOULD_REFUND, payout_days=load_shop().refund_days.payout)
    return True


async def answer(ctx: OrderContext) -> List[EventType]:
    order = ctx.order
    if order.status == "unpaid" and asks_payment_deadline(ctx.tracker.latest_message.get("text") or ""):
        ctx.say(PAYMENT_DEADLINE)  # "pay by when so it isn't cancelled automatically?": no cancel question
        return []
    if order.status == "unpaid" and asks_how_to_pay(ctx.tracker.latest_message.get("text") or ""):
        # "masih bisa bayar ga?" (can I still pay?) read as a cancellation was asked "cancel it?".
        ctx.say(HOW_TO_PAY)
        return []
    if order.status not in CLOSED and says_keep_it(ctx.tracker.latest_message.get("text") or ""):
        # "thoi khoi huy, de em doi" (never mind cancelling, I'll wait), "jgn dibatalin" (don't
        # cancel it), read as a cancellation: asked "cancel it?" before this came first.
        ctx.say("utter_cancel_kept")
        return []
    if order.status in NOT_YET_SHIPPED:
        if told_what_cancelling_refunds(ctx) or cancel_whole(ctx):
            return []
        if asks_what_if(ctx.tracker.latest_message.get("text") or ""):
            # "kalau besok belum dikirim aku cancel aja deh" (if it hasn't shipped by tomorrow,
            # I'll cancel) was asked "cancel it now?": when it ships, and the cancel is theirs to ask.
            from actions import shipping  # it imports this module (through late_shipment)

            return await shipping.answer(ctx)
        ctx.say("utter_confirm_cancel")
        return [SlotSet(AWAITING, QUESTION)]
    closed = order.status in CLOSED
    if closed and cancelled_without_asking(ctx.tracker.latest_message.get("text") or ""):
        # "knp pesanan sy dibatalin, sy ga pernah minta batal": a person looks at why.
        return hand_off(ctx.dispatcher, ctx.tracker, "order_closed")
    if closed and bot_said(ctx.tracker, [CLOSED_ANSWER, NEVER_PAID_ANSWER], order.order_number):
        # "Why is it cancelled? I didn't cancel it" after "already cancelled, nothing to
        # cancel" got that sentence again: a person looks at why the order was closed.
        return hand_off(ctx.dispatcher, ctx.tracker, "order_closed")
    if not closed and is_dispute(ctx.tracker, "disputes_cancel_refused", order.order_number):
        # Told once that a shipped (or delivered) order can't be cancelled, the buyer insists:
        # a person decides, rather than the bot refusing the same way for ever.
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_cancel_refused")
    explain_refusal(ctx.dispatcher, order)
    return []


def explain_refusal(dispatcher: CollectingDispatcher, order) -> None:
    if order.status in CLOSED:
        never_paid = order.status == "cancelled" and order.paid_at is None
        dispatcher.utter_message(
            response=NEVER_PAID_ANSWER if never_paid else CLOSED_ANSWER, **order_values(order)
        )
        return
    if order.status == "delivered" and order.shipments:
        # "Refuse it when it comes" (the shipped text) to a buyer who has had it for days.
        delivered = shipment_values(order.shipments[-1])
        dispatcher.utter_message(response=DELIVERED, **delivered, **order_values(order))
        return
    tracking_number = order.shipments[0].tracking_number if order.shipments else ""
    dispatcher.utter_message(
        response="utter_cannot_cancel_shipped", tracking_number=tracking_number, **order_values(order)
    )


class ActionConfirmCancel(Action):
    """The buyer's answer to "Shall I cancel order ...?", read in context."""

    def name(self) -> str:
        return "action_confirm_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        # The order asked about, not whatever order a message since has named; the slot goes
        # back to it, so the answers after this one are about it too.
        order_number = asked_about(tracker)
        # Another order named (a switch button, "cancel B instead", "no, the earbuds"): the
        # question about this one is dropped, and the message is answered about the order it
        # names, here (run as a follow-up action, no rule would know what comes after it, and
        # Rasa's fallback would undo the turn, question included). Never a yes to this one.
        from actions.order_answer import ActionOrderAnswer, answer_resolved  # they import this module

        if names_another(tracker, order_number):
            return [SlotSet(AWAITING, None), *await ActionOrderAnswer().run(dispatcher, tracker, domain)]
        switched = await switched_by_product(dispatcher, tracker, order_number)
        if switched is not None:
            return [SlotSet(AWAITING, None), *await answer_resolved(dispatcher, tracker, switched)]
        back = [SlotSet("order_id", order_number)] if order_number != tracker.get_slot("order_id") else []
        done = [SlotSet(AWAITING, None), *back]
        if order_number and asks_address_change(tracker.latest_message.get("text") or ""):
            # "wait, can I change the address instead?" was told "I need a clear yes or no":
            # the question is dropped and the new address answered for the order asked about.
            answered = await _answered_about(dispatcher, tracker, order_number, "track_order")
            if answered is not None:
                return [*done, *answered]
        said_now = tracker.latest_message.get("text") or ""
        if order_number and wants_exchange(said_now, instead_of_cancelling=True):
            # "can i just get the black one instead of cancelling?" was asked for a yes or no.
            dispatcher.utter_message(response="utter_cancel_kept", order_number=order_number)
            return [*done, *(answer_exchange(dispatcher, tracker, instead_of_cancelling=True) or [])]
        if order_number and said(ONE_OF, said_now):
            order = await db(repository().order_for_buyer, buyer_of(tracker), order_number)
            if order is not None and whole_order_told(dispatcher, order, said_now):
                return done  # "não não, só uma!" (round 17) was asked for a yes or no
        policy = await shop_question_answered(dispatcher, tracker)
        if policy is not None:
            # "who pays the shipping if I return it?" while "shall I cancel?" waited was asked for
            # a yes or no, twice, then a person: the question is dropped and this one answered.
            return [*done, *policy]
        text = tracker.latest_message.get("text") or ""
        if order_number and (asks_which(text) or asks_what_is_meant(text)):
            # "pera, qual vc cancelou?" (wait, which one are you cancelling?): the question again,
            # with the product, as an answer; it was "I need a clear yes or no", then a person.
            order = await db(repository().order_for_buyer, buyer_of(tracker), order_number)
            if order is not None:
                dispatcher.utter_message(response="utter_confirm_cancel", **order_values(order))
                return back
        reply = read_answer(tracker, QUESTION)
        if reply == NO:
            dispatcher.utter_message(response="utter_cancel_kept", order_number=order_number)
            if order_number and asks_when(tracker.latest_message.get("text") or ""):
                # "gajadi deh kak, tunggu aja. kira2 kapan dikirim?": kept, and when it ships.
                answered = await _answered_about(dispatcher, tracker, order_number, "urge_shipment")
                if answered is not None:
                    return [*done, *answered]
            return done
        if reply == UNCLEAR and order_number and asks_when(tracker.latest_message.get("text") or ""):
            # "kapan dikirim min?? udh telat loh" (when does it ship? it's late) to the offer to
            # cancel was asked for a yes or no, and the "ok" after that cancelled the order: the
            # buyer asks when it ships. The offer is dropped and that answered.
            answered = await _answered_about(dispatcher, tracker, order_number, "urge_shipment")
            if answered is not None:
                return [*done, *answered]
        if reply != YES:
            _, already_asked_again = pending(tracker)
            if already_asked_again:
                return [*done, *hand_off(dispatcher, tracker, "unclear_confirmation")]
            order = await db(repository().order_for_buyer, buyer_of(tracker), order_number or "")
            values = order_values(order) if order is not None else {"order_number": order_number}
            dispatcher.utter_message(response="utter_confirm_cancel_again", **values)
            return [SlotSet(AWAITING, asked_again(QUESTION)), *back]
        return done + await _cancel(dispatcher, tracker, order_number)


async def _answered_about(
    dispatcher: CollectingDispatcher, tracker: Tracker, order_number: str, topic: str
) -> List[EventType] | None:
    """The answer to `topic` about the order asked about, once the question is dropped; None
    when that order is not the buyer's any more."""
    from actions.order_answer import answer_resolved  # it imports this module

    order = await db(repository().order_for_buyer, buyer_of(tracker), order_number)
    if order is None:
        return None
    return await answer_resolved(dispatcher, tracker, Resolution(order, []), topic=topic)


async def _cancel(
    dispatcher: CollectingDispatcher, tracker: Tracker, order_number: str | None
) -> List[EventType]:
    if not order_number:  # a question is only asked about an order; should its number be lost, ask
        dispatcher.utter_message(response="utter_ask_order_id")  # "I have {reference}" had none
        return []
    try:
        order = await db(repository().cancel_order, buyer_of(tracker), order_number, "buyer asked in chat")
    except NotCancellable as refused:
        explain_refusal(dispatcher, refused.order)
        return []
    except NotFound:
        dispatcher.utter_message(response="utter_order_not_found", reference=order_number)
        return []
    refund = next((r for r in reversed(order.refunds)), None)
    if refund is None:
        dispatcher.utter_message(response="utter_cancelled_unpaid", **order_values(order))
    else:
        # When it is sent, as "when is my money back?" is told next (actions/refund_timing.py):
        # "the refund is on its way" then "it will be sent by the 12th" read as two stories.
        sent_by = due(refund) if refund.status == "approved" else None
        dispatcher.utter_message(
            response="utter_cancelled",
            refund_amount=money(refund.amount, refund.currency),
            payout_date=iso(sent_by or datetime.now(timezone.utc)),
            **order_values(order),
        )
    return []

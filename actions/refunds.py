"""request_refund and refund_status, answered from the order's refunds."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions import after_sales, cancellation, refund_timing, tracking
from actions.cancel_questions import names_cancelling
from actions.charge_words import says_double_charge, says_pending_hold
from actions.commerce import db, repository
from actions.compensation_words import asks_compensation
from actions.conversation import intent_of
from actions.disagreement import read_surely
from actions.disputes import bot_said, is_dispute
from actions.exchange import answer_exchange
from actions.handoff import hand_off, paused
from actions.if_never_comes import told_if_it_never_comes
from actions.missing_words import says_part_missing
from actions.order_context import OrderContext
from actions.parcel_state import stalled
from actions.part_of_order import return_part
from actions.question_words import WHY, WHY_NOT_BECAUSE, asks_what_if, asks_when
from actions.replacement_words import wants_replacement
from actions.return_needed import told_if_it_comes_back
from actions.shop_questions import tell_return_policy
from bot.commerce.errors import NotRefundable
from bot.commerce.template_values import refund_values
from bot.commerce.views import NOT_YET_SHIPPED, OrderView, RefundView
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

OPEN = ("requested", "approved")
AFTER_SALES_REASONS = ("damaged_item", "wrong_item")


# Charged twice for one order: the failed attempt is a hold the bank releases (not a refund).
DOUBLE_CHARGE = "utter_double_charge"
# "Why so long?" about a refund already sent: the banks' time.
WHY_SO_LONG = "utter_refund_why_bank_time"


async def request(ctx: OrderContext) -> List[EventType]:
    """By reason: broken or wrong -> that flow; not arrived -> tracking first; else a request."""
    if says_double_charge(ctx.tracker.latest_message.get("text") or ""):
        # "два списания по 1290 рублей, верните лишние" was offered the order's cancellation.
        ctx.say(DOUBLE_CHARGE)
        return []
    exchange = None if read_surely(ctx.tracker) else answer_exchange(ctx.dispatcher, ctx.tracker)
    if exchange is not None:
        # "vale, y puedo cambiarlo por otra talla en vez del reembolso?" (request_refund 0.49,
        # backed) got "a refund is already open": it asks for another size instead. A sure
        # reading ("I want a refund, not an exchange") is the refund it says.
        return exchange
    covered = await after_sales.refund_asked(ctx, after_sales_reason(ctx.tracker, ctx.order.order_number))
    if covered is not None:
        return covered
    order = ctx.order
    if order.status in NOT_YET_SHIPPED:
        if asks_compensation(ctx.tracker.latest_message.get("text") or ""):
            # "pls i-refund nyo yung difference" got "shall I cancel order …?": part of the price
            # back is no cancellation; where it stands, then a person (then_compensation).
            return await tracking.answer(ctx)
        return await cancellation.answer(ctx)
    if order.status == "shipped":
        return await _not_arrived_yet(ctx)
    if order.status in ("cancelled", "refunded"):
        return await status(ctx)
    text = ctx.tracker.latest_message.get("text") or ""
    if wants_replacement(text):
        # "one of the legs is snapped off, i dont want a refund, just send me a new one" recorded
        # a refund request: a replacement is the after-sales case's (photos first).
        return await after_sales.answer(ctx, "wrong_item" if says_part_missing(text) else "damaged_item")
    part = return_part(ctx)
    if part is not None:  # "trả 1 cái nha" recorded a refund of both phone cases
        return part
    existing = next((r for r in reversed(order.refunds) if r.status in OPEN), None)
    if existing:
        if _disputed(ctx, insisting=True):
            return _when_or_dispute(ctx, existing)
        ctx.say("utter_refund_already_open", **refund_values(existing))
        told_if_it_comes_back(ctx, existing)
        return []
    if asks_what_if(ctx.tracker.latest_message.get("text") or ""):
        # "ถ้าไม่ไปรับ ... แล้วจะได้เงินคืนไหม" (if I don't collect it, will I get my money back?)
        # recorded a refund request: it asks what would happen, which the returns policy says.
        return tell_return_policy(ctx.dispatcher)
    try:
        refund = await db(repository().request_refund, ctx.buyer, order.order_number, "buyer asked in chat")
    except NotRefundable:
        return await status(ctx)
    ctx.say("utter_refund_requested", **refund_values(refund))
    return []


async def _not_arrived_yet(ctx: OrderContext) -> List[EventType]:
    """Where the parcel is, and how the money comes back once it arrives (refuse it, or a
    return): "then I want to return it" after "it can't be cancelled", or "will I get my
    money back if I refuse the parcel?", got where the parcel is and nothing on the refund."""
    arrived = [s for s in ctx.order.shipments if s.latest is not None and s.latest.status == "delivered"]
    if not stalled(ctx.order) and told_if_it_never_comes(ctx):
        return []
    if arrived and len(arrived) < len(ctx.order.shipments):
        return await _partly_arrived(ctx)
    if stalled(ctx.order):
        return await tracking.carrier_checking(ctx)
    events = [] if tracking.where_told(ctx) else await tracking.answer(ctx)
    handed_off = paused(events)
    if not arrived and not handed_off and _waiting_at_pickup(ctx.order):
        # "งั้นขอคืนเงินได้ไหม" after "it can't be cancelled: refuse it when it's delivered" got
        # the same "refuse it when it's delivered" for a parcel nobody will deliver: it waits
        # at the post office, and not collecting it sends it back.
        ctx.say("utter_refund_not_collected", hold_days=load_shop().pickup_hold_days)
    elif not arrived and not handed_off:
        ctx.say("utter_refund_after_delivery")
    return events


def _waiting_at_pickup(order: OrderView) -> bool:
    """The order's one parcel waits at the post office or a pickup point."""
    latest = order.shipments[0].latest if len(order.shipments) == 1 else None
    return latest is not None and latest.status == "awaiting_pickup"


async def _partly_arrived(ctx: OrderContext) -> List[EventType]:
    """A split order, one parcel delivered: the parcels (unless the buyer was just shown these
    very ones), then what a refund means for each part. It got the parcel list alone, and
    asked again the same list once more."""
    events: List[EventType] = []
    if not tracking.parcels_listed(ctx):
        events = await tracking.answer(ctx)
    ctx.say("utter_refund_split_order")
    return events


def after_sales_reason(tracker: Tracker, order_number: str) -> str | None:
    """The broken or wrong item the buyer told of earlier in the chat about this same order
    (the order the bot then answered about), or in this very message, if any: a refund asked
    for another order, "I changed my mind", is a plain request, and opens no case there."""
    reason, about = None, None
    last_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=0)
    for event in tracker.events[:last_user]:
        if event.get("event") == "user":
            intent = intent_of(event)
            if intent in AFTER_SALES_REASONS:
                reason, about = intent, None
        elif event.get("event") == "slot" and event.get("name") == "order_id" and reason and about is None:
            about = event.get("value")
    if reason and about in (None, order_number):
        return reason
    return _told_in_this_message(tracker)


# The refund request's own second reading, this sure, tells why: "the phone case i got is
# scratched, can i return?" (request_refund 0.80, damaged_item 0.14) recorded a refund request
# at once, with no case and no photos of the scratch.
REASON_READING = 0.1


def _told_in_this_message(tracker: Tracker) -> str | None:
    ranking = tracker.latest_message.get("intent_ranking") or []
    return next(
        (
            r["name"]
            for r in ranking[1:3]
            if r.get("name") in AFTER_SALES_REASONS and (r.get("confidence") or 0.0) >= REASON_READING
        ),
        None,
    )


# "The refund is less than I paid: isn't shipping refunded?": what this refund covers is the
# seller's to explain (the items, the shipping, a partial refund), so a person looks at it.
AMOUNT_DISPUTED = phrases((
    "less than i paid", "lower than what i paid", "smaller than", "not the full amount", "shipping not",
    "shipping isn't", "doesn't include shipping", "include the shipping", "includes shipping",
    "cantidad mas baja", "cantidad más baja", "menos de lo que pague", "menos de lo que pagué",
    "incluye los gastos de envio", "incluye los gastos de envío", "no me devolveis el envio",
    "não devolvem o frete", "nao devolvem o frete", "valor menor", "menos do que paguei",
    "меньше чем я платил", "меньше, чем я платил", "сумма какая-то маленькая", "доставку не возвращаете",
    "少退了", "退少了", "运费不退", "運費不退", "น้อยกว่าที่จ่าย", "ค่าส่งไม่คืน", "ít hơn số tiền",
    "không hoàn phí ship", "kurang dari yang", "ongkir tidak dikembalikan", "ongkir ga dikembalikan",
))  # fmt: skip


async def status(ctx: OrderContext) -> List[EventType]:
    refund = next(reversed(ctx.order.refunds), None) if ctx.order.refunds else None
    if refund is not None and said(AMOUNT_DISPUTED, ctx.tracker.latest_message.get("text") or ""):
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_refund_amount")
    if refund is not None and _asks_why_refunded(ctx, refund):
        # "ok but WHY was it refunded. was it out of stock or what" (wish-us-001) went to a
        # person, twice: the order's data says why (the seller's own words).
        ctx.say("utter_refund_reason", refund_reason=refund.reason, **refund_values(refund))
        return []
    if refund is not None and _disputed(ctx):
        return _when_or_dispute(ctx, refund)
    if refund is None and _cancel_named_before_shipping(ctx):
        # "klo gitu batalin aja deh, duitnya balik ga? brp lama?" (then cancel it; does the
        # money come back, how long?) got "no refund yet, tell us why": the cancellation is
        # what it asks for (or what cancelling would refund, or keeping it), round 15.
        return await cancellation.answer(ctx)
    if refund is None and ctx.order.status == "shipped":
        return await _not_arrived_yet(ctx)  # where the parcel is, and when money could come
    if refund is None and ctx.order.status == "cancelled" and ctx.order.paid_at is None:
        # Not "tell me why and I'll record one": there is none to make. A "pending" amount the
        # bank shows is a card hold it releases by itself (actions/charge_words.py).
        held = says_pending_hold(ctx.tracker.latest_message.get("text") or "")
        ctx.say("utter_pending_hold" if held else "utter_nothing_charged")
    elif refund is None and ctx.order.status == "unpaid":
        # "When does my money come back?" about an order never paid: it was "no refund yet,
        # tell me why and I'll record one", for money the buyer never paid.
        ctx.say("utter_order_unpaid")
    elif refund is None:
        # "bao giờ được hoàn tiền" right after a damage case asked for photos got "no refund
        # was asked for; tell me why": the case covers the refund, and says what comes first.
        covered = await after_sales.refund_asked(ctx, None)
        if covered is not None:
            return covered
        ctx.say("utter_no_refund")
    elif refund_timing.told_when_first(ctx, refund):
        pass  # "how long until my refund comes?": the day, which tells the status too
    elif refund.status == "processed":
        ctx.say("utter_refund_processed", **refund_values(refund))
    else:
        ctx.say("utter_refund_pending", **refund_values(refund))
    if refund is not None:
        # "¿Cuándo me devolvéis el dinero y a qué tarjeta va?" got the day alone: and the card.
        refund_timing.method_told(ctx)
        told_if_it_comes_back(ctx, refund)  # "¿y tengo que devolverla o me la quedo?"
    return []


def _cancel_named_before_shipping(ctx: OrderContext) -> bool:
    order = ctx.order
    text = ctx.tracker.latest_message.get("text") or ""
    return order.status in NOT_YET_SHIPPED and order.paid_at is not None and names_cancelling(text)


def _asks_why_refunded(ctx: OrderContext, refund: RefundView) -> bool:
    """ "Why was it refunded?" about a refund the shop approved or made (one the buyer asked
    for has its reason from them): "pedi el reembolso porque no es como en las fotos" (because)
    got the reason, not the status."""
    text = ctx.tracker.latest_message.get("text") or ""
    return bool(refund.reason) and refund.status in ("approved", "processed") and said(WHY_NOT_BECAUSE, text)


def _when_or_dispute(ctx: OrderContext, refund: RefundView) -> List[EventType]:
    """Back about a refund already told: "y cuándo me lo aprueban?" is a question before it is
    a dispute (the day, once: actions/refund_timing.py); anything else, a person."""
    text = ctx.tracker.latest_message.get("text") or ""
    if refund.status == "processed" and said(WHY, text) and not bot_said(ctx.tracker, [WHY_SO_LONG]):
        # "20 business days?? why so long" after the refund was sent went to senior care: the
        # time is the banks', once; asked again, a person.
        ctx.say(WHY_SO_LONG, **refund_values(refund))
        return []
    method = refund_timing.method_told(ctx)
    if method and not asks_when(text):
        return []
    # "y cuánto tarda la revisión? y me lo devolvéis a la tarjeta o a paypal?": both.
    timing = refund_timing.answered(ctx, refund)
    if timing is not None:
        return timing
    return [] if method else hand_off(ctx.dispatcher, ctx.tracker, "disputes_refund_time")


def _disputed(ctx: OrderContext, insisting: bool = False) -> bool:
    """Asking again after the bot told this order's refund status and times: a person takes it."""
    return is_dispute(ctx.tracker, "disputes_refund_time", ctx.order.order_number, insisting)

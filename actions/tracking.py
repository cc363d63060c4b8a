"""track_order: where the parcel is, read for the buyer from the tracking events."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import address_change, courier_contact, stalled_why
from actions.arrival_words import NOT_YET_WORDS
from actions.check_later import cannot_check_yet, check_when_back
from actions.commerce import buyer_of, db, repository
from actions.complaint_words import asks_money_back
from actions.conversation import bot_turn_before_latest_message, response_of, said_this_session
from actions.customs_hold import held_at_customs_answer
from actions.delivered_words import says_not_received
from actions.delivery_note import DELIVERY_NOTE
from actions.delivery_note import answered as delivery_note_answered
from actions.disputes import bot_said
from actions.failed_delivery import told_what_if
from actions.handoff import hand_off, tier_for
from actions.late_shipment import tell_late
from actions.missed_courier import missed_call_answered
from actions.order_context import OrderContext
from actions.parcel_state import days_since, stalled, usual_arrival, where_left
from actions.payment_help import unpaid_reply
from actions.pickup_answers import pickup_follow_up
from actions.pickup_words import asks_if_not_collected, asks_why_there
from actions.question_words import asks_when
from actions.ship_date import STATUS_UNSHIPPED, tell_ship_date
from actions.track_site_words import asks_where_to_track
from bot.commerce.template_values import iso, parcels, shipment_values
from bot.commerce.views import NOT_YET_SHIPPED, OrderView
from bot.nlu.said_words import phrases, said
from bot.seller.hours import as_utc
from bot.seller.shop import DeliveryWindow, load_shop

# Out for delivery since less than a day: it should come today.
OUT_FOR_DELIVERY = "utter_tracking_out_for_delivery"
OUT_FOR_DELIVERY_MISSING = "utter_tracking_out_for_delivery_missing"
OUT_FOR_DELIVERY_TIME = "utter_tracking_out_for_delivery_time"
# "Where can I track it?": the site and the number to put in.
TRACKING_SITE = "utter_tracking_site"
# Replies that tell where an order's one parcel is, from its latest scan.
WHERE_IT_IS = (
    "utter_tracking_in_transit",
    OUT_FOR_DELIVERY,
    "utter_tracking_pickup",
    "utter_tracking_stalled",
    address_change.REDIRECT,  # "only the carrier can redirect it; it is now: …" says where too
)
# What happens to a parcel the carrier is looking for, if it is not found (refunds use it too).
CARRIER_CHECKING = "utter_refund_carrier_check"
# "How long do they take?" after that: the day the carrier's answer is due (shop.yml carrier_check_days).
CARRIER_CHECK_BY = "utter_carrier_check_by"
# The case opened for a parcel with no scan for days: the carrier is asked to look for it.
LOGISTICS_CHECK = "logistics_check"
# "It shows delivered on ... (where it was left): did you get it?" (a "no" opens the case).
ASK_IF_RECEIVED = "utter_tracking_delivered_did_it_come"
NOT_YET = phrases(NOT_YET_WORDS)
# Replies that list an order's parcels one by one.
PARCEL_LISTS = ("utter_tracking_split", "utter_parcels_still_coming")


async def answer(ctx: OrderContext) -> List[EventType]:
    order = ctx.order
    if order.status == "unpaid" or order.status in NOT_YET_SHIPPED:
        moved = address_change.answered(ctx, None)  # before shipping: the seller changes it
        if moved is not None:
            return moved
    if order.status == "unpaid":  # how to pay, by when, a payment not seen yet, or "unpaid"
        ctx.say(unpaid_reply(ctx.tracker.latest_message.get("text") or ""))
        return []
    if order.status in NOT_YET_SHIPPED:
        noted = delivery_note_answered(ctx, None)
        if noted is not None:
            return noted
        if order.ship_overdue(date.today()):
            return tell_late(ctx)
        return tell_ship_date(ctx, STATUS_UNSHIPPED)
    if order.status in ("cancelled", "refunded"):
        ctx.say("utter_order_closed")
        return []
    if order.status == "shipped" and not stalled(order) and told_what_if(ctx):
        return []  # "if by 10 dec still never come how?" got the estimate again
    if len(order.shipments) > 1:
        coming = [p for p in order.shipments if not (p.latest and p.latest.status == "delivered")]
        waiting = [p for p in coming if p.latest is None or p.latest.status == "awaiting_pickup"]
        if len(coming) == 1 and not waiting:
            # "can you leave it at the guardhouse?" about a split order: the parcel still coming.
            noted = _asked_of_the_courier(ctx, shipment_values(coming[0]))
            if noted is not None:
                return noted
        if parcels_listed(ctx) or asks_when(ctx.tracker.latest_message.get("text") or ""):
            return _parcels_still_coming(ctx)  # "第二个包裹什么时候到？" got the last scans alone
        ctx.say("utter_tracking_split", count=len(order.shipments), parcels=parcels(order))
        return []
    shipment = order.shipments[0] if order.shipments else None
    if shipment is not None and asks_where_to_track(ctx.tracker.latest_message.get("text") or ""):
        # "en que pagina lo rastreo" got the carrier-check text again, with no site.
        ctx.say(TRACKING_SITE, tracking_site=load_shop().tracking_site, **shipment_values(shipment))
        return []
    if shipment is None or shipment.latest is None:
        ctx.say("utter_tracking_no_events", **(shipment_values(shipment) if shipment else {}))
        return []
    latest = shipment.latest
    values = shipment_values(shipment)
    if latest.status == "delivered" or order.status == "delivered":
        if ctx.carried_over:
            # "And the phone case?" after asking about another parcel: no word that it is
            # missing, so say when it came and let the buyer say what is wrong, if anything.
            ctx.say("utter_tracking_delivered_ask", **values)
            return []
        text = ctx.tracker.latest_message.get("text") or ""
        if says_not_received(text) or asked_if_received(ctx.tracker, order.order_number):
            if cannot_check_yet(text):
                return check_when_back(ctx, shipment)
            return await _delivered_but_missing(ctx, values)
        # "Where is my order?" about a parcel shown delivered opened a not-received case and
        # handed off at once: the buyer may have it. When and where it was left, and did it come?
        ctx.say(ASK_IF_RECEIVED, where_left=where_left(latest), **values)
        return []
    if latest.status == "awaiting_pickup":
        text = ctx.tracker.latest_message.get("text") or ""
        if address_change.asks_address_change(text):  # "ส่งไปที่ใหม่ได้มั้ย" got the pickup text twice
            return address_change.answered(ctx, values) or []
        if asks_if_not_collected(text):  # left there: back to us, then the refund (round 17)
            ctx.say("utter_refund_not_collected", hold_days=load_shop().pickup_hold_days, **values)
            return []
        if where_told(ctx) or asks_why_there(text):
            return pickup_follow_up(ctx, values, latest)  # "nobody came, I was home": why it is there
        ctx.say("utter_tracking_pickup", tracking_site=load_shop().tracking_site, **values)
        return []
    # Told whom to tell already, "and if I'm out when he comes?" asks what the courier does then.
    told = said_this_session(ctx.tracker, [DELIVERY_NOTE])
    noted = None if told else _asked_of_the_courier(ctx, values)
    noted = noted if noted is not None else missed_call_answered(ctx)
    if noted is None and told:
        noted = _asked_of_the_courier(ctx, values)
    if noted is not None:
        return noted
    if stalled(order):
        if where_told(ctx):
            return _still_stalled(ctx, values)
        case = await db(repository().open_case, ctx.buyer, order.order_number, LOGISTICS_CHECK, tag="purple")
        ctx.say("utter_tracking_stalled", case_id=case.id, **values)
        if asks_money_back(ctx.tracker.latest_message.get("text") or ""):
            ctx.say(CARRIER_CHECKING, **values)  # "…y si me van a regresar mi dinero": if lost
        return [SlotSet("case_id", str(case.id))]
    if latest.status == "customs":  # held a while longer than usual: the carrier checks (above)
        return held_at_customs_answer(ctx, values)
    text = ctx.tracker.latest_message.get("text") or ""
    if latest.status == "out_for_delivery" and says_not_received(text) and not said(NOT_YET, text):
        # "放在门口就走了…结果不见了", "显示已签收 可是我没拿到": the courier's word against the
        # buyer's, as for a parcel shown delivered; not "good news, it comes today".
        return await _not_received(ctx, values, OUT_FOR_DELIVERY_MISSING)
    if latest.status == "out_for_delivery" and days_since(latest.occurred_at) < 1:
        # "到了吗" on delivery day got "on its way, latest: out for delivery": it comes today.
        # Asked again ("司机几点会来"), no exact time: the courier calls (it got 4-8 days).
        ctx.say(OUT_FOR_DELIVERY_TIME if where_told(ctx) else OUT_FOR_DELIVERY, **values)
        return []
    if where_told(ctx) or asks_when(text):  # "toi dau roi, bao gio thi giao?": the dates too
        window = load_shop().delivery_window(order.destination_country)
        shipped_at = shipment.shipped_at or order.shipped_at
        if window is not None and shipped_at is not None:
            return _expected(ctx, values, shipped_at, window)
    ctx.say("utter_tracking_in_transit", **values)
    return []


def _asked_of_the_courier(ctx: OrderContext, values: dict) -> List[EventType] | None:
    """A new address, delivery instructions or the courier's number for the parcel on its way
    (`values`), if asked."""
    for answered in (address_change.answered, delivery_note_answered, courier_contact.answered):
        events = answered(ctx, values)
        if events is not None:
            return events
    return None


def _expected(
    ctx: OrderContext, values: dict, shipped_at: datetime, window: DeliveryWindow
) -> List[EventType]:
    """Asked again about a parcel on its way just after being told where it is ("how long will
    it take?"): the same sentence again read as a loop. When it should arrive, from the usual
    days to its country; past them, that it is late and what happens if it stops moving."""
    days = {"shortest_days": window.shortest, "longest_days": window.longest}
    now = datetime.now(timezone.utc)
    earliest, latest = usual_arrival(shipped_at, window, now)
    if latest < now:
        stalled_after = load_shop().stalled_after_days
        ctx.say("utter_tracking_later_than_usual", stalled_after_days=stalled_after, **days, **values)
        return []
    dates = {"expected_from_date": iso(earliest), "expected_to_date": iso(latest)}
    ctx.say("utter_tracking_expected", **dates, **days, **values)
    return []


async def _delivered_but_missing(ctx: OrderContext, values: dict) -> List[EventType]:
    """The buyer asks where a parcel is that the carrier calls delivered: not received."""
    return await _not_received(ctx, values, "utter_tracking_delivered_not_received")


async def _not_received(ctx: OrderContext, values: dict, response: str) -> List[EventType]:
    """A 'not received' case for the order's parcel, told with `response`, then a person."""
    tier = tier_for(ctx.tracker, "not_received")
    case = await db(
        repository().open_case,
        ctx.buyer,
        ctx.order.order_number,
        "not_received",
        tag="purple",
        escalate_to=tier,
    )
    ctx.say(response, case_id=case.id, **values)
    return [SlotSet("case_id", str(case.id)), *hand_off(ctx.dispatcher, ctx.tracker, "not_received")]


def asked_if_received(tracker: Tracker, order_number: str) -> bool:
    """Did this session ask whether this order's delivered parcel came? Then the buyer asking
    after it again ("I don't have it") says it did not."""
    return said_this_session(tracker, [ASK_IF_RECEIVED], order_number=order_number)


async def not_received_answered(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """A "no" to "did you get it?" about a parcel shown delivered: the not-received case and a
    person, as when the buyer says so first. None when the bot asked no such thing just now."""
    asked = [
        (event.get("metadata") or {}).get("order_number")
        for event in bot_turn_before_latest_message(tracker)
        if response_of(event) == ASK_IF_RECEIVED
    ]
    if not asked or not asked[-1]:
        return None
    buyer = buyer_of(tracker)
    order = await db(repository().order_for_buyer, buyer, asked[-1])
    if order is None or not order.shipments or order.shipments[0].latest is None:
        return None
    ctx = OrderContext(dispatcher, tracker, buyer, order)
    if cannot_check_yet(tracker.latest_message.get("text") or ""):
        return [SlotSet("order_id", order.order_number), *check_when_back(ctx, order.shipments[0])]
    values = shipment_values(order.shipments[0])
    return [SlotSet("order_id", order.order_number), *await _delivered_but_missing(ctx, values)]


def _parcels_still_coming(ctx: OrderContext) -> List[EventType]:
    """A split order whose parcels this session just listed: "when does the other parcel
    come?" after the list got "sorry we didn't tell you before: it was sent in 2 parcels"
    and the same list again. Now each parcel still on its way: where to collect it, or when
    it should arrive (the list already said where it is: "大概什么时候到" got that again)."""
    coming = [p for p in ctx.order.shipments if p.latest is not None and p.latest.status != "delivered"]
    if not coming or not parcels_listed(ctx):  # asked when first: the parcels, then the dates
        ctx.say("utter_tracking_split", count=len(ctx.order.shipments), parcels=parcels(ctx.order))
    shop = load_shop()
    window = shop.delivery_window(ctx.order.destination_country)
    for shipment in coming:
        values = shipment_values(shipment)
        shipped_at = shipment.shipped_at or ctx.order.shipped_at
        if shipment.latest is not None and shipment.latest.status == "awaiting_pickup":
            ctx.say("utter_tracking_pickup", tracking_site=shop.tracking_site, **values)
        elif window is not None and shipped_at is not None:
            _expected(ctx, values, shipped_at, window)
        else:
            ctx.say("utter_tracking_in_transit", **values)
    return []


def _still_stalled(ctx: OrderContext, values: dict) -> List[EventType]:
    """Asked again where a parcel is that the carrier is already looking for, with no scan
    since: "ya van dos semanas" got the stalled answer word for word. Why the tracking stopped,
    once, if asked (actions/stalled_why.py); what happens if it is not found, once, and the day
    the carrier's answer is due, once, for "how long do they take?"; asked again after those, a
    person takes it."""
    dates = carrier_check_dates(ctx.order)
    why = stalled_why.answered(ctx, values, dates)
    if why is not None:
        return why
    told_when = bot_said(ctx.tracker, [CARRIER_CHECK_BY], ctx.order.order_number)
    if dates is not None and asks_when(ctx.tracker.latest_message.get("text") or "") and not told_when:
        ctx.say(CARRIER_CHECK_BY, **dates, **values)
        return []
    if bot_said(ctx.tracker, [CARRIER_CHECKING, stalled_why.STALLED_WHY], ctx.order.order_number):
        return hand_off(ctx.dispatcher, ctx.tracker, "not_received")
    ctx.say(CARRIER_CHECKING, **values)
    return []


def carrier_check_dates(order: OrderView) -> Dict[str, Any] | None:
    """When the carrier should answer the search for the order's parcel (asked on: the day the
    logistics check was opened; by: that day and the shop's carrier_check_days). None with no
    open check, or when that day is past (the carrier is late: what happens if it is not
    found, then a person)."""
    checks = [case for case in order.cases if case.kind == LOGISTICS_CHECK and case.status != "closed"]
    if not checks:
        return None
    asked = as_utc(checks[-1].created_at)
    days = load_shop().carrier_check_days
    due = asked + timedelta(days=days)
    if due < datetime.now(timezone.utc):
        return None
    return {"check_days": days, "asked_date": iso(asked), "expected_date": iso(due)}


def parcels_listed(ctx: OrderContext) -> bool:
    """Did this session list these very parcels of the order (same scans)? Then the next
    answer about it need not list them again."""
    order = ctx.order
    return said_this_session(
        ctx.tracker, PARCEL_LISTS, order_number=order.order_number, parcels=parcels(order)
    )


def where_told(ctx: OrderContext) -> bool:
    """Did this session tell where the order's one parcel is, as of its latest scan? Then a
    refund asked next need not hear it again ("ขอคืนเงินได้ไหม" right after "your parcel
    waits at the post office" got that whole answer twice)."""
    if len(ctx.order.shipments) != 1:
        return False
    parcel = shipment_values(ctx.order.shipments[0])
    return said_this_session(
        ctx.tracker,
        WHERE_IT_IS,
        order_number=ctx.order.order_number,
        tracking_number=parcel["tracking_number"],
        event_date=parcel["event_date"],
    )


async def carrier_checking(ctx: OrderContext) -> List[EventType]:
    """A parcel with no scan for days, which the carrier is asked to check: the money comes
    back if it is not found. "Quiero mi dinero" after the stalled-parcel answer got that
    answer again and "it's on its way, nothing to refund yet", and "ya me canse… cancelenlo"
    "already shipped, refuse it when it comes"; asked again after this answer, a person takes
    it (a refund for a parcel that may be lost is theirs to settle)."""
    order = ctx.order
    if bot_said(ctx.tracker, [CARRIER_CHECKING], order.order_number):
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_refund_time")
    events = [] if where_told(ctx) else await answer(ctx)
    ctx.say(CARRIER_CHECKING, **shipment_values(order.shipments[0]))
    return events

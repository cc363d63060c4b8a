"""damaged_item and wrong_item: a case tagged red, photos, then after-sales (tier 2)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import tracking
from actions.commerce import buyer_of, db, photos_in, recent_orders, repository
from actions.conversation import (
    response_of,
    said_in_the_turn_answered,
    said_this_session,
    text_of,
    this_session,
)
from actions.exchange import answer_exchange
from actions.fault_words import tells_a_fault
from actions.fit_words import says_it_does_not_fit
from actions.handoff import hand_off, tier_for
from actions.missing_words import says_part_missing, says_wrong_thing
from actions.order_context import OrderContext, ask_which_order
from actions.photo_words import says_box_gone, speaks_of_photos
from actions.question_words import asks_what_if
from actions.replacement_words import NOTED, NOTED_PHOTOS_FIRST, wants_replacement
from actions.shop_questions import tell_return_policy
from actions.variant_words import says_wrong_variant
from bot.commerce.template_values import iso, parcels
from bot.commerce.views import OrderView
from bot.seller.hours import as_utc
from bot.seller.shop import load_shop
from bot.text_input import attached_photos, whole_number

CASE_KIND = {"damaged_item": "damaged", "wrong_item": "wrong_item"}
ASK_PHOTOS = {"damaged_item": "utter_ask_photos", "wrong_item": "utter_ask_photos_wrong_item"}
# A fault with no knock on the way told: a photo or video of it, not of the packaging (fault_words).
ASK_PHOTOS_FAULT = "utter_ask_photos_fault"
# wrong_item also means "part of it is missing": a case of its own kind, photos of what came.
MISSING_KIND, ASK_PHOTOS_MISSING = "missing_item", "utter_ask_photos_missing_item"
# More of the story right after photos were asked for: thanks, and the photos asked for again.
DETAIL_NOTED = "utter_case_detail_noted"
# The box thrown away: photos of the item are enough (asked with the damage, or after).
ASK_PHOTOS_NO_BOX, ITEM_PHOTOS_ENOUGH = "utter_ask_photos_no_box", "utter_photos_item_enough"
PHOTO_REQUESTS = (
    *ASK_PHOTOS.values(),
    ASK_PHOTOS_FAULT,
    ASK_PHOTOS_MISSING,
    DETAIL_NOTED,
    ASK_PHOTOS_NO_BOX,
    ITEM_PHOTOS_ENOUGH,
)
QUALITY_TAG = "red"
REFUND_NEEDS_PHOTOS = "utter_refund_case_needs_photos"  # a refund waits for the case's photos
# A damaged item delivered longer ago than the return window: a warranty question, for a person.
PAST_RETURN_WINDOW = "utter_past_return_window"
# A broken or wrong item said of an order cancelled before anything was sent.
NEVER_SENT = "utter_order_never_sent"
AWAITING_PHOTOS = "case_awaiting_photos"  # "<topic>:<case id>" while photos are asked for


def never_sent(order: OrderView) -> bool:
    """Closed before anything of it was sent: no parcel, no day it shipped."""
    return order.status in ("cancelled", "refunded") and not order.shipments and order.shipped_at is None


async def _cancelled_before_sending(ctx: OrderContext, topic: str) -> List[EventType]:
    """That order sent nothing; the orders that did come are offered to pick from."""
    ctx.say(NEVER_SENT)
    came = [
        o for o in await recent_orders(ctx.buyer) if o.shipments and o.order_number != ctx.order.order_number
    ]
    if came:
        ask_which_order(ctx.dispatcher, topic, came)
    return []


async def answer(ctx: OrderContext, topic: str) -> List[EventType]:
    order = ctx.order
    if asks_what_if(ctx.tracker.latest_message.get("text") or ""):
        # "se o fone chegar quebrado vcs trocam?" (if it arrives broken, do you exchange it?)
        # opened a damage case on a parcel still on its way: the returns policy answers it.
        return tell_return_policy(ctx.dispatcher)
    if ctx.carried_over and not unfiled_photos(ctx.tracker):
        # "E o fone?" after a broken smartwatch: nothing was said about the earbuds, and a
        # second damage case asked for their photos. Where they are, or when they came.
        return await tracking.answer(ctx)
    if not order.shipped:
        # Nothing was sent, so nothing came broken or wrong ("посылка не пришла", read as a
        # wrong item, opened a case asking for photos of a paid order still in the shop):
        # where the order stands (not paid, ships by, late) instead. Another size or colour
        # ("salah pilih ukuran, bs diganti ga sblm aku bayar?") is after-sales' to arrange: it
        # got "once paid, we ship it", the wrong size (round 15).
        return answer_exchange(ctx.dispatcher, ctx.tracker) or await tracking.answer(ctx)
    if never_sent(order):
        # "пришла мышка без usb приемника" about the mouse order cancelled before it shipped
        # opened a case and promised money back or a replacement, beside its approved refund.
        return await _cancelled_before_sending(ctx, topic)
    if topic == "damaged_item" and says_it_does_not_fit(ctx.tracker.latest_message.get("text") or ""):
        topic = "wrong_item"  # "me queda pequeña" (round 17) is a wrong size, not damage on the way
    delivered = delivered_before_the_return_window(order)
    if topic == "damaged_item" and delivered is not None:
        # "พาวเวอร์แบงค์ที่ได้รับเมื่อเดือนที่แล้วเสียแล้ว… ยังอยู่ในประกันไหม" (bought last month,
        # stopped charging: under warranty?) was asked for photos of the packaging, as damage on
        # the way. Past the return window it is a warranty question, for after-sales.
        ctx.say(PAST_RETURN_WINDOW, delivered_date=iso(delivered), return_days=load_shop().returns.days)
        return hand_off(ctx.dispatcher, ctx.tracker, "warranty")
    still_coming = [p for p in order.shipments if not (p.latest and p.latest.status == "delivered")]
    missing = topic == "wrong_item" and says_part_missing(ctx.tracker.latest_message.get("text") or "")
    text = ctx.tracker.latest_message.get("text") or ""
    variant = says_wrong_variant(text) and not missing  # a wrong colour or size is no missing item
    if topic == "wrong_item" and len(order.shipments) > 1 and still_coming and not variant:
        if tracking.parcels_listed(ctx):  # just shown: not the list again
            ctx.say("utter_missing_maybe_still_coming")
        else:
            ctx.say("utter_parcels_still_coming", parcels=parcels(order))
        if missing or not says_wrong_thing(text):
            # "显示签收了 但是只收到一个": the rest is in the parcel still on its way; a case
            # asking for photos of a wrong item was opened for it ("only 1 of my parcels came
            # so far", round 11, too).
            return []
    photos = unfiled_photos(ctx.tracker)
    if not photos:
        # Told of a broken or wrong item again right after we asked for this order's photos:
        # "ไม่มีรูปค่ะ" (read as wrong_item) opened a second case and asked for photos again.
        # The case that asked goes on without them, as for "no photos".
        awaited = awaiting_photos(ctx.tracker)
        if awaited is not None and any(c.id == awaited[1] for c in order.cases):
            if _more_of_the_story(ctx.tracker, awaited[1]):
                # "a caixa tava amassada também", "สั่งสีดำแต่ได้สีขาว" right after the photos
                # were asked for went to after-sales as "no photos": the case still waits for them.
                ctx.say(DETAIL_NOTED, case_id=awaited[1])
                return []
            if says_box_gone(text_of(ctx.tracker)):  # "no box, are photos of the item ok?"
                ctx.say(ITEM_PHOTOS_ENOUGH, case_id=awaited[1])
                return []
            sent_on = await no_photos(ctx.dispatcher, ctx.tracker)
            if sent_on is not None:
                return sent_on
    case = await db(
        repository().open_case,
        ctx.buyer,
        order.order_number,
        MISSING_KIND if missing else CASE_KIND[topic],
        photos=tuple(photos),
        tag=QUALITY_TAG,
        escalate_to=tier_for(ctx.tracker, topic),
    )
    if photos:
        return _photos_in(ctx.dispatcher, ctx.tracker, case.id, topic)
    if case.photos:
        # The case took the buyer's photos in an earlier chat: told again about the same
        # item, they were asked to send the photos once more. A person has the case.
        ctx.say("utter_case_has_photos", case_id=case.id)
        return [SlotSet("case_id", str(case.id)), *hand_off(ctx.dispatcher, ctx.tracker, topic)]
    box_gone = topic == "damaged_item" and not missing and says_box_gone(text_of(ctx.tracker))
    fault = topic == "damaged_item" and not missing and tells_a_fault(text_of(ctx.tracker))
    asked = ASK_PHOTOS_MISSING if missing else ASK_PHOTOS_FAULT if fault else ASK_PHOTOS[topic]
    ctx.say(ASK_PHOTOS_NO_BOX if box_gone else asked, case_id=case.id)
    return [SlotSet("case_id", str(case.id)), SlotSet(AWAITING_PHOTOS, f"{topic}:{case.id}")]


async def refund_asked(ctx: OrderContext, topic: str | None) -> List[EventType] | None:
    """A refund asked for an order with a broken or wrong item: the case open for it covers
    the refund, and the buyer hears what comes next. "I want my money back" right after
    "please send photos (case 7)" got that same request again; after an agent handed the
    chat back (a new session, the damage told in the last one) it was recorded as a plain
    request beside the case. `topic`: the broken or wrong item told in this session, whose
    case is opened if there is none yet. None: no such case and no such topic."""
    kinds = [CASE_KIND[topic]] if topic else list(CASE_KIND.values())
    if "wrong_item" in kinds:
        kinds.append(MISSING_KIND)
    case = next((c for c in ctx.order.cases if c.kind in kinds and c.status != "closed"), None)
    if case is None:
        return await answer(ctx, topic) if topic else None
    replacement = wants_replacement(ctx.tracker.latest_message.get("text") or "")
    if case.status == "awaiting_photos":
        ctx.say(NOTED_PHOTOS_FIRST if replacement else REFUND_NEEDS_PHOTOS, case_id=case.id)
        # Photos asked for again, in a chat that may not be the one that opened the case: the
        # photos that come next go to it, and "I have none" sends it on (no_photos).
        topic_of_case = next((t for t, kind in CASE_KIND.items() if kind == case.kind), "wrong_item")
        return [SlotSet("case_id", str(case.id)), SlotSet(AWAITING_PHOTOS, f"{topic_of_case}:{case.id}")]
    ctx.say(NOTED if replacement else "utter_refund_case_with_team", case_id=case.id)
    return [SlotSet("case_id", str(case.id))]


def _more_of_the_story(tracker: Tracker, case_id: int) -> bool:
    """Does the latest message tell more of what happened, not of the photos ("ไม่มีรูปค่ะ": none),
    with this case's photos asked for and no detail thanked for yet (then a person takes it)?"""
    text = tracker.latest_message.get("text") or ""
    return not speaks_of_photos(text) and not said_this_session(tracker, [DETAIL_NOTED], case_id=case_id)


def unfiled_photos(tracker: Tracker) -> List[str]:
    """Photos the buyer sent in this chat that no case took yet, the latest message's too:
    a photo sent first ("[photo]", then "the lamp arrived broken") or while the bot asked
    which order is the photo of this damage, not one to ask for again."""
    photos: List[str] = []
    for event in this_session(tracker):
        if event.get("event") == "user":
            photos += [p for p in attached_photos(event.get("metadata")) if p not in photos]
        elif event.get("event") == "bot" and response_of(event) == "utter_photos_received":
            photos = []  # those went to a case
    return photos or photos_in(tracker)


def awaiting_photos(tracker: Tracker) -> Tuple[str, int] | None:
    """(topic, case) of the photos asked for. The case is kept with the request: case_id
    moves on when the buyer asks about another order meanwhile (a stalled parcel opens a
    case of its own), and the photos must still go to the case that asked for them."""
    topic, _, case = str(tracker.get_slot(AWAITING_PHOTOS) or "").partition(":")
    # A request from before the case was kept with it: case_id is its case.
    number = whole_number(case or str(tracker.get_slot("case_id") or ""))
    return (topic, number) if topic in CASE_KIND and number is not None else None


async def receive_photos(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """Photos sent after we asked for them; None when this message is not that."""
    awaited, photos = awaiting_photos(tracker), photos_in(tracker)
    if awaited is None or not photos:
        return None
    topic, case_id = awaited
    tier = tier_for(tracker, topic)
    await db(repository().add_photos, buyer_of(tracker), case_id, photos, escalate_to=tier)
    return _photos_in(dispatcher, tracker, case_id, topic)


async def no_photos(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """ "No" ("我没有拍照", "no tengo fotos") right after the bot asked for photos: the case goes
    to after-sales without them, where a person decides; read as "not that order" it got
    "which other order?". None when the "no" answers no photo request."""
    awaited = awaiting_photos(tracker)
    asked = {*PHOTO_REQUESTS, REFUND_NEEDS_PHOTOS}
    if awaited is None or not said_in_the_turn_answered(tracker, asked):
        return None
    topic, case_id = awaited
    await db(repository().escalate_case, buyer_of(tracker), case_id, tier_for(tracker, topic))
    return [SlotSet(AWAITING_PHOTOS, None), *hand_off(dispatcher, tracker, topic)]


def _photos_in(dispatcher, tracker, case_id: int, topic: str) -> List[EventType]:
    """The case has its photos and is with after-sales: tell the buyer, hand over."""
    dispatcher.utter_message(response="utter_photos_received", case_id=case_id)
    handoff = hand_off(dispatcher, tracker, topic)
    return [SlotSet("case_id", str(case_id)), SlotSet(AWAITING_PHOTOS, None), *handoff]


class ActionReceivePhotos(Action):
    """Photos a case waits for, whatever words came with them (bot/nlu/photos_policy.py)."""

    def name(self) -> str:
        return "action_receive_photos"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        photos = await receive_photos(dispatcher, tracker)
        if photos is not None:
            return photos
        # The wait it was picked for is not one this server can read: a person files them.
        return hand_off(dispatcher, tracker, "low_confidence")


def delivered_before_the_return_window(order: OrderView) -> datetime | None:
    """When the order's last parcel was delivered, if that is longer ago than the shop's
    return window (seller/shop.yml returns days); else None."""
    scans = [p.latest for p in order.shipments]
    if not scans or any(scan is None or scan.status != "delivered" for scan in scans):
        return None
    delivered = max(as_utc(scan.occurred_at) for scan in scans if scan is not None)
    window = timedelta(days=load_shop().returns.days)
    return delivered if datetime.now(timezone.utc) - delivered > window else None

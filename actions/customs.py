"""customs_duty: the declared value, why the buyer pays, a goodwill coupon; disputes go to a person."""

from __future__ import annotations

import logging
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import tracking
from actions.conversation import said_in_the_turn_answered, values_in_the_turn_answered
from actions.customs_hold import (
    CUSTOMS_HOW_TO_PAY,
    CUSTOMS_REFUSED,
    CUSTOMS_RELEASE,
    tell_release,
    told_why_held,
)
from actions.customs_words import (
    asks_how_much,
    asks_how_to_pay_duty,
    asks_if_duty_will_be_charged,
    asks_if_scam,
    asks_if_stuck,
    refuses_to_pay,
    says_tracking_still,
)
from actions.disputes import bot_said, is_dispute
from actions.handoff import hand_off
from actions.order_choice import fits
from actions.order_context import OrderContext
from actions.order_hints import held_at_customs, parcel_in_customs
from actions.parcel_state import stalled
from actions.payment_help import how_to_pay
from bot.commerce.template_values import shipment_values
from bot.commerce.views import OrderView, ShipmentView
from bot.seller.shop import load_shop

logger = logging.getLogger(__name__)

# What the duty comes to: customs sets it from the declared value; the carrier asks for it.
HOW_MUCH_ANSWER = "utter_customs_amount"
# How it is paid: to the carrier or the post office, who send the buyer a notice.
HOW_TO_PAY_ANSWER = CUSTOMS_HOW_TO_PAY
# "Is this notice a scam?": where a real notice is found and paid, never through a link.
SCAM_ANSWER = "utter_customs_notice_official"
# The answers of a customs talk: words not understood right after them that ask how to pay
# ("e como eu pago isso?") ask how to pay the duty.
CUSTOMS_ANSWERS = (
    "utter_customs_duty",
    HOW_MUCH_ANSWER,
    HOW_TO_PAY_ANSWER,
    "utter_customs_goodwill",
    CUSTOMS_RELEASE,
)
# Scans of a parcel that has not reached the buyer's country yet: no duty can have been charged.
BEFORE_THE_BORDER = ("accepted", "departed_origin")


async def answer(ctx: OrderContext) -> List[EventType]:
    if ctx.carried_over and not fits("customs_duty", ctx.order):
        # "E o fone?" after the customs answer about the smartwatch held in customs: the
        # earbuds are not in customs; they got the duty explanation (and a second coupon).
        # Where that parcel is answers the buyer.
        return await tracking.answer(ctx)
    asked = ctx.tracker.latest_message.get("text") or ""
    if ctx.order.status == "unpaid":
        # "bayarnya gmn ya? bisa pake dana gak" about an unpaid order (read as the duty) got who
        # pays import duty: an order not paid yet has no parcel at customs; how to pay it.
        paying = await how_to_pay(ctx.dispatcher, ctx.tracker)
        if paying is not None:
            return paying
    if asks_if_scam(asked):
        # "recebi um aviso dos correios pra pagar imposto, isso é golpe?" got who pays the duty
        # and a coupon: the buyer asked whether to trust the notice.
        ctx.say(SCAM_ANSWER)
        return []
    if refuses_to_pay(asked) and not bot_said(ctx.tracker, [CUSTOMS_REFUSED], ctx.order.order_number):
        # "a taxa ficou muito cara, não vou pagar" got who pays, a coupon and when the parcel is
        # released: the buyer had decided. What happens then, once; said again, a person.
        ctx.say(CUSTOMS_REFUSED, refund_on_return=load_shop().refused_duty_refund)
        return []
    if is_dispute(ctx.tracker, "disputes_customs_duty", ctx.order.order_number):
        amount_told = bot_said(ctx.tracker, [HOW_MUCH_ANSWER], ctx.order.order_number)
        if not amount_told and asks_how_much(asked):
            # "quanto tenho que pagar de imposto?" after who pays was explained went to
            # after-sales as a dispute: it is a first question about the amount, which customs sets.
            ctx.say(HOW_MUCH_ANSWER)
            return []
        if asks_how_to_pay_duty(asked) and not bot_said(
            ctx.tracker, [HOW_TO_PAY_ANSWER], ctx.order.order_number
        ):
            ctx.say(HOW_TO_PAY_ANSWER)  # "como pago o imposto?": a first question too
            return []
        # The buyer already had the explanation and comes back: they dispute it.
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_customs_duty")
    on_its_way = parcel_not_in_customs(ctx.order)
    if on_its_way is not None and asks_if_stuck(asked):
        # "meu fone ta parado na alfandega?" about a parcel that left China days ago got who
        # pays the duty: it is not held there, and where it is answers the question.
        ctx.say("utter_customs_not_held", **shipment_values(on_its_way))
        return []
    held = parcel_in_customs(ctx.order)
    if held is not None and told_why_held(ctx, shipment_values(held)):
        if asks_how_much(asked):  # "pq ficou retido? e se eu pagar quanto fica?"
            ctx.say(HOW_MUCH_ANSWER)
        return []  # "pq ficou retido?" (why was it held?) got who pays the duty
    shop = load_shop()
    ctx.say("utter_customs_duty")
    if asks_how_much(asked):
        ctx.say(HOW_MUCH_ANSWER)
    if asks_how_to_pay_duty(asked):
        ctx.say(HOW_TO_PAY_ANSWER)
    charged = parcel_in_customs(ctx.order) is not None or not asks_if_duty_will_be_charged(asked)
    if shop.coupon_code and could_have_paid_duty(ctx.order) and charged:
        # In the order's currency: a Thai buyer was offered a "US$3.00" coupon for a baht order.
        amount = shop.coupon_in(ctx.order.currency)
        if amount is None:
            logger.warning(
                "no goodwill coupon value in %s (seller/shop.yml): none offered", ctx.order.currency
            )
        else:
            ctx.say("utter_customs_goodwill", coupon_amount=amount, coupon_code=shop.coupon_code)
    if held is not None:
        # "Paguei a taxa, quando libera?" got who pays and a coupon, and not a word on the
        # parcel held there: when it moves on once the duty is paid.
        tell_release(ctx, shipment_values(held))
    elif stalled(ctx.order) and says_tracking_still(asked):
        return await tracking.answer(ctx)  # "…y pq lleva 9 dias sin moverse?" (round 17): why too
    return []


def could_have_paid_duty(order: OrderView) -> bool:
    """Has a parcel of the order reached the buyer's country? The goodwill coupon says "sorry
    for the extra cost": "will I pay customs?" about an order still in the warehouse, or a
    parcel not yet out of China, got that apology and a coupon for a duty nobody paid."""
    if order.status == "delivered":
        return True
    return any(e.status not in BEFORE_THE_BORDER for s in order.shipments for e in s.events)


def parcel_not_in_customs(order: OrderView) -> ShipmentView | None:
    """The order's latest-scanned parcel on its way, when none of its parcels is held at customs."""
    if order.status == "delivered" or held_at_customs(order):
        return None
    scanned = [(s.latest, s) for s in order.shipments if s.latest is not None]
    travelling = [(latest.occurred_at, s) for latest, s in scanned if latest.status != "delivered"]
    return max(travelling, key=lambda pair: pair[0])[1] if travelling else None


def duty_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """Right after a customs answer about the order discussed, a question read as something
    else that asks how much, how to pay, or whether the notice is real: its answer. "quanto é
    mais ou menos?" (read as a price question) went to the catalogue colleague; "e como eu
    pago isso?" (not understood) was asked what it meant. None for any other message."""
    values = values_in_the_turn_answered(tracker, CUSTOMS_ANSWERS)
    if not tracker.get_slot("order_id") or values is None:
        return None
    text = tracker.latest_message.get("text") or ""
    if refuses_to_pay(text) and not said_in_the_turn_answered(tracker, [CUSTOMS_REFUSED]):
        # "e se eu nao pagar no prazo? volta pra vcs?" (not understood) was asked back, and
        # the customs button it tapped then went to a person as a dispute.
        values["refund_on_return"] = load_shop().refused_duty_refund
        dispatcher.utter_message(response=CUSTOMS_REFUSED, **values)
        return []
    for asks, response in (
        (asks_if_scam, SCAM_ANSWER),
        (asks_how_to_pay_duty, HOW_TO_PAY_ANSWER),
        (asks_how_much, HOW_MUCH_ANSWER),
    ):
        if asks(text):
            # The order's values the customs answer was given with: "customs in  work it out
            # from the declared value ()" was said with the country and the amount left blank.
            dispatcher.utter_message(response=response, **values)
            return []
    return None

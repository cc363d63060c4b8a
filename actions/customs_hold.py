""" "Where is it?" about a parcel held at customs: held since when, released once the duty is
paid; asked again, how the carrier asks for the duty.

Played (aliexpress-br-001): "o pedido ... ta parado faz tempo" about a parcel held at customs
since two days got "on its way", then the delivery window twice ("mas eu nao recebi nenhum
aviso dos correios"); no word of the duty. Kept apart from actions/customs.py (the duty
question itself), which imports the tracking answer this is part of.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.conversation import said_this_session
from actions.customs_words import refuses_to_pay
from actions.handoff import hand_off
from actions.order_context import OrderContext
from actions.question_words import WHY
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

CUSTOMS_RELEASE, CUSTOMS_HOW_TO_PAY = "utter_customs_release", "utter_customs_how_to_pay"
# "I won't pay it": customs send it back; what is refunded then (shop.yml refused_duty_refund).
CUSTOMS_REFUSED = "utter_customs_refused"
WHY_HELD = "utter_customs_why_held"
# "pq ficou retido?": "pq" is "por que" in a chat, and also "porque" (because), so only here.
WHY_HELD_WORDS = phrases(("pq ficou", "pq foi retid*", "pq ta retid*", "pq esta retid*", "pq reteve"))
# Why it is held, not why the buyer pays ("why do I have to pay customs tax?" is the duty's
# answer): a word for being held or stuck beside the "why".
HELD = phrases((
    "held", "hold", "stuck", "retid*", "parad*", "preso", "retenid*", "detenid*", "atorad*", "扣", "卡",
    "滞留", "滯留", "задерж*", "застрял*", "tertahan", "ditahan", "nyangkut", "bị giữ", "bi giu", "kẹt",
    "ket", "กัก", "ค้าง", "ติดศุลกากร",
))  # fmt: skip


def tell_release(ctx: OrderContext, values: dict) -> None:
    """Held since when (`values`: the held parcel's), released once the duty is paid."""
    ctx.say(CUSTOMS_RELEASE, tracking_site=load_shop().tracking_site, **values)


def told_why_held(ctx: OrderContext, values: dict) -> bool:
    """ "Why was it held?" about a parcel at customs, once: how customs pick the parcels they
    hold. Round 10 (aliexpress-br-001): "pq ficou retido?" was asked twice, never answered."""
    text = ctx.tracker.latest_message.get("text") or ""
    asks_why = said(WHY_HELD_WORDS, text) or (said(WHY, text) and said(HELD, text))
    if not asks_why or said_this_session(ctx.tracker, [WHY_HELD], order_number=ctx.order.order_number):
        return False
    ctx.say(WHY_HELD, **values)
    return True


def held_at_customs_answer(ctx: OrderContext, values: dict) -> List[EventType]:
    if told_why_held(ctx, values):
        return []
    text = ctx.tracker.latest_message.get("text") or ""
    if refuses_to_pay(text) and not said_this_session(ctx.tracker, [CUSTOMS_REFUSED]):
        # "e se eu nao pagar a tempo? o que acontece?" (read as where it is) got how to pay, twice.
        ctx.say(CUSTOMS_REFUSED, refund_on_return=load_shop().refused_duty_refund)
        return []
    if not said_this_session(ctx.tracker, [CUSTOMS_RELEASE], order_number=ctx.order.order_number):
        tell_release(ctx, values)
    elif not said_this_session(ctx.tracker, [CUSTOMS_HOW_TO_PAY]):
        ctx.say(CUSTOMS_HOW_TO_PAY)
    else:  # told where it is and how the duty is paid: what is left is a person's
        return hand_off(ctx.dispatcher, ctx.tracker, "customs_duty")
    return []

""" "Cancel my refund request, I'm keeping the item": the request withdrawn.

Played (aliexpress-es-001, a refund requested, not yet approved): "quiero cancelar la
solicitud de reembolso, al final me quedo el producto" got the refund's status, and the
seller might have paid out money the buyer no longer wanted. A request not yet approved is
withdrawn at the buyer's word; an approved one is the seller's to stop, so a person does it.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, db, recent_orders, repository
from actions.exchange import answer_exchange, asks_exchange
from actions.handoff import hand_off
from actions.order_context import OrderContext, latest_reference
from actions.replacement_words import wants_replacement
from bot.commerce.template_values import refund_values
from bot.nlu.said_words import phrases, said

WITHDRAWN = "utter_refund_withdrawn"
WITHDRAW_WORDS = (
    "cancel the refund", "cancel my refund", "cancel the refund request", "withdraw the refund",
    "withdraw my refund", "don't want the refund", "dont want the refund", "no longer want a refund",
    "cancelar la solicitud de reembolso", "cancelar el reembolso", "cancelar mi reembolso",
    "ya no quiero el reembolso", "ya no quiero reembolso",
    "cancelar o reembolso", "cancelar meu reembolso", "cancelar a solicitação de reembolso",
    "não quero mais o reembolso", "nao quero mais o reembolso",
    "отменить возврат", "отмените возврат", "отозвать заявку на возврат", "возврат не нужен",
    "取消退款", "撤销退款", "撤銷退款", "不退了", "不退款了", "不用退款了",
    "ยกเลิกคำขอคืนเงิน", "ยกเลิกการคืนเงิน", "ไม่คืนเงินแล้ว",
    "hủy yêu cầu hoàn tiền", "huy yeu cau hoan tien", "không hoàn tiền nữa", "khong hoan tien nua",
    "batalkan refund", "batalin refund", "gak jadi refund", "ga jadi refund", "nggak jadi refund",
    "batal refund",
)  # fmt: skip
WITHDRAW = phrases(WITHDRAW_WORDS)


def asks_to_withdraw_refund(text: str) -> bool:
    return said(WITHDRAW, text)


# "si al final me quedo con el producto, ¿puedo cancelar la solicitud más adelante?" withdrew the
# request there and then: asked whether it can be done, it is told it can, and how.
CAN_I = phrases((
    "can i", "could i", "is it possible", "puedo", "se puede", "podría", "posso", "dá pra", "da pra",
    "можно", "могу ли", "可以", "能不能", "能否", "bisa", "boleh", "được không", "có thể",
    "ได้ไหม", "ได้มั้ย", "ได้หรือเปล่า",
))  # fmt: skip
POSSIBLE = "utter_refund_withdraw_possible"


async def answer(ctx: OrderContext) -> List[EventType]:
    text = ctx.tracker.latest_message.get("text") or ""
    if wants_replacement(text) or asks_exchange(text):
        # "quiero cancelar el reembolso y que me mandéis los rosas" withdrew the refund and
        # told the buyer she keeps the wrong item: a refund swapped for the right one is
        # after-sales' to arrange; the refund stays until they do.
        return answer_exchange(ctx.dispatcher, ctx.tracker) or hand_off(
            ctx.dispatcher, ctx.tracker, "exchange"
        )
    if "?" in text and said(CAN_I, text):
        ctx.say(POSSIBLE)
        return []
    withdrawn = await db(repository().withdraw_refund, ctx.buyer, ctx.order.order_number)
    if withdrawn is not None:
        ctx.say(WITHDRAWN, **refund_values(withdrawn))
        return []
    if any(r.status == "approved" for r in ctx.order.refunds):
        return hand_off(ctx.dispatcher, ctx.tracker, "request_refund")
    ctx.say("utter_refund_none_to_withdraw")
    return []


async def withdrawal_answered(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """A withdrawal named no order: the one order with a refund still open is it (read as a
    cancellation, the order question would look among the orders not yet shipped). None
    when the message asks no withdrawal, names an order, or several refunds are open."""
    if latest_reference(tracker) or not asks_to_withdraw_refund(tracker.latest_message.get("text") or ""):
        return None
    buyer = buyer_of(tracker)
    open_refunds = [
        o for o in await recent_orders(buyer) if any(r.status in ("requested", "approved") for r in o.refunds)
    ]
    if len(open_refunds) != 1:
        return None
    ctx = OrderContext(dispatcher, tracker, buyer, open_refunds[0])
    return [SlotSet("order_id", open_refunds[0].order_number), *await answer(ctx)]

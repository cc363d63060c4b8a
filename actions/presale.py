"""product_question: a colleague who knows the catalogue answers, unless it is a where/when
question about the order just discussed that only read as pre-sale (actions/follow_up.py)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.address_change import asks_address_change
from actions.commerce import buyer_of, recent_orders
from actions.conversation import text_of
from actions.coupons import coupon_steps
from actions.customs import duty_follow_up
from actions.exchange import answer_exchange, asks_exchange, asks_if_shipped
from actions.follow_up import SURE_PRE_SALE, answer_about_the_order, progress_question, unsure_pre_sale
from actions.handoff import hand_off_as_asked, paused
from actions.missed_courier import asks_after_the_courier
from actions.order_answer import ship_date_then_exchange
from actions.order_choice import mentions
from actions.photo_talk import answer_photo_talk
from actions.refund_timing import when_after_refund_answer
from actions.second_question import order_question_beside_pre_sale
from actions.shop_questions import shop_question_answered
from bot.nlu.said_words import phrases, said

# "Where is my …": with one of the buyer's own products named, the parcel is asked about.
WHERE_IS_MINE = phrases((
    "cade", "cadê", "onde esta", "onde estão", "onde estao", "onde ta", "where is my", "where are my",
    "where's my", "donde esta", "dónde están", "donde estan", "где мой", "где моя", "где мои", "在哪",
    "到哪", "อยู่ไหน", "ถึงไหน", "đâu rồi", "ở đâu", "dimana", "di mana", "sampai mana", "nasaan",
))  # fmt: skip
# Batteries: in the box, needed, sent along. "can you send batteries with my order?" right after a
# fault's photo request (round 16, task 25) read unsurely as pre-sale, and got "it shows
# delivered, did it come?". What comes with an item, and what may be shipped, is the catalogue's.
BATTERIES = phrases((
    "battery", "batteries", "pilha", "pilhas", "pila", "pilas", "bateria", "baterias", "батарейк*",
    "аккумулятор*", "电池", "電池", "ถ่าน", "แบตเตอรี่", "kem pin", "co pin", "thay pin", "baterai*",
))  # fmt: skip


async def asks_where_a_bought_item_is(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    if not said(WHERE_IS_MINE, text):
        return False
    return any(mentions(text, order) for order in await recent_orders(buyer_of(tracker)))


class ActionProductQuestion(Action):
    def name(self) -> str:
        return "action_product_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        duty = duty_follow_up(dispatcher, tracker)
        if duty is not None:  # "quanto é mais ou menos?" right after the customs answer
            return duty
        if when_after_refund_answer(tracker):  # "which card does it go to?" after the refund's answer
            return await answer_about_the_order(dispatcher, tracker, "refund_status")
        if asks_after_the_courier(tracker):  # "他会再送吗" (will he come again?) went to the catalogue
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        if asks_address_change(text_of(tracker)):
            # "Так можно в ПВЗ или нет?" (to a pickup point?) after the ship date alone went to the
            # catalogue colleague (round 16, task 24): a new address is the order's to answer.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        paying = await shop_question_answered(dispatcher, tracker)
        if paying is not None:  # "how do I pay?", "can I buy it again?", "returns policy?"
            return paying
        if asks_exchange(text_of(tracker)) and asks_if_shipped(text_of(tracker)):
            # "1.出貨了嗎 2.可以改顏色嗎" got "好問題！" and the catalogue colleague: the order's
            # ship date, then after-sales for the change.
            return await ship_date_then_exchange(dispatcher, tracker, "urge_shipment")
        exchange = answer_exchange(dispatcher, tracker)
        if exchange is not None:  # "可以换尺码吗": a change to an order is after-sales'
            return exchange
        coupon = await coupon_steps(dispatcher, tracker)
        if coupon is not None:  # "how to use it?" right after the coupon answer
            return coupon
        photos = answer_photo_talk(dispatcher, tracker)
        if photos is not None:  # "ส่งรูปยังไงคะ" right after the photos were asked for
            return photos
        if said(BATTERIES, text_of(tracker)):  # not "where is it?" nor "when does it ship?"
            dispatcher.utter_message(response="utter_product_question")
            return hand_off_as_asked(dispatcher, tracker)
        if unsure_pre_sale(tracker) and await asks_where_a_bought_item_is(tracker):
            # "oi, cade meus fones bluetooth?" (product_question 0.51) went to the catalogue
            # colleague: the buyer asks where the earbuds they bought are.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        progress = progress_question(tracker, besides="product_question")
        if progress is not None and unsure_pre_sale(tracker):
            # "quanto tempo demora?" after the answer about the smartwatch was pre-sale at 0.55
            # (track_order 0.33) and went to a person.
            return await answer_about_the_order(dispatcher, tracker, progress)
        events: List[EventType] = []
        beside = order_question_beside_pre_sale(tracker, SURE_PRE_SALE)
        if beside is not None:  # "заказ ... когда отправите? и есть такая же синяя?": both
            events = await answer_about_the_order(dispatcher, tracker, beside)
            if paused(events):
                return events
        dispatcher.utter_message(response="utter_product_question")
        return [*events, *hand_off_as_asked(dispatcher, tracker)]

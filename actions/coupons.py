"""coupon_discount: how the shop's coupons work, and, asked "how?" right after, the steps.

"how to use it?" right after the coupon answer was read as a product question and went to the
product team; "como uso o cupom?" read as coupons again would have got the same answer word for
word. The steps are told once; asked again, a person helps.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.compensation_words import asks_compensation, then_compensation
from actions.conversation import said_in_the_turn_answered
from actions.handoff import hand_off, paused
from actions.order_choice import mentions
from actions.question_words import asks_how
from actions.second_question import also_asks_where, where_asked_first
from actions.shop_questions import shop_question_answered
from bot.nlu.said_words import phrases, said

COUPON_INFO = "utter_coupon_info"
# A coupon entered that the checkout did not take off: a billing question for a person, not how
# coupons work ("puse el cupon NAVIDAD10 y no me lo desconto" got the coupon text, then
# "did you mean…?").
COUPON_NOT_TAKEN = phrases((
    "didn't apply", "didnt apply", "wasn't applied", "not applied", "not deducted", "charged the full",
    "no me lo desconto", "no me lo descontó", "no se aplico", "no se aplicó", "cobraron completo",
    "não foi aplicado", "nao foi aplicado", "não descontou", "nao descontou", "не применился",
    "не сработал", "没有抵扣", "没扣", "沒扣", "ไม่ได้ลด", "không được trừ", "không áp dụng được",
    "ga kepotong", "gak kepotong", "tidak terpotong", "ga kepake", "gak kepake",
))  # fmt: skip
HOW_TO_USE = "utter_coupon_how_to_use"


async def coupon_steps(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """The steps (or, asked again, a person) for "how?" right after the coupon answer, when the
    message names none of the buyer's products; None when it is no such question."""
    text = tracker.latest_message.get("text") or ""
    if not said_in_the_turn_answered(tracker, [COUPON_INFO, HOW_TO_USE]) or not asks_how(text):
        return None
    if any(mentions(text, order) for order in await recent_orders(buyer_of(tracker))):
        return None  # "how do I use the rice cooker?": about the product
    if said_in_the_turn_answered(tracker, [HOW_TO_USE]):
        return hand_off(dispatcher, tracker, "human_handoff")
    dispatcher.utter_message(response=HOW_TO_USE)
    return []


class ActionCouponInfo(Action):
    def name(self) -> str:
        return "action_coupon_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        steps = await coupon_steps(dispatcher, tracker)
        if steps is not None:
            return steps
        if said(COUPON_NOT_TAKEN, tracker.latest_message.get("text") or ""):
            return hand_off(dispatcher, tracker, "human_handoff")
        if asks_compensation(tracker.latest_message.get("text") or ""):
            # "ช้าแบบนี้ชดเชยอะไรให้บ้างมั้ย โค้ดส่วนลดก็ได้" (a code as amends for a late parcel) got how
            # coupons work: where the order is, and a person (imported here, as below).
            from actions.follow_up import answer_about_the_order

            events = await answer_about_the_order(dispatcher, tracker, "track_order")
            return then_compensation(dispatcher, tracker, events)
        shop = await shop_question_answered(dispatcher, tracker)
        if shop is not None:  # "e o frete é gratis?" got the coupon answer again
            return shop
        if not also_asks_where(tracker):
            if said_in_the_turn_answered(tracker, [COUPON_INFO]):
                # "a discount for a second one? I buy here often" right after the coupon text got
                # it again, three times: what it did not settle, a person does. (Asked again later
                # in the chat, it is a new question: the load test's buyers ask it twice.)
                return hand_off(dispatcher, tracker, "human_handoff")
            dispatcher.utter_message(response=COUPON_INFO)
            return []
        # "where is my order? and do you have any discount code?": where it is, too, each answer
        # in the place its question took. (Imported here: follow_up imports order_answer, which
        # names this module's answer.)
        from actions.follow_up import answer_about_the_order

        first = where_asked_first(tracker)
        if not first:
            dispatcher.utter_message(response=COUPON_INFO)
        events = await answer_about_the_order(dispatcher, tracker, "track_order")
        if first and not paused(events):
            dispatcher.utter_message(response=COUPON_INFO)
        return events

"""Low confidence: ask once which of the two likeliest intents was meant (what happened, for a
photo); then a person."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.address_change import about_address
from actions.cancellation import NEVER_PAID_ANSWER
from actions.charge_words import asks_if_charged, says_double_charge, says_pending_hold
from actions.commerce import photos_in
from actions.compensation_words import REASON as COMPENSATION_REASON
from actions.compensation_words import asks_compensation
from actions.complaint import complaint_read_unsurely, hand_off_complaint
from actions.contact_words import asks_phone_change
from actions.conversation import (
    CANCEL_OR_REFUND,
    FALLBACK_INTENT,
    ranked_intents,
    said_in_the_turn_answered,
    user_intents,
)
from actions.customs import duty_follow_up
from actions.customs_words import asks_if_stuck
from actions.deadline_words import needed_by
from actions.delivery_note import about_delivery
from actions.disagreement import answer_pushback
from actions.exchange import answer_exchange
from actions.follow_up import answer_about_the_order, progress_question
from actions.handoff import hand_off
from actions.missed_courier import asks_after_the_courier
from actions.not_found_correction import answer_correction
from actions.order_answer import ActionOrderAnswer
from actions.order_context import names_an_order, order_named_alone
from actions.order_form import order_picked_in_reply
from actions.order_offers import picks_every_order_offered
from actions.out_of_scope import answer_for_the_product_named
from actions.photo_talk import answer_photo_talk
from actions.question_words import asks_when
from actions.refund_timing import when_after_refund_answer
from actions.shop_questions import shop_question_answered
from actions.switch_reply import answer_switch_reply
from actions.tracking import CARRIER_CHECKING

# Told the carrier is looking for a parcel with no scan for days, the buyer asks what comes
# next: "y si no aparece qué pasa?", "cuánto tiempo más tengo que esperar??" were not
# understood and got "did you mean: this is my order number / where is my order?". The
# tracking answer once more tells what happens if it is not found, or hands it to a person.
STALLED_PARCEL_ANSWERS = ("utter_tracking_stalled", CARRIER_CHECKING)


def charged_after_nothing_charged(tracker: Tracker) -> bool:
    """Words not understood that ask about a charge, right after "nothing was charged"."""
    text = tracker.latest_message.get("text") or ""
    asks = asks_if_charged(text) or says_pending_hold(text)
    return said_in_the_turn_answered(tracker, [NEVER_PAID_ANSWER]) and asks


def wordless(text: str) -> bool:
    """Only punctuation or symbols ("?", "...", "!!!"): no letter or digit."""
    return not any(ch.isalnum() for ch in text)


def missed_twice(tracker: Tracker) -> bool:
    """Was the buyer's message before this one also not understood?"""
    intents = user_intents(tracker)
    return len(intents) >= 2 and intents[-2] == FALLBACK_INTENT


class ActionLowConfidence(Action):
    def name(self) -> str:
        return "action_low_confidence"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        if await order_picked_in_reply(tracker) is not None or picks_every_order_offered(tracker):
            # "yg udh bayar kak" to "which order?": not understood as an intent, but it picks
            # one of the orders offered, and the order form, which runs next, answers for it.
            # "Did you mean...?" before that answer was a question nobody needed. So with
            # "todos eles mano" (all of them; round 11: a fallback, then a person).
            return []
        switched = await answer_switch_reply(dispatcher, tracker)
        if switched is not None:
            # "cái chưa nhận" (the one not received) right after "I'm answering about order A;
            # if you meant another, tap it below": the buyer said in words which order.
            return switched
        corrected = await answer_correction(dispatcher, tracker)
        if corrected is not None:  # "ah desculpa, errei. o certo é o do relógio" after "not found"
            return corrected
        text = tracker.latest_message.get("text") or ""
        stuck = asks_if_stuck(text) and "track_order" in ranked_intents(tracker, 2)
        if stuck or (names_an_order(tracker) and (asks_if_stuck(text) or asks_when(text))):
            # "o pedido 8190123456789012 ta parado faz tempo" (not understood) got "did you
            # mean ...?": an order named, with "stuck" or "when", asks where it is; so does
            # "o relógio tá preso na alfândega desde quando?" with where it is a likely reading.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        named = await order_named_alone(tracker)
        if named is not None:
            # "la funda" after "tengo un problema con mi pedido" (not understood either) handed
            # the chat to a person, and a first "o smartwatch" got "did you mean: the item is
            # damaged / a product question": the buyer named their order; ask what about it.
            dispatcher.utter_message(response="utter_what_about_order", reference=named)
            return [SlotSet("order_id", named)]
        duty = duty_follow_up(dispatcher, tracker)
        if duty is not None:  # "e como eu pago isso?" right after the duty's amount
            return duty
        paying = await shop_question_answered(dispatcher, tracker)
        if paying is not None:  # "gimana caranya bayar?", "can I reorder it?"
            return paying
        if asks_compensation(text):  # "ชดเชยให้มั้ย ตอบแค่ได้หรือไม่ได้": a person decides
            return hand_off(dispatcher, tracker, COMPENSATION_REASON)
        if asks_phone_change(text):
            # "对了 电话号码也要改" right after another message not understood went to a person.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        if says_double_charge(text):  # "двойное списание 1290 р" got "did you mean…?"
            return await answer_about_the_order(dispatcher, tracker, "request_refund")
        if tracker.get_slot("order_id") and needed_by(text, date.today()) is not None:
            # "aabot po ba bago mag 20?" (will it make it before the 20th?) about the order just
            # answered, not understood a second time, went to a person: whether it should.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        if missed_twice(tracker) and not wordless(text):
            return hand_off(dispatcher, tracker, "low_confidence")
        if photos_in(tracker):
            # A photo with no words (or none we understood) and no case waiting for it: ask
            # what happened; the case that answer opens takes the photo (after_sales).
            dispatcher.utter_message(response="utter_photo_what_happened")
            return []
        if wordless(text):
            # "?" then "...": the second went to a person, and "did you mean: something else /
            # a person?" to the first. Punctuation asks nothing yet: what the bot can do.
            dispatcher.utter_message(response="utter_greet")
            return []
        if when_after_refund_answer(tracker) or charged_after_nothing_charged(tracker):
            # "y cuándo me lo aprueban?": the date, not a dispute yet; "so I wasn't charged?"
            # right after "nothing was charged": that answer again, for this order.
            return await answer_about_the_order(dispatcher, tracker, "refund_status")
        pushback = answer_pushback(dispatcher, tracker)
        if pushback is not None:  # not understood right after a customs, refund or cancel refusal
            return pushback
        photos = answer_photo_talk(dispatcher, tracker, photos_named=False)
        if photos is not None:
            # "te mando la foto ahora" right after the photos were asked for got "did you mean:
            # something else / when will you ship?".
            return photos
        if said_in_the_turn_answered(tracker, STALLED_PARCEL_ANSWERS) and tracker.get_slot("order_id"):
            return await ActionOrderAnswer().run(dispatcher, tracker, domain)
        if not asks_when(text):
            # "ok cảm ơn shop nha. à mà cái ốp lưng bị chật quá ko vừa máy, đổi size lớn hơn đc ko"
            # right after where the earbuds are (round 17) got the phone case's "delivered, did
            # it come?": another size asked is after-sales', whatever was discussed before.
            exchange = answer_exchange(dispatcher, tracker)
            if exchange is not None:
                return exchange
        progress = progress_question(tracker)
        if progress is not None:
            # "how long will it take?", "e agora?" right after an answer about an order got "did
            # you mean: where is my order / a product question?" (actions/follow_up.py).
            return await answer_about_the_order(dispatcher, tracker, progress)
        exchange = answer_exchange(dispatcher, tracker)
        if exchange is not None:  # "quero trocar o tamanho da capinha" was asked back
            return exchange
        if about_delivery(tracker) or about_address(tracker) or asks_after_the_courier(tracker):
            # "deixa com o porteiro por favor", "titip satpam aja kak" got "did you mean: where
            # is my order / I want a person?": whom to tell, for the buyer's parcel.
            return await answer_about_the_order(dispatcher, tracker, "track_order")
        if complaint_read_unsurely(tracker):  # "đơn hàng giao chậm quá": what it shows, a person
            return await hand_off_complaint(dispatcher, tracker)
        by_product = await answer_for_the_product_named(dispatcher, tracker)
        if by_product is not None:  # "a capinha do galaxy ja foi enviada?" was asked back
            return by_product
        if set(ranked_intents(tracker, 2)) == CANCEL_OR_REFUND:  # "cancel it, refund": the cancel
            return await answer_about_the_order(dispatcher, tracker, "cancel_order")
        # The NLG turns the intent names into buttons in the buyer's language.
        dispatcher.utter_message(response="utter_clarify", intents=ranked_intents(tracker, 2))
        return []

"""out_of_scope, unless the message names a product of the buyer's own orders: then it is a
question about that order the classifier did not recognise (a product it never saw)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import CANCEL_OR_REFUND, ORDER_INTENTS, ranked_intents
from actions.customs import duty_follow_up
from actions.follow_up import answer_about_the_order, progress_question
from actions.order_answer import answer_resolved
from actions.order_context import Resolution, order_named_by_product
from actions.refund_timing import when_after_refund_answer
from actions.shop_questions import shop_question_answered

# Answers that only tell where an order stands: safe to give on the classifier's best order
# reading. Others commit something (a case, a refund request, a cancellation question) and
# are asked about first.
TELLING_TOPICS = ("track_order", "urge_shipment", "refund_status", "customs_duty")
# An off-topic reading this sure is off-topic, whatever came before ("明天天气怎么样" reads
# 0.99); a where/when question the classifier half read so ("几点会到？" 0.74) is not.
SURE_OFF_TOPIC = 0.8


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[EventType]:
        duty = duty_follow_up(dispatcher, tracker)
        if duty is not None:  # "onde eu vejo o valor?" right after the customs answer
            return duty
        paying = await shop_question_answered(dispatcher, tracker)
        if paying is not None:  # "how do I pay?", "can I buy it again?", "returns policy?"
            return paying
        if when_after_refund_answer(tracker):
            # "how long does it take to reach my card?" right after "your refund was sent"
            # read out_of_scope (0.67): the buyer was told the bot only handles orders.
            return await answer_about_the_order(dispatcher, tracker, "refund_status")
        progress = progress_question(tracker)
        if progress is not None and not _sure_off_topic(tracker):
            # "几点会到？" right after "your parcel is out for delivery" was out_of_scope (0.74,
            # track_order next): the buyer was told the bot only handles orders.
            return await answer_about_the_order(dispatcher, tracker, progress)
        named = await answer_for_the_product_named(dispatcher, tracker)
        if named is not None:
            # "我的电饭煲今天会到吗" was out_of_scope (a rice cooker the classifier never saw), and
            # the buyer was told the bot only handles orders.
            return named
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


async def answer_for_the_product_named(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """A message not read as an order question that names one of the buyer's orders by its
    product, with an order question among its likeliest readings: the answer that question gets
    about that order (or "did you mean" between the two, for one that commits something); None
    when it names no such order or reads no such question."""
    named = await order_named_by_product(tracker)
    topics = [t for t in ranked_intents(tracker, len(ORDER_INTENTS) + 8) if t in ORDER_INTENTS][:2]
    if named is None or not topics:
        return None
    chosen = [SlotSet("order_id", named.order_number)]
    if set(topics) == CANCEL_OR_REFUND:  # "batalin aja powerbanknya, refund": the cancel, confirmed first
        return await answer_resolved(dispatcher, tracker, Resolution(named, chosen), topic="cancel_order")
    if topics[0] in TELLING_TOPICS:
        return await answer_resolved(dispatcher, tracker, Resolution(named, chosen), topic=topics[0])
    dispatcher.utter_message(response="utter_clarify", intents=topics)
    return chosen


def _sure_off_topic(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") == "out_of_scope" and (intent.get("confidence") or 0.0) >= SURE_OFF_TOPIC

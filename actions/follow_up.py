"""A short where/when question right after an answer about an order is about that order.

"how long will it take?", "要多久？", "e agora?" carry no topic words of their own: the
classifier reads them as unsure, or as a pre-sale question (shipping times to a country
are pre-sale), and the buyer got "did you mean" or a person. Just after the bot told them
about an order, they ask how that order goes on.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import bot_turn_before_latest_message, ranked_intents
from actions.order_answer import answer_resolved
from actions.order_context import resolve_order
from actions.question_words import asks_what_now
from actions.track_site_words import asks_where_to_track

# Questions whose answer only tells where the order stands: nothing is committed if the
# reading was wrong.
PROGRESS_TOPICS = ("track_order", "urge_shipment")
# A pre-sale reading this sure is a question about a product, whatever came before
# ("is it waterproof?" reads 0.99; "quanto tempo demora?" 0.55 with track_order next).
SURE_PRE_SALE = 0.8


def progress_question(tracker: Tracker, besides: str | None = None) -> str | None:
    """The where/when topic the latest message most likely asks about the order the bot just
    answered about (`besides`: the reading set aside, e.g. the pre-sale one), if it does."""
    if not _answered_about_the_order(tracker):
        return None
    text = tracker.latest_message.get("text") or ""
    if asks_where_to_track(text) or asks_what_now(text):
        # "en que pagina lo rastreo", "y que hago?": about the parcel just told of.
        return "track_order"
    # "Something else" says nothing about which question: "今天会到吗？" read out_of_scope
    # first and track_order next, right after the answer about the rice cooker.
    topics = [t for t in ranked_intents(tracker, 4) if t not in (besides, "out_of_scope")]
    return topics[0] if topics and topics[0] in PROGRESS_TOPICS else None


def unsure_pre_sale(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name") == "product_question" and (intent.get("confidence") or 0.0) < SURE_PRE_SALE


async def answer_about_the_order(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str
) -> List[EventType]:
    return await answer_resolved(dispatcher, tracker, await resolve_order(dispatcher, tracker), topic=topic)


def _answered_about_the_order(tracker: Tracker) -> bool:
    """Did the turn the latest message answers tell something about the order discussed?"""
    discussed = tracker.get_slot("order_id")
    return bool(discussed) and any(
        (event.get("metadata") or {}).get("order_number") == discussed
        for event in bot_turn_before_latest_message(tracker)
    )

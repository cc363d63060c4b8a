""" "How long does shipping to Mexico take?" before buying: the usual days to the buyer's country.

Round 12 of play: "how long to London?", "cuánto tarda a México?", "si vuelvo a comprar, ¿me
llega igual de rápido a Madrid?" went to a person (or got the customs text of a cancelled
order), though seller/shop.yml has the usual delivery days per country. The buyer's country is
their latest order's; with no order, the question stays a person's.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.commerce import buyer_of, recent_orders
from actions.conversation import text_of
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

DELIVERY_TIME = "utter_delivery_time"
DELIVERY_TIME_WORDS = phrases((
    "how long to", "how long does shipping", "how long does delivery", "how long is shipping",
    "how long is delivery", "how long does it take to arrive", "how long will it take to arrive",
    "shipping time", "delivery time", "how many days to deliver", "cuanto tarda en llegar",
    "cuanto tarda el envio", "cuanto tardan en llegar", "cuanto tarda a", "igual de rapido",
    "tiempo de entrega", "quanto tempo demora pra chegar", "quanto tempo demora para chegar",
    "prazo de entrega", "quanto tempo leva pra chegar", "сколько идет доставка", "сколько идёт доставка",
    "сколько дней доставка", "срок доставки", "сколько идет посылка", "сколько идёт посылка",
    "寄到要多久", "运送时间", "運送時間", "寄过来要几天", "寄過來要幾天", "ส่งกี่วันถึง", "ใช้เวลาส่งกี่วัน",
    "ship mất bao lâu", "giao mất bao lâu", "bao lau thi giao toi", "pengiriman berapa lama",
    "berapa lama pengiriman", "berapa hari pengiriman", "gaano katagal ang shipping",
))  # fmt: skip


def asks_delivery_time(text: str) -> bool:
    return said(DELIVERY_TIME_WORDS, text)


async def delivery_time_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """The usual delivery days to the buyer's country, if the message asks how long shipping
    takes and the buyer's country is known from an order; else None."""
    if not asks_delivery_time(text_of(tracker)):
        return None
    orders = await recent_orders(buyer_of(tracker))
    country = orders[0].destination_country if orders else None
    window = load_shop().delivery_window(country) if country else None
    if window is None:
        return None
    dispatcher.utter_message(
        response=DELIVERY_TIME,
        destination_country=country,
        shortest_days=window.shortest,
        longest_days=window.longest,
    )
    return []

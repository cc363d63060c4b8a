"""Another size or colour for an order: "quero trocar o tamanho da capinha", "可以换尺码吗",
"можно поменять размер?".

Read as a product question, it got "a colleague who knows this product will answer" and went
to the pre-sale team; not understood, "did you mean: wrong item / a refund?". Whether and how
an order can be changed (before it ships) or swapped (after) is the seller's after-sales
decision: the buyer is told what the person needs (the order, the size or colour wanted) and
after-sales takes the chat (reason exchange, seller/routing.yml). Accents folded.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_words import asks_phone_change
from actions.handoff import hand_off
from bot.nlu.said_words import phrases, said

TO_AFTER_SALES = "utter_exchange_to_after_sales"
HANDOFF_REASON = "exchange"

EXCHANGE_WORDS = (
    # Verbs of changing only: "tem outra cor?", "does it come in another size?" ask what the
    # shop sells, a pre-sale question.
    "exchange it", "exchange for", "an exchange", "exchange the", "swap", "change the size",
    "change size", "change the colour", "change the color", "change colour", "change color",
    "trocar o tamanho", "trocar tamanho", "trocar a cor", "trocar de cor", "trocar de tamanho",
    "trocar por outro", "trocar por uma", "trocar por um",
    "cambiar la talla", "cambiar de talla", "cambiar el color", "cambiar de color",
    "cambiarlo por", "cambiarla por", "cambiar el tamano",
    "поменять размер", "поменять цвет", "обменять", "обмен", "заменить на",
    "换尺码", "换颜色", "换个颜色", "换个尺码", "换码", "换货", "改尺码", "改颜色", "换大一码",
    "换小一码", "換尺寸", "換尺碼", "換顏色", "換貨", "換個顏色",
    # Not "doi hang" / "doi co": with accents left out they are also "đợi hàng" (waiting for it).
    "doi size", "doi mau", "doi sang", "doi kich thuoc", "doi sz",
    "tukar ukuran", "ganti ukuran", "ganti warna", "tukar warna", "tukar barang", "ganti size",
    "tukar size", "tuker size", "tuker ukuran",
    "เปลี่ยนไซส์", "เปลี่ยนไซซ์", "เปลี่ยนสี", "เปลี่ยนขนาด", "ขอเปลี่ยนสินค้า", "เปลี่ยนของ",
)  # fmt: skip
EXCHANGE = phrases(EXCHANGE_WORDS)


def asks_exchange(text: str) -> bool:
    return said(EXCHANGE, text)


def answer_exchange(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """What after-sales needs, and after-sales, for a change of size or colour; None when the
    latest message asks no such thing."""
    text = tracker.latest_message.get("text") or ""
    if not asks_exchange(text) or asks_phone_change(text):
        # "doi sang so moi 0912 345 678" (change to my new number) went to after-sales as a
        # change of size or colour.
        return None
    dispatcher.utter_message(response=TO_AFTER_SALES)
    return hand_off(dispatcher, tracker, HANDOFF_REASON)

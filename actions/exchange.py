"""Another size or colour for an order: "quero trocar o tamanho da capinha", "可以换尺码吗",
"можно поменять размер?".

Read as a product question, it got "a colleague who knows this product will answer" and went
to the pre-sale team; not understood, "did you mean: wrong item / a refund?". Whether and how
an order can be changed (before it ships) or swapped (after) is the seller's after-sales
decision: the buyer is told what the person needs (the order, the size or colour wanted) and
after-sales takes the chat (reason exchange, seller/routing.yml). Accents folded.
"""

from __future__ import annotations

import re
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.address_change import asks_address_change
from actions.fit_words import says_it_does_not_fit
from actions.handoff import hand_off
from actions.variant_words import says_wrong_variant
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
    "doi size", "doi mau", "doi sang", "doi kich thuoc", "doi sz", "doi qua mau", "thay mau",
    "tukar ukuran", "ganti ukuran", "ganti warna", "tukar warna", "tukar barang", "ganti size",
    "tukar size", "tuker size", "tuker ukuran",
    "เปลี่ยนไซส์", "เปลี่ยนไซซ์", "เปลี่ยนสี", "เปลี่ยนขนาด", "ขอเปลี่ยนสินค้า", "เปลี่ยนของ",
)  # fmt: skip
EXCHANGE = phrases(EXCHANGE_WORDS)


# Or a word for changing and one for the size or colour anywhere in it: "我想把尺寸從M改成L",
# "可以改顏色嗎", "pwede palitan yung size" (round 10 and 11: "好問題！", the catalogue colleague).
# Not Thai ("สี" is inside "เสีย", broken) nor a bare "码" ("换号码": a new phone number).
CHANGING = phrases((
    "change", "switch", "palit*", "改", "换", "換", "поменя*", "смен*", "mudar", "trocar", "cambiar",
    "cambia*", "cambie*", "troca*", "troque*",  # "me la cambiáis?", "vcs trocam?" (round 17)
    "doi", "thay", "ganti", "tukar", "tuker",
    # Indonesian passive and -in forms: "bs diganti ga?", "ditukar", "gantiin" (round 15: a size
    # changed before paying, "salah pilih ukuran… bs diganti ga", got "pay and we ship it").
    "diganti*", "ditukar*", "dituker*", "gantiin", "tukerin",
))  # fmt: skip
SIZE_OR_COLOUR = phrases((
    "size", "colour", "color", "cor", "tamanho", "talla", "размер", "цвет", "尺码", "尺碼", "尺寸", "颜色",
    "顏色", "kich thuoc", "ukuran*", "warna*",
    "黑色", "白色", "红色", "紅色", "蓝色", "藍色", "粉色", "灰色", "绿色", "綠色", "黄色", "黃色",
))  # fmt: skip
# Vietnamese "màu" (colour) only with its accent: folded, it is Indonesian "mau" (want), and "alamat
# pengiriman bs diganti ga? mau dikirim ke kantor" (round 16: a new address) went to after-sales as
# another size or colour. Unaccented, "doi mau" / "thay mau" above still ask it.
VI_COLOUR = re.compile("màu")
# "Has it shipped?" beside the change ("出貨了嗎? 可以改顏色嗎"): both are answered.
SHIPPED = phrases((
    "ship", "shipped", "dispatch*", "出貨", "出货", "发货", "發貨", "寄出", "envia*", "despach*", "enviar",
    "отправ*", "dikirim", "gui hang", "giao hang", "ma-ship", "naship",
))  # fmt: skip


# "Can I just get the black one instead of cancelling?" while "shall I cancel?" waits (round 16:
# "I need a clear yes or no"): a colour or size named beside these asks another variant.
INSTEAD_OF_CANCELLING = phrases((
    "instead of cancel*", "rather than cancel*", "en vez de cancelar", "en lugar de cancelar",
    "em vez de cancelar", "ao inves de cancelar", "вместо отмены", "不取消", "不要取消", "thay vi huy",
    "daripada batal*", "daripada dibatalin", "sa halip na i-cancel", "แทนการยกเลิก",
))  # fmt: skip


# A Chinese verb glued to a size letter ("從M改成L") is no word start for `phrases`.
CJK_CHANGING = re.compile("[改换換]")


def asks_exchange(text: str) -> bool:
    changing = said(CHANGING, text) or bool(CJK_CHANGING.search(text))
    # "me queda pequeña… me la podéis cambiar por la de 17 pulgadas?" (round 17): a size that
    # does not fit, beside a change, asks another size.
    size_or_colour = (
        said(SIZE_OR_COLOUR, text) or bool(VI_COLOUR.search(text.casefold())) or says_it_does_not_fit(text)
    )
    return said(EXCHANGE, text) or (changing and size_or_colour)


def wants_exchange(text: str, instead_of_cancelling: bool = False) -> bool:
    """Another size or colour asked, and no new address (which answer_exchange leaves)."""
    instead = instead_of_cancelling and said(INSTEAD_OF_CANCELLING, text) and says_wrong_variant(text)
    return (asks_exchange(text) or instead) and not asks_address_change(text)


def asks_if_shipped(text: str) -> bool:
    return said(SHIPPED, text)


def answer_exchange(
    dispatcher: CollectingDispatcher, tracker: Tracker, instead_of_cancelling: bool = False
) -> List[EventType] | None:
    """What after-sales needs, and after-sales, for a change of size or colour; None when the
    latest message asks no such thing (`instead_of_cancelling`: while a cancellation waits for
    its yes or no, "the black one instead of cancelling" asks it too)."""
    text = tracker.latest_message.get("text") or ""
    if not wants_exchange(text, instead_of_cancelling):
        # "doi sang so moi 0912 345 678" (change to my new number) went to after-sales as a
        # change of size or colour; so did "bukan tukar ukuran, ALAMAT nya mau diganti" (not
        # the size, the address: round 16).
        return None
    dispatcher.utter_message(response=TO_AFTER_SALES)
    return hand_off(dispatcher, tracker, HANDOFF_REASON)

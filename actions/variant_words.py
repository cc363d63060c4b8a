"""Colours and sizes: words that describe an item rather than name it, in the bot's languages.

- Choosing an order: "สั่งสีดำแต่ได้สีขาว" (ordered black, got white) about a wrong item moved
  the chat to the other order, whose earbuds title says black (สีดำ), and opened a second case
  there. Colours describe the item, they do not name it (actions/order_choice.py).
- A wrong variant is no missing item: "the colour wrong leh, i order black one but come white"
  about a split order was told, twice, that the missing items may be in the parcel still
  coming (actions/after_sales.py).
Accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

import re

from bot.nlu.said_words import folded, phrases, said

COLOURS = (
    "black white blue red green yellow pink purple grey gray silver gold transparent clear "
    "preto preta branco branca azul vermelho vermelha verde amarelo amarela rosa roxo roxa cinza "
    "negro negra blanco blanca rojo roja amarillo amarilla morado morada gris transparente "
    "hitam putih biru merah hijau kuning ungu abu warna mau trang xanh vang hong tim xam "
    "черный черная чёрный чёрная белый белая синий синяя красный красная зеленый зеленая зелёный "
    "зелёная серый серая цвет"
)
_COLOUR_WORDS = frozenset(folded(COLOURS).split())
VARIANT = phrases((
    "colour", "color", "cor", "cor errada", "tamanho", "talla", "size", "model", "modelo", "размер",
    "цвет", "颜色", "顏色", "尺码", "尺碼", "型号", "型號", "款式", "สี", "ไซส์", "ขนาด", "รุ่น", "màu",
    "mẫu", "kích cỡ", "warna", "ukuran",
))  # fmt: skip
_WORD = re.compile(r"\w+")


def says_wrong_variant(text: str) -> bool:
    """Does the message describe the item by its colour, size or model ("ordered black, got white")?"""
    written = folded(text)
    return said(VARIANT, text) or any(w in _COLOUR_WORDS for w in _WORD.findall(written))

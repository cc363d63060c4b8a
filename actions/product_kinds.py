"""What buyers call a product when they do not use its title's words.

"ah desculpa, errei. o certo é o do relógio" (sorry, my mistake, the right one is the watch
one) about "Smartwatch GT4 pulseira preta" named no order: no word of the title was in it, so
the correction after "order not found" got "did you mean…?" (round 16, task 20). A title that
says what kind of product it is ("smartwatch", "fone de ouvido", "保温杯") is also named by the
everyday words for that kind, in each language the bot speaks (actions/order_choice.py).
Only words that name little else: "watch" alone is also a verb, so "the watch" or "my watch".
"""

from __future__ import annotations

from typing import List, Tuple

from bot.nlu.said_words import folded, phrases

# (words a title says the kind with, words buyers name it by), any language, accents optional.
KINDS: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...] = (
    (
        ("smartwatch", "smart watch", "relogio", "reloj", "часы", "手表", "手錶", "นาฬิกา", "dong ho",
         "jam tangan"),
        (
            "smartwatch", "smart watch", "the watch", "my watch", "that watch", "watch order",
            "relogio", "relojinho", "reloj", "relojito", "часы", "часики", "смарт-часы", "手表", "手錶",
            "นาฬิกา", "dong ho", "jam tangan", "jam tangannya", "smartwatchnya",
        ),
    ),
    (
        ("earbuds", "earphones", "headphones", "buds", "fone de ouvido", "auriculares", "наушники",
         "耳机", "耳機", "หูฟัง", "tai nghe"),
        (
            "earbuds", "earphones", "headphones", "headset", "fone", "fones", "fone de ouvido",
            "auriculares", "audifonos", "cascos", "наушники", "наушник*", "耳机", "耳機", "หูฟัง",
            "tai nghe", "headsetnya", "earphonenya",
        ),
    ),
    (
        ("power bank", "powerbank", "пауэрбанк", "充电宝", "行動電源", "พาวเวอร์แบงค์", "sac du phong"),
        (
            "power bank", "powerbank", "bateria externa", "carregador portatil", "пауэрбанк",
            "повербанк", "充电宝", "行動電源", "พาวเวอร์แบงค์", "แบตสำรอง", "sac du phong", "cục sạc",
        ),
    ),
    (
        ("mouse", "мышь", "鼠标", "滑鼠", "เมาส์", "chuot"),
        ("mouse", "мышь", "мышк*", "мыш*", "鼠标", "滑鼠", "เมาส์", "chuot", "raton", "ratón"),
    ),
    (
        ("umbrella", "guarda-chuva", "paraguas", "зонт", "雨伞", "雨傘", "ร่ม", "payung"),
        ("umbrella", "guarda-chuva", "guarda chuva", "paraguas", "зонт*", "雨伞", "雨傘", "伞", "傘",
         "payung"),
    ),
)  # fmt: skip
_KINDS = [(phrases(titled), phrases(called)) for titled, called in KINDS]


def kind_named_at(text: str, title: str) -> int | None:
    """Where the message names the title's kind of product by an everyday word, if it does."""
    said, titled = folded(text), folded(title)
    places: List[int] = []
    for title_words, buyer_words in _KINDS:
        if title_words.search(titled) and (found := buyer_words.search(said)) is not None:
            places.append(found.start())
    return min(places) if places else None

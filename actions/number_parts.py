"""An order named by part of its number: "o que termina em 9012", "cancel the 0345 one".

Buyers copy the last digits they see in the app's order list, not the whole number
(a whole number is a reference the NLU extracts). Four digits at least: fewer would
match amounts and days. The digits may also be the number's start ("the 4839 one").
"""

from __future__ import annotations

import re

from bot.commerce.views import OrderView

MIN_DIGITS = 4
# A run of digits not part of a date, an amount or a longer number (15/06/2024, 1.290,00).
DIGIT_RUN = re.compile(r"(?<![\d/.,:-])\d+(?![\d/:-]|[.,]\d)")


def number_parts(text: str) -> list[str]:
    return [run for run in DIGIT_RUN.findall(text) if len(run) >= MIN_DIGITS]


def numbered(text: str, order: OrderView) -> bool:
    """Does the message name the order by the start or the end of its number?"""
    digits = re.sub(r"\D", "", order.order_number)
    return any(
        len(part) < len(digits) and (digits.endswith(part) or digits.startswith(part))
        for part in number_parts(text)
    )

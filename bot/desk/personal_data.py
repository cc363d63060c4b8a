"""Buyers' personal data masked out of what the trainer's loop keeps and shows.

A labelled message lands in data/nlu/<lang>/reviewed.yml, which is committed, packed into
every model and exported as CSV: a buyer's e-mail address, phone number, order number,
card or ID number (bot/desk/id_numbers.py), street address or postal code
(bot/desk/addresses.py), or the name they introduce themselves or sign with
(bot/desk/self_introductions.py, bot/desk/sign_offs.py) has no business there. Each is
replaced by a synthetic stand-in of the same kind, so the classifier still sees "an order
number here" (the stand-ins have the shapes bot/nlu/references.py reads as order and
tracking numbers). Masking a masked text changes nothing.
"""

from __future__ import annotations

import re
from typing import Iterator, List, Tuple

from bot.desk.addresses import addresses_and_postcodes
from bot.desk.id_numbers import card_and_id_numbers
from bot.desk.self_introductions import introduced_names
from bot.desk.sign_offs import signed_names
from bot.nlu.references import find_references

EMAIL_STAND_IN = "buyer@example.com"
PHONE_STAND_IN = "+1 555 010 0000"
ORDER_STAND_IN = "100000000000"
TRACKING_STAND_IN = "LP00000000000CN"
NAME_STAND_IN = "Alex"
STAND_INS = {"order_id": ORDER_STAND_IN, "tracking_number": TRACKING_STAND_IN}

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Nine to fifteen digits (\d: any script's) in groups split by single spaces or hyphens,
# maybe behind a +country code and an (area code): +66 81 234 5678, (02) 123 4567,
# 081-234-5678. A bare run of digits is an order number's shape, read as one below; so are
# dates and times, which stop short of nine digits or end on ":" or "/".
_PHONE = re.compile(
    r"(?<![A-Za-z0-9+])\+?(?:\d{1,3}[ -]?)?(?:\(\d{1,4}\)[ -]?)?\d(?:[ -]?\d){6,14}(?![A-Za-z0-9:/])"
)
_PHONE_DIGITS = range(9, 16)
# What reads as a marketplace's own order or invoice code without a carrier's or
# marketplace's fixed shape: letters or "#" with six digits or more (LZD8812345, #1234567).
_CODE = re.compile(r"(?<![A-Za-z0-9#-])[A-Za-z0-9#-]*\d[A-Za-z0-9#-]*")
_CODE_DIGITS = 6

Span = Tuple[int, int, str]  # start, end, stand-in
_MAX_ROUNDS = 4


def masked(text: str) -> str:
    """The text with e-mail addresses, card and ID numbers, street addresses and postal codes,
    phone numbers, order/tracking numbers and the names buyers introduce themselves or sign
    with replaced."""
    # Until nothing changes: a stand-in must not make a new match (the inbox groups messages
    # by their masked words, and a label is keyed by the masked words it was given).
    for _ in range(_MAX_ROUNDS):
        again = _masked_once(text)
        if again == text:
            break
        text = again
    return text


def _masked_once(text: str) -> str:
    taken: List[Span] = []
    for start, end, stand_in in _found(text):
        if not any(start < other_end and other_start < end for other_start, other_end, _ in taken):
            taken.append((start, end, stand_in))
    for start, end, stand_in in sorted(taken, reverse=True):
        text = text[:start] + stand_in + text[end:]
    return text


def _found(text: str) -> Iterator[Span]:
    """Candidate spans, most certain kind first: an e-mail address's digits are not a phone,
    a CPF's or a card's are not an order number, an address's house number is no amount."""
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), EMAIL_STAND_IN
    yield from card_and_id_numbers(text)
    yield from addresses_and_postcodes(text)
    for ref in find_references(text):
        yield ref.start, ref.end, STAND_INS[ref.entity]
    for match in _PHONE.finditer(text):
        if _is_phone(match.group()):
            yield match.start(), match.end(), PHONE_STAND_IN
    for match in _CODE.finditer(text):
        if _is_code(match.group()):
            yield match.start(), match.end(), ORDER_STAND_IN
    for start, end in introduced_names(text):
        yield start, end, NAME_STAND_IN
    for start, end in signed_names(text):
        yield start, end, NAME_STAND_IN


def _digits(text: str) -> int:
    return sum(char.isdecimal() for char in text)


def _is_phone(found: str) -> bool:
    # A bare run of digits is left to the order number's shape.
    split = found.startswith("+") or any(sep in found for sep in " -()")
    return split and _digits(found) in _PHONE_DIGITS


def _is_code(found: str) -> bool:
    # Amounts and postcodes are bare digits: they carry meaning and name no one.
    return _digits(found) >= _CODE_DIGITS and any(char.isalpha() or char == "#" for char in found)

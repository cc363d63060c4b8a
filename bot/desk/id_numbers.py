"""Card numbers and national ID / tax numbers in a buyer's message, for personal_data.py to mask.

A card number is four groups of four digits (or American Express's 4-6-5) split by spaces or
hyphens. An ID number is found by its shape where the shape is its own (Brazil's CPF
123.456.789-09 and CNPJ, Indonesia's NPWP, Thailand's 1-2345-67890-12-3, Russia's SNILS,
the US SSN, Mexico's RFC and CURP), else by the word that names it ("CPF", "NIK", "ИНН",
"CCCD", "身份证号", "เลขบัตรประชาชน"... in each language) followed by a number. A bare run of
digits without such a word stays an order number's to mask.

The stand-in keeps the shape and loses the value: every digit becomes 0 and every letter X
("123.456.789-09" -> "000.000.000-00"), so the classifier still sees "a CPF here", and the
stand-in is found again as the same kind (masking a masked text changes nothing).
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

Span = Tuple[int, int, str]  # start, end, stand-in

_NOT_DIGIT_BEFORE = r"(?<![\w.\-/])"
_NOT_DIGIT_AFTER = r"(?![\w\-/]|[.,]\w)"
_CARD = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}"
    r"|\d{4}([ -])\d{6}\2\d{5})" + _NOT_DIGIT_AFTER
)
_ID_SHAPES = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:\d{3}\.\d{3}\.\d{3}-\d{2}"  # CPF
    r"|\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"  # CNPJ
    r"|\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}"  # NPWP
    r"|\d-\d{4}-\d{5}-\d{2}-\d"  # Thai national ID
    r"|\d{3}-\d{3}-\d{3}[ -]\d{2}"  # SNILS
    r"|\d{3}-\d{2}-\d{4}"  # SSN
    r"|[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}"  # RFC
    r"|[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d"  # CURP
    r")" + _NOT_DIGIT_AFTER
)
# The words that name an ID or tax number, per language; acronyms in capitals where the
# lower-case word means something else ("tin" is Vietnamese for news).
_ID_WORDS = (
    r"(?i:ssn|social security(?: number)?|national id(?: number)?|id card(?: number)?|"
    r"passport(?: number| no\.?)?|tax (?:id|number)|vat (?:number|no\.?|id)|vat)|TIN|EIN",  # en
    r"(?i:cpf|cnpj|rg|identidade)",  # pt
    r"(?i:dni|nie|nif|cif|rfc|curp|rut|cuit|c[ée]dula)",  # es
    r"(?i:инн|снилс|огрн|паспорт(?:а)?)",  # ru
    r"(?i:cccd|cmnd|căn cước|mã số thuế|mst)",  # vi
    r"(?i:nik|ktp|npwp)",  # id
    r"เลขประจำตัวผู้เสียภาษี|เลขประจำตัวประชาชน|เลขบัตรประชาชน|บัตรประชาชน",  # th
    r"身[份分][证證](?:号码|號碼|号|號)?|税号|稅號|护照号|護照號|统一社会信用代码",  # zh
)
_ID_NUMBER = r"[A-Za-z]{0,4}\d[\d .\-/]*\d[A-Za-z0-9]{0,3}"
_NAMED_ID = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(_ID_WORDS) + r")(?![^\W\d_])"
    r"[^\d\n]{0,15}?(?<![A-Za-z0-9])(?P<number>" + _ID_NUMBER + r")(?![A-Za-z0-9])"
)
_ID_DIGITS = 6


def card_and_id_numbers(text: str) -> Iterator[Span]:
    """Spans of card and ID numbers, each with its shape-keeping stand-in."""
    for match in _CARD.finditer(text):
        yield _kept_shape(match.start(), match.end(), text)
    for match in _ID_SHAPES.finditer(text):
        yield _kept_shape(match.start(), match.end(), text)
    for match in _NAMED_ID.finditer(text):
        start, end = match.span("number")
        number = _trimmed(text[start:end])
        if sum(char.isdecimal() for char in number) >= _ID_DIGITS:
            yield _kept_shape(start, start + len(number), text)


def _trimmed(number: str) -> str:
    """The number without the spaces, dots or hyphens the loose pattern took after it."""
    return number.rstrip(" .-/")


def _kept_shape(start: int, end: int, text: str) -> Span:
    return start, end, shape_of(text[start:end])


def shape_of(value: str) -> str:
    """Every digit 0 and every letter X; separators as they were."""
    return "".join("0" if char.isdecimal() else "X" if char.isalpha() else char for char in value)

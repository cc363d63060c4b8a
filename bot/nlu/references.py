"""Order and tracking numbers inside free text, in any script.

Buyers glue numbers to Chinese or Thai text with no spaces, so the boundaries are
ASCII letters and digits only (Python's \\w would count 单 or ถ as a word character).
Chinese and Japanese keyboards often type full-width digits and letters (８１２３,
ＲＢ), Thai ones Thai digits (๘๑๒๓): they are read as their ASCII forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import List

# Carrier tracking numbers: UPU S10 (RB123456789CN), Cainiao (LP00412345678CN),
# Yun Express (YT2212345678901234), marketplace logistics (LZDTH12345678).
TRACKING_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2,5}\d{8,18}[A-Za-z]{0,2})(?![A-Za-z0-9])")
# Marketplace order numbers: 8-20 digits; Ozon adds hyphenated parts
# (48211357-0031-1); Wish uses 24 hexadecimal characters; Shopee a date and
# eight letters or digits (2406117Q3KX9PD).
_ORDER_FORMS = r"\d{8,20}(?:-\d{1,6}){0,2}|[0-9a-f]{24}|\d{6}[0-9A-Z]{8}"
ORDER_ID = re.compile(rf"(?<![A-Za-z0-9-])({_ORDER_FORMS})(?![A-Za-z0-9-])")

# An order number typed in groups ("заказ 48392017 0031 1", "pesanan 6034 0998 1234 566") was
# read as its first group, or not at all. Only right after a word for "order": spaced digits
# alone are as often a phone number.
_ORDER_WORDS = (
    r"order(?:\s*(?:number|no\.?|#))?|pedido|заказа?|№|pesanan|orderan|no\.?\s*pesanan|"
    r"订单号?|訂單號?|ออเดอร์|คำสั่งซื้อ|đơn hàng|đơn|mã đơn"
)
SPACED_ORDER_ID = re.compile(
    rf"(?:{_ORDER_WORDS})\s*[:#№]?\s*(\d{{2,8}}(?:[ -]\d{{1,8}}){{1,5}})(?![A-Za-z0-9-])", re.IGNORECASE
)
MIN_SPACED_DIGITS = 10
# A tax or phone number named as such ("ИНН 7701234567", "CNPJ 12.345.678/0001-99", "統編
# 12345678", "เบอร์ 0812345678"), or a mobile number alone (0 and a mobile prefix, as Thai,
# Vietnamese and Indonesian ones are written), is no order number: looked up as one, it was
# "not found" and counted as a miss against the buyer, who was then locked out of lookups.
_NOT_ORDER_WORDS = (
    r"инн|кпп|огрн|cnpj|cpf|nif|cif|rfc|ein|npwp|mst|mã số thuế|ma so thue|tax\s*id|vat(?:\s*no\.?)?|"
    r"統編|统编|統一編號|统一编号|税号|稅號|เลขผู้เสียภาษี|tel\.?|phone(?:\s*number)?|телефон|тел\.?|"
    r"whatsapp|wa|hp|no\.?\s*hp|sdt|sđt|số điện thoại|so dien thoai|เบอร์(?:โทร)?|電話|电话|手机号?|手機號?|"
    r"celular|telefone|teléfono|telefono|móvil|movil"
)
NAMED_NOT_ORDER = re.compile(
    rf"(?<![A-Za-z])(?:{_NOT_ORDER_WORDS})\s*[:#№.]?\s*(\+?\d[\d ./-]{{5,22}}\d)", re.IGNORECASE
)
# Philippine mobiles are 09 and nine digits ("change the contact number to 09181112222"),
# Malaysian ones 01 and eight or nine ("新的是0123456789"); a number written with its country's
# "+" ("новый +79161234567") is a phone number whatever its length.
MOBILE_NUMBER = re.compile(
    r"(?<![A-Za-z0-9-])(0[3-9]\d{8}|08\d{9,11}|09\d{9}|01\d{8,9})(?![A-Za-z0-9-])|\+(\d{8,15})(?![A-Za-z0-9-])"
)
ORDER_ID_SHAPE = re.compile(rf"^(?:{_ORDER_FORMS})$")
TRACKING_NUMBER_SHAPE = re.compile(r"^[A-Z]{2,5}\d{8,18}[A-Z]{0,2}$")


@dataclass(frozen=True)
class Reference:
    entity: str  # "order_id" or "tracking_number"
    value: str
    start: int
    end: int


def _fold(char: str) -> str:
    digit = unicodedata.decimal(char, None)  # any script's digit: ๘ -> 8
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def _width_folded(text: str) -> str:
    """NFKC character by character where it keeps one character (８ -> 8, Ｒ -> R), so
    the positions of what is found are positions in the original text."""
    return "".join(_fold(char) for char in text)


def find_references(text: str) -> List[Reference]:
    """Every tracking and order number in the text, in reading order (values in ASCII)."""
    text = _width_folded(text)
    found: List[Reference] = []
    not_orders = (NAMED_NOT_ORDER, MOBILE_NUMBER)
    taken: List[range] = [range(*m.span(m.lastindex or 0)) for p in not_orders for m in p.finditer(text)]
    for match in TRACKING_NUMBER.finditer(text):
        found.append(Reference("tracking_number", match.group(1).upper(), *match.span(1)))
        taken.append(range(*match.span(1)))
    for match in SPACED_ORDER_ID.finditer(text):
        value, (start, end) = match.group(1), match.span(1)
        if " " in value and sum(char.isdigit() for char in value) >= MIN_SPACED_DIGITS:
            found.append(Reference("order_id", " ".join(value.split()), start, end))
            taken.append(range(start, end))
    for match in ORDER_ID.finditer(text):
        start, end = match.span(1)
        if any(start in span for span in taken):
            continue
        found.append(Reference("order_id", match.group(1), start, end))
    return sorted(found, key=lambda ref: ref.start)


def strip_references(text: str) -> str:
    """The text without its order and tracking numbers (they carry no language)."""
    for ref in reversed(find_references(text)):
        text = text[: ref.start] + " " + text[ref.end :]
    return text

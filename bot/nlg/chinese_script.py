"""Chinese replies in the script the buyer reads: Traditional for a buyer who writes it or
whose order goes to Taiwan, Hong Kong or Macau, Simplified otherwise.

The catalogue is written once, in Simplified (data/responses/zh.yml); a Taiwanese buyer
asking "請問要付關稅嗎" got "请问…" back. OpenCC's tables (opencc-python-reimplemented, the
tables ship in the wheel) convert a rendered reply, with Taiwan's phrasing (s2twp).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict, Iterable

# Where buyers read Traditional characters.
TRADITIONAL_COUNTRIES = frozenset({"TW", "HK", "MO"})


@cache
def _converter(config: str):
    from opencc import OpenCC  # loaded on the first Chinese reply that needs it (~25 ms)

    return OpenCC(config)


def writes_traditional(text: str) -> bool:
    """Does the text hold characters only Traditional writing uses? ("好" is both; "請" is not.)"""
    return _converter("t2s").convert(text) != text


def wants_traditional(buyer_texts: Iterable[str], country: Any) -> bool:
    """The buyer's recent messages decide; when none tells (all shared characters, or none
    Chinese), the order's country does."""
    if any(writes_traditional(text) for text in buyer_texts):
        return True
    return str(country or "").upper() in TRADITIONAL_COUNTRIES


def in_traditional(message: Dict[str, Any]) -> Dict[str, Any]:
    """The rendered message (text and button titles) in Traditional characters."""
    convert = _converter("s2twp").convert
    buttons = [{**b, "title": convert(str(b.get("title", "")))} for b in message.get("buttons", [])]
    return {**message, "text": convert(message.get("text", "")), "buttons": buttons}

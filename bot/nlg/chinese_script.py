"""Chinese replies in the script the buyer reads: Traditional for a buyer who writes it or
whose order goes to Taiwan, Hong Kong or Macau, Simplified otherwise.

The catalogue is written once, in Simplified (data/responses/zh.yml); a Taiwanese buyer
asking "請問要付關稅嗎" got "请问…" back. OpenCC's tables (opencc-python-reimplemented, the
tables ship in the wheel) convert a rendered reply, with Taiwan's phrasing (s2twp).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict, Sequence

# Where buyers read Traditional characters.
TRADITIONAL_COUNTRIES = frozenset({"TW", "HK", "MO"})


@cache
def _converter(config: str):
    from opencc import OpenCC  # loaded on the first Chinese reply that needs it (~25 ms)

    return OpenCC(config)


def script_of(text: str) -> str | None:
    """ "traditional" or "simplified" when the text holds characters only that writing uses
    ("請" or "请"), None when it cannot tell ("好" is both; no Chinese at all)."""
    if _converter("t2s").convert(text) != text:
        return "traditional"
    if _converter("s2t").convert(text) != text:
        return "simplified"
    return None


def wants_traditional(buyer_texts: Sequence[str], country: Any) -> bool:
    """The buyer's newest message that tells the script decides (a Taiwanese buyer writing
    Simplified reads Simplified); when none tells, the order's country does."""
    for text in reversed(buyer_texts):
        script = script_of(text)
        if script is not None:
            return script == "traditional"
    return str(country or "").upper() in TRADITIONAL_COUNTRIES


# Taiwan's phrasing where it took the wrong sense of a word: 审核 (review) is 審核, not 稽核
# (audit), and 审核通过 (approved) 審核通過, not 透過 (by means of): "稽核透過的退款" read as
# nonsense to a Taiwanese buyer; 好消息 (good news) stays so.
PHRASING_FIXES = (("稽核透過", "審核通過"), ("稽核", "審核"), ("好訊息", "好消息"))


def to_traditional(text: str) -> str:
    """Simplified text in Traditional characters, with Taiwan's phrasing."""
    converted = _converter("s2twp").convert(text)
    for wrong, right in PHRASING_FIXES:
        converted = converted.replace(wrong, right)
    return converted


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified (a character's form only, no phrasing)."""
    return _converter("t2s").convert(text)


def in_traditional(message: Dict[str, Any]) -> Dict[str, Any]:
    """The rendered message (text and button titles) in Traditional characters."""
    buttons = [{**b, "title": to_traditional(str(b.get("title", "")))} for b in message.get("buttons", [])]
    return {**message, "text": to_traditional(message.get("text", "")), "buttons": buttons}

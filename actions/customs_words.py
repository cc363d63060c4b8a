"""The words buyers use for "is it stuck at customs?" and "how much is the duty?", in the
bot's languages.

A customs question with these words asks where the parcel is, not who pays the duty:
"meu fone ta parado na alfandega?" about a parcel that never reached customs got only the
duty explanation (actions/customs.py). Matched with accents folded (actions/said_words).
"""

from __future__ import annotations

from actions.payment_help import ASKS_HOW_TO_PAY
from actions.said_words import phrases, said

STUCK_WORDS = (
    "stuck",
    "held",
    "holding",
    "detained",
    "卡在",
    "卡关",
    "卡海关",
    "被扣",
    "扣留",
    "扣住",
    "滞留",
    "滯留",
    "застрял",
    "застряла",
    "задержа",
    "висит",
    "parado",
    "parada",
    "preso",
    "presa",
    "retido",
    "retida",
    "segurado",
    "atascado",
    "atascada",
    "retenido",
    "retenida",
    "detenido",
    "detenida",
    "ติดศุลกากร",
    "ติดด่าน",
    "ค้างที่",
    "ket hai quan",
    "bi giu",
    "bi ket",
    "tertahan",
    "ditahan",
    "nyangkut",
)
STUCK = phrases(STUCK_WORDS)


def asks_if_stuck(text: str) -> bool:
    """Does the message ask whether the parcel is stuck or held ("parado na alfandega?")?"""
    return said(STUCK, text)


HOW_MUCH_WORDS = (
    "how much",
    "what amount",
    "quanto",
    "quanta",
    "cuanto",
    "cuanta",
    "сколько",
    "какая сумма",
    "bao nhieu",
    "berapa",
    "เท่าไหร่",
    "เท่าไร",
    "多少",
    "幾多",
    "几多",
)
HOW_MUCH = phrases(HOW_MUCH_WORDS)


def asks_how_much(text: str) -> bool:
    """Does the message ask what the duty comes to ("quanto tenho que pagar de imposto?")?"""
    return said(HOW_MUCH, text)


# "E como eu pago isso?" after what the duty comes to was not understood, and "como pago o
# imposto?" after who pays it went to after-sales as a dispute: it asks how the duty is paid.
# The words for paying an order (actions/payment_help.py) and those for handing in a duty.
DUTY_PAY_WORDS = (
    "怎么交", "怎么缴", "怎麼交", "怎麼繳", "如何缴纳", "如何繳納", "在哪交", "在哪缴", "哪里交",
    "哪裡繳", "去哪交", "จ่ายภาษียังไง", "ชำระภาษียังไง", "dong thue the nao", "dong thue o dau",
    "dong thue sao", "nop thue the nao",
)  # fmt: skip
DUTY_PAY = phrases(DUTY_PAY_WORDS)


def asks_how_to_pay_duty(text: str) -> bool:
    """Does the message ask how to pay (the duty, in a customs talk: "e como eu pago isso?")?"""
    return said(DUTY_PAY, text) or said(ASKS_HOW_TO_PAY, text)

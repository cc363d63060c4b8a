"""What buyers say about a cancellation that asks for none: what cancelling would refund ("if I
cancel, do I get it all back?") and a cancellation they dispute ("why was my order cancelled?
I never asked"). Matched with accents folded (bot/nlu/said_words)."""

from __future__ import annotations

from actions.question_words import asks_what_if
from bot.nlu.said_words import phrases, said

# "If I cancel, do I get it all back?", "...ещё можно отменить, если что?" (can it still be
# cancelled, just in case?): a question about cancelling, not the request. Asked "shall I
# cancel?", an "ok I see" then cancelled the order; what a cancellation would refund answers it.
IF_I_CANCEL = phrases((
    "if i cancel", "if i cancelled", "if i do cancel", "if we cancel", "in case i cancel", "just in case",
    "se eu cancelar", "se cancelar", "caso eu cancele", "si cancelo", "si lo cancelo", "si cancelara",
    "por si acaso", "если отменю", "если я отменю", "если отменить", "если что",
    "如果我取消", "如果取消", "要是取消", "万一取消", "萬一取消",
    "kalau sy cancel", "kalau saya cancel", "kalau aku cancel", "kalo cancel", "kalau dibatalin",
    "kalau dibatalkan", "nếu hủy", "nếu mình hủy", "neu huy", "nếu em hủy", "ถ้ายกเลิก", "หากยกเลิก",
    "ถ้าจะยกเลิก",
))  # fmt: skip


CANCELLING = phrases((
    "cancel*", "отмен*", "取消", "ยกเลิก", "hủy", "huỷ", "batal*", "dibatal*", "cancelar", "cancelo",
))  # fmt: skip


def names_cancelling(text: str) -> bool:
    """Does the message name cancelling at all ("batalin aja", "cancel it", "отмените")?"""
    return said(CANCELLING, text)


def asks_what_cancelling_would_do(text: str) -> bool:
    """ "If I cancel…?", or a what-if that names cancelling ("kalau power bank saya dibatalin,
    uangnya balik ke mana?")."""
    return said(IF_I_CANCEL, text) or (asks_what_if(text) and said(CANCELLING, text))


# "knp pesanan sy dibatalin????? sy ga pernah minta batal" (why was my order cancelled? I never
# asked) was offered the cancel buttons twice: a cancellation the buyer disputes, which a
# person looks into (actions/cancellation.py), about the order that was cancelled.
NOT_MINE_WORDS = (
    "i didn't cancel", "i didnt cancel", "i did not cancel", "never asked to cancel",
    "never cancelled", "never canceled", "didn't ask to cancel", "didnt ask to cancel",
    "why was my order cancelled", "why was my order canceled", "why did you cancel",
    "não cancelei", "nao cancelei", "não pedi para cancelar", "nao pedi pra cancelar",
    "por que cancelaram", "porque cancelaram", "por que foi cancelado",
    "no cancelé", "no cancele", "yo no cancelé", "no pedí cancelar", "no pedi cancelar",
    "por qué cancelaron", "por que cancelaron",
    "я не отменял*", "не просил* отменять", "почему отменили", "зачем отменили",
    "我没取消", "我沒取消", "我没有取消", "我沒有取消", "为什么取消了我的", "為什麼取消了我的",
    "ฉันไม่ได้ยกเลิก", "ไม่ได้กดยกเลิก", "ทำไมยกเลิกออเดอร์",
    "tôi không hủy", "mình không hủy", "em không hủy", "sao shop hủy đơn", "sao lại hủy đơn",
    "ga pernah minta batal", "gak pernah minta batal", "nggak pernah minta batal",
    "tidak pernah minta batal", "ga pernah cancel", "gak pernah cancel",
    "kenapa pesanan saya dibatalkan", "knp pesanan sy dibatalin", "kenapa dibatalin",
)  # fmt: skip
NOT_MINE = phrases(NOT_MINE_WORDS)


def cancelled_without_asking(text: str) -> bool:
    return said(NOT_MINE, text)

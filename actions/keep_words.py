"""The words for "don't cancel it", "never mind", "I'll wait", in the bot's languages.

Asked "shall I cancel order …?", "sige yung address na lang, wag na i cancel" (just the
address, don't cancel) was read as a cancellation, so as a yes, and the order was cancelled;
"yaudah ditunggu aja" (fine, I'll wait) and "sige wag na lang" (never mind) were asked for a
yes or no again and again. These say no to the cancellation whatever the classifier read.
Only phrases that cannot also lead into a yes: "算了" and "ไม่เป็นไร" (never mind) often come
before "cancel it, then"; "espero" is also "I hope"; "sao không hủy được" asks why it can't be
cancelled. Matched with accents folded.
"""

from __future__ import annotations

from actions.question_words import WHY
from actions.said_words import phrases, said

KEEP_WORDS = (
    "don't cancel", "dont cancel", "do not cancel", "not cancel", "no cancel", "keep it",
    "keep the order", "keep my order", "never mind", "nevermind", "i'll wait", "ill wait",
    "i will wait", "i'll just wait", "i can wait", "forget it",
    "wag na", "huwag na", "wag i-cancel", "wag i cancel", "hintayin ko na lang",
    "no lo canceles", "no cancelar", "no cancelen", "no lo cancelen", "mejor no", "prefiero esperar",
    "mejor espero", "esperaré", "ya no quiero cancelar", "dejalo asi",
    "não cancela", "não cancele", "não precisa cancelar", "não quero mais cancelar", "vou esperar",
    "prefiro esperar", "melhor esperar", "deixa quieto", "deixa pra lá", "pode manter", "esquece",
    "не отменяйте", "не отменяй", "не надо отменять", "не нужно отменять", "подожду", "оставьте заказ",
    "不要取消", "别取消", "別取消", "不取消", "不用取消", "先不取消", "我再等等", "我等等", "还是等吧",
    "ไม่ต้องยกเลิก", "ไม่ยกเลิก", "อย่ายกเลิก", "รอได้", "รอก็ได้",
    "đừng hủy", "không hủy nữa", "thôi không hủy", "khỏi hủy", "thôi khỏi", "để em đợi",
    "để mình đợi", "em đợi được",
    "jangan dibatalkan", "jangan dibatalin", "jangan cancel", "gak jadi", "ga jadi", "nggak jadi",
    "gajadi", "ditunggu aja", "tunggu aja", "saya tunggu", "aku tunggu",
)  # fmt: skip
KEEP = phrases(KEEP_WORDS)


def says_keep_it(text: str) -> bool:
    """Does the message say not to cancel (keep it, never mind, I'll wait)? A "why?" is no such
    answer: "sao không hủy được?", "por que não cancela?" ask why it can't be cancelled."""
    return said(KEEP, text) and not said(WHY, text)

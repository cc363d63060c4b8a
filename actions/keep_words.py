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

import re

from actions.question_words import WHY
from bot.nlu.said_words import folded, phrases, said

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
    "jangan dibatalkan", "jangan dibatalin", "jangan cancel", "jgn dibatalin", "jgn dibatalkan",
    "jgn dicancel", "jgn di cancel", "jangan dicancel", "jangan di cancel", "gak jadi", "ga jadi",
    "nggak jadi",
    "gajadi", "ditunggu aja", "tunggu aja", "saya tunggu", "aku tunggu",
    # "yaudah gak jd cancel, tp kira2 kapan dikirim?" (ok, not cancelling after all; when does
    # it ship?) cancelled the order: "jd" is how buyers write "jadi" in a chat.
    "gak jd", "ga jd", "gk jd", "gk jadi", "g jd", "g jadi", "nggak jd", "ngga jadi", "ngga jd",
    "enggak jadi", "engga jadi", "tidak jadi", "tdk jadi", "tdk jd", "ndak jadi", "gak usah dicancel",
    "ga usah dicancel", "gausah dicancel", "gak usah cancel", "ga usah cancel", "gausah cancel",
    "gak usah dibatal*", "ga usah dibatal*", "gausah dibatal*", "tidak usah dibatal*",
    "no need to cancel", "don't need to cancel", "dont need to cancel", "no hace falta cancelar",
    "no es necesario cancelar", "não precisa cancelar", "nao precisa cancelar", "не нужно отменять",
    "不用取消了", "không cần hủy", "ไม่ต้องยกเลิกแล้ว",
    # "aku ga mau batalin lho pesanannya" (I don't want to cancel it) got a cancel picker, twice.
    "ga mau batalin", "gak mau batalin", "nggak mau batalin", "tidak mau membatalkan", "bukan mau batal",
    "ga mau cancel", "don't want to cancel", "dont want to cancel", "no quiero cancelar",
    "não quero cancelar", "nao quero cancelar", "не хочу отменять", "不想取消", "ไม่อยากยกเลิก",
    "không muốn hủy",
    # Not yet: "hmm wait lang po isip muna ako" (wait, let me think) was asked for a clear yes
    # or no, and the "sige po" after it cancelled a VIP's order.
    "let me think", "i'll think about it", "ill think about it", "need to think", "isip muna",
    "pag-isipan ko", "pag isipan ko", "déjame pensar", "dejame pensar", "lo voy a pensar",
    "lo pienso", "vou pensar", "deixa eu pensar", "deixa eu ver", "дайте подумать", "я подумаю",
    "надо подумать", "我想想", "我先想想", "让我想想", "讓我想想", "ขอคิดก่อน", "ขอคิดดูก่อน",
    "để mình suy nghĩ", "để em suy nghĩ", "để mình nghĩ", "pikir-pikir dulu", "pikir dulu",
    "maybe later", "not now", "nanti dulu", "nanti aja", "ntar dulu", "mais tarde", "agora não",
    "más tarde", "ahora no", "не сейчас", "потом", "以后再说", "以後再說", "再说吧", "再說吧",
    "ไว้ก่อน", "ไว้ทีหลัง", "để sau", "để lúc khác", "i'll ask my", "ill ask my", "ask my husband",
    "ask my wife", "lo platico", "vou ver com", "спрошу у",
    # "eh bukan kak, saya cuma nanya aja" (no, I'm only asking) cancelled the order it answered.
    "just asking", "only asking", "i was asking", "cuma nanya", "cuma tanya", "nanya aja", "tanya aja",
    "só perguntando", "so perguntando", "só uma pergunta", "solo pregunto", "sólo pregunto",
    "solo preguntaba", "просто спрашиваю", "просто спросил*", "只是问问", "只是問問", "问问而已",
    "問問而已", "แค่ถามเฉยๆ", "แค่ถามดู", "chỉ hỏi thôi", "hỏi thôi", "eh bukan", "bukan kak",
)  # fmt: skip
KEEP = phrases(KEEP_WORDS)


def says_keep_it(text: str) -> bool:
    """Does the message say not to cancel (keep it, never mind, I'll wait)? A "why?" is no such
    answer: "sao không hủy được?", "por que não cancela?" ask why it can't be cancelled."""
    return said(KEEP, text) and not said(WHY, text) and not _cancel_it_after_all(text)


# "yg batik gajadi deh batalin aja" (the batik: never mind it, just cancel it; round 17) was
# kept: "gajadi" (not going ahead) there is the purchase's, and "batalin aja" asks the cancel.
# Not "gak jadi cancel aja", "jangan batalin aja" (not cancelling after all, don't cancel).
CANCEL_IT_NOW = re.compile(r"\b(?:batalin|batalkan|cancel|cancelin)\s+(?:aja|saja|dong)\b")
NOT_BEFORE = frozenset(("jadi", "jd", "jgn", "jangan", "usah", "ga", "gak", "nggak", "tidak", "gk", "g"))


def _cancel_it_after_all(text: str) -> bool:
    written = folded(text)
    for found in CANCEL_IT_NOW.finditer(written):
        before = written[: found.start()].split()
        if not before or before[-1] not in NOT_BEFORE:
            return True
    return False

""" "How?" and "when?" in the bot's languages (accents folded: bot/nlu/said_words): right after
an answer that tells what to do (send photos, use a coupon), "how?" asks for the steps; right
after a refund's status, "when?" asks for the day it moves on (actions/refund_timing.py)."""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

HOW_WORDS = (
    "how",
    # Where to send them is how to send them: "em co chup hinh, gui qua dau a?".
    "where do i send",
    "where to send",
    "gui qua dau",
    "gui o dau",
    "onde envio",
    "onde mando",
    "donde las mando",
    "donde los mando",
    "куда отправить",
    "发到哪",
    "發到哪",
    "ส่งที่ไหน",
    "kirim ke mana",
    "kirim kemana",
    "como",
    "как",
    "the nao",
    "lam sao",
    "gimana",
    "bagaimana",
    "caranya",
    "cara pakai",
    "ยังไง",
    "อย่างไร",
    "ยังงัย",
    "怎么",
    "怎麼",
    "如何",
)
HOW = phrases(HOW_WORDS)


def asks_how(text: str) -> bool:
    return said(HOW, text)


WHEN_WORDS = (
    "when", "how long", "how many days", "how much longer", "cuando", "cuanto tiempo",
    "cuantos dias", "quando", "quanto tempo", "quantos dias", "когда", "сколько",
    "khi nao", "bao gio", "bao lau", "may ngay", "kapan", "berapa lama", "berapa hari",
    "เมื่อไหร่", "เมื่อไร", "กี่วัน", "นานไหม", "อีกนาน", "什么时候", "什麼時候", "多久", "几天",
    "幾天", "何时", "cuanto tarda", "cuanto tardan", "cuanto demora", "cuanto demoran",
    "quanto demora", "quanto tempo leva", "как долго", "นานแค่ไหน", "多长时间", "多長時間",
    # "ok y cuanto tengo que esperar" after the carrier was asked to look went to a person.
    "cuanto tengo que esperar", "cuanto hay que esperar", "quanto tenho que esperar",
    "how long do i have to wait", "how long should i wait", "how long must i wait", "сколько ждать",
    "сколько еще ждать", "сколько ещё ждать", "要等多久", "还要等多久", "還要等多久", "ต้องรออีกนาน",
    # "kira2 brp lama masuk ke rekening" (how long until it's in my account?) went to a person.
    "brp lama", "brp hari", "kira2 kapan", "kira-kira kapan",
    # Taglish: "kelan po ma-ship yung order ko? and pwede palitan address?" got the address alone.
    "kelan", "kailan", "ilang araw", "gaano katagal", "gano katagal",
    # Round 17: "me dijisteis q me devolvíais el dinero de la funda y nada, cuanto falta??" got the
    # refund's status alone, not the day it is reviewed by.
    "cuanto falta", "cuanto le falta", "quanto falta", "долго еще", "долго ещё", "ещё долго", "еще долго",
)  # fmt: skip
WHEN = phrases(WHEN_WORDS)


def asks_when(text: str) -> bool:
    return said(WHEN, text)


# "如果下周还没到可以退款吗", "what if it never arrives?": a question about what would happen.
WHAT_IF_WORDS = (
    "what if", "if it doesn't", "if it does not", "if it never", "if it hasn't", "in case", "if by",
    "if still", "if it still", "if it arrives broken", "if it arrives damaged", "if it comes broken",
    "如果", "要是", "万一", "萬一", "e se", "se não chegar", "caso não", "y si", "si no llega",
    "а если", "если не", "ถ้า", "หาก", "nếu", "neu khong", "kalau", "kalo", "jika", "seandainya",
    # The future subjunctive says it too: "se o fone chegar quebrado vcs trocam?"
    "chegar quebrado", "vier quebrado", "chegar com defeito", "vier com defeito", "chegar errado",
    "llega roto", "llegara roto", "llega dañado", "viene roto", "viniera roto", "llega mal",
)  # fmt: skip
WHAT_IF = phrases(WHAT_IF_WORDS)


# "Kalau bisa dibatalin ya kak" (if possible, cancel it) is a polite request, and "kalau gitu
# batalin aja" (in that case, cancel it) a decision: no what-if.
IF_POSSIBLE = phrases((
    "if possible", "if you can", "if it's possible", "if so", "se possível", "se possivel", "se der",
    "si es posible", "si se puede", "если можно", "если так", "如果可以", "如果可以的话", "如果这样",
    "如果這樣", "ถ้าได้", "ถ้าเป็นไปได้", "ถ้างั้น", "ถ้าอย่างนั้น", "nếu được", "neu duoc", "nếu vậy",
    "nếu thế", "kalau bisa", "kalo bisa", "jika bisa", "kalau boleh", "kalo boleh", "kalau gitu",
    "kalo gitu", "klo gitu", "kalau begitu",
))  # fmt: skip


def asks_what_if(text: str) -> bool:
    return said(WHAT_IF, text) and not said(IF_POSSIBLE, text)


# "Why?" with or without a question mark: "sao không hủy được" (why can't it be cancelled?) after
# a refused cancellation was read as a "no" and got "All right. Anything else?".
WHY_WORDS = (
    "why",
    "how come",
    "porque",
    "por que",
    "почему",
    "как так",
    "tai sao",
    "vi sao",
    "sao khong",
    "sao lai",
    "kenapa",
    "mengapa",
    "ทำไม",
    "为什么",
    "為什麼",
    "凭什么",
    "憑什麼",
)
WHY = phrases(WHY_WORDS)
# "porque" is also "because" ("pedi el reembolso porque no es como en las fotos").
WHY_NOT_BECAUSE = phrases([word for word in WHY_WORDS if word != "porque"])


# "y que hago?" right after "the carrier is looking for your parcel" was asked for the order
# number: what now, about the order just answered about (actions/follow_up.py).
WHAT_NOW_WORDS = (
    "what do i do", "what should i do", "what now", "and now", "que hago", "y ahora", "que hacemos",
    "o que eu faço", "o que faço", "e agora", "что делать", "что теперь", "что мне делать",
    "怎么办", "怎麼辦", "现在呢", "現在呢", "ทำยังไงดี", "ต้องทำยังไง", "giờ sao", "rồi sao",
    "phải làm sao", "terus gimana", "trus gimana", "jadi gimana", "harus gimana",
)  # fmt: skip
WHAT_NOW = phrases(WHAT_NOW_WORDS)


def asks_what_now(text: str) -> bool:
    return said(WHAT_NOW, text)


# "pera, qual vc cancelou?" (wait, which one did you cancel?) asked back to "shall I cancel
# order …?" was read as a cancellation, so a yes, and the order was cancelled.
WHICH_WORDS = (
    "which one", "which order", "qual", "cual", "cuál", "какой", "какую", "который", "哪个", "哪個",
    "哪一个", "哪一個", "อันไหน", "ออเดอร์ไหน", "cái nào", "đơn nào", "yang mana", "yg mana",
)  # fmt: skip
WHICH = phrases(WHICH_WORDS)


def asks_which(text: str) -> bool:
    return said(WHICH, text)


# "What do you mean?" asked back to the bot's question: the question again, explained.
WHAT_DO_YOU_MEAN = phrases((
    "what do you mean", "what does that mean", "meaning?", "o que quer dizer", "como assim",
    "qué quieres decir", "que quieres decir", "cómo que", "в смысле", "что значит", "что это значит",
    "什么意思", "什麼意思", "啥意思", "หมายความว่า", "หมายถึงอะไร", "ý là sao", "ý bạn là",
    "maksudnya", "maksudnya gimana", "maksud kakak",
))  # fmt: skip


def asks_what_is_meant(text: str) -> bool:
    return said(WHAT_DO_YOU_MEAN, text)

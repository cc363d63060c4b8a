"""A buyer's sign-off: thanks or a goodbye with what they will do next.

"โอเคค่ะ ขอบคุณมากค่ะ เดี๋ยวพรุ่งนี้ไปรับ" (ok thanks, I'll pick it up tomorrow), "好的 那我等他电话
谢谢老板" (ok, I'll wait for his call, thanks), "ok i try call ninja van then. thanks ya",
"nao, era sobre o fone msm. valeu tchau": the plan's words (pick up, call, wait) pulled the
model to where the parcel is or to a person, and the buyer, leaving, got the estimate again or
was handed to an agent. A message that thanks or says goodbye, asks nothing and raises no
problem is a sign-off, whatever else it tells.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.nlu.said_words import folded, phrases, said

THANKS = phrases((
    "thanks", "thank you", "thank u", "thx", "ty", "tysm", "salamat", "obrigad*", "brigad*", "valeu",
    "gracias", "спасибо", "спс", "благодарю", "谢谢", "謝謝", "多谢", "多謝", "感谢", "感謝", "ขอบคุณ",
    "ขอบใจ", "cảm ơn", "cám ơn", "makasih", "terima kasih", "trims", "thanks ya",
))  # fmt: skip
# Not "chao", "chau", "xau" (Vietnamese "chào" hello, "Quảng Châu", "xấu" bad, folded the
# same), nor a bare "пока" ("пока не отправили": until you ship) or "บาย" ("อธิบาย": explain).
BYE = phrases((
    "bye", "goodbye", "good bye", "see you", "see ya", "tchau", "até mais", "adiós", "adios",
    "hasta luego", "ну пока", "пока-пока", "пока пока", "всем пока", "спасибо пока",
    "до свидания", "всего доброго", "拜拜", "再见", "再見", "บายค่ะ", "บายครับ", "บายคะ", "บายๆ",
    "บายบาย", "บ๊ายบาย", "บายย", "บายยย", "tạm biệt", "bái bai", "dadah", "paalam",
))  # fmt: skip
# What a buyer leaving says they will do: wait, pick it up, call, try, tomorrow.
PLAN = phrases((
    "i'll wait", "ill wait", "i will wait", "will wait", "wait for", "i'll try", "i try", "i will try",
    "i'll call", "i will call", "try call", "i'll check", "i'll pick", "pick it up", "tomorrow",
    "noted", "voy a esperar", "esperaré", "lo espero", "espero entonces", "mañana", "llamaré",
    "vou esperar", "vou aguardar", "aguardo", "aguardando", "amanhã", "vou buscar", "vou ligar",
    "vou tentar", "подожду", "буду ждать", "ждём", "завтра", "заберу", "позвоню", "попробую",
    "我再等", "我等", "再等等", "等他", "等你们", "等快递", "明天", "去拿", "去取", "打电话", "打電話",
    "试试", "試試", "เดี๋ยว", "พรุ่งนี้", "ไปรับ", "จะรอ", "รอได้", "ลองโทร", "tunggu", "nunggu",
    "besok", "aku coba", "saya coba", "coba", "nanti", "ambil", "em đợi", "mình đợi", "em chờ",
    "mình chờ", "ngày mai", "mai em", "em thử", "để em", "hintayin", "antayin", "bukas", "try ko",
    # Leaving it there: "好的 那我考虑一下再说，谢谢啦", "ok va, entonces espero a que me avisen.
    # gracias!", "ok whatever, i send photo later. thanks" (a retest, 2026-12-07).
    "考虑一下", "考慮一下", "再说吧", "再說吧", "我自己问", "我自己問", "算了", "espero a que", "espero q",
    "espero que", "me avisen",
    "ya me diréis", "pues nada", "later", "never mind", "nvm", "i'll just", "check the app", "whatever",
    "lupain", "yaudah", "ya udah", "udh deh", "thôi", "vou ver", "deixa pra lá",
    # Asking the carrier themselves: "好 那我自己联系ninja van 谢谢" got the delivery hour again.
    "自己联系*", "自己聯繫*", "自己聯絡*", "i'll contact", "i will contact", "contact them", "vou falar com",
    "vou entrar em contato", "contactaré", "hubungi sendiri", "tự liên hệ", "свяжусь", "ติดต่อเอง",
))  # fmt: skip
# A question, a "but" or a "please" is more than a sign-off: "thanks, but…" is a grievance,
# "thanks, I'll wait, when does it ship" a question.
ASKS_OR_OBJECTS = phrases((
    "but", "pero", "mas", "porém", "porem", "tapi", "tp", "namun", "nhưng", "但是", "可是", "不过",
    "不過", "แต่", "но", "однако", "how", "when", "where",
    "why", "what", "kapan", "gimana", "bagaimana", "khi nào", "bao giờ", "sao", "cuándo", "cuando",
    "quando", "como", "когда", "где", "как", "吗", "嗎", "呢", "什么", "什麼", "怎么", "怎麼", "ไหม",
    "มั้ย", "ยังไง", "เมื่อไหร่", "please", "pls", "por favor", "pfv", "пожалуйста", "请", "請",
    "麻烦", "ช่วย", "tolong", "giúp",
    # "…ขอบคุณนะคะ แล้วหูฟังต้องไปรับที่ไหนคะ" (thanks; where do I collect the earbuds?; round 17):
    # "ไปรับ" (pick up) made it a sign-off, and the question got "you're welcome".
    "ที่ไหน", "อยู่ไหน", "ถึงไหน", "ตรงไหน", "กี่วัน", "กี่โมง", "onde", "cadê", "cade", "dónde", "donde",
    "ở đâu", "o dau", "dimana", "di mana", "哪里", "哪裡", "在哪",
))  # fmt: skip
# "Thanks, I'll wait, it still hasn't come" tells a problem; a goodbye after a "no" ("não, era
# sobre o fone. valeu tchau") still leaves.
NOT_YET = phrases((
    "not", "hasn't", "haven't", "hasnt", "havent", "didn't", "didnt", "isn't", "still", "never",
    "no", "não", "todavía", "aún", "ainda", "не", "нет", "еще", "ещё", "没",
    "沒", "未", "还", "還", "ยังไม่", "ไม่", "belum", "tidak", "gak", "ga", "nggak", "enggak", "chưa",
    "không", "hindi", "wala", "pa rin",
))  # fmt: skip
# "No need" says no problem: "ไม่ต้องส่งใหม่นะคะ เดี๋ยววันเสาร์ไปรับเองค่ะ ขอบคุณค่ะ" (no need to send
# it again, I'll collect it Saturday, thanks) went to a person, its "ไม่" read as "not yet".
NO_NEED = phrases((
    "ไม่ต้อง", "ไม่เป็นไร", "no need", "não precisa", "nao precisa", "no hace falta", "no es necesario",
    "не нужно", "не надо", "不用", "不需要", "没关系", "沒關係", "không cần", "khong can", "gak usah",
    "ga usah", "gausah", "tidak usah", "tidak perlu", "hindi na kailangan",
))  # fmt: skip
SIGN_OFF_CONFIDENCE = 0.9
# A reading this sure of these intents is a request the buyer makes on leaving ("cancel it,
# thanks bye"): it stands.
REQUESTS = ("cancel_order", "request_refund", "damaged_item", "wrong_item", "complaint")
REQUEST_STANDS = 0.8


def sign_off_intent(text: str) -> str | None:
    """`goodbye` or `thank` when the message is a sign-off, else None."""
    if "?" in text or "？" in text or said(ASKS_OR_OBJECTS, text):
        return None
    if said(BYE, text):
        return "goodbye"
    if said(THANKS, text) and said(PLAN, text) and not NOT_YET.search(NO_NEED.sub(" ", folded(text))):
        return "thank"
    return None


def read_as_sign_off(text: str, ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The ranking with the sign-off on top, sure, when the message is one."""
    intent = sign_off_intent(text)
    top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
    if intent is None:
        return ranking
    if top["name"] in ("thank", "goodbye"):
        intent = top["name"]  # sure now: "好的 那我再等等 谢谢啦" at 0.33 fell back
    elif top["name"] in REQUESTS and top["confidence"] >= REQUEST_STANDS:
        return ranking
    others = [dict(r) for r in ranking if r["name"] != intent]
    sure = max(SIGN_OFF_CONFIDENCE, next((r["confidence"] for r in ranking if r["name"] == intent), 0.0))
    rest = sum(r["confidence"] for r in others) or 1.0
    for r in others:  # the rest share what is left, in the same order
        r["confidence"] = r["confidence"] / rest * (1.0 - sure)
    return [{"name": intent, "confidence": sure}] + others[: len(ranking) - 1]

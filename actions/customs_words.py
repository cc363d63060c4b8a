"""The words buyers use for "is it stuck at customs?" and "how much is the duty?", in the
bot's languages.

A customs question with these words asks where the parcel is, not who pays the duty:
"meu fone ta parado na alfandega?" about a parcel that never reached customs got only the
duty explanation (actions/customs.py). Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from actions.payment_help import ASKS_HOW_TO_PAY
from bot.nlu.said_words import phrases, said

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


# "a taxa ficou muito cara, não vou pagar" got who pays the duty, a coupon and when the parcel
# is released: the buyer had decided not to pay. What happens then (it goes back; what is
# refunded) is what they need to know.
REFUSE_WORDS = (
    "won't pay", "wont pay", "will not pay", "not paying", "not going to pay", "refuse to pay",
    "don't want to pay", "dont want to pay",
    "não vou pagar", "nao vou pagar", "não pago", "nao pago", "não quero pagar", "nao quero pagar",
    "me recuso a pagar",
    "no voy a pagar", "no pienso pagar", "no quiero pagar", "no lo voy a pagar", "me niego a pagar",
    "не буду платить", "не буду оплачивать", "не хочу платить", "платить не буду", "не стану платить",
    "不交", "不付", "不想交", "不会交", "不會交", "不缴", "不繳", "拒绝缴", "拒絕繳",
    "ไม่จ่าย", "ไม่ยอมจ่าย", "ไม่อยากจ่าย", "ไม่ชำระ",
    "không trả", "không đóng", "không muốn đóng", "không muốn trả", "ko đóng", "k đóng",
    "gak mau bayar", "ga mau bayar", "tidak mau bayar", "nggak mau bayar", "ogah bayar",
    "gamau bayar",
    # "e se eu nao pagar?" (what if I don't pay?) went to a person.
    "se eu não pagar", "se eu nao pagar", "if i don't pay", "if i dont pay", "if i do not pay",
    "si no pago", "si no lo pago", "если не оплачу", "если не платить", "如果不交", "不交会怎样",
    "不交會怎樣", "ถ้าไม่จ่าย", "nếu không đóng", "kalau gak bayar", "kalau tidak bayar", "kalo ga bayar",
    # Round 17: "se eu recusar pagar a taxa do relogio vcs devolvem meu dinheiro?" got who pays
    # the duty, a coupon and when the parcel is released, not what refusing brings back.
    "recusar pagar", "recusar a pagar", "recusar a taxa", "recusar o imposto", "se recusar pagar",
    "refuse the duty", "refuse the tax", "refuse paying", "rechazar pagar", "negarme a pagar",
    "si me niego", "отказаться платить", "откажусь платить", "откажусь от пошлины", "拒交", "拒缴", "拒繳",
    "ปฏิเสธไม่จ่าย", "từ chối đóng", "từ chối trả", "tolak bayar", "menolak bayar",
)  # fmt: skip
REFUSES = phrases(REFUSE_WORDS)


def refuses_to_pay(text: str) -> bool:
    """Does the message say the buyer won't pay (the duty, in a customs talk)?"""
    return said(REFUSES, text)


# "Recebi um aviso dos correios pra pagar imposto, isso é golpe?": fake duty notices with a
# payment link are a known scam; where a real one is found and paid answers it.
SCAM_WORDS = (
    "scam", "fake", "legit", "phishing", "fraud",
    "golpe", "fraude", "é falso", "e falso", "é verdade", "e verdade",
    "estafa", "timo", "es falso", "es real", "es verdad",
    "мошенн*", "развод", "фейк", "не обман",
    "骗子", "骗局", "诈骗", "詐騙", "騙子", "是真的吗", "是真的嗎",
    "หลอก", "มิจฉาชีพ", "lừa đảo", "lua dao", "penipuan", "nipu", "modus",
)  # fmt: skip
SCAM = phrases(SCAM_WORDS)


def asks_if_scam(text: str) -> bool:
    """Does the message ask whether a duty notice is real ("isso é golpe?")?"""
    return said(SCAM, text)


# "Will I have to pay customs?" asks before any duty: the goodwill coupon ("sorry for the extra
# cost") went to "voy a tener q pagar impuestos de aduana?" (aliexpress-mx-001), for a charge
# that may never come.
WILL_PAY = phrases((
    "will i have to pay", "will i pay", "will i get charged", "do i have to pay", "am i going to pay",
    "will there be", "voy a tener que pagar", "voy a tener q pagar", "tendre que pagar", "hay que pagar",
    "vou ter que pagar", "vou ter q pagar", "vou precisar pagar", "terei que pagar", "tem taxa",
    "придется платить", "придётся платить", "нужно будет платить", "буду платить", "会不会要交",
    "会不会被收", "要不要交", "需要交", "會不會要繳", "需要繳", "ต้องจ่ายไหม", "ต้องเสียภาษีไหม",
    "có phải đóng", "co phai dong", "có bị đánh thuế", "bakal kena", "apakah kena", "kena pajak gak",
    "kena bea cukai gak", "me van a cobrar", "van a cobrar", "me cobraran", "me cobrarán", "vão me cobrar",
    "vao me cobrar", "vou ser taxado", "will they charge", "will i be charged",
))  # fmt: skip


def asks_if_duty_will_be_charged(text: str) -> bool:
    return said(WILL_PAY, text)


# Round 17: "me van a cobrar impuestos por la lampara?? y pq lleva como 9 dias sin moverse el
# rastreo" got who pays the duty; the tracking with no scan for 9 days was not a word of it.
TRACKING_STILL = phrases((
    "sin moverse", "no se mueve", "no avanza", "sin actualizar", "sin actualizacion", "no se actualiza",
    "nao atualiza", "sem atualizar", "sem atualizacao", "nao se mexe", "nao anda", "not moving",
    "no update", "not updating", "hasnt moved", "hasn't moved", "не обновляется", "не двигается",
    "стоит на месте", "没更新", "沒更新", "不动", "不動", "没动静", "沒動靜", "ไม่อัพเดท", "ไม่ขยับ",
    "khong cap nhat", "chua cap nhat", "khong nhuc nhich", "gak update", "ga update", "belum update",
    "gak gerak", "ga gerak",
))  # fmt: skip


def says_tracking_still(text: str) -> bool:
    """Does the message say the tracking has not moved ("9 dias sin moverse el rastreo")?"""
    return said(TRACKING_STILL, text)

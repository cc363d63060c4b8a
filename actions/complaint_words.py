"""What a complaint is about, when it names an order's trouble, in the bot's languages.

"esto es una vergüenza, mi paquete lleva 9 días sin moverse": the parcel; "quiero poner una
queja, mi reembolso no llega": the refund. A complaint that names no such trouble ("I'll report
you", "shop lừa đảo") is about the shop, and goes to a person with nothing looked up. Matched
with accents folded (bot/nlu/said_words); a trailing * stands for any ending.
"""

from __future__ import annotations

from actions.arrival_words import AT_CUSTOMS_WORDS, NOT_ARRIVED_WORDS
from actions.delivered_words import NOT_RECEIVED_WORDS
from bot.nlu.said_words import phrases, said

DUTY_WORDS = AT_CUSTOMS_WORDS + (
    "import tax", "duty", "imposto", "taxação", "taxacao", "impuesto", "пошлин*", "关税", "關稅",
    "ภาษีนำเข้า", "thuế", "bea masuk",
)  # fmt: skip
REFUND_WORDS = (
    "refund", "money back", "my money", "reembolso", "estorno", "meu dinheiro", "mi dinero",
    "возврат*", "мои деньги", "退款", "退钱", "退錢", "คืนเงิน", "เงินคืน", "hoàn tiền",
    "pengembalian dana", "uang saya", "uang kembali", "dana saya", "regresar mi dinero",
    "devolver mi dinero", "mi dinero de vuelta",
)  # fmt: skip
NOT_SHIPPED_WORDS = (
    "not shipped", "hasn't shipped", "hasnt shipped", "haven't shipped", "havent shipped",
    "not sent", "haven't sent", "havent sent", "não foi enviado", "não enviaram", "não postaram",
    "não foi postado", "no ha sido enviado", "no lo han enviado", "no han enviado", "sin enviar",
    "не отправ*", "не отгруж*", "没发货", "沒發貨", "还没发", "還沒發", "未发货", "未發貨", "不发货",
    "ยังไม่ส่ง", "ไม่ส่งของ", "ยังไม่จัดส่ง", "chưa gửi", "chưa ship", "chưa đóng gói",
    "belum dikirim", "blm dikirim", "gak dikirim", "nggak dikirim", "belum dikirimin",
)  # fmt: skip
LATE_WORDS = NOT_ARRIVED_WORDS + NOT_RECEIVED_WORDS + (
    "hasn't moved", "hasnt moved", "not moving", "no update", "no updates", "stuck", "so slow",
    "too slow", "delayed", "still waiting", "taking forever", "lost",
    "sin moverse", "no se mueve", "no avanza", "atascad*", "tarda*", "demora*", "retras*",
    "sigo esperando", "no llega", "sin actualizaci*",
    "parado", "não anda", "não se mexe", "atrasad*", "atraso", "ainda não chegou", "não chega",
    "sem atualizaç*", "continuo esperando",
    "не двигается", "стоит на месте", "завис*", "задерж*", "опаздыва*", "до сих пор не",
    "не приходит", "нет движения", "потерял*",
    "没动", "沒動", "不动", "不動", "太慢", "好慢", "很慢", "延迟", "延遲", "延误", "延誤", "卡住",
    "卡在", "没有更新", "沒有更新", "丢了", "丟了",
    "ช้ามาก", "ช้าจัง", "ส่งช้า", "ไม่ขยับ", "ไม่อัปเดต", "ไม่อัพเดท", "ค้าง", "ล่าช้า", "รอนาน", "หาย",
    "chậm", "lâu quá", "đứng im", "không cập nhật", "trễ", "mất hàng",
    "lama banget", "lama bgt", "lambat", "telat", "gak gerak", "nggak gerak", "tidak bergerak",
    "nyangkut", "hilang",
    # "ya van 2 semanas y NADA!!! son unos estafadores" (two weeks and nothing): still waiting.
    "y nada", "and nothing", "still nothing", "e nada", "и ничего", "还是没有", "還是沒有",
    "vẫn chưa", "masih belum", "weeks", "semanas", "недел*", "星期了", "个星期", "個星期",
    "สัปดาห์แล้ว", "tuần rồi", "minggu",
)  # fmt: skip

# The order topic whose answer tells the buyer what their order shows, first match first:
# "my refund for the lost parcel" is about the refund.
REFUND = phrases(REFUND_WORDS)
TOPICS = (
    ("customs_duty", phrases(DUTY_WORDS)),
    ("refund_status", REFUND),
    ("urge_shipment", phrases(NOT_SHIPPED_WORDS)),
    ("track_order", phrases(LATE_WORDS)),
)


def complained_topic(text: str) -> str | None:
    """The order question a complaint carries, if it names an order's trouble."""
    return next((topic for topic, words in TOPICS if said(words, text)), None)


def asks_money_back(text: str) -> bool:
    """Does the message speak of a refund ("y si me van a regresar mi dinero")?"""
    return said(REFUND, text)

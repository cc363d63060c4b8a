"""The words buyers use for "it says delivered" (but I never got it), in the bot's languages.

A buyer with a parcel on its way and one marked delivered who writes "bao giao r ma e chua
nhan dc" means the delivered one: the order that best fits "where is it?" (the one still
travelling) was answered instead. Matched with accents folded (bot/nlu/said_words). A bare
"delivered" is too often part of "not delivered yet" or a question ("đã giao chưa?",
"has it been delivered?"); these words say what the status shows.
"""

from __future__ import annotations

from bot.nlu.said_words import folded, phrases, said

# Read first: "not delivered" says the opposite of what the words below say.
NOT_DELIVERED_WORDS = (
    "not delivered",
    "undelivered",
    "未签收",
    "没签收",
    "沒簽收",
    "未簽收",
    "未送达",
    "未送達",
    "не доставлен",
    "не вручен",
    "no entregado",
    "nao entregue",
    "ยังไม่สำเร็จ",
    "chua giao",
    # "da em biet la dang giao roi" (I know it is on its way already): not "giao roi".
    "dang giao",
    "belum terkirim",
)
DELIVERED_WORDS = (
    "says delivered",
    "says it was delivered",
    "says it's delivered",
    "shows delivered",
    "shows as delivered",
    "showing delivered",
    "marked delivered",
    "marked as delivered",
    "status delivered",
    "status is delivered",
    "已签收",
    "显示签收",
    "签收了",
    "已簽收",
    "顯示簽收",
    "簽收了",
    "已送达",
    "已送達",
    "статус доставлен",
    "пишет доставлен",
    "написано доставлен",
    "отмечен как доставлен",
    "вручено",
    "вручен адресату",
    "aparece como entregado",
    "aparece entregado",
    "dice entregado",
    "dice que fue entregado",
    "dice que ya fue entregado",
    "figura como entregado",
    "marca entregado",
    "consta como entregue",
    "consta entregue",
    "aparece como entregue",
    "aparece entregue",
    "diz entregue",
    "diz que foi entregue",
    "ta entregue",
    "status entregue",
    "จัดส่งสำเร็จ",
    "ส่งสำเร็จ",
    "ขึ้นว่าส่งแล้ว",
    "ขึ้นว่าได้รับแล้ว",
    "bao giao",
    "bao da giao",
    "hien da giao",
    "ghi da giao",
    "giao thanh cong",
    # "đơn giao rồi mà mình chưa nhận được" (it was delivered, but I haven't got it): the
    # lazada-vn-001 buyer was told where their other parcel, still travelling, is.
    "giao roi",
    "giao r ma",
    "delivered but",
    "entregue mas",
    "entregado pero",
    "доставлен, но",
    "terkirim tapi",
    "ส่งแล้วแต่",
    "status terkirim",
    "statusnya terkirim",
    "katanya sudah sampai",
    "katanya udah sampai",
    "katanya sudah diterima",
    "tertulis diterima",
    "sudah terkirim",
    "udah terkirim",
)
# "I never got it": with a parcel shown delivered, the buyer already says it did not reach
# them, so the bot need not ask whether it did (tracking.py).
NOT_RECEIVED_WORDS = (
    "never came",
    "never arrived",
    "never got",
    "never received",
    "not received",
    "haven't received",
    "havent received",
    "haven't got",
    "havent got",
    "didn't get",
    "didnt get",
    "didn't receive",
    "didnt receive",
    "没收到",
    "沒收到",
    "没有收到",
    "沒有收到",
    "没拿到",
    "沒拿到",
    "未收到",
    "не получил",
    "не пришл",
    "не дошл",
    "no recibi",
    "no me llego",
    "no ha llegado",
    "nao recebi",
    "nao chegou",
    "ยังไม่ได้รับ",
    "ไม่ได้รับ",
    "chua nhan",
    "khong nhan duoc",
    "belum terima",
    "belum diterima",
    "tidak terima",
    "gak nerima",
    # "the app says delivered but theres NOTHING here, checked the porch" was asked "did you
    # get it?" (wish-us-001, three rounds of play).
    "nothing here",
    "theres nothing",
    "there's nothing",
    "nothing on my porch",
    "not on my porch",
    # Round 11: "checked the porch, the mailbox… nothing. no package anywhere" was asked again.
    "no package",
    "no parcel",
    "no box anywhere",
    "can't find it",
    "cant find it",
    "couldn't find it",
    "couldnt find it",
    "找不到",
    "没看到包裹",
    "沒看到包裹",
    "nao achei",
    "não achei",
    "no lo encuentro",
    "не нашла",
    "не нашёл",
    "не нашел",
    "หาไม่เจอ",
    "khong thay dau",
    "không thấy đâu",
    "ga ada paketnya",
    "gak ada paketnya",
    "tidak ada paket",
)


# "快递员把包裹放在门口就走了…结果不见了" (left at the door, then gone) about a parcel out for
# delivery was told "good news, it comes today".
GONE_WORDS = (
    "disappeared", "was stolen", "got stolen", "is gone", "not there", "不见了", "不見了", "被偷",
    "丢了", "丟了", "sumiu", "roubaram", "desapareció", "desaparecio", "se lo robaron", "пропал",
    "пропала", "украли", "หายไป", "bị mất", "mất rồi", "hilang", "dicuri",
)  # fmt: skip
NOT_DELIVERED, DELIVERED = phrases(NOT_DELIVERED_WORDS), phrases(DELIVERED_WORDS)
NOT_RECEIVED = phrases(NOT_RECEIVED_WORDS + GONE_WORDS)


def says_marked_delivered(text: str) -> bool:
    """Does the message say the order shows as delivered ("bao giao r", "显示签收了")?"""
    written = folded(text)
    return not NOT_DELIVERED.search(written) and bool(DELIVERED.search(written))


def says_not_received(text: str) -> bool:
    """Does the message say the parcel did not reach the buyer ("never got it", "没收到"),
    or that it only shows as delivered ("显示签收了")?"""
    return said(NOT_RECEIVED, text) or says_marked_delivered(text)

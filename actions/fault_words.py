"""An item that does not work, told apart from one damaged on the way.

"the tripod remote doesnt work at all, do i need to buy batteries or is it broken?" (wish-us-001,
round 16) was told "we check every item before it ships, so it was most likely damaged on the
way: photos of the item and the packaging". A remote that does not work was not crushed in the
post, and a photo of its box shows nothing: such a fault gets its own request, a photo or a short
video showing it (actions/after_sales.py). Words of knocks and breakage ("cracked", "amassado",
"разбит", "碎了") keep the damage's request, which asks for the packaging. Accents optional.
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

FAULT_WORDS = (
    "doesnt work", "doesn't work", "does not work", "dont work", "don't work", "not working",
    "wont turn on", "won't turn on", "doesnt turn on", "doesn't turn on", "wont charge", "won't charge",
    "doesnt charge", "doesn't charge", "stopped working", "no power", "not responding", "dead on arrival",
    "nao funciona", "não funciona", "nao ta funcionando", "não está funcionando", "nao liga", "não liga",
    "parou de funcionar", "nao carrega", "não carrega", "nao responde", "não responde",
    "no funciona", "no sirve", "no enciende", "no prende", "no carga", "dejo de funcionar", "no responde",
    "не работает", "не работают", "не включается", "перестал работать", "перестала работать",
    "не заряжается", "не реагирует",
    "不工作", "不能用", "用不了", "没反应", "沒反應", "开不了机", "開不了機", "不能充电", "不能充電",
    "充不进电", "坏了不能", "不好用", "失灵", "失靈",
    "ไม่ทำงาน", "ใช้ไม่ได้", "เปิดไม่ติด", "ชาร์จไม่เข้า", "ไม่ติด", "ไม่ตอบสนอง",
    "khong hoat dong", "không hoạt động", "khong dung duoc", "không dùng được", "khong len", "không lên",
    "khong sac duoc", "không sạc được", "khong chay", "không chạy",
    "tidak berfungsi", "gak berfungsi", "ga berfungsi", "nggak berfungsi", "gk berfungsi", "tidak bisa nyala",
    "gak nyala", "ga nyala", "nggak nyala", "gk nyala", "tidak menyala", "gak bisa dipake", "ga bisa dipake",
    "mati total", "gak bisa dicas", "ga bisa dicas",
)  # fmt: skip
# Knocks on the way: the packaging tells the carrier's part, so the damage's request stands.
TRANSIT_WORDS = (
    "cracked", "smashed", "crushed", "dented", "shattered", "scratched", "box was", "the box",
    "packaging", "on the way", "in transit", "in shipping", "during shipping", "during delivery",
    "arrived broken", "came broken", "arrived damaged", "came damaged",
    "rachad*", "trincad*", "amassad*", "quebrad*", "caixa", "embalagem", "no transporte", "chegou danificad*",
    "roto", "rota", "rajad*", "golpead*", "abollad*", "caja", "empaque", "en el camino", "llego dañad*",
    "разбит*", "треснул*", "помят*", "сломан*", "коробк*", "упаковк*", "повредил*", "при доставке",
    "碎", "裂", "破了", "压坏", "壓壞", "摔坏", "摔壞", "盒子", "包装", "包裝", "运输途中", "運輸途中",
    "แตก", "ร้าว", "บุบ", "หัก", "กล่อง", "ระหว่างขนส่ง",
    "bi vo", "bị vỡ", "nut", "nứt", "mop", "móp", "hộp", "hop bi", "van chuyen", "vận chuyển",
    "pecah", "retak", "penyok", "remuk", "kardus", "paket rusak", "di jalan", "pengiriman",
)  # fmt: skip
FAULT, TRANSIT = phrases(FAULT_WORDS), phrases(TRANSIT_WORDS)


def tells_a_fault(text: str) -> bool:
    """Does the message tell an item that does not work, with no word of damage on the way?"""
    return said(FAULT, text) and not said(TRANSIT, text)

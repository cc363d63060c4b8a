""" "Can I have the shop's WhatsApp / phone number?": we answer here, in the chat.

Played on `make run` (lazada-id-001): "kak minta no WA tokonya dong, biar gampang chat" was
read as a request for a person and handed off; the buyer only wanted a number, and the chat
then fell silent. Marketplaces keep buyers and shops talking in their own chat (and most bar
phone numbers there), so the bot says it answers right here, and a person is one word away.
Matched with accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

CONTACT_HERE = "utter_contact_here"
ASKS_CONTACT = phrases((
    "phone number", "your number", "whatsapp", "whats app", "no wa", "nomor wa", "nomer wa", "wa nya",
    "wa toko", "nomor hp", "no hp", "nomor telepon", "telefone", "telefono", "teléfono", "zap",
    "número de contato", "numero de contato", "número de contacto", "numero de contacto",
    "номер телефона", "ваш телефон", "ватсап", "вотсап", "телеграм", "电话号码", "電話號碼", "联系电话",
    "聯絡電話", "微信号", "微信號", "加微信", "line id", "ไลน์", "เบอร์โทร", "เบอร์ร้าน",
    "số điện thoại", "sdt", "zalo", "contact number", "email address", "your email",
))  # fmt: skip
# "I want to talk to a person on the phone": the person is the request.
PERSON = phrases((
    "person", "human", "agent", "admin", "orang", "pessoa", "atendente", "persona", "человек",
    "оператор", "人工", "真人", "คน", "เจ้าหน้าที่", "nhân viên", "người thật",
))  # fmt: skip


# A new phone number for the order is the buyer's, for the courier (actions/address_change.py):
# "电话号码也要改", "doi sdt nguoi nhan" were told the shop answers in the chat.
PHONE_CHANGE = phrases((
    "change my phone number", "change the phone number", "change my number",
    "change the contact number", "change my contact number", "update my phone number",
    "update the phone number", "new phone number", "my new number", "wrong phone number",
    "my number changed", "changed my number", "new contact number", "palitan yung number",
    "palitan ang number", "palitan yung contact number", "bagong number", "改电话", "改手机号",
    "改一下电话", "电话号码要改", "电话号码也要改", "电话也要改", "电话改", "手机号改", "换号码",
    "换号了", "换了号码", "换了手机号", "新号码", "新的手机号", "改電話", "改手機號", "電話號碼要改",
    "電話也要改", "換號碼", "換號了", "新號碼", "поменять номер телефона", "сменить номер телефона",
    "изменить номер телефона", "номер телефона поменять", "номер телефона изменить",
    "новый номер телефона", "старый номер не работает", "сменила номер", "сменил номер",
    "поменяла номер", "поменял номер", "номер телефона в заказе", "mudar o telefone",
    "mudar meu telefone", "trocar o telefone", "trocar meu telefone", "trocar meu numero",
    "mudar meu numero", "mudar o numero de telefone", "telefone novo", "novo telefone",
    "numero de telefone novo", "telefone errado", "alterar o telefone", "alterar meu telefone",
    "cambiar mi telefono", "cambiar el telefono", "cambiar mi numero", "cambiar el numero de telefono",
    "nuevo numero de telefono", "numero de telefono nuevo", "telefono equivocado", "cambie de numero",
    "cambie mi numero", "doi sdt", "doi so dien thoai", "sdt moi", "so dien thoai moi", "thay sdt",
    "thay so dien thoai", "sua sdt", "sdt nguoi nhan", "doi so nhan hang", "ganti nomor hp",
    "ganti no hp", "ganti nomor telepon", "ganti no telp", "ganti nomor wa", "no hp baru",
    "nomor hp baru", "nomor baru aku", "ubah nomor hp", "เปลี่ยนเบอร์", "เบอร์ใหม่", "แก้เบอร์",
    "เบอร์โทรผิด", "เปลี่ยนเบอร์โทร",
))  # fmt: skip


# Or a phone number and a word for changing it, anywhere in the message: "pa change naman ng
# contact number sa order", "also 电话号码也要换" (replayed: the ship date, then a person).
PHONE = phrases((
    "phone number", "contact number", "mobile number", "cellphone number", "my number", "telefone",
    "telefono", "celular", "номер телефона", "телефон", "电话", "電話", "手机号", "手機號", "号码", "號碼",
    "sdt", "so dien thoai", "nomor hp", "no hp", "nomor telepon", "no telp", "nomor wa", "เบอร์",
))  # fmt: skip
CHANGE = phrases((
    "change", "update", "palit*", "papalit*", "改", "换", "換", "поменя*", "смен*", "измен*", "mudar",
    "trocar", "alterar", "atualizar", "cambiar", "actualizar", "doi", "thay", "ganti", "ubah",
    "เปลี่ยน", "แก้",
))  # fmt: skip


# A complaint about the courier tells of their calls ("打电话给我…凶…能不能换一家快递"): no new
# number asked for (round 10: "how to change your phone number with Ninja Van").
COMPLAINING = phrases((
    "complain", "complaint", "rude", "report him", "投诉", "投訴", "态度", "態度", "ร้องเรียน",
    "khieu nai", "phan anh", "komplain", "lapor", "жалоб*", "пожаловаться", "нагруб*", "хамит",
    "reclama*", "queja", "grosero", "grosso", "denunciar",
))  # fmt: skip

# The courier's own number, about a parcel on its way (actions/courier_contact.py): round 13
# (lazada-my-001) "can you give me the courier's phone number?" got where the parcel is again.
COURIER_NUMBER = phrases((
    "courier's number", "courier's phone", "courier number", "courier phone", "courier's contact",
    "courier contact", "number of the courier", "driver's number", "driver's phone", "driver number",
    "rider's number", "rider's phone", "rider number", "delivery guy's number", "delivery man's number",
    "nomor kurir", "no kurir", "no hp kurir", "nomor hp kurir", "kontak kurir", "nomor driver",
    "số điện thoại shipper", "sdt shipper", "số shipper", "so dien thoai cua shipper", "sdt cua shipper",
    "เบอร์คนส่ง", "เบอร์ไรเดอร์", "เบอร์พนักงานส่ง", "เบอร์คนขับ", "快递员电话", "快递员的电话",
    "快递小哥电话", "司机电话", "派送员电话", "快遞員電話", "快遞員的電話", "派送員電話", "телефон курьера",
    "номер курьера", "контакты курьера", "телефон доставщика", "telefone do entregador",
    "número do entregador", "contato do entregador", "telefone do carteiro", "teléfono del repartidor",
    "número del repartidor", "contacto del repartidor", "teléfono del mensajero",
))  # fmt: skip


def asks_courier_number(text: str) -> bool:
    return said(COURIER_NUMBER, text)


def asks_phone_change(text: str) -> bool:
    """A new phone number for the order (the courier's calls), not the shop's number."""
    if said(PHONE_CHANGE, text):
        return True
    return said(PHONE, text) and said(CHANGE, text) and not said(COMPLAINING, text)


def asks_contact_number(text: str) -> bool:
    return said(ASKS_CONTACT, text) and not said(PERSON, text) and not asks_phone_change(text)

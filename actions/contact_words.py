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


def asks_contact_number(text: str) -> bool:
    return said(ASKS_CONTACT, text) and not said(PERSON, text)

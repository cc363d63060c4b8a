"""The words buyers use for photos, in the bot's languages (accents folded: bot/nlu/said_words).

Right after photos were asked for, a message that speaks of them is about them (how to send
them, later, "I have none": actions/photo_talk.py, actions/after_sales.py); one that does not
is more of the buyer's story.
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

PHOTO_WORDS = (
    "photo",
    "photos",
    "picture",
    "pictures",
    "pic",
    "pics",
    "image",
    "images",
    "foto",
    "fotos",
    "imagem",
    "imagens",
    "imagen",
    "imagenes",
    "фото",
    "фотк",
    "снимк",
    "hinh",
    "gui anh",
    "chup anh",
    "tam anh",
    "anh san pham",
    "gambar",
    "รูป",
    "ภาพ",
    "照片",
    "图片",
    "圖片",
    "相片",
)
PHOTOS = phrases(PHOTO_WORDS)


def speaks_of_photos(text: str) -> bool:
    return said(PHOTOS, text)


# "Here it is" or "I sent it" with no photo in the message: the photo did not come through
# (a text-only channel, an upload that failed, a photo sent elsewhere). Short messages only:
# "ini barangnya pecah" is more of the story, not a photo handed over.
SENT_WORDS = (
    "here", "here it is", "here you go", "here they are", "sent", "i sent", "just sent",
    "aqui", "aqui esta", "aqui estao", "ta ai", "mandei", "enviei", "ja mandei", "ja enviei",
    "aca esta", "ahi va", "ya la mande", "ya las mande", "ya envie", "te la mande",
    "вот", "отправил", "отправила", "скинул", "скинула", "прислал", "прислала",
    "day a", "day nha", "day shop", "gui roi", "da gui", "gui r",
    "ini", "ini kak", "udah kirim", "sudah kirim", "udah dikirim", "sudah dikirim", "sdh kirim",
    "นี่ค่ะ", "นี่ครับ", "นี่คะ", "ส่งแล้ว", "ส่งไปแล้ว",
    "发了", "发过去了", "已发", "这里", "给你", "發了", "已經發了", "這裡",
)  # fmt: skip
SENT = phrases(SENT_WORDS)
SHORT = 30  # characters: a hand-over, not a story


# "好 我等下拍照给你" (OK, I'll take them later and send you) was told no photo came through.
LATER_WORDS = (
    "later", "tomorrow", "tonight", "soon", "等下", "等一下", "待会", "待會", "一会", "一會", "晚点",
    "晚點", "明天", "mais tarde", "depois", "amanhã", "luego", "después", "despues", "mañana",
    "позже", "потом", "завтра", "ทีหลัง", "เดี๋ยว", "พรุ่งนี้", "lát nữa", "tí nữa", "nanti", "besok",
)  # fmt: skip
LATER = phrases(LATER_WORDS)


def says_photo_sent(text: str) -> bool:
    """Does a short message hand over a photo ("đây ạ", "já mandei", "发了"), and not promise
    one later?"""
    return len(text.strip()) <= SHORT and said(SENT, text) and not said(LATER, text)


# "La caja ya la tiré, ¿sirven fotos del aparato?" (the box is gone): photos of the item are
# enough. Round 10 (aliexpress-es-001): asked for photos "of the product and the packaging"
# anyway, and asking again went to a person as "no photos".
BOX_GONE = phrases((
    "threw the box", "threw away the box", "thrown the box", "box is gone", "no box", "don't have the box",
    "dont have the box", "without the box", "no packaging", "tiré la caja", "la caja ya la tiré",
    "la caja la tiré", "bote la caja", "boté la caja", "el embalaje lo tir*", "tiré el embalaje",
    "tire el embalaje", "no tengo el embalaje", "sin el embalaje", "sin embalaje", "joguei a embalagem",
    "nao tenho a embalagem", "sem a embalagem", "threw the packaging", "threw away the packaging",
    "no tengo la caja", "sin la caja", "ya no tengo la caja", "joguei a caixa", "nao tenho a caixa",
    "não tenho mais a caixa", "sem a caixa", "sem caixa", "коробку выбросил*", "коробки нет",
    "без коробки", "盒子扔了", "盒子丢了", "箱子扔了", "没有盒子", "沒有盒子", "包装扔了", "包裝丟了",
    "ทิ้งกล่อง", "ไม่มีกล่อง", "hop vut", "vut hop", "khong con hop", "hộp vứt", "không còn hộp",
    "kardusnya dibuang", "dusnya dibuang", "ga ada kardus", "gak ada kardus", "tanpa kardus",
    "boxnya dibuang", "tinapon ko na yung box", "wala na yung box",
))  # fmt: skip


def says_box_gone(text: str) -> bool:
    return said(BOX_GONE, text)

"""The words buyers use for photos, in the bot's languages (accents folded: actions/said_words).

Right after photos were asked for, a message that speaks of them is about them (how to send
them, later, "I have none": actions/photo_talk.py, actions/after_sales.py); one that does not
is more of the buyer's story.
"""

from __future__ import annotations

from actions.said_words import phrases, said

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

"""Buyers' e-mail addresses, phone numbers and order/tracking numbers masked with fixed
stand-ins of the same kind (bot/desk/personal_data.py), the rest of the text as it was."""

from __future__ import annotations

import pytest

from bot.desk.personal_data import masked
from bot.nlu.references import find_references


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "order LZD8812345, mail john@x.com, call +66 81 234 5678",
            "order 100000000000, mail buyer@example.com, call +1 555 010 0000",
        ),
        ("my parcel LP00412345678CN", "my parcel LP00000000000CN"),
        ("order 502918374650321 late", "order 100000000000 late"),
        ("ozon 48211357-0031-1", "ozon 100000000000"),
        ("call (02) 123 4567 or 081-234-5678", "call +1 555 010 0000 or +1 555 010 0000"),
        ("+55 (11) 91234-5678", "+1 555 010 0000"),
        ("order #1234567 please", "order 100000000000 please"),
        # Glued to Thai text, in Thai and full-width digits.
        ("อีเมลjohn.doe@mail.co.thครับ", "อีเมลbuyer@example.comครับ"),
        ("โทร ๐๘๑ ๒๓๔ ๕๖๗๘", "โทร +1 555 010 0000"),
        ("单号８１２３４５６７８９", "单号100000000000"),
        # The name a buyer introduces themselves with, in each language's words for it.
        ("My name is John Carter, where is my parcel?", "My name is Alex, where is my parcel?"),
        ("my name is john where is it", "my name is Alex where is it"),
        ("Hola, me llamo María José López y no llegó", "Hola, me llamo Alex y no llegó"),
        ("meu nome é Ana Souza", "meu nome é Alex"),
        ("Меня зовут Иван Петров, где посылка", "Меня зовут Alex, где посылка"),
        ("tên tôi là Nguyễn Văn An, đơn hàng đâu", "tên tôi là Alex, đơn hàng đâu"),
        ("nama saya budi, pesanan belum sampai", "nama saya Alex, pesanan belum sampai"),
        ("你好，我叫王伟，我的快递呢", "你好，我叫Alex，我的快递呢"),
        ("ผมชื่อสมชาย ของยังไม่มา", "ผมชื่อAlex ของยังไม่มา"),
    ],
)
def test_personal_data_is_replaced_by_its_stand_in(text, expected):
    assert masked(text) == expected
    assert masked(expected) == expected  # masking twice changes nothing


@pytest.mark.parametrize(
    "text",
    [
        "ordered on 2024-05-01 10:00",
        "paid 1 500 000 dong for 2 items",
        "price 150000",
        "12.500.000đ",
        "Não chegou meu produto SO-12345",
        "iPhone 15 pro 256gb",
        # Phrases that introduce more than names are no sign of one.
        "I am Very Angry about this",
        "what is the name of this product",
        "ชื่อสินค้าอะไรครับ",
    ],
)
def test_dates_amounts_and_short_codes_stay(text):
    assert masked(text) == text


def test_stand_ins_still_read_as_order_and_tracking_numbers():
    found = find_references(masked("order 502918374650321 and parcel RB123456789CN"))
    assert [ref.entity for ref in found] == ["order_id", "tracking_number"]

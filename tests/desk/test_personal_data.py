"""Buyers' e-mail addresses, phone, order/tracking, card and ID numbers, street addresses,
postal codes and names masked with stand-ins of the same kind (bot/desk/personal_data.py),
the rest of the text, the words the classifier reads, as it was."""

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
        # Card numbers, and ID / tax numbers by their shape or the word naming them.
        ("charged twice on card 4012 8888 8888 1881", "charged twice on card 0000 0000 0000 0000"),
        ("me cobraron en la tarjeta 5500-0000-0000-0004", "me cobraron en la tarjeta 0000-0000-0000-0000"),
        ("meu CPF é 123.456.789-09, preciso da nota", "meu CPF é 000.000.000-00, preciso da nota"),
        ("nota fiscal para 11.222.333/0001-81", "nota fiscal para 00.000.000/0000-00"),
        ("mi RFC es GODE561231GR8 y necesito factura", "mi RFC es XXXX000000XX0 y necesito factura"),
        ("нужен счёт-фактура, ИНН 7707083893", "нужен счёт-фактура, ИНН 0000000000"),
        ("em cần hóa đơn, CCCD 001099012345", "em cần hóa đơn, CCCD 000000000000"),
        ("faktur pajak NPWP 09.254.294.3-407.000", "faktur pajak NPWP 00.000.000.0-000.000"),
        ("ขอใบกำกับภาษี เลขประจำตัวผู้เสียภาษี 1234567890123", "ขอใบกำกับภาษี เลขประจำตัวผู้เสียภาษี 0000000000000"),
        ("发票抬头，身份证号110101199003074578", "发票抬头，身份证号000000000000000000"),
        # Street addresses (the street's word kept) and postal codes (their shape kept).
        (
            "deixou na portaria errada, rua Augusta 1500 apto 32, CEP 01310-100",
            "deixou na portaria errada, rua Central 100, CEP 00000-000",
        ),
        ("lo dejaron en Calle Mayor 5, piso 3, C.P. 28013", "lo dejaron en Calle Central 100"),
        ("mi código postal es 06600", "mi código postal es 00000"),
        (
            "left it at 221B Baker Street, London NW1 6XE instead",
            "left it at 100 Central Street, London XX0 0XX instead",
        ),
        (
            "kurir salah alamat, Jl. Sudirman No. 5 RT 03/RW 02, Jakarta Pusat 10220",
            "kurir salah alamat, Jl. Merdeka No. 1",
        ),
        (
            "оставил не по адресу, ул. Тверская, д. 7, кв. 12, Москва 125009",
            "оставил не по адресу, ул. Ленина, д. 1",
        ),
        ("giao nhầm địa chỉ, số 12 ngõ 34 phố Huế, quận Hai Bà Trưng", "giao nhầm địa chỉ, số 1 đường Chính"),
        ("giao nhầm rồi, 25 Nguyễn Huệ, Quận 1, TP.HCM", "giao nhầm rồi, số 1 đường Chính"),
        ("ส่งผิดที่อยู่ 99/12 ถนนสุขุมวิท แขวงคลองเตย กรุงเทพฯ 10110", "ส่งผิดที่อยู่ 1/1 ถนนตัวอย่าง"),
        ("ส่งผิดบ้าน บ้านเลขที่ 45 หมู่ 3 ต.บางพูด อ.ปากเกร็ด", "ส่งผิดบ้าน 1/1 ถนนตัวอย่าง"),
        ("包裹送錯地址了，台北市信義區信義路五段7號，郵遞區號110", "包裹送錯地址了，中山路1號，郵遞區號000"),
        ("送错地址了，北京市朝阳区建国路88号 100022", "送错地址了，中山路1号"),
        ("快递员说寄到北京市朝阳区建国路88号", "快递员说寄到中山路1号"),
        # Names a message is signed with; the closing stays.
        ("não chegou ainda. att, João", "não chegou ainda. att, Alex"),
        ("CEP 01414-001 - Maria", "CEP 00000-000 - Alex"),
        ("left it outside. Cheers, Emma", "left it outside. Cheers, Alex"),
        ("can I get an invoice? thanks, Peter Smith", "can I get an invoice? thanks, Alex"),
        ("no llegó, saludos, Carlos", "no llegó, saludos, Alex"),
        ("где посылка? С уважением, Ольга", "где посылка? С уважением, Alex"),
        ("Pesanan belum sampai.\nSalam, Budi", "Pesanan belum sampai.\nSalam, Alex"),
        ("đơn chưa tới. Trân trọng, Lan", "đơn chưa tới. Trân trọng, Alex"),
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
        # Address words without a house number are the buyer's complaint, not an address.
        "o entregador deixou na rua errada",
        "a encomenda está na rua há 3 dias",
        "la caja lleva en la calle 10 días",
        "paket masih di jalan, kapan sampai?",
        "ส่งนอกเขตไหมคะ",
        "size số 40 còn không shop",
        "快递说3号到，我知道3号到不了",
        "my zip code is wrong on the order",
        "I bought 2 Dr Martens boots and 1 arrived",
        # Words after thanks or a dash that name no writer.
        "thank you Shop, where is my parcel?",
        "terima kasih, Kak",
        "спасибо, жду ответа",
        "where is it?? - Urgent",
        "iPhone 15 - Pro Max",
        "6 pack abs belt arrived broken",
    ],
)
def test_dates_amounts_and_short_codes_stay(text):
    assert masked(text) == text


def test_stand_ins_still_read_as_order_and_tracking_numbers():
    found = find_references(masked("order 502918374650321 and parcel RB123456789CN"))
    assert [ref.entity for ref in found] == ["order_id", "tracking_number"]


@pytest.mark.parametrize(
    "text",
    [
        "ok 4111 1111 1111 1111 221B Baker Street please",
        "số 12 ngõ 34 phố Huế NIK 3174012345670001",
        "快递员中山路1号",
        "收件地址台北市中山路1号",
    ],
)
def test_masking_a_masked_text_changes_nothing_when_kinds_meet(text):
    # The inbox keys a group by its masked words and a label by the masked words it was
    # given: were they to differ, the labelled group would never leave the inbox.
    once = masked(text)
    assert masked(once) == once

import pytest

from bot.nlu.references import find_references, strip_references


def values(text):
    return [(r.entity, r.value) for r in find_references(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我的订单8012345678还没到", [("order_id", "8012345678")]),
        ("พัสดุ LP00412345678CN ถึงไหนแล้ว", [("tracking_number", "LP00412345678CN")]),
        ("พัสดุLP00412345678CNถึงไหนแล้วคะ", [("tracking_number", "LP00412345678CN")]),
        ("где заказ 48211357-0031-1?", [("order_id", "48211357-0031-1")]),
        (
            "order 502918374650321, tracking rb123456789cn",
            [("order_id", "502918374650321"), ("tracking_number", "RB123456789CN")],
        ),
        ("resi SPXID071029384756 kok ga berubah", [("tracking_number", "SPXID071029384756")]),
        ("wish order 65a1f0c2e4b0a1d2c3e4f000 late", [("order_id", "65a1f0c2e4b0a1d2c3e4f000")]),
        ("shopee đơn 2406117Q3KX9PD chưa giao", [("order_id", "2406117Q3KX9PD")]),
    ],
)
def test_finds_numbers_in_every_script(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("добрый вечер, заказ 48392017 0031 1 когда отправите?", [("order_id", "48392017 0031 1")]),
        ("kak pesanan 6034 0998 1234 566 gmn kabarnya", [("order_id", "6034 0998 1234 566")]),
        ("order # 7812 0034 5567 123", [("order_id", "7812 0034 5567 123")]),
        ("call me 0812 345 6789", []),  # spaced digits with no word for "order": a phone number
    ],
)
def test_an_order_number_typed_in_groups_after_the_word_order(text, expected):
    """Played (ozon-ru-001): "заказ 48392017 0031 1" was read as order 48392017, not found three
    times, then locked out of lookups; "pesanan 6034 0998 1234 566" (lazada-id-001) as nothing."""
    assert values(text) == expected


@pytest.mark.parametrize("text", ["I paid 1500 baht", "call me 0812345", "size 42", "", "👍"])
def test_short_numbers_are_not_orders(text):
    assert find_references(text) == []


def test_offsets_point_at_the_number():
    text = "我的订单8012345678还没到"
    (ref,) = find_references(text)
    assert text[ref.start : ref.end] == "8012345678"


def test_strip_references_leaves_the_words():
    assert strip_references("order 8012345678 late").split() == ["order", "late"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我的订单８０１２３４５６７８还没到", [("order_id", "8012345678")]),
        ("单号ＲＢ１２３４５６７８９ＣＮ", [("tracking_number", "RB123456789CN")]),
        ("ออเดอร์ ๘๐๑๒๓๔๕๖๗๘ ค่ะ", [("order_id", "8012345678")]),
        ("㍿ 8012345678", [("order_id", "8012345678")]),  # folds to several characters: left alone
    ],
)
def test_full_width_and_other_script_digits_are_read_in_ascii(text, expected):
    assert values(text) == expected


def test_offsets_stay_in_the_original_text_after_folding():
    text = "㍿订单８０１２３４５６７８"
    (ref,) = find_references(text)
    assert text[ref.start : ref.end] == "８０１２３４５６７８"
    assert strip_references(text).strip() == "㍿订单"


@pytest.mark.parametrize(
    "text",
    [
        "для юрлица, ООО Ромашка ИНН 7701234567",  # ozon-ru-001: "no order 7701234567", a miss
        "CNPJ 12.345.678/0001-99",
        "0812345678 ค่ะ",  # lazada-th-001, a new phone number: locked out of lookups
        "เบอร์โทร 0812345678 ค่ะ",
        "sdt moi cua minh 0987654321",
    ],
)
def test_a_tax_or_phone_number_is_no_order_number(text):
    assert find_references(text) == []


def test_an_order_number_beside_a_phone_number_is_still_found():
    found = find_references("my phone 0912345678, order 512300458871201")
    assert [(r.entity, r.value) for r in found] == [("order_id", "512300458871201")]

"""Street addresses and postal codes in a buyer's message, for personal_data.py to mask.

An address is found by the words each language writes one with, and only with a house
number, so "deixou na rua errada" or "paket masih di jalan" (still on its way) stay as they
are: "rua Augusta 1500 apto 32", "221B Baker Street", "Jl. Sudirman No. 5 RT 03/RW 02",
"ул. Тверская, д. 7, кв. 12", "số 12 ngõ 34 phố Huế, quận Hai Bà Trưng",
"99/12 ถนนสุขุมวิท แขวงคลองเตย", "信義路五段7號". The street's word stays and the rest becomes
one fixed street of that language ("rua Central 100"), with the flat, the ward or district and
a city's postal code after it: the classifier keeps "an address here", in its language.

A postal code is found by the word naming it ("CEP", "zip", "kode pos", "индекс", "邮编"...)
or by a shape of its own (Brazil's 01310-100, the UK's NW1 6XE); its stand-in keeps the shape
(digits 0, letters X). A bare number without either is an amount or an order number.
"""

from __future__ import annotations

import re
from typing import Iterator, Tuple

from bot.desk.id_numbers import shape_of

Span = Tuple[int, int, str]  # start, end, stand-in

_CAPITAL = r"[A-ZÀ-ÞĐА-ЯЁ]"
# A name's word: a capital, then a small letter ("Huế", not the "NIK" that may follow).
_TITLED = _CAPITAL + r"[a-zß-ÿđа-яё\u0300-\u036f\u1ea0-\u1ef9]\w*"
# A city then its postal code, after an address: ", Jakarta Pusat 10220", " กรุงเทพฯ 10110".
_CITY_POSTCODE = (
    r"(?:[,，]?\s*(?:" + _CAPITAL + r"[\w.'-]*\s+){0,3}\d{5,6}(?![\d-])"
    r"|\s+[\u0E00-\u0E7F.]+\s*\d{5}(?!\d))?"
)


class _Street:
    """One language's address pattern; the stand-in keeps the street word the buyer wrote."""

    def __init__(self, pattern: str, stand_in: str):
        self.pattern = re.compile(pattern + _CITY_POSTCODE)
        self.stand_in = stand_in

    def spans(self, text: str) -> Iterator[Span]:
        for match in self.pattern.finditer(text):
            word = match.groupdict().get("word") or ""
            yield match.start(), match.end(), self.stand_in.format(word=word)


_HOUSE = r"\d{1,5}[A-Za-z]?"
# A street's name then its number: "Augusta 1500", "augusta nº 15"; a lower-case name only
# with a number of two digits or more that counts no days ("na rua há 3 dias" is no address).
_NOT_TIME = r"(?!\w|\s*(?i:dias?|días?|horas?|semanas?|meses|mes|min))"
_NAMED_HOUSE = (
    r"(?:"
    + _CAPITAL
    + r"[\w'.-]*\s+(?:[\w'.-]+\s+){0,3}?(?:n[º°o.]?\s*|#\s*)?"
    + _HOUSE
    + r"|(?:[\w'.-]+\s+){1,4}?(?:n[º°o.]?\s*|#\s*)?\d{2,5}[A-Za-z]?)"
    + _NOT_TIME
)
_FLAT_PT_ES = (
    r"(?:\s*,?\s*(?i:apto?\.?|apartamento|ap\.|bloco|bl\.|casa|sala|conj\.|andar|piso|depto\.?"
    r"|dpto\.?|departamento|int\.|interior|ext\.|puerta|pta\.)\s*\d+\w*)*"
)
_STREETS = (
    # en: 221B Baker Street, apt 4
    _Street(
        r"(?<![\w/])" + _HOUSE + r"\s+(?:[A-Z][\w'.-]*\s+){1,3}"
        r"(?P<word>(?i:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct"
        r"|place|pl|close|crescent|terrace|square|highway|hwy|parkway))\b\.?"
        r"(?:\s*,?\s*(?i:apt|apartment|flat|unit|suite|ste)\.?\s*#?\d+\w*)?",
        "100 Central {word}",
    ),
    # pt: rua Augusta 1500 apto 32
    _Street(
        r"(?<!\w)(?P<word>(?i:rua|r\.|avenida|av\.|travessa|tv\.|alameda|al\.|praça|estrada|rodovia"
        r"|largo))\s+" + _NAMED_HOUSE + _FLAT_PT_ES,
        "{word} Central 100",
    ),
    # es: calle Mayor 5, 3º piso 2
    _Street(
        r"(?<!\w)(?P<word>(?i:calle|c/|avda\.?|paseo|carrera|cra\.|calzada|camino|callejón|privada"
        r"|plaza))\s*" + _NAMED_HOUSE + _FLAT_PT_ES,
        "{word} Central 100",
    ),
    # id: Jl. Sudirman No. 5 RT 03/RW 02, Kec. Menteng
    _Street(
        r"(?<!\w)(?P<word>(?i:jl\.?|jln\.?|jalan|gg\.|gang))\s*(?=[A-Z]|[^,\n]{0,40}?(?i:no)\.?\s*\d)"
        r"(?:[\w'.-]+\s*){1,4}?(?i:no\.?|nomor)\s*\d+\w*"
        r"(?:\s*,?\s*(?:RT|RW|rt|rw)\.?\s*\d+(?:\s*/\s*(?:RW|rw)?\.?\s*\d+)?)*"
        r"(?:\s*,?\s*(?i:kel\.|kelurahan|kec\.|kecamatan|kab\.|kabupaten|desa)\s*\w+(?:\s+[A-Z]\w*)*)*",
        "{word} Merdeka No. 1",
    ),
    # ru: ул. Тверская, д. 7, кв. 12
    _Street(
        r"(?<!\w)(?P<word>(?i:ул\.|улица|пр-т|просп\.|проспект|пер\.|переулок|шоссе|б-р|бульвар|наб\."
        r"|набережная|пл\.|площадь|мкр\.?|микрорайон))\s*(?:[\w.-]+\s*){1,3}?,?\s*(?i:д\.|дом)?\s*"
        r"\d+[\w/-]*(?:\s*,?\s*(?i:к\.|корп\.?|корпус|стр\.|строение|кв\.|квартира|под\.|подъезд"
        r"|эт\.|этаж)\s*\d+\w*)*",
        "{word} Ленина, д. 1",
    ),
    # vi: số 12 ngõ 34 phố Huế, phường Phố Huế, quận Hai Bà Trưng / 25 Nguyễn Huệ, Quận 1
    _Street(
        r"(?<!\w)(?:(?i:số nhà)\s*\d+[\w/]*|(?i:số\s*)?\d+[\w/]*(?=\s*,?\s*(?i:ngõ|ngách|hẻm|kiệt|đường"
        r"|phố)\s)|\d+[\w/]*(?:\s+" + _TITLED + r"){1,4}(?=\s*,\s*(?i:p\.|q\.|phường|quận|huyện|xã"
        r"|tp\b)))(?:\s*,?\s*(?i:ngõ|ngách|hẻm|kiệt|đường|phố)\s+[\w/]+(?:\s+" + _TITLED + r")*)*"
        r"(?:\s*,?\s*(?i:phường|p\.|xã|thị trấn|quận|q\.|huyện|thị xã|tỉnh|thành phố|tp\.?)\s*[\w.]+"
        r"(?:\s+" + _TITLED + r")*)*",
        "số 1 đường Chính",
    ),
    # th: 99/12 ถนนสุขุมวิท แขวงคลองเตย / บ้านเลขที่ 45 หมู่ 3 ต.บางพูด
    _Street(
        r"(?:(?:บ้านเลขที่|เลขที่)\s*\d+(?:/\d+)?|(?<![\d/])\d+(?:/\d+)?(?=\s+(?:หมู่|ม\.|ซอย|ซ\.|ถนน|ถ\.)))"
        r"(?:\s*(?:หมู่(?:ที่)?|ม\.)\s*\d+|\s*(?:ซอย|ซ\.|ถนน|ถ\.|แขวง|เขต|ตำบล|ต\.|อำเภอ|อ\.|จังหวัด|จ\.)"
        r"\s*[\u0E00-\u0E7F\d]+)*",
        "1/1 ถนนตัวอย่าง",
    ),
    # zh: 台北市信義區信義路五段7號 / 北京市朝阳区建国路88号. Chinese has no spaces: the address
    # starts after punctuation, a non-Han character or a word that leads to one (地址, 寄到,
    # 住在), so "快递员中山路1号" keeps its courier.
    _Street(
        r"(?:(?<![\u4e00-\u9fff])|(?<=[址到在是往给給于於住]))"
        r"(?:[\u4e00-\u9fff]{2,4}?[省市区區县縣镇鎮乡鄉])*"
        r"[\u4e00-\u9fff]{1,4}?(?:大道|[路街巷弄])"
        r"(?:[一二三四五六七八九十]+段)?(?:\d+[巷弄])*\d+(?P<word>[号號])(?:\d+[楼樓层層室])*",
        "中山路1{word}",
    ),
)
_POSTCODE_WORDS = (
    r"(?i:zip(?: code)?|post ?code|postal code|cep|c\.p\.|código postal|почтовый индекс|индекс"
    r"|mã bưu (?:chính|điện)|kode ?pos)|รหัสไปรษณีย์|邮编|郵編|邮政编码|郵遞區號|郵政編碼|邮政编号"
)
_NAMED_POSTCODE = re.compile(
    r"(?<![^\W\d_])(?:" + _POSTCODE_WORDS + r")[^\d\n]{0,6}?(?P<code>(?<!\d)\d{3,6}(?:-\d{3,4})?)(?![\d-])"
)
_POSTCODE_SHAPES = re.compile(
    r"(?<![\w.\-/])(?:\d{5}-\d{3}"  # Brazil's CEP
    r"|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}"  # UK
    r"|[A-Z]\d[A-Z] \d[A-Z]\d)"  # Canada
    r"(?![\w\-/])"
)


def addresses_and_postcodes(text: str) -> Iterator[Span]:
    """Spans of street addresses and postal codes, each with its stand-in."""
    for street in _STREETS:
        yield from street.spans(text)
    for match in _NAMED_POSTCODE.finditer(text):
        start, end = match.span("code")
        yield start, end, shape_of(match.group("code"))
    for match in _POSTCODE_SHAPES.finditer(text):
        yield match.start(), match.end(), shape_of(match.group())

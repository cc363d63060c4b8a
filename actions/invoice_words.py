""" "Can I get an invoice / a receipt?", in the bot's languages.

Played on `make run`: "那可以開發票嗎 統編 12345678" (shopee-tw-001) was told "no order 12345678"
(the company tax number read as an order number), and "а чек положите в посылку?" (ozon-ru-001)
got the ship date. The marketplace issues the order's invoice on the order page; a company
invoice needs the company's details, which a colleague takes. Matched with accents folded.
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

INVOICE = "utter_invoice"
INVOICE_WORDS = (
    "invoice", "receipt", "tax id", "nota fiscal", "factura", "boleta", "comprobante", "счет-фактур*",
    "счёт-фактур*", "чек", "发票", "發票", "统编", "統編", "收据", "收據", "ใบกำกับภาษี", "ใบเสร็จ",
    "hóa đơn", "hoá đơn", "faktur", "kwitansi", "minta nota", "notanya",
)  # fmt: skip
ASKS_INVOICE = phrases(INVOICE_WORDS)


def asks_invoice(text: str) -> bool:
    return said(ASKS_INVOICE, text)

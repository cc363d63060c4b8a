""" "Is shipping free?", "how much is shipping to ...?": shown at checkout.

Played on `make run` (aliexpress-br-001): "e o frete é gratis pra todo o brasil?" right after the
coupon answer got the same coupon answer again (free-shipping questions read as coupon talk:
"包邮吗", "ส่งฟรีไหมคะ", "ongkirnya gratis?"). What shipping costs is the marketplace's
checkout to tell, for the buyer's address, with any free-shipping voucher applied. Matched with
accents folded (bot/nlu/said_words).
"""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

SHIPPING_FEE = "utter_shipping_fee"
SHIPPING_FEE_WORDS = (
    "free shipping", "shipping free", "shipping fee", "shipping cost", "how much is shipping",
    "how much for shipping", "delivery fee", "delivery charge",
    "frete gratis", "frete grátis", "frete é gratis", "frete e gratis", "valor do frete", "quanto é o frete",
    "quanto fica o frete",
    "envío gratis", "envio gratis", "envío es gratis", "envio es gratis", "costo de envío",
    "costo del envío", "cuánto cuesta el envío",
    "cuanto cuesta el envio",
    "бесплатная доставка", "доставка бесплатн", "стоимость доставки", "сколько стоит доставка",
    "包邮", "包郵", "免运费", "免運費", "运费多少", "運費多少", "运费怎么", "運費怎麼", "邮费", "郵費",
    "ส่งฟรี", "ค่าส่งเท่าไหร่", "ค่าจัดส่ง",
    "freeship", "free ship", "phí ship", "phi ship", "phí vận chuyển", "miễn phí vận chuyển",
    "gratis ongkir", "ongkirnya gratis", "ongkir gratis", "ongkirnya berapa", "ongkir berapa",
    "biaya kirim",
    # Two orders, two fees? "jadi aku checkout baru aja ya? ongkirnya jadi dobel dong" (lazada-id-001,
    # round 16, right after "add it as a new order") was not understood.
    "ongkirnya jadi dobel", "ongkir dobel", "ongkirnya dobel", "ongkir 2x", "ongkirnya 2x",
    "bayar ongkir lagi", "pay shipping twice", "shipping twice", "pay shipping again", "frete duas vezes",
    "frete dobrado", "pagar frete de novo", "pagar el envio dos veces", "envio doble", "доставку дважды",
    "платить за доставку ещё",
    "运费两次", "两次运费", "運費兩次", "兩次運費", "ค่าส่งสองรอบ", "ค่าส่งซ้ำ", "phi ship 2 lan",
)  # fmt: skip
ASKS_SHIPPING_FEE = phrases(SHIPPING_FEE_WORDS)


def asks_shipping_fee(text: str) -> bool:
    return said(ASKS_SHIPPING_FEE, text)

""" "So I wasn't charged?" in the bot's languages: right after "it was cancelled before it was
paid, so nothing was charged", wish-gb-001's "ok so I wasn't charged at all?" was not understood
and got "did you mean...?". Matched with accents folded (bot/nlu/said_words)."""

from __future__ import annotations

from bot.nlu.said_words import phrases, said

CHARGED_WORDS = (
    "charged", "charge me", "billed", "taken from my", "pay anything", "paid anything",
    "cobrado", "cobrada", "cobraram", "cobrou", "descontado", "paguei algo", "cobraron", "cobro",
    "cargo", "cargaron", "списали", "списано", "сняли", "сняли деньги", "扣款", "扣钱", "扣了钱",
    "扣錢", "收费", "收費", "ditagih", "terpotong", "dipotong", "kepotong", "tru tien", "bi tru",
    "mat tien", "ตัดเงิน", "เสียเงิน", "โดนตัด",
)  # fmt: skip
CHARGED = phrases(CHARGED_WORDS)


def asks_if_charged(text: str) -> bool:
    return said(CHARGED, text)


# "my bank app shows £18.50 pending for the order i cancelled" (wish-gb-001, never paid) was
# told "nothing was charged", then not understood, then a person: a card hold that the bank
# releases by itself (utter_pending_hold).
PENDING_WORDS = (
    "pending", "on hold", "a hold", "authorization", "authorisation", "pre-auth", "preauth",
    "pendente", "bloqueado no cartão", "pendiente", "retenido", "retención",
    "в обработке", "заблокирован*", "заморожен*", "холд",
    "预授权", "預授權", "冻结", "凍結", "待入账", "待入帳",
    "รอดำเนินการ", "ถูกกันวงเงิน", "กันวงเงิน", "tạm giữ", "chờ xử lý", "tertahan", "ditahan",
)  # fmt: skip
PENDING = phrases(PENDING_WORDS)


def says_pending_hold(text: str) -> bool:
    return said(PENDING, text)


# "Charged twice for one order" (a payment that failed, then went through): a hold the bank
# releases, not a cancellation. Round 12 (ozon-ru-001): "два списания по 1290 рублей… верните
# лишние деньги" was offered the order's cancellation, then "the order stays active" twice.
DOUBLE_CHARGE = phrases((
    "charged twice", "charged me twice", "double charge", "double charged", "charged two times",
    "paid twice", "два списания", "списали дважды", "списали два раза", "двойное списание",
    "оплатила дважды", "оплатил дважды", "cobraron dos veces", "cobro doble", "doble cobro",
    "cobrado duas vezes", "cobraram duas vezes", "cobrança duplicada", "cobranca duplicada",
    "扣了两次", "扣了兩次", "重复扣款", "重複扣款", "付了两次", "付了兩次", "ตัดเงินสองครั้ง",
    "โดนตัดเงินสองรอบ", "จ่ายซ้ำ", "bị trừ tiền 2 lần", "bi tru tien 2 lan", "tru tien hai lan",
    "thanh toán 2 lần", "kepotong dua kali", "terpotong 2x", "kepotong 2x", "bayar dua kali",
    "double bayar", "nadoble", "dalawang beses nakaltasan",
))  # fmt: skip


def says_double_charge(text: str) -> bool:
    return said(DOUBLE_CHARGE, text)


# "Saldo udah kepotong" (my balance was taken) about an order still unpaid: the money left the
# buyer, the payment did not reach the shop. Round 10 (lazada-id-001): "udah bayar lewat gopay…
# saldo udah kepotong", then "duitnya ilang gitu?" got "not paid yet" twice. A statement, where
# CHARGED_WORDS above ask ("was I charged?") and would also catch "will you charge me?".
MONEY_TAKEN = phrases((
    "deducted", "was charged", "been charged", "got charged", "money was taken", "money is gone",
    "lost my money", "kepotong", "terpotong", "udah kepotong", "saldo berkurang", "duitnya ilang",
    "udh berkurang", "udah berkurang", "sudah berkurang", "saldonya berkurang", "kedebet", "terdebet",
    "uangnya hilang", "扣款了", "扣了钱", "扣了錢", "钱扣了", "錢扣了", "已扣款", "钱没了", "錢沒了",
    "ตัดเงินแล้ว", "เงินถูกตัด", "เงินหาย", "bị trừ tiền", "đã trừ tiền", "mất tiền", "списали",
    "деньги списаны", "деньги пропали", "me cobraron", "ya me cobraron", "se descontó", "descontaram",
    "já descontou", "foi descontado", "cobraram", "nakaltas",
))  # fmt: skip


def says_charged(text: str) -> bool:
    """Does the buyer say the money already left them (a wallet or card charged)?"""
    return said(MONEY_TAKEN, text)


# "My card got declined when paying" about an order still unpaid: the payment never went
# through, so there is nothing to refund or cancel; the order waits to be paid another way.
# Round 12 (lazada-id-001): "kartu saya ditolak pas bayar" was read as a refund question and
# asked which order's refund it meant.
PAYMENT_FAILED = phrases((
    "card got declined", "card was declined", "card declined", "card is declined", "card keeps declining",
    "card was rejected", "card got rejected", "payment failed", "payment declined", "payment was declined",
    "payment didn't go through", "payment did not go through", "payment won't go through",
    "payment keeps failing", "payment is failing", "payment error", "transaction failed",
    "transaction declined", "can't pay", "cannot pay", "unable to pay", "kartu saya ditolak",
    "kartunya ditolak", "kartu ditolak", "kartu kredit ditolak", "kartu debit ditolak",
    "pembayaran gagal", "pembayarannya gagal", "pembayaran ditolak", "gagal bayar", "bayar gagal",
    "bayarnya gagal", "transaksi gagal", "gak bisa bayar", "ga bisa bayar", "nggak bisa bayar",
    "tidak bisa bayar", "付款失败", "付款失敗", "支付失败", "支付失敗", "卡被拒", "信用卡被拒",
    "付不了款", "付不了钱", "付不了錢", "无法付款", "無法付款", "จ่ายเงินไม่ผ่าน", "จ่ายไม่ผ่าน",
    "ชำระเงินไม่ผ่าน", "ชำระเงินไม่สำเร็จ", "ตัดบัตรไม่ผ่าน", "บัตรไม่ผ่าน", "บัตรถูกปฏิเสธ",
    "thanh toán không thành công", "thanh toán thất bại", "thanh toán không được", "thẻ bị từ chối",
    "không thanh toán được", "cartão recusado", "cartão foi recusado", "pagamento recusado",
    "pagamento não foi aprovado", "pagamento falhou", "pagamento não passou", "não consigo pagar",
    "tarjeta rechazada", "rechazaron mi tarjeta", "me rechazó la tarjeta", "rechazó mi tarjeta",
    "pago rechazado", "el pago no pasó", "no pasa el pago", "pago fallido", "no puedo pagar",
    "карту отклонили", "карта отклонена", "карту отклоняет", "платёж отклонён", "платеж отклонен",
    "оплата не прошла", "не проходит оплата", "оплата не проходит", "ошибка оплаты",
    "не могу оплатить",
))  # fmt: skip


def says_payment_failed(text: str) -> bool:
    """Does the buyer say their payment failed (a card declined, an error when paying)?"""
    return said(PAYMENT_FAILED, text)

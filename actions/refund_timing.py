"""When a refund should move on, told once to a buyer who asks "when?" after its status.

"y cuándo me lo aprueban?" right after "your refund is pending review" went to after-sales
as a dispute: the buyer asked a question the shop can answer from its usual days
(seller/shop.yml refund_days). The date is told once; asked again, or with the date already
past, a person takes it (disputes_refund_time). A refund already sent is in the bank's hands:
20 business days from the day it was sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.disagreement import disputed_just_now, read_surely
from actions.disputes import bot_said
from actions.handoff import hand_off
from actions.order_context import OrderContext, names_an_order
from actions.question_words import asks_what_if, asks_when
from bot.commerce.template_values import iso, refund_values
from bot.commerce.views import RefundView
from bot.nlu.said_words import phrases, said
from bot.seller.hours import as_utc
from bot.seller.shop import load_shop

# One reply per stage: the request reviewed by, the approved refund sent by, the money in
# the bank by.
BY_STAGE = {"requested": "utter_refund_review_by", "approved": "utter_refund_payout_by",
            "processed": "utter_refund_bank_by"}  # fmt: skip
BANK_BUSINESS_DAYS = 20

# "5 days, nothing in my bank" right after "it was sent on ...": the money not there yet asks
# when it will be, for a refund already sent.
MONEY_MISSING_WORDS = (
    "nothing in my", "not in my account", "not in my bank", "haven't received", "havent received",
    "not received", "still nothing", "nothing yet", "no money", "nao caiu", "nao recebi",
    "no me ha llegado", "no he recibido", "no me llega", "no llega", "не пришли", "не пришло",
    "не получил", "не получила", "не вижу", "chua nhan duoc", "chua ve", "chua thay", "belum masuk",
    "belum terima", "belum diterima", "ยังไม่เข้า", "ยังไม่ได้รับ", "还没到账", "没到账", "没收到",
    "還沒到帳", "沒收到",
)  # fmt: skip
MONEY_MISSING = phrases(MONEY_MISSING_WORDS)
# After the day a request is reviewed by, "and then how long to my card?": the steps after it.
AFTER_APPROVAL = "utter_refund_after_approval"
# "What if it hasn't come by then?": the day, and a person if it passes.
IF_LATE = "utter_refund_if_late"
TO_THE_CARD_WORDS = (
    "card", "bank", "account", "tarjeta", "cuenta", "banco", "cartão", "cartao", "conta", "карт*",
    "счет", "счёт", "банк*", "卡", "银行", "銀行", "账户", "帳戶", "บัตร", "บัญชี", "ธนาคาร", "thẻ",
    "tài khoản", "ngân hàng", "kartu", "rekening",
)  # fmt: skip
TO_THE_CARD = phrases(TO_THE_CARD_WORDS)
# Round 17: "мне обещали вернуть деньги за мышку ещё неделю назад, где они??" (promised, where is
# it?) got "approved, we'll tell you": where promised money is, is when it comes.
WHERE_IS_THE_MONEY = phrases((
    "where is my money", "where's my money", "wheres my money", "where is my refund", "where's my refund",
    "wheres my refund", "где они", "где деньги", "где мои деньги", "где возврат", "cade meu dinheiro",
    "cade o dinheiro", "cade o reembolso", "cade meu reembolso", "donde esta mi dinero",
    "donde esta el reembolso", "donde esta mi reembolso", "钱呢", "錢呢", "退款呢", "钱在哪", "錢在哪",
    "เงินอยู่ไหน", "เงินไปไหน",
    "tien dau", "tien cua minh dau", "uangnya mana", "mana uangnya", "dananya mana",
))  # fmt: skip


def when_after_refund_answer(tracker: Tracker) -> bool:
    """Does the latest message ask "when?" (or "to which card?") right after an answer about a
    refund's status, however the classifier read it ("y cuándo me lo aprueban?" fell back,
    urge_shipment 0.34)?"""
    text = tracker.latest_message.get("text") or ""
    # "which card does it go to? i have 2 visas" (read surely as a product question) went to
    # the catalogue colleague: the way back is the refund answer's to tell (method_told).
    to_which_card = said(ASKS_REFUND_METHOD, text)
    # A sure reading ("when do you ship the mug?" 0.98) or an order number is a new question.
    if (read_surely(tracker) and not to_which_card) or names_an_order(tracker):
        return False
    asked = asks_when(text) or said(MONEY_MISSING, text) or to_which_card
    return asked and disputed_just_now(tracker, ("disputes_refund_time",)) is not None


def due(refund: RefundView) -> datetime | None:
    """The day the refund's current stage (one of BY_STAGE) should be over, from the shop's
    usual days; None for a refund at no such stage."""
    days = load_shop().refund_days
    if refund.status == "requested":
        return as_utc(refund.requested_at) + timedelta(days=days.review)
    if refund.status == "approved":
        approved = refund.approved_at or refund.requested_at + timedelta(days=days.review)
        return as_utc(approved) + timedelta(days=days.payout)
    if refund.status == "processed" and refund.processed_at is not None:
        return _add_business_days(as_utc(refund.processed_at), BANK_BUSINESS_DAYS)
    return None


def answered(ctx: OrderContext, refund: RefundView) -> List[EventType] | None:
    """The date once, for "when?" asked after this refund's status was told (or, for a refund
    already sent, "still nothing in my bank"); a person when the date is past. None when the
    message asks no "when" or the date was told already (the caller treats it as the dispute
    it is)."""
    expected = due(refund)
    text = ctx.tracker.latest_message.get("text") or ""
    money_missing = refund.status == "processed" and said(MONEY_MISSING, text)
    if _what_if_late_first_asked(ctx, expected, text):
        # "а если не придут до 10го?" (and if it hasn't come by the 10th?) went to a person:
        # the day, and that a person looks into it if it passes.
        ctx.say(IF_LATE, expected_date=iso(expected), **refund_values(refund))
        return []
    if expected is None or not (asks_when(text) or money_missing):
        return None
    if bot_said(ctx.tracker, BY_STAGE.values(), ctx.order.order_number):
        return _after_approval(ctx, refund, text)
    if expected < datetime.now(timezone.utc):
        return hand_off(ctx.dispatcher, ctx.tracker, "disputes_refund_time")  # late: a person checks
    _say_due(ctx, refund, expected)
    return []


def _what_if_late_first_asked(ctx: OrderContext, expected: datetime | None, text: str) -> bool:
    return (
        expected is not None
        and expected >= datetime.now(timezone.utc)
        and asks_what_if(text)
        and not bot_said(ctx.tracker, [IF_LATE], ctx.order.order_number)
    )


def _after_approval(ctx: OrderContext, refund: RefundView, text: str) -> List[EventType] | None:
    """ "Y una vez aprobado cuánto tarda en llegar a mi tarjeta?" right after the day the request
    is reviewed by went to a person: the steps after approval (sent within payout days, then the
    bank's), once. None for any other question (the caller's dispute)."""
    if refund.status != "requested" or not said(TO_THE_CARD, text):
        return None
    if bot_said(ctx.tracker, [AFTER_APPROVAL], ctx.order.order_number):
        return None
    days = load_shop().refund_days
    ctx.say(AFTER_APPROVAL, payout_days=days.payout, bank_days=BANK_BUSINESS_DAYS, **refund_values(refund))
    return []


def told_when_first(ctx: OrderContext, refund: RefundView) -> bool:
    """A first question about a refund that asks when ("退款多久會到" right after a cancellation
    said the money is on its way got the bare status, "approved, we'll tell you"): the day its
    stage should be over, in place of the status it also tells. False, and nothing said, when
    the message asks no "when" or that day is past (the status then; asked again, a person)."""
    expected = due(refund)
    text = ctx.tracker.latest_message.get("text") or ""
    # A refund sent already answers "where?" with the day it was sent (utter_refund_processed).
    where = refund.status != "processed" and said(WHERE_IS_THE_MONEY, text)
    if expected is None or not (asks_when(text) or where):
        return False
    if expected < datetime.now(timezone.utc):
        return False
    _say_due(ctx, refund, expected)
    return True


def _say_due(ctx: OrderContext, refund: RefundView, expected: datetime) -> None:
    days = load_shop().refund_days
    ctx.say(
        BY_STAGE[refund.status],
        expected_date=iso(expected),
        review_days=days.review,
        payout_days=days.payout,
        bank_days=BANK_BUSINESS_DAYS,
        **refund_values(refund),
    )


def _add_business_days(start: datetime, count: int) -> datetime:
    day = start
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


# "а куда придут деньги, на карту?", "which card did it go to" went to a person: back the way
# the order was paid, once.
REFUND_METHOD = "utter_refund_method"
REFUND_METHOD_WORDS = (
    "which card", "what card", "where does the money go", "where will the money go", "same card",
    "back to my card", "куда придут деньги", "куда вернут", "на какую карту", "на карту?",
    "para onde vai o dinheiro", "em qual cartão", "no mesmo cartão", "a qué tarjeta", "a que tarjeta",
    "a donde llega el dinero", "en la misma tarjeta", "退到哪", "退回哪", "退到哪里", "退到哪裡",
    "原路退回吗",
    "เงินเข้าที่ไหน", "คืนเข้าบัตร", "คืนเข้าบัญชีไหน", "hoàn về đâu", "hoàn vào đâu", "tiền về đâu",
    "dana masuk ke mana", "refund ke mana", "dikembalikan ke mana", "balik ke mana",
    # The card paid with is gone: "lo de la tarjeta? la cancele, a donde me llega el dinero??"
    # went to a person.
    "donde me llega", "adonde llega", "lo de la tarjeta", "cancele la tarjeta", "tarjeta la cancele",
    "card is cancelled", "card was cancelled", "cancelled my card", "closed my card", "card expired",
    "card is closed", "no longer have that card", "cancelei o cartão", "cartão cancelado",
    "cartão foi cancelado", "não tenho mais o cartão", "карта закрыта", "закрыл карту",
    "закрыла карту", "карты больше нет", "卡注销了", "卡已注销", "卡註銷", "卡不能用了", "บัตรยกเลิกแล้ว",
    "ปิดบัตรแล้ว", "thẻ đã hủy", "thẻ hết hạn", "kartu sudah ditutup", "kartunya sudah mati",
    # Asked with when: "когда придут? и куда, на карту с которой платила?", "¿a la tarjeta o a
    # paypal?" got the day alone.
    "на карту с которой", "на ту же карту", "куда, на карту", "a la tarjeta o", "o a paypal",
    "a mi paypal", "al paypal", "pro paypal", "no paypal", "to my paypal", "back to paypal",
    "card or paypal", "cartão ou", "ou no pix", "退回原卡", "退到卡", "退到paypal",
    # Another card asked for: "Верните деньги за мышь на другую карту, старая заблокирована"
    # (round 16) got the refund's status alone.
    "на другую карту", "другую карту", "карта заблокирована", "старая заблокирована",
    "заблокировали карту", "заблокировал карту", "заблокировала карту", "another card",
    "a different card", "other card", "card is blocked", "card was blocked", "card got blocked",
    "otra tarjeta", "tarjeta bloqueada", "outro cartão", "cartão bloqueado", "换一张卡", "别的卡",
    "另一张卡", "另一張卡", "別的卡", "卡被冻结", "卡被凍結", "บัตรอื่น", "บัตรถูกอายัด", "thẻ khác",
    "thẻ bị khóa", "kartu lain", "kartu diblokir", "kartunya diblokir",
)  # fmt: skip
ASKS_REFUND_METHOD = phrases(REFUND_METHOD_WORDS)


def method_told(ctx: OrderContext) -> bool:
    """ "Which card does it go back to?": the way the order was paid, once; False (and nothing
    said) for another question or when told already."""
    if not said(ASKS_REFUND_METHOD, ctx.tracker.latest_message.get("text") or ""):
        return False
    if bot_said(ctx.tracker, [REFUND_METHOD], ctx.order.order_number):
        return False
    ctx.say(REFUND_METHOD)
    return True

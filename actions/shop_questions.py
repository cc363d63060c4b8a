"""Questions about how the shop works, answered whatever the classifier read them as: buying
again (actions/buy_again.py), the returns policy (actions/return_policy.py), the shipping fee
(actions/shipping_fee.py), an invoice (actions/invoice_words.py), shipping abroad, the warranty,
cash on delivery (actions/shop_policy_words.py) and how to pay (actions/payment_help.py).
Pre-sale, coupon, off-topic and unsure readings ask here first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.buy_again import (
    BUY_AGAIN,
    PRICE_ON_REORDER,
    REOPEN_AS_NEW_ORDER,
    asks_same_price,
    asks_to_buy_again,
    cancelled_by_mistake,
)
from actions.contact_words import CONTACT_HERE, asks_contact_number
from actions.conversation import said_this_session
from actions.delivery_time import delivery_time_answered
from actions.faster_words import asks_paid_express
from actions.handoff import hand_off, paused
from actions.invoice_details import details_handed_on
from actions.invoice_words import INVOICE, asks_invoice
from actions.payment_help import how_to_pay
from actions.receiver_words import SOMEONE_ELSE_RECEIVES, asks_if_someone_else_receives
from actions.refusal_words import REFUSING_THE_PARCEL, asks_about_refusing
from actions.return_policy import (
    RETURN_POLICY,
    asks_policy_anyway,
    asks_return_policy,
    asks_who_pays_shipping,
)
from actions.ship_together_words import ADD_TO_ORDER, SHIP_TOGETHER, asks_ship_together, asks_to_add_an_item
from actions.shipping_fee import SHIPPING_FEE, asks_shipping_fee
from actions.shop_policy_words import (
    CASH_ON_DELIVERY,
    SHIPS_ABROAD,
    WARRANTY,
    asks_cash_on_delivery,
    asks_ships_abroad,
    asks_warranty,
)
from bot.seller.shop import load_shop


@dataclass(frozen=True)
class ShopAnswer:
    """One reply for a kind of question, with the seller's values it needs."""

    asks: Callable[[str], bool]
    response: str
    values: Callable[[], Dict[str, Any]] = field(default=dict)
    # Readings the question words may be part of without being asked: "it stopped working, I
    # want the warranty" read as damaged_item is the damage case, not the warranty's terms.
    unless_read_as: Collection[str] = ()
    # Words that ask it whatever the reading ("if it arrives broken, can I return it?").
    asked_anyway: Callable[[str], bool] | None = None

    def asked(self, tracker: Tracker) -> bool:
        """Does the latest message ask this (read as none of `unless_read_as`)?"""
        text = tracker.latest_message.get("text") or ""
        if not self.asks(text):
            return False
        read = (tracker.latest_message.get("intent") or {}).get("name")
        return read not in self.unless_read_as or (self.asked_anyway is not None and self.asked_anyway(text))

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
        """The reply, when the latest message asks this; else None."""
        if not self.asked(tracker):
            return None
        if said_this_session(tracker, [self.response]):
            # Asked on after the canned answer ("can my unpaid order switch to COD?", "can you
            # check how many months?"): it came back word for word, twice, then a person.
            return hand_off(dispatcher, tracker, "human_handoff")
        dispatcher.utter_message(response=self.response, **self.values())
        return []


def _return_policy() -> Dict[str, Any]:
    policy = load_shop().returns
    return {"return_days": policy.days, "return_shipping": policy.shipping_paid_by}


def tell_return_policy(dispatcher: CollectingDispatcher) -> List[EventType]:
    dispatcher.utter_message(response=RETURN_POLICY, **_return_policy())
    return []


# No faster service for an order already placed (and what to pick next time).
NO_PAID_EXPRESS = "utter_no_paid_express"

# What happened to the item, not a question about the shop ("my sister got it and it's broken").
NOT_A_QUESTION = ("damaged_item", "wrong_item", "complaint")
# "the tripod remote doesnt work at all… how do i return it" (wish-us-001, round 16, read as
# damage) got the policy and "tell us what's wrong": a fault told is the case's (photos, then
# after-sales, who arrange its return); a what-if or a change of mind still asks the policy.
RETURNS = ShopAnswer(
    asks_return_policy, RETURN_POLICY, _return_policy, ("damaged_item", "wrong_item"), asks_policy_anyway
)
INVOICES = ShopAnswer(asks_invoice, INVOICE)
# "Can you reopen it?" is answered no: "Of course! … can't be reopened" read as a yes (round 10).
CANCELLED_BY_MISTAKE = ShopAnswer(cancelled_by_mistake, REOPEN_AS_NEW_ORDER)
# "I don't want a refund, I want the item! do I have to order it again?" about a cancelled order
# (read as a refund) was told "nothing was charged" twice.
# Last of the shop's answers: "before I order again, will I pay customs?", "COD next time? I'll
# buy another one" got "place a new order… a cancelled order can't be reopened".
BUYING_AGAIN = ShopAnswer(asks_to_buy_again, BUY_AGAIN, unless_read_as=(*NOT_A_QUESTION, "customs_duty"))
SAME_PRICE = ShopAnswer(asks_same_price, PRICE_ON_REORDER, unless_read_as=NOT_A_QUESTION)
SHIPPING_ABROAD = ShopAnswer(asks_ships_abroad, SHIPS_ABROAD)
WARRANTY_TERMS = ShopAnswer(asks_warranty, WARRANTY, unless_read_as=NOT_A_QUESTION)
PAYING_ON_DELIVERY = ShopAnswer(asks_cash_on_delivery, CASH_ON_DELIVERY)
# Refusing the import duty is customs' answer (actions/customs.py), not this one.
REFUSING = ShopAnswer(
    asks_about_refusing,
    REFUSING_THE_PARCEL,
    lambda: {"payout_days": load_shop().refund_days.payout},
    unless_read_as=("customs_duty",),
)
# Asked about an order too ("is return postage free?", "can I get the invoice for it?", "I
# cancelled it by mistake"): the order answer asks these first (actions/order_answer.py).
# Of an order already bought, "who pays the shipping?" is the return's; before buying, the
# checkout's (SHIPPING_FEE below).
# "Can I pay extra for express?" about an order on its way or still to ship.
PAID_EXPRESS = ShopAnswer(asks_paid_express, NO_PAID_EXPRESS, unless_read_as=NOT_A_QUESTION)
# "dá pra mandar junto com o fone?": each order ships on its own (actions/ship_together_words.py).
SHIPPING_TOGETHER = ShopAnswer(asks_ship_together, SHIP_TOGETHER, unless_read_as=NOT_A_QUESTION)
# "tambah 1 batik lagi, bisa digabung ke pesanan?": no item added to an order placed (alone).
ADDING = ShopAnswer(asks_to_add_an_item, ADD_TO_ORDER, unless_read_as=NOT_A_QUESTION)
ABOUT_AN_ORDER = (
    CANCELLED_BY_MISTAKE,  # "можно вернуть заказ обратно?" is no return
    ADDING,
    PAID_EXPRESS,
    RETURNS,
    ShopAnswer(asks_who_pays_shipping, RETURN_POLICY, _return_policy),
    INVOICES,
    SHIPPING_ABROAD,
    WARRANTY_TERMS,
    PAYING_ON_DELIVERY,
    REFUSING,
    SHIPPING_TOGETHER,
    SAME_PRICE,
    BUYING_AGAIN,
)
SHOP_ANSWERS = (
    CANCELLED_BY_MISTAKE,
    ADDING,
    PAID_EXPRESS,
    RETURNS,
    INVOICES,
    ShopAnswer(asks_shipping_fee, SHIPPING_FEE),
    SHIPPING_ABROAD,
    WARRANTY_TERMS,
    PAYING_ON_DELIVERY,
    REFUSING,
    SHIPPING_TOGETHER,
    ShopAnswer(asks_contact_number, CONTACT_HERE),  # not about an order: "the courier's number?"
    # About an order, the order answer adds it to where the parcel is (actions/order_answer.py).
    ShopAnswer(asks_if_someone_else_receives, SOMEONE_ELSE_RECEIVES, unless_read_as=NOT_A_QUESTION),
    SAME_PRICE,
    BUYING_AGAIN,
)


def _first_answer(
    answers: Tuple[ShopAnswer, ...], dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """The answers the message asks for that were not given yet this session ("if I reorder,
    can I get a VAT receipt?" right after the buy-again answer went to a person as buying again,
    asked on); all of them given, the first one's (a person). Two questions get both: "can I pay
    cash on delivery? and can you send an official receipt" (lazada-ph-001) got the invoice alone.
    Reopening, buying again and its price stand alone ("COD next time? I'll buy another one")."""
    asked = [shop_answer for shop_answer in answers if shop_answer.asked(tracker)]
    if not asked:
        return None
    new = [shop_answer for shop_answer in asked if not said_this_session(tracker, [shop_answer.response])]
    if not new:
        return asked[0].answer(dispatcher, tracker)
    first, *others = new
    events = first.answer(dispatcher, tracker) or []
    if first in ALONE:  # "можно вернуть заказ обратно?" is no return: the reopening alone
        return events
    told = {first.response}
    for other in others:
        if paused(events) or other.response in told or other in ALONE:
            continue
        told.add(other.response)
        events += other.answer(dispatcher, tracker) or []
    return events


# Answers that stand alone, beside no other of the shop's (actions/buy_again.py).
ALONE = (SAME_PRICE, BUYING_AGAIN, CANCELLED_BY_MISTAKE, ADDING)


def answered_about_an_order(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType] | None:
    """The returns-policy or invoice answer, when an order question asks it (or a colleague,
    for the company details the invoice answer asked for); else None."""
    details = details_handed_on(dispatcher, tracker)
    return details if details is not None else _first_answer(ABOUT_AN_ORDER, dispatcher, tracker)


async def shop_question_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> List[EventType] | None:
    """The answer to a question about buying again, returns, invoices, shipping or paying; None
    for any other."""
    answered = details_handed_on(dispatcher, tracker)
    if answered is None:  # "if I buy again, will it come as fast?": the days, not how to reorder
        answered = await delivery_time_answered(dispatcher, tracker)
    if answered is None:
        answered = _first_answer(SHOP_ANSWERS, dispatcher, tracker)
    if answered is None:
        return await how_to_pay(dispatcher, tracker)
    if paused(answered) or said_now(dispatcher, CASH_ON_DELIVERY):
        return answered
    # "klo bayar pake gopay bisa ga? trs ongkirnya gratis ga sih" (lazada-id-001) got the
    # shipping fee alone: where to pay the order waiting for it too.
    return [*answered, *(await how_to_pay(dispatcher, tracker) or [])]


def said_now(dispatcher: CollectingDispatcher, response: str) -> bool:
    return any(message.get("response") == response for message in dispatcher.messages)

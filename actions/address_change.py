"""A new delivery address: "我想改收貨地址", "can I change the shipping address?", "ganti alamat".

Read as a cancellation it was asked "cancel the order?"; read as anything else it was asked
back or handed off with no word on what to send. Before the order ships the seller can change
it: the buyer is asked for the full new address and a person (tier 1, reason address_change)
updates the order, so the address goes to a person and not into the bot's data. Once shipped,
only the carrier can redirect the parcel: whom to ask, with the tracking number, once; asked
again, a person. Matched with accents folded (bot/nlu/said_words).

A new phone number for the courier is the same question ("电话号码也要改 我换号码了",
"хочу поменять номер телефона в заказе", "doi sdt nguoi nhan"): read as asking for the
shop's number, or as the order's status, it was never answered. The same answer, for the
phone number: before shipping a person updates the order; once shipped, tell the carrier.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.contact_words import asks_phone_change
from actions.conversation import ranked_intents, said_this_session
from actions.handoff import hand_off
from actions.order_context import OrderContext
from actions.order_offers import asked_now_or_before_offer
from actions.question_words import asks_when
from actions.ship_date import SHIP_BY
from bot.commerce.views import NOT_YET_SHIPPED
from bot.nlu.said_words import folded, phrases, said

BEFORE_SHIPPING = "utter_address_change_before_shipping"
REDIRECT = "utter_tracking_address_change"
PHONE_BEFORE_SHIPPING = "utter_phone_change_before_shipping"
PHONE_TO_CARRIER = "utter_tracking_phone_change"
HANDOFF_REASON = "address_change"

ADDRESS_WORDS = (
    "change the address", "change my address", "change the shipping address", "change address",
    "wrong address", "new address", "update my address", "update the address", "delivery address",
    "shipping address", "address on it", "address for my parcel",
    "改地址", "改收货地址", "修改地址", "修改收货地址", "地址写错", "地址填错", "换地址", "改收貨地址",
    "修改收貨地址", "地址寫錯", "地址填錯", "換地址", "改一下收货地址", "改一下地址", "改一下收貨地址",
    "改收件地址", "修改收件地址", "收件地址改", "改寄送地址", "改配送地址", "新地址是", "新的地址",
    # "謝謝～ 那可以改寄到公司地址嗎" (shopee-tw-001, round 17) got the order's status alone.
    "改寄到", "改寄去", "改送到", "改成寄到", "寄到公司", "送到公司", "寄到别的地址", "寄到別的地址",
    "换个地址", "換個地址",
    "поменять пункт выдачи", "сменить пункт выдачи", "другой пункт выдачи", "изменить пункт выдачи",
    "новый адрес:", "поменять пвз", "сменить пвз",
    # A pickup point instead of the courier: "можно ли забрать в пункте выдачи Ozon, а не курьером?"
    # (round 16) got the ship date alone.
    "забрать в пункте выдачи", "забрать из пункта выдачи", "забрать в пвз", "забрать из пвз",
    "а не курьером", "вместо курьера", "самовывоз", "pickup point instead", "collect it from a pickup point",
    "сменить адрес", "изменить адрес", "поменять адрес", "другой адрес", "неправильный адрес",
    "адрес неверный", "новый адрес", "ошибся в адресе", "ошиблась в адресе", "адрес в заказе",
    "mudar o endereco", "mudar endereco", "trocar o endereco", "trocar endereco", "alterar o endereco",
    "alterar endereco", "endereco errado", "novo endereco", "corrigir o endereco", "endereco de entrega",
    "endereco do meu pedido",
    "cambiar la direccion", "cambiar direccion", "cambiar mi direccion", "direccion equivocada",
    "direccion incorrecta", "nueva direccion", "corregir la direccion", "puse mal la direccion",
    "me equivoque de direccion", "direccion de entrega", "direccion de mi pedido",
    "doi dia chi", "sua dia chi", "thay doi dia chi", "sai dia chi", "dia chi moi",
    "ganti alamat", "ubah alamat", "alamat salah", "salah alamat", "alamat baru", "ganti alamatnya",
    "alamatnya salah",
    # "alamat pengiriman powerbank bs diganti ga? mau dikirim ke kantor aja" (round 16) went to
    # after-sales as a new size or colour.
    "alamat pengiriman", "alamat pengirimannya", "alamatnya diganti", "alamat nya diganti",
    "alamatnya mau diganti", "alamat nya mau diganti", "dikirim ke kantor", "kirim ke kantor",
    "เปลี่ยนที่อยู่", "แก้ที่อยู่", "แก้ไขที่อยู่", "ที่อยู่ผิด", "ที่อยู่ใหม่",
    # Taglish (lazada-ph-001): "pwede ko po ba ipa-deliver sa office ko instead of bahay?" got the
    # ship date, and the office address sent next was lost.
    "palitan address", "palitan ang address", "ibang address", "ipa-deliver sa", "ipadeliver sa",
    "deliver sa office", "deliver to my office", "deliver it to my office", "instead of bahay",
    "bagong address", "mali ang address", "maling address", "ipachange yung address",
    "ipa-change yung address", "change yung address", "palitan yung address", "palitan po yung address",
    "address change", "ichange address", "ichange ang address", "i-change address", "change address ng",
)  # fmt: skip
ADDRESS_CHANGE = phrases(ADDRESS_WORDS)
# "Так можно в ПВЗ или нет?" (so can it go to a pickup point or not?) after the ship date alone
# went to the catalogue colleague (round 16, task 24): sending it to a pickup point (ПВЗ) asked
# with "можно", "доставить", "отправьте" beside it, either way round. "Посылка уже в ПВЗ?" (is it
# there yet?) and "когда будет в ПВЗ, можно забрать?" ask where it is, not for a new address.
_SEND = r"(?:можно|нельзя|доставить|доставку|доставкой|доставьте|отправить|отправьте|привезти|привезите)"
_TO_PICKUP_POINT = r"(?:в|на|до)\s+(?:пвз|пункт\w*\s+выдачи|постамат\w*)"
TO_PICKUP_POINT = re.compile(
    rf"(?<!\w){_SEND}(?:\s+[\w-]+){{0,2}}?\s+{_TO_PICKUP_POINT}(?!\w)"
    rf"|(?<!\w){_TO_PICKUP_POINT}(?:\s+[\w-]+){{0,2}}?\s+{_SEND}(?!\w)(?!\s+(?:будет\s+)?забрать)"
)
PICKUP_POINT_WORDS = ("deliver to a pickup point", "send it to a pickup point", "ship to a pickup point")
SEND_TO_PICKUP_POINT = phrases(PICKUP_POINT_WORDS)


def asks_address_change(text: str) -> bool:
    """A new address (a pickup point instead of the door too), or a new phone number, for the delivery."""
    to_pickup_point = bool(TO_PICKUP_POINT.search(folded(text))) or said(SEND_TO_PICKUP_POINT, text)
    return said(ADDRESS_CHANGE, text) or to_pickup_point or asks_phone_change(text)


def about_address(tracker: Tracker) -> bool:
    """A message the classifier was unsure of that asks for a new phone number, or a new
    address with "where is my order" among its two likeliest readings ("kak bisa ganti alamat
    pengiriman?" was asked back: where is my order, or cancel it?)."""
    text = tracker.latest_message.get("text") or ""
    # A new phone number is one whatever the readings: "对了 电话号码也要改 可以吗" (a person?).
    return asks_phone_change(text) or (
        "track_order" in ranked_intents(tracker, 2) and asks_address_change(text)
    )


def answered(ctx: OrderContext, values: dict | None) -> List[EventType] | None:
    """The answer to a new address for `ctx.order` (its one parcel's `values`, None before it
    has any), or None when the message asks no such thing."""
    asked = asked_now_or_before_offer(ctx.tracker, asks_address_change)
    if asked is None:
        return None
    phone = asks_phone_change(asked) and not said(ADDRESS_CHANGE, asked)
    if ctx.order.status == "unpaid" or ctx.order.status in NOT_YET_SHIPPED:
        if _asks_when_it_ships(ctx):
            # "когда отправите заказ? и можно ли поменять адрес?" got the address answer alone.
            ctx.say(SHIP_BY)
        ctx.say(PHONE_BEFORE_SHIPPING if phone else BEFORE_SHIPPING)
        return hand_off(ctx.dispatcher, ctx.tracker, HANDOFF_REASON)
    to_carrier = PHONE_TO_CARRIER if phone else REDIRECT
    if values is None or said_this_session(
        ctx.tracker, [to_carrier], tracking_number=values["tracking_number"]
    ):
        return hand_off(ctx.dispatcher, ctx.tracker, HANDOFF_REASON)
    ctx.say(to_carrier, **values)
    return []


def _asks_when_it_ships(ctx: OrderContext) -> bool:
    """Does the message also ask when a paid order ships, before its ship-by date?"""
    text = ctx.tracker.latest_message.get("text") or ""
    paid = ctx.order.status in NOT_YET_SHIPPED and ctx.order.status != "unpaid"
    return paid and not ctx.order.ship_overdue(date.today()) and asks_when(text)

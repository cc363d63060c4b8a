"""A buyer who needs the order by a day: whether it should arrive by then.

Played on `make run` (ozon-ru-001, an order being prepared): "а можно побыстрее? мне к пятнице
надо" (I need it by Friday) got "it ships by Dec 8" again, and nothing on Friday: with the usual
12-28 days to Russia it cannot. The expected days come from when the order ships (its ship-by
date; today at the earliest) or shipped, and seller/shop.yml delivery_days for the buyer's
country. Told once per order: asked again, the answers before take over (and their person).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import List, Tuple

from rasa_sdk.events import EventType

from actions.deadline_words import needed_by
from actions.disputes import bot_said
from actions.order_context import OrderContext
from actions.order_offers import asked_now_or_before_offer
from actions.parcel_state import usual_arrival
from bot.commerce.views import OrderView
from bot.nlu.said_words import phrases, said
from bot.seller.shop import load_shop

YES, MAYBE, NO = "utter_arrival_by_yes", "utter_arrival_by_maybe", "utter_arrival_by_no"
# Scans of a parcel still travelling the usual way; one waiting at the post office, held at
# customs, stalled, delivered or sent back has an answer of its own.
TRAVELLING = ("accepted", "departed_origin", "arrived_destination_country", "out_for_delivery")
BEFORE_SHIPPING = ("paid", "processing")


def expected_days(order: OrderView, now: datetime) -> Tuple[date, date] | None:
    """The first and last day the order should arrive on, if it is on its usual way."""
    today = now.date()
    window = load_shop().delivery_window(order.destination_country)
    if window is None:
        return None
    if order.status in BEFORE_SHIPPING:
        if order.ship_by is None or order.ship_overdue(today):
            return None
        first = today + timedelta(days=window.shortest)
        return first, max(order.ship_by + timedelta(days=window.longest), first)
    if order.status != "shipped" or len(order.shipments) != 1:
        return None
    shipment = order.shipments[0]
    latest = shipment.latest
    shipped_at = shipment.shipped_at or order.shipped_at
    if latest is None or latest.status not in TRAVELLING or shipped_at is None:
        return None
    if latest.status == "out_for_delivery":
        return today, today
    first, last = (moment.date() for moment in usual_arrival(shipped_at, window, now))
    if last < today:
        return None  # later than usual: the tracking answer says so
    return first, last


def answered(ctx: OrderContext) -> List[EventType] | None:
    """Whether the order should arrive by the day the message needs it by; None when it names
    no such day, the order is not on its usual way, or this was told already."""
    now = datetime.now(timezone.utc)  # the clock the tracking answers count by
    needed = needed_by(ctx.tracker.latest_message.get("text") or "", now.date())
    if needed is None or bot_said(ctx.tracker, [YES, MAYBE, NO], ctx.order.order_number):
        return None
    expected = expected_days(ctx.order, now)
    if expected is None:
        return None
    first, last = expected
    reply = YES if last <= needed else NO if first > needed else MAYBE
    ctx.say(reply, needed_by_date=needed.isoformat(), expected_from_date=first.isoformat(),
            expected_to_date=last.isoformat())  # fmt: skip
    return []


# "出貨後大概幾天會到" (how many days after it ships?) about an order being prepared got the
# ship-by date again; "а доставка сколько дней займет" too.
ARRIVAL_WINDOW = "utter_arrival_window"
ARRIVAL_DAYS_WORDS = (
    "how many days", "how long to arrive", "how long will it take to arrive", "how long does delivery",
    "when will it arrive", "when will i get it", "when will it come",
    "几天会到", "幾天會到", "几天能到", "幾天能到", "几天到", "幾天到", "多久会到", "多久會到", "多久能到",
    "сколько дней", "доставка сколько", "когда придет", "когда придёт", "когда получу",
    "quantos dias", "quando chega", "quando vai chegar", "cuantos dias", "cuándo llega", "cuando llega",
    "กี่วันถึง", "กี่วันได้รับ", "เมื่อไหร่จะถึง", "bao lâu thì tới", "bao lâu thì nhận", "mấy ngày thì tới",
    "berapa hari sampai", "berapa lama sampai", "kapan sampai", "kapan nyampe",
    # Round 11: "ja despacharam? e qnd chega?", then "e chega qnd?" got the ship date twice.
    "qnd chega", "chega qnd", "chega quando", "vai chegar quando", "when does it arrive",
    "when does it come", "when will i receive", "llega cuando", "cuando me llega", "bao gio toi",
    "khi nao toi", "bao gio nhan", "khi nao nhan", "kapan nyampenya", "kapan datang", "когда доставят",
    "什么时候到", "什麼時候到", "几时到", "幾時到", "ถึงเมื่อไหร่", "จะได้รับเมื่อไหร่",
    "kelan darating", "kelan po darating", "kailan darating", "kailan po darating", "kelan dadating",
    "kelan po dadating", "kelan ma-deliver", "kelan po ma-deliver", "kailan ma-deliver",
)  # fmt: skip
ARRIVAL_DAYS = phrases(ARRIVAL_DAYS_WORDS)


def window_told(ctx: OrderContext) -> List[EventType] | None:
    """When an order being prepared should arrive, for "how many days until it comes?"; None
    for another question, an order already shipped or late, or when told already."""
    # Also asked in the message the order buttons answer ("já despacharam? e qnd chega?").
    asked = asked_now_or_before_offer(ctx.tracker, lambda text: said(ARRIVAL_DAYS, text))
    if ctx.order.status not in BEFORE_SHIPPING or asked is None:
        return None
    if bot_said(ctx.tracker, [ARRIVAL_WINDOW], ctx.order.order_number):
        return None
    expected = expected_days(ctx.order, datetime.now(timezone.utc))
    window = load_shop().delivery_window(ctx.order.destination_country)
    if expected is None or window is None:
        return None
    first, last = expected
    ctx.say(ARRIVAL_WINDOW, expected_from_date=first.isoformat(), expected_to_date=last.isoformat(),
            shortest_days=window.shortest, longest_days=window.longest)  # fmt: skip
    return []

"""Which of the buyer's orders a question means when the message names no number.

The topic narrows the orders to those it can be about (a refund status to orders
with refunds, also cancelled or delivered ones; a cancellation to orders not yet
shipped; tracking to shipped ones); what the buyer named (product words, an
amount, a date) and the order discussed last break ties. Only when that leaves
several does the bot ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple

from actions.arrival_words import AT_PICKUP_WORDS
from actions.cancel_questions import cancelled_without_asking
from actions.compound_words import with_compound_tails
from actions.delivered_words import says_marked_delivered
from actions.faster_words import asks_faster
from actions.number_parts import numbered
from actions.order_hints import Hints, held_at_customs, read_hints, received
from actions.payment_help import asks_how_to_pay, payment_failed
from actions.product_kinds import kind_named_at
from actions.variant_words import COLOURS
from bot.commerce.views import NOT_YET_SHIPPED, OrderView
from bot.nlu.said_words import phrases, said
from bot.nlu.scripts import HAN, THAI, script_runs
from bot.nlu.text_folding import fold_accents

Fits = Callable[[OrderView], bool]
AT_PICKUP = phrases(AT_PICKUP_WORDS)


def waits_at_pickup(order: OrderView) -> bool:
    """A parcel of the order waits at the post office or a pickup point."""
    return any(s.latest is not None and s.latest.status == "awaiting_pickup" for s in order.shipments)


def _unshipped(order: OrderView) -> bool:
    return order.status in NOT_YET_SHIPPED


def _awaiting_shipment(order: OrderView) -> bool:
    """Paid and not shipped: the seller owes the shipment (an unpaid order waits for the buyer)."""
    return order.status in ("paid", "processing")


def _shipped(order: OrderView) -> bool:
    return order.status == "shipped"


def _open(order: OrderView) -> bool:
    return order.status not in ("delivered", "cancelled", "refunded")


def _has_refund(order: OrderView) -> bool:
    return bool(order.refunds)


def _closed(order: OrderView) -> bool:
    return order.status in ("cancelled", "refunded")


# Per topic, the kinds of order it can be about, best first: the first kind any
# of the buyer's orders has decides the candidates.
PREFERENCES: Dict[str, Tuple[Fits, ...]] = {
    "track_order": (_shipped, _open, received),
    "urge_shipment": (_unshipped, _open),
    "cancel_order": (_unshipped, _open),
    "request_refund": (received, _open),
    "refund_status": (_has_refund, _closed),
    "customs_duty": (held_at_customs, _shipped),
    "damaged_item": (received, _shipped),
    "wrong_item": (received, _shipped),
}
# Per topic, the kind of order that settles a tie the buyer left open: "when will you ship?"
# with an unpaid and a paid order means the paid one, whose shipment the seller owes (asked
# which, lazada-id-001 answered "iya" and got the same question again). An order discussed
# before still wins, so the unpaid one being talked about keeps its answer.
TIE_BREAKS: Dict[str, Fits] = {"urge_shipment": _awaiting_shipment}
# Per topic, the kind of order also offered when the buyer has to pick: "meu pedido já saiu?"
# offered the two shipped orders and not the paid one still to ship, the one it asked about,
# and "a capinha do galaxy" (its product) then got the same two buttons again (round 10).
ALSO_OFFERED: Dict[str, Fits] = {"track_order": _awaiting_shipment}
# Product words long enough to mean something; Chinese or Thai words are short.
MIN_LATIN_WORD, MIN_OTHER_WORD = 4, 2
# "para" is the "for" of Spanish and Portuguese titles ("Funda para portátil"). Colours
# describe the item, they do not name it (actions/variant_words.py).
GENERIC_WORDS = frozenset({"with", "para", "pack", "size", "color", "colour", *COLOURS.split()})
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Choice:
    order: OrderView | None  # the order the question means, if it can tell
    candidates: Tuple[OrderView, ...]  # what to offer: the buyer picks from these


def fits(topic: str | None, order: OrderView) -> bool:
    """Could a question on this topic be about this order (its first-choice kind)?"""
    preferred = PREFERENCES.get(topic or "")
    return preferred is None or preferred[0](order)


def fitting_orders(topic: str | None, orders: Sequence[OrderView]) -> List[OrderView]:
    """The orders of the best-fitting kind for a question on this topic; none may fit."""
    for kind in PREFERENCES.get(topic or "", (_open,)):
        fitting = [o for o in orders if kind(o)]
        if fitting:
            return fitting
    return []


def candidates(topic: str | None, orders: Sequence[OrderView]) -> List[OrderView]:
    """The orders a question on this topic can be about. When none fits ("when is my refund?"
    and no refund anywhere), any of them: each one's answer says where it stands. The buyer
    was asked to type an order number instead, and asked again when they said "I paid"."""
    return fitting_orders(topic, orders) or list(orders)


def choose(
    topic: str | None, orders: Sequence[OrderView], text: str = "", last_discussed: str | None = None
) -> Choice:
    fitting = candidates(topic, orders)
    # A product named decides, also an order the topic does not fit ("where is my phone case?"
    # not shipped yet; "the earbuds broke" before the parcel was scanned as collected): the
    # answer says where that order stands, not how another one the buyer never meant does.
    product = only_one_named(text, orders)
    if product is not None:
        return Choice(product, tuple(fitting) or (product,))
    fitting = _as_said(text, orders) or fitting
    discussed = [o for o in orders if o.order_number == last_discussed and asks_faster(text)]
    if discussed:  # "can't you send it faster?" is about the parcel just discussed, shipped or not
        return Choice(discussed[0], tuple(fitting))
    if len(fitting) == 1:
        return Choice(fitting[0], tuple(fitting))
    named = named_among(text, read_hints(text), fitting)
    if named is not None:
        return Choice(named, tuple(fitting))
    also = ALSO_OFFERED.get(topic or "")
    more = [o for o in orders if also(o) and o not in fitting] if also else []
    # "e chega qnd?" right after the paid phone case was picked: that order, not the buttons.
    last = [o for o in (*fitting, *more) if o.order_number == last_discussed]
    if last:
        return Choice(last[0], tuple(fitting))
    tie_break = TIE_BREAKS.get(topic or "")
    settled = [o for o in fitting if tie_break(o)] if tie_break else []
    if len(settled) == 1:
        return Choice(settled[0], tuple(fitting))
    return Choice(None, (*fitting, *more))


def _as_said(text: str, orders: Sequence[OrderView]) -> List[OrderView]:
    """The orders in the state the message says its order is in, if it says one: "bao giao r
    ma e chua nhan dc" (it says delivered, I never got it) means the order shown delivered,
    not the one still travelling that "where is it?" fits best; "if I don't collect it at the
    post office" the one waiting there; "how do I pay?" the unpaid one."""
    if says_marked_delivered(text):
        return [o for o in orders if received(o)]
    if said(AT_PICKUP, text):
        return [o for o in orders if waits_at_pickup(o)]
    if cancelled_without_asking(text):
        return [o for o in orders if o.status == "cancelled"]
    if asks_how_to_pay(text) or payment_failed(text):  # "my card got declined when paying" too
        return [o for o in orders if o.status == "unpaid"]
    return []


def said_otherwise(text: str, order: OrderView) -> bool:
    """Does the message say the order shows something this one does not ("it says delivered",
    of a parcel still travelling)? Then it is about another order."""
    return says_marked_delivered(text) and not received(order)


def named_among(text: str, hints: Hints, orders: Sequence[OrderView]) -> OrderView | None:
    """The one of several orders the message names by part of its number, a product, an
    amount, a date, whether it is paid, whether it came or that it waits at customs."""
    named = list(orders)
    # Each thing the buyer named narrows the candidates, unless none of them fits it.
    fits = (
        lambda o: numbered(text, o),
        lambda o: mentions(text, o),
        hints.amount_fits,
        hints.date_fits,
        hints.payment_fits,
        hints.arrival_fits,
        hints.customs_fits,
    )
    for named_so in fits:
        named = [o for o in named if named_so(o)] or named
        if len(named) == 1:
            return named[0]
    return None


def only_one_named(text: str, orders: Sequence[OrderView]) -> OrderView | None:
    """The order the message names by a product or part of its number, when it names
    exactly one of `orders`."""
    for names in (numbered, mentions):
        named = [o for o in orders if names(text, o)]
        if len(named) == 1:
            return named[0]
    return None


def picked_from(text: str, offered: Sequence[OrderView]) -> OrderView | None:
    """The order a reply to "which one?" picks among those offered: the one it names,
    else the one at the place it says ("the second one") in the list as the bot showed it."""
    if len(offered) < 2:
        return None  # one order left is no choice the buyer made
    hints = read_hints(text)
    return named_among(text, hints, offered) or hints.at_place(offered)


def mentions(text: str, order: OrderView) -> bool:
    """Does the message name a product of the order ("the smartwatch", "保温杯", "หูฟัง")?"""
    return mentioned_at(text, order) is not None


def mentioned_at(text: str, order: OrderView) -> int | None:
    """Where the message first names a product of the order, if it does. Accents are folded
    on both sides: Vietnamese buyers write "op lung" for "Ốp lưng"."""
    said = _folded(text)
    said_words = WORD.findall(said)
    places = []
    for word in with_compound_tails(w for item in order.items for w in WORD.findall(_folded(item.title))):
        if not _telling(word) or _unspaced(word):
            continue
        if word in said:
            places.append(said.index(word))
        elif (stem := _inflected_stem(word, said_words)) is not None:
            places.append(said.index(stem))
    for item in order.items:
        places += [at for run in _unspaced_runs(item.title) if (at := _piece_at(run, said)) is not None]
        places += [m.start() for a in _acronyms(item.title) if (m := re.search(rf"\b{a}\b", said))]
        places += [at for at in [kind_named_at(text, item.title)] if at is not None]  # "o relógio"
    return min(places) if places else None


def _folded(text: str) -> str:
    return fold_accents(text.casefold())


def orders_named(text: str, orders: Sequence[OrderView]) -> List[OrderView]:
    """The orders the message names by a product, in the order it names them."""
    places = [(at, index) for index, o in enumerate(orders) if (at := mentioned_at(text, o)) is not None]
    return [orders[index] for _, index in sorted(places)]


# A capitalised short word of a title ("LED strip lights", "Bluetooth TWS") is the product's
# name to buyers ("the LED"), though too short for a plain word: matched as a whole word only,
# so "led" is not found inside "cancelled".
ACRONYM = re.compile(r"\b[A-Z]{3}\b")


def _acronyms(title: str) -> List[str]:
    return [a.casefold() for a in ACRONYM.findall(title) if a.casefold() not in GENERIC_WORDS]


# A long title word is also named in another case or number ("термокружка" -> "термокружки",
# "термокружку"): a message word that begins with all of it but its ending.
INFLECTED_WORD, ENDING = 6, 2


# Short Russian nouns change their ending too ("мышь" -> "мышку", "сумка" -> "сумку"): one
# ending letter goes, leaving at least SHORT_STEM letters.
SHORT_STEM, RUSSIAN_ENDINGS = 3, frozenset("ьйаяоеиыу")
CYRILLIC = re.compile(r"^[\u0400-\u04ff]+$")


def _inflected(word: str, said_words: List[str]) -> bool:
    return _inflected_stem(word, said_words) is not None


def _inflected_stem(word: str, said_words: List[str]) -> str | None:
    """The stem of `word` a message word begins with, when the message names it inflected."""
    if len(word) >= INFLECTED_WORD:
        stem = word[:-ENDING]
    elif len(word) > SHORT_STEM and CYRILLIC.match(word) and word[-1] in RUSSIAN_ENDINGS:
        stem = word[:-1]
    else:
        return None
    return stem if any(said.startswith(stem) for said in said_words) else None


# Thai and Chinese titles run words together ("หูฟังบลูทูธ", "不锈钢保温杯"), and a buyer names
# the product by part of the run ("หูฟังเสียค่ะ", "保温杯漏水"): a piece this long, shared with
# the message, names it. Thai needs more letters than Chinese characters for one word.
UNSPACED_PIECE = {THAI: 4, HAN: 2}


# Words of shop titles and of buyers' messages alike ("product", "genuine", "free shipping",
# "ready to ship"): a piece of one of them names no product.
GENERIC_UNSPACED = re.compile(
    "สินค้า|ของแท้|ส่งฟรี|พร้อมส่ง|ราคา|包邮|正品|新款|官方|旗舰店|现货|商品|产品|宝贝"
    # Colours, as GENERIC_WORDS: they describe the item, they do not name it.
    "|สีดำ|สีขาว|สีแดง|สีน้ำเงิน|สีฟ้า|สีเขียว|สีเหลือง|สีชมพู|สีม่วง|สีเทา|สีเงิน|สีทอง|สีใส"
    "|黑色|白色|蓝色|藍色|红色|紅色|绿色|綠色|黄色|黃色|粉色|紫色|灰色|银色|銀色|金色|透明"
)


def _unspaced_runs(title: str) -> List[Tuple[str, int]]:
    """(run, piece length) for each Thai or Chinese run of a title, its generic words left out."""
    runs = []
    for script, start, end in script_runs(title):
        length = UNSPACED_PIECE.get(script)
        if length is not None:
            parts = GENERIC_UNSPACED.split(title[start:end])
            runs += [(part, length) for part in parts if len(part) >= length]
    return runs


def _unspaced(word: str) -> bool:
    """Thai or Chinese: read by pieces. (\\w+ also cuts Thai at every vowel and tone mark,
    which are no word characters to `re`: "สินค้า" gave "ส", "นค", and "นค" is in many words.)"""
    return any(script in UNSPACED_PIECE for script, _, _ in script_runs(word))


def _piece_at(run: Tuple[str, int], said: str) -> int | None:
    """Where the message has a piece of the run this long, if it has one."""
    text, length = run
    places = [said.find(text[i : i + length]) for i in range(len(text) - length + 1)]
    found = [at for at in places if at >= 0]
    return min(found) if found else None


def names_nothing_else(text: str, titles: Sequence[str]) -> bool:
    """Does the message name a product of these titles and say nothing more ("o smartwatch",
    "the yoga mat")? Such a reply to "which order?" only picks one. Thai and Chinese run
    words together, so a word left over cannot be told apart there: they count as saying more."""
    said = text.casefold()
    if _unspaced_runs(said):
        return False
    title_words = [w for title in titles for w in WORD.findall(title.casefold())]
    telling = [w for w in WORD.findall(said) if _telling(w)]
    return bool(telling) and all(w in title_words or _inflected(w, title_words) for w in telling)


def could_name_a_product(text: str) -> bool:
    """Could `mentions` find a product in the message (a telling spaced word, or a Thai or
    Chinese run a piece can come from)? A bare "yes" or "ok" needs no look at the orders."""
    said = text.casefold()
    return any(_telling(w) and not _unspaced(w) for w in WORD.findall(said)) or bool(_unspaced_runs(said))


def _telling(word: str) -> bool:
    if word.isdigit() or word in GENERIC_WORDS:
        return False
    return len(word) >= (MIN_LATIN_WORD if word.isascii() else MIN_OTHER_WORD)

"""The queue as agents see it, with each chat's colour tags: those agents set on the
conversation and those the bot set on the buyer's open after-sales cases (red for a
quality problem, purple for a logistics dispute...), so the console can filter by tag.

The Redis queue knows neither (tags change after a chat is queued), so they are
read from the journal and the orders each time the queue is shown.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Dict, Iterable, List, Sequence, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.commerce.models import AfterSalesCase, Buyer, Order
from bot.desk.context import DeskContext
from bot.seller.tags import TAG_COLOURS

logger = logging.getLogger(__name__)

BuyerKey = Tuple[str, str]  # (marketplace, buyer id)


def open_case_tags(commerce, buyers: Iterable[BuyerKey]) -> Dict[BuyerKey, Tuple[str, ...]]:
    """The bot's tags on each buyer's not-closed after-sales cases (none without a commerce store)."""
    wanted = set(buyers)
    if commerce is None or not wanted:
        return {}
    stmt = (
        select(Buyer.marketplace, Buyer.buyer_id, AfterSalesCase.tag)
        .join(Order, AfterSalesCase.order_id == Order.id)
        .join(Buyer, Order.buyer_pk == Buyer.id)
        .where(
            Buyer.buyer_id.in_(sorted({buyer for _, buyer in wanted})),
            AfterSalesCase.tag.isnot(None),
            AfterSalesCase.status != "closed",
        )
    )
    found: Dict[BuyerKey, set] = {}
    with Session(commerce.engine) as session:
        for marketplace, buyer_id, tag in session.execute(stmt):
            if (marketplace, buyer_id) in wanted:
                found.setdefault((marketplace, buyer_id), set()).add(tag)
    return {key: ordered(tags) for key, tags in found.items()}


def ordered(tags: Iterable[str]) -> Tuple[str, ...]:
    present = set(tags)
    return tuple(colour for colour in TAG_COLOURS if colour in present)


async def tagged_queues(desk: DeskContext, tiers: List[dict], tag: str | None = None) -> List[dict]:
    """The queue snapshot with `tags` on every item; with `tag`, only the items carrying it."""
    items = [item for tier in tiers for item in tier["conversations"]]
    ids = [item["conversation_id"] for item in items]
    own = await desk.db(desk.journal.tags_of, ids)
    try:
        cases = await asyncio.to_thread(
            open_case_tags, desk.commerce, [(i["marketplace"], i["buyer_id"]) for i in items]
        )
    except Exception:  # the queue matters more than the bot's tags on it
        logger.exception("case tags of the queue could not be read")
        cases = {}
    for item in items:
        key = (item["marketplace"], item["buyer_id"])
        item["tags"] = list(ordered([*own.get(item["conversation_id"], ()), *cases.get(key, ())]))
    if not tag:
        return tiers
    return [
        {**tier, "conversations": [i for i in tier["conversations"] if tag in i["tags"]]} for tier in tiers
    ]


def case_tags_of(orders: Sequence) -> List[str]:
    """The bot's tags on the after-sales cases of these orders (OrderViews), still open."""
    return list(ordered(c.tag for order in orders for c in order.cases if c.tag and c.status != "closed"))

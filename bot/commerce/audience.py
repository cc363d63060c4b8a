"""The buyers a seller's promo campaign reaches: those the shop knows (imported with
their orders) who match every filter the campaign names (bot.seller.campaigns.Audience).

Marketplace and country are the buyer record's; the order dates are any of the
buyer's orders. One row per buyer (marketplace + buyer id), in a stable order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.commerce.models import Buyer, Order
from bot.commerce.views import sender_id
from bot.seller.campaigns import Audience


@dataclass(frozen=True)
class Recipient:
    marketplace: str
    buyer_id: str
    language: str  # the buyer record's

    @property
    def sender_id(self) -> str:
        """The desk's and Rasa's conversation key for this buyer."""
        return sender_id(self.marketplace, self.buyer_id)


def recipients(engine: Engine, audience: Audience) -> List[Recipient]:
    query = select(Buyer.marketplace, Buyer.buyer_id, Buyer.language)
    if audience.marketplaces:
        query = query.where(func.lower(Buyer.marketplace).in_(audience.marketplaces))
    if audience.countries:
        query = query.where(func.upper(Buyer.country).in_(audience.countries))
    if audience.buyer_ids:
        query = query.where(Buyer.buyer_id.in_(audience.buyer_ids))
    if audience.ordered_from is not None or audience.ordered_until is not None:
        orders = select(Order.id).where(Order.buyer_pk == Buyer.id)
        if audience.ordered_from is not None:
            orders = orders.where(Order.placed_at >= audience.ordered_from)
        if audience.ordered_until is not None:
            orders = orders.where(Order.placed_at <= audience.ordered_until)
        query = query.where(orders.exists())
    with Session(engine, future=True) as session:
        rows = session.execute(query.order_by(Buyer.marketplace, Buyer.buyer_id)).all()
    return [Recipient(marketplace, buyer_id, language) for marketplace, buyer_id, language in rows]

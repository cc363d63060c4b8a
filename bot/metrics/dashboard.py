"""The supervisor dashboard's lists beside the KPIs: what buyers asked about most (the
journal's intent per buyer message) and the quality report (the products in after-sales
cases the team tagged red as damaged or wrong: the seller's "report it" colour).

Counted with SQL over the period's seller days, like the KPIs (bot/metrics/periods.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, List

from sqlalchemy import and_, func, inspect, select
from sqlalchemy.engine import Engine

from bot.commerce.models import AfterSalesCase, OrderItem
from bot.desk.models import CsatAnswer, Message
from bot.metrics.periods import Period

# Case kinds that mean the product itself is at fault, and the tag colour for quality problems.
QUALITY_KINDS = ("damaged", "wrong_item")
QUALITY_TAG = "red"
TOP = 10


@dataclass(frozen=True)
class IntentCount:
    intent: str
    messages: int


@dataclass(frozen=True)
class ProductCount:
    sku: str
    title: str
    cases: int  # distinct red-tagged damaged/wrong cases naming the product
    units: int  # the units of it on those cases' orders, each order once


def top_intents(engine: Engine, period: Period, limit: int = TOP) -> List[IntentCount]:
    """The most frequent intents of the buyer messages written in the period. An agent's
    correction wins over what the bot read; a CSAT rating is no question."""
    intent = func.coalesce(Message.corrected_intent, Message.intent)
    rated = select(CsatAnswer.message_id).where(CsatAnswer.message_id.isnot(None))
    count = func.count(Message.id)
    query = (
        select(intent, count)
        .where(
            Message.direction == "in",
            Message.author == "buyer",
            Message.created_at >= period.start(),
            Message.created_at < period.end(),
            intent.isnot(None),
            Message.id.notin_(rated),
        )
        .group_by(intent)
        .order_by(count.desc(), intent)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [IntentCount(name, int(n)) for name, n in conn.execute(query)]


def quality_report(engine: Engine, period: Period, limit: int = TOP) -> List[ProductCount]:
    """The products most often in red-tagged damaged/wrong-item cases opened in the period."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(AfterSalesCase.__tablename__):
            return []  # a desk without the commerce tables has no cases
        in_report = and_(
            AfterSalesCase.tag == QUALITY_TAG,
            AfterSalesCase.kind.in_(QUALITY_KINDS),
            AfterSalesCase.created_at >= period.start(),
            AfterSalesCase.created_at < period.end(),
        )
        units = _units_on_reported_orders(in_report)
        cases = func.count(func.distinct(AfterSalesCase.id))
        query = (
            select(OrderItem.sku, OrderItem.title, cases, units.c.units)
            .select_from(AfterSalesCase)
            .join(OrderItem, OrderItem.order_id == AfterSalesCase.order_id)
            .join(units, and_(units.c.sku == OrderItem.sku, units.c.title == OrderItem.title))
            .where(in_report)
            .group_by(OrderItem.sku, OrderItem.title, units.c.units)
            .order_by(cases.desc(), OrderItem.sku)
            .limit(limit)
        )
        rows = conn.execute(query).all()
    return [ProductCount(sku, title, int(n), int(units or 0)) for sku, title, n, units in rows]


def _units_on_reported_orders(in_report: Any) -> Any:
    """Each product's units over the orders with a case in the report, each order once: an
    order with two such cases (damaged and wrong item) holds its units once."""
    orders = select(AfterSalesCase.order_id).where(in_report).distinct().subquery()
    return (
        select(OrderItem.sku, OrderItem.title, func.sum(OrderItem.quantity).label("units"))
        .join(orders, orders.c.order_id == OrderItem.order_id)
        .group_by(OrderItem.sku, OrderItem.title)
        .subquery()
    )


def dashboard_lists(engine: Engine, period: Period) -> Dict[str, List[Dict[str, Any]]]:
    """Both lists as JSON-ready dicts (the supervisor API's body)."""
    return {
        "top_intents": [asdict(row) for row in top_intents(engine, period)],
        "quality": [asdict(row) for row in quality_report(engine, period)],
    }

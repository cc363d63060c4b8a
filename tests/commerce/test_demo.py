"""The demo data covers every situation, stays relative to now, and loads idempotently."""

from __future__ import annotations

from datetime import timedelta

from bot.commerce.demo import DEMO_BUYERS, DEMO_ORDERS, load_demo_data
from bot.commerce.importer import ImportResult
from bot.commerce.views import NOT_YET_SHIPPED, BuyerRef

from .conftest import NOW, snapshot


def get(repo, scenario: str, now=NOW):
    key, number = DEMO_ORDERS[scenario]
    order = repo.order_for_buyer(DEMO_BUYERS[key], number)
    assert order is not None, scenario
    return order


def latest(order):
    (parcel,) = order.shipments
    return parcel.latest


def test_buyers_are_stable_refs_in_every_language():
    assert all(isinstance(ref, BuyerRef) and ref.buyer_id == key for key, ref in DEMO_BUYERS.items())
    assert {ref.marketplace for ref in DEMO_BUYERS.values()} == {
        "lazada",
        "shopee",
        "aliexpress",
        "ozon",
        "wish",
    }
    assert {key for key, _ in DEMO_ORDERS.values()} == set(DEMO_BUYERS)


def test_every_language_has_a_buyer(demo):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from bot.commerce.models import Buyer

    with Session(demo.engine, future=True) as session:
        languages = set(session.execute(select(Buyer.language)).scalars())
        vip = list(session.execute(select(Buyer.buyer_id).where(Buyer.vip)).scalars())
    assert languages == {"en", "zh", "ru", "es", "pt", "th", "vi", "id"}
    assert vip == ["lazada-ph-001"]


def test_demo_covers_every_case(demo):
    assert get(demo, "unpaid").status == "unpaid"
    ahead = get(demo, "paid_awaiting_shipment")
    assert ahead.status == "paid" and ahead.ship_by > NOW.date()
    overdue = get(demo, "paid_overdue")
    assert overdue.status == "paid" and overdue.ship_by < NOW.date()
    assert get(demo, "processing_vip").status == "processing"

    transit = get(demo, "in_transit")
    assert transit.status == "shipped" and latest(transit).status == "arrived_destination_country"
    assert NOW - latest(transit).occurred_at <= timedelta(days=2)

    customs = get(demo, "customs_low_declared_value")
    assert latest(customs).status == "customs" and customs.destination_country == "BR"
    assert customs.declared_value < customs.total / 10

    pickup = latest(get(demo, "awaiting_pickup"))
    assert pickup.status == "awaiting_pickup" and "Post Office" in pickup.place
    assert pickup.occurred_at == NOW - timedelta(days=3)

    stale = latest(get(demo, "stale_tracking"))
    assert NOW - stale.occurred_at >= timedelta(days=8) and stale.status != "delivered"

    assert latest(get(demo, "out_for_delivery")).status == "out_for_delivery"
    for scenario in ("delivered", "delivered_not_received"):
        order = get(demo, scenario)
        assert order.status == "delivered" and latest(order).status == "delivered"

    split = get(demo, "split_shipment")
    assert len(split.shipments) == 2
    assert len({s.latest.status for s in split.shipments}) == 2

    assert get(demo, "cancelled").status == "cancelled" and get(demo, "cancelled").refunds == ()

    (processed,) = get(demo, "refunded").refunds
    assert get(demo, "refunded").status == "refunded"
    assert processed.status == "processed" and processed.processed_at == NOW - timedelta(days=5)
    (requested,) = get(demo, "refund_requested").refunds
    assert requested.status == "requested" and requested.processed_at is None
    (approved,) = get(demo, "refund_approved").refunds
    assert approved.status == "approved" and approved.processed_at is None

    assert len(demo.open_orders(DEMO_BUYERS["lazada-th-001"])) == 1
    assert len(demo.open_orders(DEMO_BUYERS["aliexpress-br-001"])) >= 2
    statuses = {get(demo, s).status for s in DEMO_ORDERS}
    assert set(NOT_YET_SHIPPED) | {"shipped", "delivered", "cancelled", "refunded"} == statuses


def test_loading_twice_changes_nothing(demo):
    before = snapshot(demo.engine)
    assert load_demo_data(demo, now=NOW) == ImportResult(unchanged=len(DEMO_ORDERS))
    assert snapshot(demo.engine) == before


def test_loading_later_moves_the_dates_without_duplicating(demo):
    rows = {table: len(rows) for table, rows in snapshot(demo.engine).items()}
    later = NOW + timedelta(days=2, hours=5)
    result = load_demo_data(demo, now=later)
    assert result.created == 0 and result.updated == len(DEMO_ORDERS)
    assert {table: len(rows) for table, rows in snapshot(demo.engine).items()} == rows
    assert latest(get(demo, "awaiting_pickup")).occurred_at == later - timedelta(days=3)


def test_loading_again_resets_what_the_bot_changed(demo):
    key, number = DEMO_ORDERS["ozon_paid"]
    demo.cancel_order(DEMO_BUYERS[key], number, "changed my mind", now=NOW)
    key, delivered = DEMO_ORDERS["delivered"]
    demo.open_case(DEMO_BUYERS[key], delivered, "damaged")
    before_reset = load_demo_data(demo, now=NOW)
    assert before_reset.updated == 2
    assert get(demo, "ozon_paid").status == "paid" and get(demo, "ozon_paid").refunds == ()
    assert get(demo, "delivered").cases == ()


def test_loading_again_forgets_the_demo_buyers_failed_lookups(demo):
    """Failed order-number lookups are counted per buyer, across chats: after a round of play,
    lazada-th-001 replayed on a reset demo hit "I can't look up more order numbers" with its
    first message (round 16). Another buyer's count is not the demo's to forget."""
    played, stranger = DEMO_BUYERS["lazada-th-001"], BuyerRef("lazada", "not-a-demo-buyer")
    for _ in range(3):
        demo.record_failed_lookup(played, now=NOW)
    demo.record_failed_lookup(stranger, now=NOW)
    load_demo_data(demo, now=NOW)
    assert demo.record_failed_lookup(played, now=NOW) == 1
    assert demo.record_failed_lookup(stranger, now=NOW) == 2


def test_demo_loads_on_a_bare_engine(engine):
    assert load_demo_data(engine, now=NOW).created == len(DEMO_ORDERS)


def test_the_data_files_are_the_scenarios():
    from bot.commerce.demo import ORDERS_FILE, TRACKING_FILE
    from bot.commerce.importer import read_orders, read_tracking

    orders = read_orders(ORDERS_FILE)
    assert sorted((o.buyer.id, o.order_number) for o in orders) == sorted(DEMO_ORDERS.values())
    assert all(DEMO_BUYERS[o.buyer.id].marketplace == o.marketplace for o in orders)
    parcels = {s.tracking_number for o in orders for s in o.shipments or ()}
    assert {e.tracking_number for e in read_tracking(TRACKING_FILE)} == parcels


def test_the_demo_buyers_are_documented_next_to_the_data():
    from bot.commerce.demo import DATA

    readme = (DATA / "README.md").read_text()
    assert all(f"| `{key}` |" in readme for key in DEMO_BUYERS)


def test_the_data_files_import_as_they_are(repo):
    from bot.commerce.demo import ORDERS_FILE, TRACKING_FILE
    from bot.commerce.importer import import_orders, import_tracking

    assert import_orders(repo, ORDERS_FILE) == ImportResult(created=len(DEMO_ORDERS))
    assert import_tracking(repo, TRACKING_FILE).created == 35
    assert load_demo_data(repo, now=NOW) == ImportResult(unchanged=len(DEMO_ORDERS))


def test_ship_by_dates_move_with_now_across_midnight(demo):
    later = NOW + timedelta(hours=13)  # the next day, 01:00 UTC
    load_demo_data(demo, now=later)
    assert get(demo, "paid_overdue").ship_by == (later - timedelta(days=2)).date()
    assert get(demo, "paid_awaiting_shipment").ship_by == (later + timedelta(days=2)).date()

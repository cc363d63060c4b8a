"""CommerceRepository on the demo data, on both backends."""

from __future__ import annotations

import threading
from datetime import timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.commerce.demo import DEMO_BUYERS, DEMO_ORDERS
from bot.commerce.errors import NotCancellable, NotFound, NotRefundable
from bot.commerce.models import AfterSalesCase, Refund
from bot.commerce.repository import FLAG_AFTER_ATTEMPTS
from bot.commerce.views import BuyerRef, OrderView

from .conftest import NOW


def scenario(name: str) -> tuple[BuyerRef, str]:
    key, number = DEMO_ORDERS[name]
    return DEMO_BUYERS[key], number


def order(repo, name: str) -> OrderView:
    buyer, number = scenario(name)
    found = repo.order_for_buyer(buyer, number)
    assert found is not None, name
    return found


# -- lookups --------------------------------------------------------------------------


def test_another_buyers_order_looks_exactly_like_an_unknown_one(demo, count_statements):
    buyer, number = scenario("awaiting_pickup")
    stranger = DEMO_BUYERS["wish-us-001"]
    same_marketplace = DEMO_BUYERS["lazada-vn-001"]
    with count_statements() as theirs:
        assert demo.order_for_buyer(stranger, number) is None
        assert demo.order_for_buyer(same_marketplace, number) is None
    with count_statements() as unknown:
        assert demo.order_for_buyer(stranger, "512300458879999") is None
        assert demo.order_for_buyer(same_marketplace, "512300458879999") is None
    # Same statements, buyer filtered in SQL: nothing to time or tell apart.
    assert theirs.statements == unknown.statements
    assert demo.order_for_buyer(buyer, number).order_number == number
    # The same buyer id on another marketplace is another buyer.
    assert demo.order_for_buyer(BuyerRef("shopee", buyer.buyer_id), number) is None


def test_tracking_number_finds_its_order_however_it_is_typed(demo):
    buyer, number = scenario("awaiting_pickup")
    for typed in ("EB123456785TH", "eb123456785th", " EB 1234 5678 5TH ", "#EB123456785TH"):
        found = demo.order_for_buyer(buyer, typed)
        assert found is not None and found.order_number == number, typed
    assert demo.order_for_buyer(DEMO_BUYERS["lazada-vn-001"], "EB123456785TH") is None
    assert demo.order_for_buyer(buyer, "") is None
    assert demo.order_for_buyer(buyer, "x" * 500) is None


def test_an_ozon_order_number_typed_in_groups_finds_its_order(demo):
    """ "заказ 48392017 0031 1" (ozon-ru-001): the groups stand for the hyphens."""
    buyer = DEMO_BUYERS["ozon-ru-001"]
    found = demo.order_for_buyer(buyer, "48392017 0031 1")
    assert found is not None and found.order_number == "48392017-0031-1"


def test_marketplace_in_the_buyer_ref_is_case_insensitive(demo):
    buyer, number = scenario("awaiting_pickup")
    assert demo.order_for_buyer(BuyerRef("Lazada", buyer.buyer_id), number) is not None


def test_order_view_is_complete_and_in_utc(demo):
    found = order(demo, "awaiting_pickup")
    assert found.status == "shipped" and found.currency == "THB" and found.destination_country == "TH"
    assert found.total == Decimal("599.00") and found.declared_value == Decimal("300.00")
    (parcel,) = found.shipments
    assert parcel.carrier == "Thailand Post"
    assert [e.status for e in parcel.events][-2:] == ["customs", "awaiting_pickup"]
    assert parcel.latest.place == "Bang Rak Post Office, Bangkok 10500"
    assert parcel.latest.occurred_at == NOW - timedelta(days=3)
    stamps = [found.placed_at, found.paid_at, found.shipped_at, parcel.shipped_at]
    stamps += [e.occurred_at for e in parcel.events]
    assert all(s.tzinfo is timezone.utc for s in stamps)
    assert [e.occurred_at for e in parcel.events] == sorted(e.occurred_at for e in parcel.events)


def test_split_order_has_both_parcels_in_their_own_states(demo):
    buyer, number = scenario("split_shipment")
    found = order(demo, "split_shipment")
    assert [(s.tracking_number, s.latest.status) for s in found.shipments] == [
        ("SPXSG0123456781", "delivered"),
        ("SPXSG0123456799", "departed_origin"),
    ]
    # Either parcel's tracking number leads to the whole order.
    assert demo.order_for_buyer(buyer, "SPXSG0123456799").shipments == found.shipments
    assert found.total == Decimal("18.90") + 2 * Decimal("12.50")


def test_open_orders_newest_first_without_finished_ones(demo):
    (only,) = demo.open_orders(DEMO_BUYERS["lazada-th-001"])
    assert only.order_number == DEMO_ORDERS["awaiting_pickup"][1]
    several = demo.open_orders(DEMO_BUYERS["aliexpress-br-001"])
    assert len(several) == 3
    assert [o.placed_at for o in several] == sorted((o.placed_at for o in several), reverse=True)
    assert demo.open_orders(DEMO_BUYERS["wish-us-001"]) == []  # delivered + refunded
    assert demo.open_orders(BuyerRef("lazada", "nobody")) == []


def test_latest_orders_include_finished_ones_and_respect_the_limit(demo):
    buyer = DEMO_BUYERS["lazada-th-001"]
    assert [o.status for o in demo.latest_orders(buyer)] == ["shipped", "delivered"]
    assert len(demo.latest_orders(buyer, limit=1)) == 1


def test_the_latest_destination_is_the_newest_orders_and_only_the_buyers_own(demo):
    for buyer in DEMO_BUYERS.values():
        newest = demo.latest_orders(buyer, limit=1)
        expected = newest[0].destination_country if newest else None
        assert demo.latest_destination_country(buyer) == expected
    assert demo.latest_destination_country(DEMO_BUYERS["aliexpress-br-001"]) == "BR"
    # Another marketplace's buyer with the same id, and a buyer with no orders: nothing.
    assert demo.latest_destination_country(BuyerRef("shopee", "lazada-th-001")) is None
    assert demo.latest_destination_country(BuyerRef("lazada", "nobody")) is None


def test_open_orders_stops_at_ten(repo):
    from bot.commerce.importer import parse_order, write_orders, write_session

    lines = [
        {
            "marketplace": "wish",
            "order_number": f"ORDER-{n:02d}",
            "buyer": {"id": "busy", "name": "Busy Buyer", "country": "US", "language": "en"},
            "status": "paid",
            "placed_at": (NOW - timedelta(hours=n)).isoformat(),
            "currency": "USD",
            "destination_country": "US",
            "items": [{"sku": "S", "title": "T", "quantity": 1, "unit_price": 1, "declared_value": 1}],
        }
        for n in range(12)
    ]
    with write_session(repo.engine) as session, session.begin():
        write_orders(session, [parse_order(line, n) for n, line in enumerate(lines, 1)])
    found = repo.open_orders(BuyerRef("wish", "busy"))
    assert [o.order_number for o in found] == [f"ORDER-{n:02d}" for n in range(10)]


# -- cancelling ------------------------------------------------------------------------


def test_cancel_unpaid_order_makes_no_refund(demo):
    buyer, number = scenario("unpaid")
    done = demo.cancel_order(buyer, number, "ordered by mistake", now=NOW)
    assert done.status == "cancelled" and done.refunds == ()
    assert demo.order_for_buyer(buyer, number).status == "cancelled"


@pytest.mark.parametrize("name", ["paid_overdue", "processing_vip", "br_paid"])
def test_cancel_paid_order_approves_a_refund_of_the_total(demo, name):
    buyer, number = scenario(name)
    done = demo.cancel_order(buyer, number, "  changed   my mind ", now=NOW)
    (refund,) = done.refunds
    assert (refund.status, refund.amount, refund.currency) == ("approved", done.total, done.currency)
    assert refund.reason == "changed my mind" and refund.requested_at == NOW
    assert demo.order_for_buyer(buyer, number) == done


@pytest.mark.parametrize("name", ["in_transit", "delivered", "cancelled", "refunded", "refund_approved"])
def test_cancel_after_shipping_or_twice_is_refused_with_the_order(demo, name):
    buyer, number = scenario(name)
    before = demo.order_for_buyer(buyer, number)
    with pytest.raises(NotCancellable) as refused:
        demo.cancel_order(buyer, number, "please", now=NOW)
    assert refused.value.order == before
    assert demo.order_for_buyer(buyer, number) == before


def test_cancelling_an_already_cancelled_order_raises_not_cancellable(demo):
    buyer, number = scenario("ozon_paid")
    demo.cancel_order(buyer, number, "changed my mind", now=NOW)
    with pytest.raises(NotCancellable) as again:
        demo.cancel_order(buyer, number, "changed my mind", now=NOW)
    assert again.value.order.status == "cancelled" and len(again.value.order.refunds) == 1


def test_cancel_someone_elses_order_is_not_found(demo):
    _, number = scenario("ozon_paid")
    with pytest.raises(NotFound):
        demo.cancel_order(DEMO_BUYERS["wish-gb-001"], number, "x")
    with pytest.raises(NotFound):
        demo.cancel_order(DEMO_BUYERS["wish-gb-001"], "no-such-order", "x")


def test_cancel_approves_an_open_refund_instead_of_adding_one(demo):
    buyer, number = scenario("ozon_paid")
    requested = demo.request_refund(buyer, number, "late", amount="100.00", now=NOW)
    done = demo.cancel_order(buyer, number, "too slow", now=NOW)
    (refund,) = done.refunds
    assert refund.id == requested.id and refund.status == "approved" and refund.amount == done.total


# -- refunds ---------------------------------------------------------------------------


def test_request_refund_defaults_to_the_total_and_is_idempotent(demo):
    buyer, number = scenario("delivered")
    first = demo.request_refund(buyer, number, "broken", now=NOW)
    assert (first.status, first.amount, first.currency) == ("requested", Decimal("178000.00"), "VND")
    again = demo.request_refund(buyer, number, "broken!!", amount="10", now=NOW + timedelta(hours=1))
    assert again == first
    assert len(order(demo, "delivered").refunds) == 1


def test_request_refund_returns_the_existing_open_one(demo):
    buyer, number = scenario("refund_requested")
    existing = order(demo, "refund_requested").refunds[0]
    assert demo.request_refund(buyer, number, "again") == existing
    buyer, number = scenario("refund_approved")
    assert demo.request_refund(buyer, number, "again").status == "approved"


def test_request_refund_partial_amount(demo):
    buyer, number = scenario("delivered_not_received")
    refund = demo.request_refund(buyer, number, "one item missing", amount=Decimal("5.5"), now=NOW)
    assert refund.amount == Decimal("5.50")
    with pytest.raises(ValueError):
        demo.request_refund(*scenario("delivered"), "x", amount="-1")
    # Beyond Decimal's 28 digits quantize() raised InvalidOperation, which no caller expects.
    for huge in ("1e30", 10**40):
        with pytest.raises(ValueError, match="positive with at most 2 decimals"):
            demo.request_refund(*scenario("delivered"), "x", amount=huge)


def test_request_refund_refuses_what_cannot_be_refunded(demo):
    with pytest.raises(NotRefundable):
        demo.request_refund(*scenario("unpaid"), "x")
    with pytest.raises(NotRefundable):
        demo.request_refund(*scenario("cancelled"), "x")  # cancelled before paying
    with pytest.raises(NotRefundable):
        demo.request_refund(*scenario("refunded"), "x")  # refunded in full already
    with pytest.raises(ValueError, match="more than"):
        demo.request_refund(*scenario("delivered"), "x", amount="999999")
    with pytest.raises(NotFound):
        demo.request_refund(DEMO_BUYERS["wish-gb-001"], scenario("delivered")[1], "x")


# -- after-sales cases ---------------------------------------------------------------------


def test_case_lifecycle(demo):
    buyer, number = scenario("delivered")
    case = demo.open_case(buyer, number, "damaged", tag="red", now=NOW)
    assert (case.status, case.photos, case.tag, case.tier) == ("awaiting_photos", (), "red", None)
    assert case.created_at == NOW

    same = demo.open_case(buyer, number, "damaged", now=NOW + timedelta(minutes=1))
    assert same.id == case.id and same.status == "awaiting_photos"

    photo = "https://cdn.example.com/p/1.jpg"
    opened = demo.add_photos(buyer, case.id, [photo, photo])
    assert opened.status == "open" and opened.photos == (photo,)

    more = demo.open_case(buyer, number, "damaged", photos=["https://cdn.example.com/p/2.jpg"])
    assert more.id == case.id and more.photos == (photo, "https://cdn.example.com/p/2.jpg")

    escalated = demo.escalate_case(buyer, case.id, 2)
    assert (escalated.status, escalated.tier) == ("escalated", 2)
    assert demo.open_case(buyer, number, "damaged").id == case.id  # escalated is still live

    other_kind = demo.open_case(buyer, number, "wrong_item", photos=[photo])
    assert other_kind.id != case.id and other_kind.status == "open"
    assert {c.id for c in order(demo, "delivered").cases} == {case.id, other_kind.id}


def test_cases_that_need_no_photos_open_at_once(demo):
    buyer, number = scenario("stale_tracking")
    case = demo.open_case(buyer, number, "logistics_check", tag="purple")
    assert case.status == "open" and case.tag == "purple"


def test_a_closed_case_does_not_block_a_new_one(demo, engine):
    buyer, number = scenario("delivered")
    first = demo.open_case(buyer, number, "not_received")
    with Session(engine, future=True) as session, session.begin():
        session.get(AfterSalesCase, first.id).status = "closed"
    assert demo.open_case(buyer, number, "not_received").id != first.id


def test_cases_of_other_buyers_are_not_found(demo):
    buyer, number = scenario("delivered")
    case = demo.open_case(buyer, number, "damaged")
    stranger = DEMO_BUYERS["wish-us-001"]
    with pytest.raises(NotFound):
        demo.add_photos(stranger, case.id, ["https://x.example/1.jpg"])
    with pytest.raises(NotFound):
        demo.escalate_case(stranger, case.id, 2)
    with pytest.raises(NotFound):
        demo.escalate_case(buyer, case.id + 1000, 2)
    with pytest.raises(NotFound):
        demo.open_case(stranger, number, "damaged")


def test_case_input_is_checked(demo):
    buyer, number = scenario("delivered")
    with pytest.raises(ValueError):
        demo.open_case(buyer, number, "exploded")
    with pytest.raises(ValueError):
        demo.open_case(buyer, number, "damaged", tag="pink")
    with pytest.raises(ValueError):
        demo.open_case(buyer, number, "damaged", photos=["file:///etc/passwd"])
    case = demo.open_case(buyer, number, "damaged")
    with pytest.raises(ValueError):
        demo.escalate_case(buyer, case.id, 0)


# -- failed lookups ------------------------------------------------------------------------


def test_failed_lookups_are_flagged_at_the_fifth(repo):
    buyer = BuyerRef("lazada", "guesser")
    for attempt in range(1, FLAG_AFTER_ATTEMPTS):
        assert repo.record_failed_lookup(buyer, now=NOW) == attempt
        assert not repo.is_flagged(buyer)
    assert repo.record_failed_lookup(buyer, now=NOW) == 5
    assert repo.is_flagged(buyer)
    assert repo.record_failed_lookup(buyer, now=NOW) == 6
    assert repo.is_flagged(buyer)
    # Counted per buyer: another buyer (or the same id on another marketplace) starts afresh.
    assert repo.record_failed_lookup(BuyerRef("lazada", "someone")) == 1
    assert repo.record_failed_lookup(BuyerRef("shopee", "guesser")) == 1
    assert not repo.is_flagged(BuyerRef("lazada", "someone"))
    assert repo.record_failed_lookup(BuyerRef("LAZADA", "guesser")) == 7


# -- round trips -------------------------------------------------------------------------------

PHOTO = "https://cdn.example.com/p/9.jpg"


def _calls(repo):
    """(name, call) for every public method, each on the path that does the most."""
    th, th_number = scenario("awaiting_pickup")
    split_buyer, split_number = scenario("split_shipment")
    paid_buyer, paid_number = scenario("br_paid")
    delivered_buyer, delivered_number = scenario("delivered")
    state = {}

    def open_case():
        state["case"] = repo.open_case(delivered_buyer, delivered_number, "damaged", tag="red")

    return [
        ("order_for_buyer", lambda: repo.order_for_buyer(split_buyer, split_number)),
        ("order_for_buyer by tracking", lambda: repo.order_for_buyer(th, "EB123456785TH")),
        ("order_for_buyer unknown", lambda: repo.order_for_buyer(th, "nope")),
        ("open_orders", lambda: repo.open_orders(DEMO_BUYERS["aliexpress-br-001"])),
        ("latest_orders", lambda: repo.latest_orders(split_buyer, limit=5)),
        ("cancel_order", lambda: repo.cancel_order(paid_buyer, paid_number, "x")),
        ("cancel_order refused", lambda: _refused(lambda: repo.cancel_order(th, th_number, "x"))),
        ("request_refund new", lambda: repo.request_refund(delivered_buyer, delivered_number, "x")),
        ("request_refund existing", lambda: repo.request_refund(delivered_buyer, delivered_number, "x")),
        ("open_case new", open_case),
        ("open_case existing", lambda: repo.open_case(delivered_buyer, delivered_number, "damaged", [PHOTO])),
        ("add_photos", lambda: repo.add_photos(delivered_buyer, state["case"].id, [PHOTO + "?2"])),
        ("escalate_case", lambda: repo.escalate_case(delivered_buyer, state["case"].id, 2)),
        ("record_failed_lookup first", lambda: repo.record_failed_lookup(th)),
        ("record_failed_lookup again", lambda: repo.record_failed_lookup(th)),
        ("is_flagged", lambda: repo.is_flagged(th)),
    ]


def _refused(call):
    with pytest.raises(NotCancellable):
        call()


def test_every_method_takes_at_most_three_round_trips(demo, count_statements):
    counts = {}
    for name, call in _calls(demo):
        with count_statements() as counter:
            call()
        counts[name] = counter.count
    assert all(0 < n <= 3 for n in counts.values()), counts
    assert counts["order_for_buyer unknown"] == 1
    assert counts["order_for_buyer"] == 1  # one joined statement


# -- concurrency --------------------------------------------------------------------------


def _race(calls: int, call):
    barrier = threading.Barrier(calls)
    results, errors = [], []

    def run():
        barrier.wait()
        try:
            results.append(call())
        except Exception as exc:  # collected and re-raised by the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


def test_concurrent_refund_requests_make_one_refund(demo, engine):
    buyer, number = scenario("delivered")
    results = _race(6, lambda: demo.request_refund(buyer, number, "broken"))
    assert len({r.id for r in results}) == 1
    with Session(engine, future=True) as session:
        assert session.execute(select(func.count()).select_from(Refund)).scalar() == 4  # 3 in the demo + 1


def test_concurrent_case_openings_make_one_case(demo):
    buyer, number = scenario("delivered")
    results = _race(6, lambda: demo.open_case(buyer, number, "damaged"))
    assert len({c.id for c in results}) == 1

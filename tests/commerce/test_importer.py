"""JSON Lines import: every line checked first, one transaction, idempotent."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot import PROJECT_ROOT
from bot.commerce.importer import ImportError_, ImportResult, import_orders, import_tracking
from bot.commerce.views import BuyerRef

from .conftest import snapshot

EXAMPLES = PROJECT_ROOT / "docs" / "examples"
ORDERS = EXAMPLES / "orders.jsonl"
TRACKING = EXAMPLES / "tracking.jsonl"


def example_orders() -> list[dict]:
    return [json.loads(line) for line in ORDERS.read_text().splitlines() if line.strip()]


def write(tmp_path, lines, name="file.jsonl") -> str:
    path = tmp_path / name
    if isinstance(lines, bytes):
        path.write_bytes(lines)
    else:
        path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return str(path)


def test_examples_import_then_change_nothing_the_second_time(repo):
    assert import_orders(repo, ORDERS) == ImportResult(created=4)
    assert import_tracking(repo, TRACKING) == ImportResult(created=7)
    before = snapshot(repo.engine)
    assert import_orders(repo, ORDERS) == ImportResult(unchanged=4)
    assert import_tracking(repo, TRACKING) == ImportResult(unchanged=7)
    assert snapshot(repo.engine) == before


def test_imported_orders_read_back_exactly(repo):
    import_orders(repo, ORDERS)
    import_tracking(repo, TRACKING)
    buyer = BuyerRef("aliexpress", "br-5521")
    order = repo.order_for_buyer(buyer, "8190000000000001")
    assert order.total == Decimal("249.90") + 2 * Decimal("19.90")
    assert order.declared_value == Decimal("19.00")
    assert [s.latest.status for s in order.shipments] == ["customs", "delivered"]
    customs = order.shipments[0].latest
    assert customs.occurred_at == datetime(2024, 6, 1, 19, 20, tzinfo=timezone.utc)  # -03:00 -> UTC
    thai = repo.order_for_buyer(BuyerRef("lazada", "th-88213"), "512300458870001")
    assert thai.placed_at == datetime(2024, 6, 1, 1, 12, tzinfo=timezone.utc)
    assert thai.ship_by.isoformat() == "2024-06-04"
    unpaid = repo.order_for_buyer(BuyerRef("wish", "us-31337"), "65a1f0c2e4b0a1d2c3e4f000")
    assert unpaid.placed_at == datetime(2024, 6, 10, 18, 30, tzinfo=timezone.utc)  # naive = UTC
    (refund,) = repo.order_for_buyer(BuyerRef("ozon", "ru-70017"), "48390000-0001-1").refunds
    assert (refund.status, refund.amount, refund.currency) == ("processed", Decimal("990.00"), "RUB")


def test_a_changed_line_updates_only_that_order(repo, tmp_path):
    import_orders(repo, ORDERS)
    lines = example_orders()
    lines[0]["status"] = "delivered"
    lines[1]["items"][1]["quantity"] = 3
    lines[1]["shipments"].append({"carrier": "Correios", "tracking_number": "NL000000002BR"})
    assert import_orders(repo, write(tmp_path, lines)) == ImportResult(updated=2, unchanged=2)
    order = repo.order_for_buyer(BuyerRef("aliexpress", "br-5521"), "8190000000000001")
    assert [i.quantity for i in order.items] == [1, 3] and len(order.shipments) == 3
    assert import_orders(repo, write(tmp_path, lines)) == ImportResult(unchanged=4)


def test_buyer_changes_count_and_are_idempotent(repo, tmp_path):
    import_orders(repo, ORDERS)
    lines = example_orders()
    lines[1]["buyer"]["vip"] = False
    assert import_orders(repo, write(tmp_path, lines)) == ImportResult(updated=1, unchanged=3)
    assert import_orders(repo, write(tmp_path, lines)) == ImportResult(unchanged=4)


def test_an_open_refund_in_the_file_is_the_one_the_bot_started(repo, tmp_path):
    import_orders(repo, ORDERS)
    buyer = BuyerRef("lazada", "th-88213")
    started = repo.request_refund(buyer, "512300458870001", "never arrived")
    lines = example_orders()
    lines[0]["refunds"] = [
        {"amount": "599.00", "status": "approved", "requested_at": "2024-06-20T00:00:00Z", "reason": "lost"}
    ]
    import_orders(repo, write(tmp_path, lines))
    (refund,) = repo.order_for_buyer(buyer, "512300458870001").refunds
    assert refund.id == started.id and refund.status == "approved"


BAD_ORDER_LINES = [
    (
        lambda o: o["items"][0].update(quantity="two"),
        'items[0].quantity: must be a positive integer, got "two"',
    ),
    (lambda o: o["items"][0].update(quantity=0), "items[0].quantity: must be a positive integer"),
    (lambda o: o["items"][0].update(quantity=True), "items[0].quantity: must be a positive integer"),
    (
        lambda o: o.update(status="sent"),
        "status: must be one of unpaid, paid, processing, shipped, delivered, cancelled, refunded, "
        'got "sent"',
    ),
    (lambda o: o.update(placed_at="yesterday"), "placed_at: must be an ISO 8601 date-time"),
    (lambda o: o.update(placed_at="2024-13-01T00:00:00Z"), "placed_at: must be an ISO 8601 date-time"),
    (lambda o: o.update(ship_by="04/06/2024"), "ship_by: must be a date like 2024-05-01"),
    (lambda o: o["items"][0].update(unit_price="-1.00"), "items[0].unit_price: must be at least 0"),
    (lambda o: o["items"][0].update(declared_value=-3), "items[0].declared_value: must be at least 0"),
    (
        lambda o: o["items"][0].update(unit_price="1.999"),
        "items[0].unit_price: must have at most 2 decimal places",
    ),
    (lambda o: o["items"][0].update(unit_price="12,50"), "items[0].unit_price: must be an amount"),
    # Beyond Decimal's 28 digits quantize() raised InvalidOperation: a crash, not a named line.
    (lambda o: o["items"][0].update(unit_price=10**30), "items[0].unit_price: must be at most 9999999999.99"),
    (lambda o: o.update(currency="baht"), "currency: must be an ISO 4217 currency code"),
    (lambda o: o.update(destination_country="THA"), "destination_country: must be an ISO 3166"),
    (lambda o: o.pop("placed_at"), "placed_at: is required"),
    (lambda o: o["buyer"].pop("id"), "buyer.id: is required"),
    (lambda o: o["buyer"].update(vip="yes"), "buyer.vip: must be true or false"),
    (lambda o: o.update(shiped_at="2024-06-01T00:00:00Z"), "shiped_at: unknown field"),
    (lambda o: o.update(items=[]), "items: must list at least one entry"),
    (lambda o: o.update(items={"sku": "x"}), "items: must be a list"),
    (lambda o: o["items"].append("pen"), 'items[1]: must be a JSON object, got "pen"'),
    (
        lambda o: o["shipments"][0].update(tracking_number="EB 1!"),
        "shipments[0].tracking_number: must be 4-64",
    ),
    (
        lambda o: o.update(refunds=[{"amount": 0, "status": "requested", "requested_at": "2024-06-01"}]),
        "refunds[0].amount: must be more than 0",
    ),
    (
        lambda o: o.update(refunds=[{"amount": 1, "status": "processed", "requested_at": "2024-06-01"}]),
        "refunds[0].processed_at: is required",
    ),
]


@pytest.mark.parametrize("spoil, message", BAD_ORDER_LINES, ids=[m for _, m in BAD_ORDER_LINES])
def test_bad_order_lines_are_named_and_nothing_is_written(repo, tmp_path, spoil, message):
    import_orders(repo, ORDERS)
    before = snapshot(repo.engine)
    lines = example_orders()
    lines[1]["status"] = "delivered"  # a good change that must not be written either
    spoil(lines[0])
    with pytest.raises(ImportError_) as failed:
        import_orders(repo, write(tmp_path, lines))
    assert str(failed.value).startswith(f"line 1: {message}")
    assert snapshot(repo.engine) == before


def test_the_documented_example_message(repo, tmp_path):
    lines = []
    for n in range(7):
        line = example_orders()[3]
        line["order_number"] = f"N-{n + 1}"
        lines.append(line)
    lines[6]["items"][0]["quantity"] = "two"
    expected = r'^line 7: items\[0\]\.quantity: must be a positive integer, got "two"$'
    with pytest.raises(ImportError_, match=expected):
        import_orders(repo, write(tmp_path, lines))


def test_every_problem_of_a_line_is_reported_by_its_path(repo, tmp_path):
    line = example_orders()[1]
    line["currency"] = "reais"
    line["buyer"]["language"] = "Portuguese!"
    line["items"][1] = {"sku": "S", "title": "T", "quantity": 1, "unit_price": "1.00"}
    line["shipments"].append(None)
    line["refunds"] = [
        {"amount": "1.00", "status": "rejected", "requested_at": "2024-06-01T00:00:00Z"},
        {"amount": "2.00", "status": "rejected", "requested_at": "2024-06-01T00:00:00+00:00"},
    ]
    line["gift_wrap"] = True
    with pytest.raises(ImportError_) as failed:
        import_orders(repo, write(tmp_path, [line]))
    assert failed.value.errors == [
        'line 1: buyer.language: must be a language code like th or pt-BR, got "Portuguese!"',
        'line 1: currency: must be an ISO 4217 currency code like THB, got "reais"',
        "line 1: items[1].declared_value: is required",
        "line 1: shipments[2]: must be a JSON object, got null",
        "line 1: gift_wrap: unknown field (allowed: marketplace, order_number, buyer, status, placed_at, "
        "currency, destination_country, items, paid_at, ship_by, shipped_at, shipments, refunds, "
        "cancelled_at, cancel_reason)",
    ]
    line = example_orders()[1]
    line["refunds"] = [
        {"amount": "1.00", "status": "rejected", "requested_at": "2024-06-01T00:00:00Z"},
        {"amount": "2.00", "status": "rejected", "requested_at": "2024-06-01T00:00:00+00:00"},
    ]
    with pytest.raises(ImportError_, match=r"^line 1: refunds\[1\]\.requested_at: two refunds of one order"):
        import_orders(repo, write(tmp_path, [line]))


def test_every_bad_line_is_reported_at_once_blank_lines_counted(repo, tmp_path):
    lines = example_orders()
    lines[0]["status"] = "sent"
    lines[3]["currency"] = 5
    with pytest.raises(ImportError_) as failed:
        import_orders(repo, write(tmp_path, [lines[0], lines[1], "", lines[2], lines[3]]))
    assert [e.split(":")[0] for e in failed.value.errors] == ["line 1", "line 5"]


def test_the_first_twenty_problems_are_shown_and_the_rest_counted(repo, tmp_path):
    lines = []
    for n in range(25):
        line = example_orders()[3]
        line["order_number"] = f"N-{n + 1}"
        line["status"] = "sent"
        lines.append(line)
    with pytest.raises(ImportError_) as failed:
        import_orders(repo, write(tmp_path, lines))
    assert len(failed.value.errors) == 25
    shown = str(failed.value).splitlines()
    assert shown[19].startswith("line 20: status:") and shown[20:] == ["(and 5 more)"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "no records"),
        (b"\n  \n\n", "no records"),
        (b'{"marketplace": "lazada",\n', "line 1: not valid JSON"),
        (b"[1, 2]\n", "line 1: must be a JSON object, got [1, 2]"),
        (b'{"a": NaN}\n', "line 1: not valid JSON"),
        (b'\n{"marketplace": "caf\xe9"}\n', "line 2: not UTF-8 text (byte 0xe9 at column 21)"),
        # Were a 500-like crash: the database's encoder, and json.loads's RecursionError.
        (b'{"marketplace": "\\ud800"}\n', "line 1: text with an unpaired surrogate"),
        (b"[" * 100_000 + b"\n", "line 1: nested too deeply"),
    ],
    ids=["empty", "blank", "cut", "a-list", "nan", "not-utf8", "lone-surrogate", "deep"],
)
def test_unreadable_files_are_refused(repo, tmp_path, content, message):
    with pytest.raises(
        ImportError_,
        match=message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)"),
    ):
        import_orders(repo, write(tmp_path, content))


def test_a_nul_in_a_line_is_imported_as_a_space(repo, tmp_path):
    lines = example_orders()[:1]
    lines[0]["items"][0]["title"] = "Mug\u0000blue"  # PostgreSQL stores no NUL in text
    assert import_orders(repo, write(tmp_path, lines)).created == 1
    buyer = BuyerRef(lines[0]["marketplace"], lines[0]["buyer"]["id"])
    assert repo.order_for_buyer(buyer, lines[0]["order_number"]).items[0].title == "Mug blue"


def test_missing_file_is_a_clear_error(repo, tmp_path):
    with pytest.raises(ImportError_, match="cannot read"):
        import_orders(repo, tmp_path / "nope.jsonl")


def test_bom_crlf_and_numbers_are_accepted(repo, tmp_path):
    lines = example_orders()
    lines[0]["items"][0]["unit_price"] = 599
    lines[0]["items"][0]["declared_value"] = 300.5
    body = "\r\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode()
    assert import_orders(repo, write(tmp_path, b"\xef\xbb\xbf" + body)) == ImportResult(created=4)
    order = repo.order_for_buyer(BuyerRef("lazada", "th-88213"), "512300458870001")
    assert order.items[0].unit_price == Decimal("599.00") and order.items[0].declared_value == Decimal(
        "300.50"
    )


def test_duplicates_within_a_file_are_refused(repo, tmp_path):
    lines = example_orders()
    with pytest.raises(ImportError_, match="line 5: order_number: 512300458870001 is already on line 1"):
        import_orders(repo, write(tmp_path, [*lines, lines[0]]))
    other = json.loads(json.dumps(lines[0]))
    other["order_number"] = "512300458870002"
    with pytest.raises(
        ImportError_, match=r"^line 5: shipments\[0\]\.tracking_number: EB987654321TH is already on line 1"
    ):
        import_orders(repo, write(tmp_path, [*lines, other]))


def test_a_tracking_number_of_another_order_is_refused(repo, tmp_path):
    import_orders(repo, ORDERS)
    before = snapshot(repo.engine)
    other = example_orders()[0]
    other["order_number"] = "512300458870002"
    with pytest.raises(
        ImportError_, match=r"line 1: shipments\[0\]\.tracking_number: EB987654321TH already belongs"
    ):
        import_orders(repo, write(tmp_path, [other]))
    assert snapshot(repo.engine) == before


def test_tracking_errors_name_line_and_field_and_write_nothing(repo, tmp_path):
    import_orders(repo, ORDERS)
    import_tracking(repo, TRACKING)
    before = snapshot(repo.engine)
    good = {
        "tracking_number": "EB987654321TH",
        "occurred_at": "2024-06-09T01:00:00Z",
        "status": "delivered",
        "place": "Bangkok",
    }
    cases = [
        (
            {**good, "tracking_number": "XX0000000000"},
            "line 2: tracking_number: XX0000000000 is not a shipment",
        ),
        ({**good, "status": "teleported"}, "line 2: status: must be one of accepted"),
        ({**good, "occurred_at": "2024-06-09T25:00"}, "line 2: occurred_at: must be an ISO 8601"),
        ({**good, "place": ""}, "line 2: place: must be a non-empty string"),
        ({k: v for k, v in good.items() if k != "place"}, "line 2: place: is required"),
    ]
    for bad, message in cases:
        with pytest.raises(ImportError_, match=message):
            import_tracking(repo, write(tmp_path, [good, bad]))
        assert snapshot(repo.engine) == before


def test_tracking_updates_and_repeated_events(repo, tmp_path):
    import_orders(repo, ORDERS)
    import_tracking(repo, TRACKING)
    event = {
        "tracking_number": "EB987654321TH",
        "occurred_at": "2024-06-03T10:00:00Z",
        "status": "accepted",
        "place": "Shenzhen hub",
    }
    new = {**event, "status": "departed_origin", "occurred_at": "2024-06-04T10:00:00Z"}
    assert import_tracking(repo, write(tmp_path, [event, new, new])) == ImportResult(created=1, updated=1)
    with pytest.raises(ImportError_, match="line 2: place: the same event"):
        import_tracking(repo, write(tmp_path, [new, {**new, "place": "elsewhere"}]))

"""Demo orders that show every situation the bot has to answer, dated relative to now.

Buyer ids are stable so tests, docs and a chat session can name them; the
marketplace id equals the key below (for example BuyerRef("lazada", "lazada-th-001")).

    lazada-th-001      th, Thailand     exactly one open order: waiting at the post office for 3 days
                                        (plus an old delivered order)
    lazada-vn-001      vi, Vietnam      one order in normal transit, one delivered 4 days ago
    lazada-id-001      id, Indonesia    one unpaid order, one paid order past its ship-by date
    lazada-ph-001      en, Philippines  VIP buyer; an order being processed
    lazada-my-001      zh, Malaysia     out for delivery today
    shopee-sg-001      zh, Singapore    split order: one parcel delivered, the other still on its way
    shopee-tw-001      zh, Taiwan       paid, ship-by date still ahead
    aliexpress-br-001  pt, Brazil       several open orders; one held in customs with a low declared value
    aliexpress-mx-001  es, Mexico       no tracking update for 9 days
    aliexpress-es-001  es, Spain        delivered; refund requested, not yet approved
    ozon-ru-001        ru, Russia       paid and waiting to ship; a cancelled order whose approved refund
                                        is not processed yet
    wish-us-001        en, USA          delivered but the buyer says it never came; a refund processed
                                        5 days ago
    wish-gb-001        en, UK           an unpaid order they cancelled

Loading again replaces the demo orders' dates, parcels, events, refunds and
cases with the scripted ones (so "3 days ago" stays true); nothing is duplicated.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from bot.commerce.importer import (
    ImportResult,
    engine_of,
    parse_event,
    parse_order,
    write_events,
    write_orders,
    write_session,
)
from bot.commerce.views import BuyerRef


def _ref(key: str) -> BuyerRef:
    return BuyerRef(key.split("-", 1)[0], key)


DEMO_BUYERS = {
    # Thai; exactly one open order, awaiting pickup at the post office since 3 days.
    "lazada-th-001": _ref("lazada-th-001"),
    # Vietnamese; one parcel in normal transit and one delivered order.
    "lazada-vn-001": _ref("lazada-vn-001"),
    # Indonesian; an unpaid order and a paid one whose ship-by date has passed.
    "lazada-id-001": _ref("lazada-id-001"),
    # English (Philippines), VIP; an order being processed.
    "lazada-ph-001": _ref("lazada-ph-001"),
    # Chinese (Malaysia); a parcel out for delivery today.
    "lazada-my-001": _ref("lazada-my-001"),
    # Chinese (Singapore); an order split into two parcels in different states.
    "shopee-sg-001": _ref("shopee-sg-001"),
    # Chinese (Taiwan); paid, ship-by date still ahead.
    "shopee-tw-001": _ref("shopee-tw-001"),
    # Portuguese (Brazil); several open orders, one in customs with a low declared value.
    "aliexpress-br-001": _ref("aliexpress-br-001"),
    # Spanish (Mexico); a parcel with no tracking update for 9 days.
    "aliexpress-mx-001": _ref("aliexpress-mx-001"),
    # Spanish (Spain); delivered, refund requested but not yet approved.
    "aliexpress-es-001": _ref("aliexpress-es-001"),
    # Russian; paid awaiting shipment, and a cancelled order with an approved, unprocessed refund.
    "ozon-ru-001": _ref("ozon-ru-001"),
    # English (USA); delivered but "not received", and a refund processed 5 days ago.
    "wish-us-001": _ref("wish-us-001"),
    # English (UK); an unpaid order they cancelled.
    "wish-gb-001": _ref("wish-gb-001"),
}

# scenario -> (buyer key, order number): what tests and the docs point at.
DEMO_ORDERS = {
    "awaiting_pickup": ("lazada-th-001", "512300458871201"),
    "delivered_long_ago": ("lazada-th-001", "512298760033410"),
    "in_transit": ("lazada-vn-001", "498110273645501"),
    "delivered": ("lazada-vn-001", "498100934512207"),
    "unpaid": ("lazada-id-001", "603415527781902"),
    "paid_overdue": ("lazada-id-001", "603409981234566"),
    "processing_vip": ("lazada-ph-001", "781200345567123"),
    "out_for_delivery": ("lazada-my-001", "305566781290014"),
    "split_shipment": ("shopee-sg-001", "2406117Q3KX9PD"),
    "paid_awaiting_shipment": ("shopee-tw-001", "2406129RM2B7TA"),
    "customs_low_declared_value": ("aliexpress-br-001", "8190123456789012"),
    "br_in_transit": ("aliexpress-br-001", "8190123456790345"),
    "br_paid": ("aliexpress-br-001", "8190123456791678"),
    "stale_tracking": ("aliexpress-mx-001", "8187654321098765"),
    "refund_requested": ("aliexpress-es-001", "8185550012345678"),
    "ozon_paid": ("ozon-ru-001", "48392017-0031-1"),
    "refund_approved": ("ozon-ru-001", "48392017-0029-2"),
    "delivered_not_received": ("wish-us-001", "65a1f0c2e4b0a1d2c3e4f501"),
    "refunded": ("wish-us-001", "65a1f0c2e4b0a1d2c3e4f4aa"),
    "cancelled": ("wish-gb-001", "65b20c7d19e8f3a4b5c6d701"),
}

_BUYERS = {
    "lazada-th-001": ("สมชาย ใจดี", "TH", "th", False),
    "lazada-vn-001": ("Nguyễn Thị Lan", "VN", "vi", False),
    "lazada-id-001": ("Budi Santoso", "ID", "id", False),
    "lazada-ph-001": ("Maria Santos", "PH", "en", True),
    "lazada-my-001": ("陈美玲", "MY", "zh", False),
    "shopee-sg-001": ("林志明", "SG", "zh", False),
    "shopee-tw-001": ("王小明", "TW", "zh", False),
    "aliexpress-br-001": ("Ana Souza", "BR", "pt", False),
    "aliexpress-mx-001": ("Carlos Hernández", "MX", "es", False),
    "aliexpress-es-001": ("Lucía García", "ES", "es", False),
    "ozon-ru-001": ("Ирина Смирнова", "RU", "ru", False),
    "wish-us-001": ("Emily Johnson", "US", "en", False),
    "wish-gb-001": ("Oliver Smith", "GB", "en", False),
}


def demo_lines(now: datetime) -> tuple[list[dict], list[dict]]:
    """The demo as JSON Lines objects (orders, tracking events), dated relative to `now`."""
    now = now.astimezone(timezone.utc).replace(second=0, microsecond=0)

    def ago(days: float = 0, hours: float = 0) -> str:
        return (now - timedelta(days=days, hours=hours)).isoformat()

    def in_days(days: int) -> str:
        return (now + timedelta(days=days)).date().isoformat()

    orders: list[dict] = []
    events: list[dict] = []

    def order(scenario, status, currency, items, placed, **extra) -> None:
        key, number = DEMO_ORDERS[scenario]
        name, country, language, vip = _BUYERS[key]
        line = {
            "marketplace": DEMO_BUYERS[key].marketplace,
            "order_number": number,
            "buyer": {"id": key, "name": name, "country": country, "language": language, "vip": vip},
            "status": status,
            "placed_at": placed,
            "currency": currency,
            "destination_country": country,
            "items": [
                {"sku": sku, "title": title, "quantity": qty, "unit_price": price, "declared_value": declared}
                for sku, title, qty, price, declared in items
            ],
            "shipments": [],
            "refunds": [],
        }
        line.update(extra)
        orders.append(line)

    def parcel(tracking: str, carrier: str, shipped: str, history: list[tuple[str, str, str, str]]) -> dict:
        for when, status, place, description in history:
            events.append(
                {
                    "tracking_number": tracking,
                    "occurred_at": when,
                    "status": status,
                    "place": place,
                    "description": description,
                }
            )
        return {"carrier": carrier, "tracking_number": tracking, "shipped_at": shipped}

    # -- Thailand: one open order, at the post office since 3 days; an old delivered one.
    order(
        "awaiting_pickup",
        "shipped",
        "THB",
        [("XM-BUDS5-BLK", "Xiaomi Redmi Buds 5 หูฟังบลูทูธ สีดำ", 1, "599.00", "300.00")],
        ago(9),
        paid_at=ago(9),
        ship_by=in_days(-7),
        shipped_at=ago(8),
        shipments=[
            parcel(
                "EB123456785TH",
                "Thailand Post",
                ago(8),
                [
                    (ago(8), "accepted", "Shenzhen sorting centre", "Parcel received by carrier"),
                    (ago(7), "departed_origin", "Shenzhen, CN", "Departed origin country"),
                    (ago(5), "arrived_destination_country", "Bangkok, TH", "Arrived in Thailand"),
                    (ago(4), "customs", "Suvarnabhumi Airport, Bangkok", "Cleared customs"),
                    (
                        ago(3),
                        "awaiting_pickup",
                        "Bang Rak Post Office, Bangkok 10500",
                        "Delivery attempted, nobody home; waiting for pickup",
                    ),
                ],
            )
        ],
    )
    order(
        "delivered_long_ago",
        "delivered",
        "THB",
        [("PB-20K-WHT", "พาวเวอร์แบงค์ 20000mAh", 1, "459.00", "200.00")],
        ago(45),
        paid_at=ago(45),
        shipped_at=ago(44),
        shipments=[
            parcel(
                "EB123450012TH",
                "Thailand Post",
                ago(44),
                [
                    (ago(44), "accepted", "Shenzhen sorting centre", "Parcel received by carrier"),
                    (ago(38), "delivered", "Chatuchak, Bangkok 10900", "Delivered to recipient"),
                ],
            )
        ],
    )

    # -- Vietnam: normal transit, and a delivered order.
    order(
        "in_transit",
        "shipped",
        "VND",
        [("TWS-A40-WHT", "Tai nghe Bluetooth TWS A40 màu trắng", 1, "259000", "120000")],
        ago(6),
        paid_at=ago(6),
        shipped_at=ago(4),
        shipments=[
            parcel(
                "LZVN0129384756",
                "Lazada Express",
                ago(4),
                [
                    (ago(4), "accepted", "Guangzhou, CN", "Parcel received by carrier"),
                    (ago(3), "departed_origin", "Guangzhou, CN", "Departed origin country"),
                    (ago(1), "arrived_destination_country", "Hà Nội, VN", "Arrived in Vietnam"),
                ],
            )
        ],
    )
    order(
        "delivered",
        "delivered",
        "VND",
        [("CASE-IP15-SIL", "Ốp lưng iPhone 15 silicon", 2, "89000", "30000")],
        ago(14),
        paid_at=ago(14),
        shipped_at=ago(12),
        shipments=[
            parcel(
                "LZVN0129370011",
                "Lazada Express",
                ago(12),
                [
                    (ago(12), "accepted", "Guangzhou, CN", "Parcel received by carrier"),
                    (ago(8), "arrived_destination_country", "TP. Hồ Chí Minh, VN", "Arrived in Vietnam"),
                    (ago(4), "delivered", "Quận 1, TP. Hồ Chí Minh", "Delivered, signed by recipient"),
                ],
            )
        ],
    )

    # -- Indonesia: unpaid, and paid but overdue.
    order(
        "unpaid",
        "unpaid",
        "IDR",
        [("BATIK-M-L", "Kemeja batik pria lengan panjang, L", 1, "149000", "60000")],
        ago(hours=1),
        ship_by=in_days(3),
    )
    order(
        "paid_overdue",
        "paid",
        "IDR",
        [("PB-20K-BLK", "Power bank 20000mAh hitam", 1, "239000", "100000")],
        ago(6),
        paid_at=ago(5),
        ship_by=in_days(-2),
    )

    # -- Philippines, VIP: processing.
    order(
        "processing_vip",
        "processing",
        "PHP",
        [("RV-S7-WHT", "Robot vacuum cleaner S7, white", 1, "8999.00", "3500.00")],
        ago(2),
        paid_at=ago(2),
        ship_by=in_days(1),
    )

    # -- Malaysia (zh): out for delivery.
    order(
        "out_for_delivery",
        "shipped",
        "MYR",
        [("RC-18L", "电饭煲 1.8L 多功能", 1, "159.00", "60.00")],
        ago(7),
        paid_at=ago(7),
        shipped_at=ago(6),
        shipments=[
            parcel(
                "NVMY24061234567",
                "Ninja Van",
                ago(6),
                [
                    (ago(6), "accepted", "Shenzhen, CN", "Parcel received by carrier"),
                    (ago(3), "arrived_destination_country", "Shah Alam, MY", "Arrived in Malaysia"),
                    (ago(hours=3), "out_for_delivery", "Petaling Jaya hub", "Out for delivery"),
                ],
            )
        ],
    )

    # -- Singapore (zh): split order, two parcels in different states.
    order(
        "split_shipment",
        "shipped",
        "SGD",
        [
            ("CUP-500-BLU", "保温杯 500ml 蓝色", 1, "18.90", "8.00"),
            ("UMB-KID-YLW", "儿童雨伞 黄色", 2, "12.50", "5.00"),
        ],
        ago(8),
        paid_at=ago(8),
        shipped_at=ago(6),
        shipments=[
            parcel(
                "SPXSG0123456781",
                "Shopee Xpress",
                ago(6),
                [
                    (ago(6), "accepted", "Yiwu, CN", "Parcel 1 of 2 received by carrier"),
                    (ago(4), "arrived_destination_country", "Singapore", "Arrived in Singapore"),
                    (ago(1), "delivered", "Tampines, Singapore 520123", "Delivered to recipient"),
                ],
            ),
            parcel(
                "SPXSG0123456799",
                "Shopee Xpress",
                ago(3),
                [
                    (ago(3), "accepted", "Yiwu, CN", "Parcel 2 of 2 received by carrier"),
                    (ago(2), "departed_origin", "Shanghai, CN", "Departed origin country"),
                ],
            ),
        ],
    )

    # -- Taiwan (zh): paid, ship-by ahead.
    order(
        "paid_awaiting_shipment",
        "paid",
        "TWD",
        [("BT-EAR-PRO", "藍牙耳機 降噪 Pro", 1, "1290.00", "500.00")],
        ago(1),
        paid_at=ago(1),
        ship_by=in_days(2),
    )

    # -- Brazil: several open orders; customs with a low declared value (import duty applies).
    order(
        "customs_low_declared_value",
        "shipped",
        "BRL",
        [("WATCH-GT4", "Smartwatch GT4 pulseira preta", 1, "249.90", "15.00")],
        ago(20),
        paid_at=ago(20),
        shipped_at=ago(18),
        shipments=[
            parcel(
                "NL123456789BR",
                "Correios",
                ago(18),
                [
                    (ago(18), "accepted", "Shenzhen, CN", "Objeto postado"),
                    (ago(15), "departed_origin", "Shenzhen, CN", "Objeto saiu do país de origem"),
                    (ago(6), "arrived_destination_country", "Curitiba, PR", "Objeto recebido no Brasil"),
                    (
                        ago(2),
                        "customs",
                        "Unidade de Tratamento Internacional, Curitiba, PR",
                        "Aguardando pagamento de tributos de importação",
                    ),
                ],
            )
        ],
    )
    order(
        "br_in_transit",
        "shipped",
        "BRL",
        [("TWS-A40-BLK", "Fone de ouvido Bluetooth TWS preto", 1, "89.90", "10.00")],
        ago(10),
        paid_at=ago(10),
        shipped_at=ago(8),
        shipments=[
            parcel(
                "LP00645812345678",
                "Cainiao",
                ago(8),
                [
                    (ago(8), "accepted", "Guangzhou, CN", "Parcel received by carrier"),
                    (ago(5), "departed_origin", "Guangzhou, CN", "Departed origin country"),
                ],
            )
        ],
    )
    order(
        "br_paid",
        "paid",
        "BRL",
        [("CASE-A54-CLR", "Capinha para celular Galaxy A54 transparente", 2, "19.90", "3.00")],
        ago(1),
        paid_at=ago(1),
        ship_by=in_days(4),
    )

    # -- Mexico: no tracking update for 9 days.
    order(
        "stale_tracking",
        "shipped",
        "MXN",
        [("LAMP-LED-DSK", "Lámpara LED de escritorio regulable", 1, "459.00", "150.00")],
        ago(25),
        paid_at=ago(25),
        shipped_at=ago(23),
        shipments=[
            parcel(
                "LP00645899990001",
                "Cainiao",
                ago(23),
                [
                    (ago(23), "accepted", "Guangzhou, CN", "Parcel received by carrier"),
                    (ago(19), "departed_origin", "Guangzhou, CN", "Departed origin country"),
                    (ago(9), "arrived_destination_country", "Ciudad de México, CDMX", "Llegó a México"),
                ],
            )
        ],
    )

    # -- Spain: delivered; refund requested (item not as described), not approved yet.
    order(
        "refund_requested",
        "delivered",
        "EUR",
        [("SLV-156-GRY", "Funda para portátil 15,6 pulgadas gris", 1, "24.99", "8.00")],
        ago(16),
        paid_at=ago(16),
        shipped_at=ago(14),
        shipments=[
            parcel(
                "LP00645877770002",
                "Cainiao",
                ago(14),
                [
                    (ago(14), "accepted", "Guangzhou, CN", "Parcel received by carrier"),
                    (ago(6), "delivered", "Valencia, 46001", "Entregado"),
                ],
            )
        ],
        refunds=[
            {
                "amount": "24.99",
                "status": "requested",
                "reason": "item not as described",
                "requested_at": ago(1),
            }
        ],
    )

    # -- Russia: paid waiting to ship; cancelled with an approved refund not processed yet.
    order(
        "ozon_paid",
        "paid",
        "RUB",
        [("MUG-450-STL", "Термокружка 450 мл, сталь", 1, "1290.00", "500.00")],
        ago(1),
        paid_at=ago(1),
        ship_by=in_days(2),
    )
    order(
        "refund_approved",
        "cancelled",
        "RUB",
        [("MOUSE-WL-M2", "Беспроводная мышь M2", 1, "990.00", "400.00")],
        ago(4),
        paid_at=ago(4),
        ship_by=in_days(-1),
        cancelled_at=ago(2),
        cancel_reason="buyer changed their mind",
        refunds=[
            {
                "amount": "990.00",
                "status": "approved",
                "reason": "order cancelled before shipping",
                "requested_at": ago(2),
                "approved_at": ago(2),
            }
        ],
    )

    # -- USA: delivered but "not received"; a refund processed 5 days ago.
    order(
        "delivered_not_received",
        "delivered",
        "USD",
        [("TRIPOD-PH-60", "Phone tripod with remote, 60 in", 1, "19.99", "6.00")],
        ago(15),
        paid_at=ago(15),
        shipped_at=ago(13),
        shipments=[
            parcel(
                "9261290100130736401234",
                "USPS",
                ago(13),
                [
                    (ago(13), "accepted", "Shenzhen, CN", "Parcel received by carrier"),
                    (ago(6), "arrived_destination_country", "Los Angeles, CA", "Arrived in the USA"),
                    (ago(2), "delivered", "Austin, TX 78704", "Delivered, front porch"),
                ],
            )
        ],
    )
    order(
        "refunded",
        "refunded",
        "USD",
        [("LED-STRIP-5M", "LED strip lights 5 m, RGB", 2, "14.99", "4.00")],
        ago(20),
        paid_at=ago(20),
        refunds=[
            {
                "amount": "29.98",
                "status": "processed",
                "reason": "out of stock",
                "requested_at": ago(9),
                "approved_at": ago(8),
                "processed_at": ago(5),
            }
        ],
    )

    # -- UK: unpaid order, cancelled by the buyer.
    order(
        "cancelled",
        "cancelled",
        "GBP",
        [("YOGA-MAT-6", "Yoga mat 6 mm, purple", 1, "17.50", "6.00")],
        ago(5),
        cancelled_at=ago(4),
        cancel_reason="ordered by mistake",
    )
    return orders, events


def load_demo_data(repository_or_engine: Any, now: datetime | None = None) -> ImportResult:
    """Write (or reset) the demo orders in one transaction; returns what happened to the orders."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    order_lines, event_lines = demo_lines(now)
    orders = [parse_order(line, n) for n, line in enumerate(order_lines, 1)]
    events = [parse_event(line, n) for n, line in enumerate(event_lines, 1)]
    engine = engine_of(repository_or_engine)
    with write_session(engine) as session, session.begin():
        result = write_orders(session, orders, exact=True)
        write_events(session, events, exact=True)
    return result

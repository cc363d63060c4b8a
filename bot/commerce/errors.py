"""Why the repository refused: typed here, turned into a buyer's answer by the actions."""

from __future__ import annotations

from bot.commerce.views import OrderView


class NotFound(LookupError):
    """No such order or case for this buyer (unknown and someone else's look the same)."""


class NotCancellable(ValueError):
    """The order has shipped, or is already cancelled or refunded."""

    def __init__(self, order: OrderView):
        super().__init__(f"order {order.order_number} is {order.status} and cannot be cancelled")
        self.order = order


class NotRefundable(ValueError):
    """The order was never paid, or has been refunded in full already."""

    def __init__(self, order_number: str, why: str):
        super().__init__(f"order {order_number}: {why}")
        self.order_number = order_number

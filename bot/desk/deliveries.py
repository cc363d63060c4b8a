"""The outbound path of each buyer channel, built from the settings in one place
(the desk, `kefu notices` and `kefu promo` send through the same deliveries)."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Tuple

from bot.channels import aliexpress, lazada, ozon, shopee, wish
from bot.channels.chatwoot import CHANNEL as CHATWOOT
from bot.channels.chatwoot import ChatwootDelivery
from bot.channels.outbound import Deliveries, OutboundDelivery
from bot.settings import Settings


def deliveries_from(settings: Settings, polled: Mapping[str, OutboundDelivery] | None = None) -> Deliveries:
    """`polled`: the deliveries of the marketplaces the desk polls (they share its Redis)."""
    attempts, backoff = settings.outbound_attempts, settings.outbound_backoff
    return Deliveries(
        OutboundDelivery(settings.outbound_url, settings.webhook_secret, attempts=attempts, backoff=backoff),
        {
            CHATWOOT: ChatwootDelivery(
                settings.chatwoot_url, settings.chatwoot_token, attempts=attempts, backoff=backoff
            ),
            **(polled or {}),
        },
    )


POLLED = (lazada, shopee, ozon, aliexpress, wish)  # marketplaces without push: the desk polls them


def polled_channels(settings: Settings, redis: Any) -> Dict[str, Tuple[Any, OutboundDelivery]]:
    """(inbox, delivery) of each polled marketplace whose credentials are set; `redis` keeps
    their cursors and chat addresses."""
    found = {adapter.CHANNEL: adapter.from_settings(settings, redis) for adapter in POLLED}
    return {name: pair for name, pair in found.items() if pair}

"""The outbound path of each buyer channel, built from the settings in one place
(the desk and `kefu notices` send through the same deliveries)."""

from __future__ import annotations

from typing import Mapping

from bot.channels.chatwoot import CHANNEL as CHATWOOT
from bot.channels.chatwoot import ChatwootDelivery
from bot.desk.channels import Deliveries, OutboundDelivery
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

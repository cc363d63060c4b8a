"""What the desk tells Rasa about a buyer's likely language, for a chat whose language is not known yet.

Rasa's LanguagePolicy uses it as a prior when the first messages are too short
to tell ("oi", "thank you"): the channel's `language` hint, and the destination
country of the buyer's latest order. The order is looked up here, in a worker
thread, because Rasa's policies may only read metadata (no I/O on its loop).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict

from bot.commerce.views import BuyerRef
from bot.desk.records import ConversationView, Inbound

logger = logging.getLogger(__name__)


async def language_hints(commerce: Any, conversation: ConversationView, inbound: Inbound) -> Dict[str, str]:
    """{"language_hint"?, "country"?} for Rasa's metadata; empty once the chat has a language."""
    hints: Dict[str, str] = {}
    if inbound.language:
        hints["language_hint"] = inbound.language
    if conversation.language or commerce is None:
        return hints
    buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
    try:
        country = await asyncio.to_thread(commerce.latest_destination_country, buyer)
    except Exception:  # a prior is a nicety: the bot answers without one
        logger.exception("conversation %s: the buyer's orders could not be read", conversation.id)
        return hints
    if country:
        hints["country"] = country
    return hints

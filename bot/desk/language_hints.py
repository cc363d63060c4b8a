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
from bot.nlu.language_prior import prior_language

logger = logging.getLogger(__name__)


async def language_hints(commerce: Any, conversation: ConversationView, inbound: Inbound) -> Dict[str, str]:
    """{"language_hint"?, "country"?} for Rasa's metadata; empty once the chat has a language."""
    hints: Dict[str, str] = {}
    if inbound.language:
        hints["language_hint"] = inbound.language
    if conversation.language or commerce is None:
        return hints
    country = await buyer_country(commerce, conversation)
    if country:
        hints["country"] = country
    return hints


async def buyer_country(commerce: Any, conversation: ConversationView) -> str | None:
    """Where the buyer's latest order goes; None when unknown or unreadable (it is a hint)."""
    if commerce is None:
        return None
    buyer = BuyerRef(conversation.marketplace, conversation.buyer_id)
    try:
        return await asyncio.to_thread(commerce.latest_destination_country, buyer)
    except Exception:  # a prior is a nicety: the bot answers without one
        logger.exception("conversation %s: the buyer's orders could not be read", conversation.id)
        return None


async def buyer_language(conversation: ConversationView, inbound: Inbound, commerce: Any = None) -> str:
    """The conversation's language, the channel's hint, a guess from the text, else the
    language of the buyer's country (their latest order's destination) or marketplace: what
    Rasa's prior uses too. A first message too short to tell ("quero o reembolso do fone")
    got the welcome, the busy note or the holding message in English."""
    known = conversation.language or inbound.language or await asyncio.to_thread(_detect, inbound.text)
    if known:
        return known
    hints = await language_hints(commerce, conversation, inbound)
    return prior_language({**hints, "marketplace": conversation.marketplace}) or "en"


def _detect(text: str) -> str | None:
    """The buyer's language from the text alone (Rasa, which knows better, is not answering)."""
    from bot.nlu.language import LanguageIdentifier

    try:
        found = LanguageIdentifier().detect(text)
    except Exception:  # detection is a nicety here; the buyer's country is the fallback
        logger.exception("language detection failed")
        found = None
    return found[0] if found else None

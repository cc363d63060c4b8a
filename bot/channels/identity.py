"""Who the buyer of a conversation is, and who may say so.

Only a caller holding the channel secret (the desk, a configured marketplace
channel) may name the buyer in the message metadata; for anyone else the sender
id is the buyer. A conversation keeps the buyer a channel first named: nobody
can switch it to another buyer's orders halfway through.

Sender ids with a ':' are the desk's own (`<marketplace>:<buyer_id>`), so they
are reserved for channels too: otherwise anyone could open `lazada:B1` first and
the desk's first message for that buyer would inherit the stranger's history.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping

from bot.commerce.views import BuyerRef
from bot.text_input import InvalidMessage

DEFAULT_MARKETPLACE = "web"
# What an unidentified caller may still send: a photo needs no identity.
ANONYMOUS_METADATA = ("attachments",)
MAX_ID_CHARS = 128
CHANNEL_SENDER_MARK = ":"


def check_sender(sender_id: str, trusted: bool) -> None:
    """InvalidMessage (403) when a caller without the channel secret uses a channel's sender id."""
    if not trusted and CHANNEL_SENDER_MARK in sender_id:
        raise InvalidMessage(
            f"sender ids containing '{CHANNEL_SENDER_MARK}' are reserved for channels "
            "(the desk's <marketplace>:<buyer_id>); choose another sender id",
            status=403,
        )


def asserted_buyer(metadatas: Iterable[Mapping[str, Any]]) -> BuyerRef | None:
    """The buyer the newest metadata naming one names (metadatas newest first)."""
    for metadata in metadatas:
        if isinstance(metadata, Mapping) and metadata.get("buyer_id"):
            marketplace = metadata.get("marketplace") or DEFAULT_MARKETPLACE
            return BuyerRef(str(marketplace), str(metadata["buyer_id"]))
    return None


def buyer_in(metadatas: Iterable[Mapping[str, Any]], sender_id: str) -> BuyerRef:
    """The conversation's buyer: as a channel named them, else the sender id on the web."""
    return asserted_buyer(metadatas) or BuyerRef(DEFAULT_MARKETPLACE, sender_id)


def _check_claim(metadata: Mapping[str, Any]) -> None:
    for key in ("buyer_id", "marketplace"):
        value = metadata.get(key)
        if value is not None and (
            not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_CHARS
        ):
            raise InvalidMessage(
                f"'metadata.{key}' must be a non-empty string of at most {MAX_ID_CHARS} characters"
            )


def admitted_metadata(
    metadata: Mapping[str, Any], trusted: bool, conversation_buyer: BuyerRef | None
) -> Dict[str, Any]:
    """The metadata Rasa may keep for this message, or InvalidMessage (403/409).

    conversation_buyer: the buyer a channel already named in this conversation, if any.
    """
    if not trusted:
        if conversation_buyer is not None:
            raise InvalidMessage(
                "this conversation belongs to a buyer a channel identified; only a channel can write to it",
                status=403,
            )
        return {key: metadata[key] for key in ANONYMOUS_METADATA if key in metadata}
    _check_claim(metadata)
    claimed = asserted_buyer([metadata])
    if claimed is not None and conversation_buyer is not None and claimed != conversation_buyer:
        raise InvalidMessage(
            "this conversation belongs to another buyer; a buyer can't change mid-conversation "
            "(start a new conversation with another sender id)",
            status=409,
        )
    return dict(metadata)

"""The desk's own buyer channels in: the signed JSON webhook and the web chat.

Webhook in (POST /channels/webhook), signed with KEFU_WEBHOOK_SECRET
(X-Kefu-Signature: hex HMAC-SHA256 of the raw body, optionally "sha256=..."):
  {"message_id", "buyer_id", "marketplace", "text", "attachments": [url...],
   "opened_from": "order_page" | "dispute" | "product_page" | ..., "vip"?: bool, "language"?: "th"}
Replies go out through bot.channels.outbound (POST KEFU_OUTBOUND_URL, signed the same way):
  {"message_id", "reply_to", "conversation_id", "buyer_id", "marketplace", "from", "text", "buttons"}

The web chat (POST /chat/messages) answers synchronously, to the buyer its
session names (bot.desk.chat_sessions). Only the seller's own signed-in shop can
give a session a marketplace buyer's identity (that shows their orders), with a
`signature` over "<marketplace>:<buyer_id>"; everyone else is a web visitor
(marketplace "web") with an id the desk chose.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, Tuple

from bot.channels.outbound import sign
from bot.desk.records import Inbound, opened_from
from bot.shared_secret import secret_matches
from bot.text_input import InvalidMessage, clean_message, json_object, web_link, whole_number

logger = logging.getLogger(__name__)

WEB_MARKETPLACE = "web"
MAX_ID_CHARS = 128
MAX_ATTACHMENTS = 10
_ID = re.compile(r"^[\w.:@+\-]{1,128}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _identifier(value: Any, name: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InvalidMessage(f"'{name}' must be a string")
    text = str(value).strip()
    if not _ID.match(text):
        raise InvalidMessage(f"'{name}' must be 1-{MAX_ID_CHARS} letters, digits or . : @ + - _")
    return text


def _attachments(value: Any) -> Tuple[str, ...]:
    if value in (None, ""):
        return ()
    if not isinstance(value, list):
        raise InvalidMessage("'attachments' must be a list of URLs")
    if len(value) > MAX_ATTACHMENTS:
        raise InvalidMessage(f"at most {MAX_ATTACHMENTS} attachments per message")
    urls = []
    for item in value:
        url = item.get("url") if isinstance(item, dict) else item
        if not web_link(url):
            raise InvalidMessage("each attachment must be an http(s) URL with a host")
        urls.append(url)
    return tuple(urls)


def _opened_from(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidMessage("'opened_from' must be a string such as order_page or dispute")
    return opened_from(value)


def message_cursor(value: str | None) -> int:
    """The `after` of a chat poll: a message id in ASCII digits that fits the database (else 400)."""
    found = whole_number((value or "0").strip())
    if found is None:
        raise InvalidMessage("'after' must be a message id (a whole number)")
    return found


def _language(value: Any) -> str | None:
    if isinstance(value, str) and _LANGUAGE.match(value.strip().lower()):
        return value.strip().lower()
    return None


def parse_webhook(body: bytes) -> Inbound:
    payload = json_object(body)
    attachments = _attachments(payload.get("attachments"))
    return Inbound(
        channel="webhook",
        marketplace=_identifier(payload.get("marketplace"), "marketplace").lower(),
        buyer_id=_identifier(payload.get("buyer_id"), "buyer_id"),
        text=clean_message(payload.get("text"), allow_empty=bool(attachments)),
        attachments=attachments,
        opened_from=_opened_from(payload.get("opened_from")),
        channel_message_id=_identifier(payload.get("message_id"), "message_id"),
        vip=payload.get("vip") is True,
        language=_language(payload.get("language")),
    )


def chat_identity_signature(secret: str, marketplace: str, buyer_id: str) -> str:
    """What the seller's shop signs to let its signed-in buyer chat as themselves."""
    return sign(secret, f"{marketplace}:{buyer_id}".encode())


def signed_identity(payload: Dict[str, Any], secret: str | None) -> Tuple[str, str] | None:
    """(marketplace, buyer_id) a shop vouches for with its signature; None when it does not verify."""
    buyer_id = _identifier(payload.get("buyer_id"), "buyer_id")
    marketplace = _identifier(payload.get("marketplace"), "marketplace").lower()
    given = payload.get("signature")
    expected = chat_identity_signature(secret, marketplace, buyer_id) if secret else None
    if isinstance(given, str) and secret_matches(given.strip().lower(), expected):
        return marketplace, buyer_id
    return None


def parse_chat(body: bytes, marketplace: str, buyer_id: str) -> Inbound:
    """A web chat message from the buyer the session names (a buyer_id in the body is ignored)."""
    payload = json_object(body)
    attachments = _attachments(payload.get("attachments"))
    message_id = payload.get("message_id")
    return Inbound(
        channel="web",
        marketplace=marketplace,
        buyer_id=buyer_id,
        text=clean_message(payload.get("text"), allow_empty=bool(attachments)),
        attachments=attachments,
        opened_from=_opened_from(payload.get("opened_from")),
        channel_message_id=_identifier(message_id, "message_id") if message_id not in (None, "") else None,
        language=_language(payload.get("language")),
    )

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
`signature` over "<marketplace>:<buyer_id>:<expires>" (unix seconds; a link is refused
once past, or when it expires further ahead than KEFU_CHAT_IDENTITY_MAX_HOURS, so a
leaked one does not work for long); everyone else is a web visitor (marketplace
"web") with an id the desk chose.
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


def _marketplace(value: Any) -> str:
    """A marketplace's name, without ':': the desk's sender ids are <marketplace>:<buyer_id>,
    and "a:b" + "c" would be the same conversation as "a" + "b:c" (a buyer id may hold ':')."""
    name = _identifier(value, "marketplace").lower()
    if ":" in name:
        raise InvalidMessage("'marketplace' must be a name without ':' (such as lazada)")
    return name


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
        marketplace=_marketplace(payload.get("marketplace")),
        buyer_id=_identifier(payload.get("buyer_id"), "buyer_id"),
        text=clean_message(payload.get("text"), allow_empty=bool(attachments)),
        attachments=attachments,
        opened_from=_opened_from(payload.get("opened_from")),
        channel_message_id=_identifier(payload.get("message_id"), "message_id"),
        vip=payload.get("vip") is True,
        language=_language(payload.get("language")),
    )


# The label of the chat link key derived from the webhook secret (chat_identity_key).
CHAT_IDENTITY_LABEL = b"kefu web chat identity"


class IdentityRefused(ValueError):
    """The shop's signed identity does not hold: a wrong signature, or a link out of date."""


def chat_identity_key(own_secret: str | None, webhook_secret: str | None) -> str | None:
    """What a shop's chat link is signed with: KEFU_CHAT_IDENTITY_SECRET, else a key derived
    from KEFU_WEBHOOK_SECRET (hex HMAC-SHA256 of CHAT_IDENTITY_LABEL), so a setup with that
    one alone needs nothing new, and no link signature is ever a webhook's; neither: None."""
    if own_secret:
        return own_secret
    return sign(webhook_secret, CHAT_IDENTITY_LABEL) if webhook_secret else None


def chat_identity_signature(key: str, marketplace: str, buyer_id: str, expires: int) -> str:
    """What the seller's shop signs (with chat_identity_key) to let its signed-in buyer
    chat as themselves until `expires`, in unix seconds."""
    return sign(key, f"{marketplace}:{buyer_id}:{expires}".encode())


def signed_identity(
    payload: Dict[str, Any], key: str | None, now: float, max_hours: float
) -> Tuple[str, str]:
    """(marketplace, buyer_id) a shop vouches for with its signature until `expires`;
    IdentityRefused when the signature does not verify or the link is out of date."""
    buyer_id = _identifier(payload.get("buyer_id"), "buyer_id")
    marketplace = _marketplace(payload.get("marketplace"))
    expires = whole_number(payload.get("expires"))
    given = payload.get("signature")
    expected = None
    if key is not None and expires is not None:
        expected = chat_identity_signature(key, marketplace, buyer_id, expires)
    if expires is None or not (isinstance(given, str) and secret_matches(given.strip().lower(), expected)):
        raise IdentityRefused(
            "that buyer needs the shop's signature over '<marketplace>:<buyer_id>:<expires>', "
            "with 'expires' in unix seconds"
        )
    if expires <= now:
        raise IdentityRefused("this chat link has expired: open the chat from the shop again")
    if expires > now + max_hours * 3600:
        raise IdentityRefused(
            f"this chat link expires more than {max_hours:g} h ahead; the shop must sign shorter links"
        )
    return marketplace, buyer_id


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

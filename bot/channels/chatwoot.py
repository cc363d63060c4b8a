"""Kefu as a Chatwoot agent bot: Chatwoot's webhook events in, its Application API out.

Chatwoot POSTs every event of the inboxes the bot is connected to
(https://www.chatwoot.com/hc/user-guide/articles/1677693021-how-to-use-webhooks,
https://github.com/chatwoot/docs/blob/main/docs/product/others/webhook-events.md);
the desk takes `message_created` events whose `message_type` is "incoming" (the
contact wrote) and ignores the rest, among them the bot's own replies coming back.
A Chatwoot conversation is one desk buyer, `<account_id>-<conversation_id>` in the
marketplace "chatwoot", so a reply knows where to go without any other state.

Replies go back as outgoing messages (POST /api/v1/accounts/{account_id}/
conversations/{conversation_id}/messages, header api_access_token); a handoff
sets the conversation "open" for Chatwoot's agents (.../toggle_status: a bot's
conversations stay "pending" until then) and labels it with the reason and tier
(.../labels, which replaces the list, so the labels already there are kept).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Protocol, Tuple

import aiohttp

from bot.channels.messages import Inbound, MessageView
from bot.channels.outbound import DeliveryFailed, OutboundDelivery, post_with_retries
from bot.text_input import InvalidMessage, clean_message, json_object, web_link, whole_number

logger = logging.getLogger(__name__)

CHANNEL = "chatwoot"
MARKETPLACE = "chatwoot"
TOKEN_HEADER = "X-Kefu-Chatwoot-Token"
BOT_OWNS = "pending"  # a conversation the agent bot answers; "open" is the agents'
MAX_ATTACHMENTS = 10
_LABEL = re.compile(r"[^a-z0-9_-]+")


class HandedOff(Protocol):
    """What a handoff reads of the desk's conversation (bot.desk.records.ConversationView)."""

    id: str
    buyer_id: str
    tier: int | None
    reason: str | None


@dataclass(frozen=True)
class ChatwootEvent:
    """A contact's message as Chatwoot announced it, with where to answer."""

    inbound: Inbound
    account_id: int
    conversation_id: int
    status: str  # the Chatwoot conversation's status when the message came


def _number(value: Any, name: str) -> int:
    number = whole_number(value)
    if number is None:
        raise InvalidMessage(f"'{name}' must be Chatwoot's numeric id")
    return number


def _object(payload: Dict[str, Any], name: str) -> Dict[str, Any]:
    value = payload.get(name)
    if not isinstance(value, dict):
        raise InvalidMessage(f"'{name}' must be an object")
    return value


def _attachments(message: Dict[str, Any]) -> Tuple[str, ...]:
    """The photos of a damaged item and the like: Chatwoot gives each a `data_url`."""
    found: List[str] = []
    listed = message.get("attachments")
    for item in listed if isinstance(listed, list) else []:
        url = item.get("data_url") if isinstance(item, dict) else None
        if web_link(url):
            found.append(url)
    return tuple(found[:MAX_ATTACHMENTS])


def buyer_id_of(account_id: int, conversation_id: int) -> str:
    return f"{account_id}-{conversation_id}"


def address_of(buyer_id: str) -> Tuple[int, int]:
    """buyer_id_of's inverse: (account_id, conversation_id)."""
    account, _, conversation = (whole_number(part) for part in buyer_id.partition("-"))
    if account is None or conversation is None:
        raise DeliveryFailed(f"{buyer_id!r} is not a Chatwoot conversation")
    return account, conversation


def parse_event(body: bytes) -> ChatwootEvent | None:
    """The contact's message in an agent-bot event; None for every other event."""
    payload = json_object(body)
    if payload.get("event") != "message_created" or payload.get("message_type") != "incoming":
        return None
    if payload.get("private") is True:  # an agent's note, not the contact
        return None
    conversation = _object(payload, "conversation")
    account_id = _number(_object(payload, "account").get("id"), "account.id")
    conversation_id = _number(conversation.get("id"), "conversation.id")
    attachments = _attachments(payload)
    additional = conversation.get("additional_attributes")
    language = additional.get("language") if isinstance(additional, dict) else None
    inbound = Inbound(
        channel=CHANNEL,
        marketplace=MARKETPLACE,
        buyer_id=buyer_id_of(account_id, conversation_id),
        text=clean_message(payload.get("content") or "", allow_empty=bool(attachments)),
        attachments=attachments,
        channel_message_id=str(_number(payload.get("id"), "id")),
        language=language if isinstance(language, str) and re.fullmatch(r"[a-z]{2,3}", language) else None,
    )
    return ChatwootEvent(inbound, account_id, conversation_id, str(conversation.get("status") or ""))


def labels_of(conversation: HandedOff) -> List[str]:
    """The handoff as Chatwoot labels (lowercase letters, digits, - and _)."""
    reason = _LABEL.sub("-", (conversation.reason or "handoff").lower()).strip("-") or "handoff"
    return [f"kefu-tier{conversation.tier or 1}", f"kefu-{reason}"]


class ChatwootDelivery(OutboundDelivery):
    """The desk's replies as the agent bot's outgoing messages; handoffs open the conversation.

    `url` is the Chatwoot installation, `secret` the agent bot's api_access_token."""

    def _headers(self) -> Dict[str, str]:
        if not self.url or not self.secret:
            raise DeliveryFailed("set KEFU_CHATWOOT_URL and KEFU_CHATWOOT_TOKEN")
        return {"Content-Type": "application/json", "api_access_token": self.secret}

    def _endpoint(self, buyer_id: str, action: str) -> str:
        account, conversation = address_of(buyer_id)
        return f"{str(self.url).rstrip('/')}/api/v1/accounts/{account}/conversations/{conversation}/{action}"

    async def _post(self, buyer_id: str, action: str, payload: Dict[str, Any], what: str) -> int:
        headers = self._headers()
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return await post_with_retries(
            await self.start(),
            self._endpoint(buyer_id, action),
            body,
            headers,
            what,
            self.attempts,
            self.backoff,
            self.timeout,
            self.sleep,
        )

    @staticmethod
    def message_body(message: MessageView) -> Dict[str, Any]:
        body: Dict[str, Any] = {"content": message.text, "message_type": "outgoing", "private": False}
        if message.buttons:
            # Chatwoot's "input_select": the contact picks one; the title comes back as their message.
            body["content_type"] = "input_select"
            body["content_attributes"] = {
                "items": [{"title": b.get("title"), "value": b.get("payload")} for b in message.buttons]
            }
        return body

    async def deliver_one(self, message: MessageView, conversation: Any) -> int:
        return await self._post(
            conversation.buyer_id, "messages", self.message_body(message), f"message {message.id}"
        )

    async def hand_off(self, conversation: HandedOff) -> None:
        """Open the conversation for Chatwoot's agents and label it with the reason and tier."""
        buyer = conversation.buyer_id
        try:
            await self._post(buyer, "toggle_status", {"status": "open"}, f"handoff of {conversation.id}")
            labels = await self._labels(buyer)
            wanted = labels + [label for label in labels_of(conversation) if label not in labels]
            await self._post(buyer, "labels", {"labels": wanted}, f"labels of {conversation.id}")
        except DeliveryFailed as exc:
            logger.error("Chatwoot handoff: %s", exc)

    async def _labels(self, buyer_id: str) -> List[str]:
        """The conversation's labels now (adding replaces the list, so these must be kept)."""
        session = await self.start()
        try:
            async with session.get(
                self._endpoint(buyer_id, "labels"),
                headers=self._headers(),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                if response.status >= 300:
                    raise DeliveryFailed(f"labels of {buyer_id} not read: HTTP {response.status}")
                found = (await response.json()).get("payload")
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise DeliveryFailed(f"labels of {buyer_id} not read: {exc.__class__.__name__}") from None
        return [label for label in found or [] if isinstance(label, str)]

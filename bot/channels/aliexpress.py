"""AliExpress's seller messages (open platform message API v2): buyer messages polled in,
replies sent back.

AliExpress runs on Alibaba's open platform (bot.channels.iop, shared with Lazada): the
message methods are called by name on `/sync` (`method=aliexpress.message...`), signed
without a path; the token refresh is `/rest/auth/token/refresh`. An answer is
{"<method with _>_response": {"result": {...}}} or {"error_response": {"code", "msg"}};
a result with is_success false is refused too.

In: querymsgrelationlist (conversations with activity since the cursor, a page at a
time), then for each conversation whose last_message_id moved since the last poll,
querymsgdetaillistbybuyerid back to the cursor. A message the buyer sent
(sender_ali_id == the conversation's other_ali_id) becomes the desk's Inbound: the
buyer's login id is the buyer, the message id the dedup key, an image's l_path an
attachment and an order message's extern_id the order number. Out: addmsg to the
buyer's login id, as a member (shop) message.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from typing import Any, AsyncGenerator, ClassVar, List, Tuple

from bot.channels.iop import IopClient, iop_kind
from bot.channels.marketplace import (
    Addresses,
    Batch,
    Cursor,
    MarketplaceDelivery,
    MarketplaceInbox,
    buyer_message,
    client_from_settings,
)
from bot.channels.marketplace_calls import (
    RATE_LIMITED,
    REFUSED,
    TOKEN_EXPIRED,
    Landed,
    MarketplaceError,
    replied_since_buyer,
)
from bot.channels.messages import Inbound, MessageView
from bot.channels.outbound import DeliveryFailed
from bot.text_input import whole_number

logger = logging.getLogger(__name__)

CHANNEL = "aliexpress"
MARKETPLACE = "aliexpress"
PREFIX = "aliexpress.message.redefining.versiontwo."
PAGE_SIZE = 50  # both list methods allow 1-100
# The classic platform's numeric codes, which the message API also answers with.
_TOP_LIMIT_CODES = {"7", "isp.remote-service-timeout", "isp.service-unavailable"}
_TOP_TOKEN_CODES = {"26", "27"}  # missing / invalid session


def _kind(code: str) -> str:
    if code in _TOP_TOKEN_CODES:
        return TOKEN_EXPIRED
    return RATE_LIMITED if code in _TOP_LIMIT_CODES else iop_kind(code)


def items(value: Any, inner: str) -> List[dict]:
    """A list as the platform's JSON sends it: plain, or wrapped as {"<item>": [...]}."""
    if isinstance(value, dict):
        value = value.get(inner)
    return [item for item in value or [] if isinstance(item, dict)] if isinstance(value, list) else []


@dataclass
class AliExpressClient(IopClient):
    """Signed calls to one seller's AliExpress open platform (https://api-sg.aliexpress.com)."""

    name: ClassVar[str] = "AliExpress"
    refresh_at: ClassVar[str] = "/rest/auth/token/refresh"

    async def _once(self, method: str, params: dict) -> dict:
        what = method.removeprefix(PREFIX)
        body = await self.post("POST", "/sync", "", {"method": method, **params}, True, what)
        if not isinstance(body, dict):
            raise MarketplaceError(REFUSED, f"AliExpress {what}: the answer is not an object")
        error = body.get("error_response")
        if isinstance(error, dict):
            code, sub = str(error.get("code") or "?"), str(error.get("sub_code") or "")
            kind = _kind(code) if _kind(code) != REFUSED or not sub else _kind(sub)
            raise MarketplaceError(kind, f"AliExpress {what}: {code}" + (f" {sub}" if sub else ""))
        answer = body.get(method.replace(".", "_") + "_response")
        result = answer.get("result") if isinstance(answer, dict) else None
        if not isinstance(result, dict):
            raise MarketplaceError(REFUSED, f"AliExpress {what}: no result in the answer")
        if result.get("is_success") is False or str(result.get("is_success")).lower() == "false":
            raise MarketplaceError(REFUSED, f"AliExpress {what}: {result.get('error_code')}")
        return result

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **params: Any
    ) -> Tuple[dict, int]:
        """The `result` of a message method (`path`: its last part, e.g. "addmsg") and the attempts."""
        once = lambda: self._once(PREFIX + path, params)  # noqa: E731
        return await self.retried(once, landed, self.refresh)


def inbound_of(message: dict, buyer: dict) -> Inbound | None:
    """The buyer's message as the desk's Inbound; None for the shop's own or nothing to read."""
    if str(message.get("sender_ali_id")) != str(buyer["other_ali_id"]):
        return None
    photos = items(message.get("file_path_list"), "file_path")
    image = (photos[0].get("l_path") or photos[0].get("m_path")) if photos else None
    order = message.get("extern_id") if message.get("message_type") == "order" else None
    text = message.get("content")
    return buyer_message(MARKETPLACE, str(buyer["other_login_id"]), message["id"], text, image, order)


def from_ali_id(message: dict, ali_id: str) -> bool:
    return str(message.get("sender_ali_id")) == ali_id


def seller_text(message: dict, buyer_ali_id: str) -> str | None:
    """The text of the seller's own message in a buyer's list (a reply the desk sent)."""
    return None if from_ali_id(message, buyer_ali_id) else message.get("content")


def _millis(value: Any) -> int:
    return whole_number(str(value or "0")) or 0


def _clock(message: dict) -> int:
    return _millis(message.get("gmt_create"))


@dataclass
class AliExpressInbox(MarketplaceInbox):
    """Polls one seller's AliExpress messages; the cursor is the newest gmt_create (ms) handed on.
    `handed` keeps each conversation's last_message_id already read (no call while unchanged)."""

    client: AliExpressClient
    cursor: Cursor
    handed: Addresses
    buyers: Addresses | None = None  # each buyer's ali id by login id, to tell their messages

    async def _relations(self, since: int) -> List[dict]:
        found: List[dict] = []
        page = 1
        while True:
            query = {"current_page": page, "page_size": PAGE_SIZE, "start_time": since or None}
            shown = {name: value for name, value in query.items() if value is not None}
            result, _ = await self.client.call("POST", "querymsgrelationlist", query=json.dumps(shown))
            listed = items(result.get("relation_list"), "relation_result")
            found.extend(listed)
            if len(listed) < PAGE_SIZE:
                return found
            page += 1

    async def _messages(self, login_id: str, since: int) -> List[dict]:
        found: List[dict] = []
        page = 1
        while True:
            result, _ = await self.client.call(
                "POST",
                "querymsgdetaillistbybuyerid",
                buyer_login_id=login_id,
                current_page=page,
                page_size=PAGE_SIZE,
            )
            listed = items(result.get("message_detail_list"), "message_detail")
            found.extend(m for m in listed if _clock(m) >= since)
            if len(listed) < PAGE_SIZE or any(_clock(m) < since for m in listed):
                return found
            page += 1

    def sent_at(self, message: dict) -> int:
        return _clock(message)

    async def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        for relation in await self._relations(since):
            login_id, last = (
                str(relation.get("other_login_id") or ""),
                str(relation.get("last_message_id") or ""),
            )
            if not login_id or not relation.get("other_ali_id"):
                logger.error("skipped an AliExpress conversation without the buyer's ids")
                continue
            if last and await self.handed.of(login_id) == last:
                continue
            messages = await self._messages(login_id, since)
            if self.buyers is not None:
                await self.buyers.remember(login_id, str(relation["other_ali_id"]))
            yield messages, functools.partial(inbound_of, buyer=relation)
            if last:
                await self.handed.remember(login_id, last)


@dataclass
class AliExpressDelivery(MarketplaceDelivery):
    """The desk's replies as member messages to the buyer's AliExpress login id."""

    seller_id: str = field(default="", repr=False)

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        if not self.seller_id:
            raise DeliveryFailed("KEFU_ALIEXPRESS_SELLER_ID is not set")
        login, text = str(conversation.buyer_id), self.text_of(message)
        create = {"buyer_id": login, "seller_id": self.seller_id, "content": text, "message_type": "member"}
        # Which messages are the buyer's is known once a poll has read their conversation.
        buyer_ali_id = await self.addresses.of(login) if self.addresses else None
        landed = in_chat(client, login, text, buyer_ali_id) if buyer_ali_id else None
        sending = json.dumps({**create, "extern_id": 0}, ensure_ascii=False)
        _, attempts = await client.call("POST", "addmsg", landed=landed, create_param=sending)
        return attempts


def in_chat(client: Any, login: str, text: str, buyer_ali_id: str) -> Landed:
    """Whether `text` reached the buyer's messages as the seller's, after their latest."""

    async def landed() -> bool:
        query = {"buyer_login_id": login, "current_page": 1, "page_size": PAGE_SIZE}
        result, _ = await client.call("POST", "querymsgdetaillistbybuyerid", **query)
        return replied_since_buyer(
            items(result.get("message_detail_list"), "message_detail"),
            text,
            _clock,
            functools.partial(seller_text, buyer_ali_id=buyer_ali_id),
            functools.partial(from_ali_id, ali_id=buyer_ali_id),
        )

    return landed


def from_settings(settings: Any, redis: Any) -> Tuple[AliExpressInbox, AliExpressDelivery] | None:
    """The seller's AliExpress inbox and reply path, or None while any credential is unset."""
    client = client_from_settings(
        settings, "aliexpress", ("url", "app_key", "app_secret", "access_token"), AliExpressClient
    )
    if client is None:
        return None
    buyers = Addresses(redis, "kefu:aliexpress:buyers")
    handed = Addresses(redis, "kefu:aliexpress:handed")
    inbox = AliExpressInbox(client, Cursor(redis, "kefu:aliexpress:cursor"), handed, buyers)
    seller = settings.aliexpress_seller_id or ""
    delivery = AliExpressDelivery(None, None, client=client, addresses=buyers, seller_id=seller)
    return inbox, delivery

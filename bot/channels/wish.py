"""Wish's customer tickets (Merchant API v3): buyer replies polled in, the desk's replies posted back.

Every call carries `Authorization: Bearer <access token>`; tokens expire (30 days) and
are renewed with GET /api/v3/oauth/refresh_token. Every answer is {"code", "message",
"data"} with code 0 for success; 429 and 5xx are retried by the shared rules, a 401 (or
the token codes) triggers one refresh, other refusals are final.

Wish has no chat: each buyer question is a ticket, and the desk treats one ticket as one
buyer (Wish does not name the buyer), so the ticket id is the buyer id and where replies
go. In: GET /api/v3/tickets updated since the cursor (oldest first, a page at a time);
each reply whose sender is USER becomes the desk's Inbound, "<ticket id>:<position>" its
dedup key, its supporting_files' urls attachments and the ticket's first order id the
order it is about. Out: POST /api/v3/tickets/{id}/replies {"message"}.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, AsyncGenerator, Dict, List, Tuple

from bot.channels.marketplace import (
    Batch,
    Cursor,
    MarketplaceClient,
    MarketplaceDelivery,
    MarketplaceInbox,
    SentPieces,
    buyer_message,
    client_from_settings,
    iso_millis,
)
from bot.channels.marketplace_calls import (
    REFUSED,
    TOKEN_EXPIRED,
    Landed,
    MarketplaceError,
    replied_since_buyer,
    request_answer,
)
from bot.channels.messages import Inbound, MessageView

logger = logging.getLogger(__name__)

CHANNEL = "wish"
MARKETPLACE = "wish"
BUYER = "USER"  # a reply's sender when the buyer wrote it
MERCHANT = "MERCHANT"  # ... and when the merchant (the desk) did
PAGE_SIZE = 100  # /api/v3/tickets allows 1-500
MAX_TEXT = 2000  # a reply's message holds at most 2000 characters
_TOKEN_CODES = {1015, 1016}  # access token expired / revoked
REFRESH = "/api/v3/oauth/refresh_token"


@dataclass
class WishClient(MarketplaceClient):
    """Calls to one merchant's Wish Merchant API v3 (https://merchant.wish.com)."""

    url: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)

    async def _once(self, method: str, path: str, params: dict, authorised: bool = True) -> Any:
        request: dict = {"params": params} if method == "GET" else {"json": params}
        if authorised:
            request["headers"] = {"Authorization": f"Bearer {self.access_token}"}
        status, body = await request_answer(
            await self.start(), method, self.url.rstrip("/") + path, f"Wish {path}", self.timeout, **request
        )
        code = body.get("code") if isinstance(body, dict) else None
        if status < 400 and code == 0:
            return body.get("data")
        if status == 401 or code in _TOKEN_CODES:
            raise MarketplaceError(TOKEN_EXPIRED, f"Wish {path}: HTTP {status} code {code}")
        detail = str(body.get("message") or "")[:200] if isinstance(body, dict) else "not an object"
        raise MarketplaceError(REFUSED, f"Wish {path}: HTTP {status} code {code} {detail}")

    async def refresh(self) -> None:
        """A new access token from the refresh token (needs the app's client id and secret)."""
        if not (self.refresh_token and self.client_id and self.client_secret):
            raise MarketplaceError(
                REFUSED,
                "Wish access token expired; set KEFU_WISH_REFRESH_TOKEN, "
                "KEFU_WISH_CLIENT_ID and KEFU_WISH_CLIENT_SECRET",
            )
        wanted = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
            "grant_type": "refresh_token",
        }
        data = await self._once("GET", REFRESH, wanted, authorised=False)
        if not isinstance(data, dict) or not data.get("access_token"):
            raise MarketplaceError(REFUSED, f"Wish {REFRESH}: no access_token in the answer")
        self.access_token = str(data["access_token"])
        self.refresh_token = str(data.get("refresh_token") or self.refresh_token)

    async def call(
        self, method: str, path: str, *, landed: Landed | None = None, **params: Any
    ) -> Tuple[Any, int]:
        """The answer's `data` and the attempts it took."""
        once = lambda: self._once(method, path, params)  # noqa: E731
        return await self.retried(once, landed, self.refresh)


def replies_of(ticket: dict) -> List[dict]:
    """The ticket's replies, each with the ticket and its position (Wish gives replies no id)."""
    ticket_id = str(ticket["id"])
    replies = ticket.get("replies") or []
    if not isinstance(replies, list):
        raise ValueError(f"ticket {ticket_id}: replies is not a list")
    return [
        {**reply, "_ticket": ticket, "_position": n}
        for n, reply in enumerate(replies)
        if isinstance(reply, dict)
    ]


def inbound_of(reply: dict) -> Inbound | None:
    """A buyer's reply as the desk's Inbound; None for the merchant's, Wish support's or nothing to read."""
    if reply.get("sender") != BUYER:
        return None
    ticket = reply["_ticket"]
    files = [f for f in reply.get("supporting_files") or [] if isinstance(f, dict)]
    image = files[0].get("url") if files else None
    orders = [o for o in ticket.get("orders") or [] if isinstance(o, dict) and o.get("id")]
    order = orders[0]["id"] if orders else None
    key = f"{ticket['id']}:{reply['_position']}"
    return buyer_message(MARKETPLACE, str(ticket["id"]), key, reply.get("message"), image, order)


def merchant_text(reply: dict) -> str | None:
    return reply.get("message") if reply.get("sender") == MERCHANT else None


def from_buyer(reply: dict) -> bool:
    return reply.get("sender") == BUYER


def _clock(reply: dict) -> int:
    return iso_millis(reply.get("replied_at"))


def _iso(millis: int) -> str:
    return datetime.fromtimestamp(millis / 1000, tz=timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class WishInbox(MarketplaceInbox):
    """Polls one merchant's Wish tickets; the cursor is the newest replied_at (ms) handed on."""

    client: WishClient
    cursor: Cursor

    async def _tickets(self, since: int) -> List[dict]:
        """Tickets updated since `since`, oldest first. The next page starts at the last one's
        updated_at (inclusive), so a ticket on both pages is kept once."""
        found: Dict[str, dict] = {}
        after = _iso(since) if since else None
        while True:
            query: Dict[str, Any] = {"limit": PAGE_SIZE, "sort_by": "updated_at.asc", "updated_at_min": after}
            data, _ = await self.client.call(
                "GET", "/api/v3/tickets", **{k: v for k, v in query.items() if v}
            )
            page = [t for t in data or [] if isinstance(t, dict)] if isinstance(data, list) else []
            found.update((str(t.get("id")), t) for t in page)
            following = page[-1].get("updated_at") if page else None
            if len(page) < PAGE_SIZE or not following or following == after:
                return list(found.values())
            after = following

    def sent_at(self, message: dict) -> int:
        return _clock(message)

    async def batches(self, since: int) -> AsyncGenerator[Batch, None]:
        """All tickets' new replies in one batch: the buyer's order across tickets is kept."""
        replies: List[dict] = []
        for ticket in await self._tickets(since):
            try:
                replies.extend(r for r in replies_of(ticket) if _clock(r) >= since)
            except (KeyError, ValueError) as exc:
                logger.error("skipped a malformed Wish ticket (%s: %s)", exc.__class__.__name__, exc)
        yield replies, inbound_of


@dataclass
class WishDelivery(MarketplaceDelivery):
    """The desk's replies posted to the buyer's ticket (2000 characters a reply)."""

    async def send(self, client: Any, message: MessageView, conversation: Any) -> int:
        ticket = f"/api/v3/tickets/{conversation.buyer_id}"

        async def send_piece(part: str) -> int:
            async def landed() -> bool:
                data, _ = await client.call("GET", ticket)
                replies = data.get("replies") if isinstance(data, dict) else None
                return replied_since_buyer(replies or [], part, _clock, merchant_text, from_buyer)

            _, took = await client.call("POST", f"{ticket}/replies", landed=landed, message=part)
            return int(took)

        return await self.send_in_pieces(message, MAX_TEXT, send_piece)


def from_settings(settings: Any, redis: Any) -> Tuple[WishInbox, WishDelivery] | None:
    """The merchant's Wish inbox and reply path, or None while the access token is unset."""
    client = client_from_settings(
        settings,
        "wish",
        ("url", "access_token"),
        WishClient,
        client_id=settings.wish_client_id,
        client_secret=settings.wish_client_secret,
    )
    if client is None:
        return None
    pieces = SentPieces(redis, "kefu:wish:pieces")
    return WishInbox(client, Cursor(redis, "kefu:wish:cursor")), WishDelivery(
        None, None, client=client, pieces=pieces
    )

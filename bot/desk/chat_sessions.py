"""Web chat buyers' sessions: the desk, not the page, says who a buyer is.

An anonymous visitor gets a fresh random visitor id; a shop's signed-in buyer
gets their marketplace identity by presenting, once, the shop's signature over
"<marketplace>:<buyer_id>:<expires>" (channels.chat_identity_signature). Either way the page
receives a token (a JWT signed with a key derived from the desk secret, of its own
kind, so an agent's token is never a buyer's) and sends it as
`Authorization: Bearer` to post, poll and rate. A token, not a cookie: the chat
is framed by shops on other sites, where browsers withhold cookies.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from bot.desk.auth import TokenError, read_claims, sign_claims

CHAT_SESSION = b"kefu web chat buyer session"
VISITOR_PREFIX = "v-"


@dataclass(frozen=True)
class ChatSession:
    marketplace: str
    buyer_id: str
    expires_at: float


def new_visitor_id() -> str:
    """Unguessable, so nobody can name another visitor's conversation."""
    return VISITOR_PREFIX + secrets.token_urlsafe(18)


def issue_chat_token(secret: str, marketplace: str, buyer_id: str, hours: float) -> tuple[str, ChatSession]:
    now = time.time()
    session = ChatSession(marketplace, buyer_id, now + hours * 3600)
    claims = {"mkt": marketplace, "sub": buyer_id, "iat": int(now), "exp": int(session.expires_at)}
    return sign_claims(secret, claims, CHAT_SESSION), session


def read_chat_token(secret: str, token: str) -> ChatSession:
    claims = read_claims(secret, token, ("mkt", "sub", "exp"), CHAT_SESSION)
    marketplace, buyer_id = claims["mkt"], claims["sub"]
    if not isinstance(marketplace, str) or not isinstance(buyer_id, str):
        raise TokenError("malformed token")
    return ChatSession(marketplace, buyer_id, float(claims["exp"]))

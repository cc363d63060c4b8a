"""Agents' passwords, session tokens and what each role may see.

Passwords: scrypt (stdlib hashlib), a random salt per agent, compared in
constant time. Sessions: a token signed with KEFU_DESK_SECRET (HMAC-SHA256)
naming the agent, an expiry and a random id; logging out revokes the id in
Redis until the token would have expired. The agent is re-read on every
request, so a changed role or a disabled account takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Tuple

from bot.desk.records import AgentView, ConversationView

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 8
TOKEN_VERSION = "v1"

# The highest tier each role works on; an agent sees their tier and below.
ROLE_TIERS = {"tier1": 1, "tier2": 2, "tier3": 3, "supervisor": 3, "trainer": 0}
DESK_ROLES = ("tier1", "tier2", "tier3", "supervisor")


class TokenError(ValueError):
    """The token is malformed, forged or expired."""


def hash_password(password: str, n: int = SCRYPT_N) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, _unb64(digest))


# Checked when a username is unknown, so a login takes as long either way.
_DUMMY_HASH = f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'A' * 22}${'A' * 43}"


def burn_password_check(password: str) -> None:
    verify_password(password, _DUMMY_HASH)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Session:
    agent_id: int
    token_id: str
    expires_at: float


def issue_token(secret: str, agent_id: int, hours: float, now: float | None = None) -> Tuple[str, Session]:
    now = time.time() if now is None else now
    session = Session(agent_id=agent_id, token_id=secrets.token_urlsafe(12), expires_at=now + hours * 3600)
    payload = _b64(
        json.dumps({"a": agent_id, "e": int(session.expires_at), "j": session.token_id}).encode("utf-8")
    )
    body = f"{TOKEN_VERSION}.{payload}"
    return f"{body}.{_signature(secret, body)}", session


def read_token(secret: str, token: str, now: float | None = None) -> Session:
    try:
        version, payload, signature = token.split(".")
    except ValueError as exc:
        raise TokenError("malformed token") from exc
    if version != TOKEN_VERSION:
        raise TokenError("unknown token version")
    if not hmac.compare_digest(_signature(secret, f"{version}.{payload}"), signature):
        raise TokenError("bad token signature")
    try:
        claims = json.loads(_unb64(payload))
        session = Session(agent_id=int(claims["a"]), token_id=str(claims["j"]), expires_at=float(claims["e"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise TokenError("malformed token") from exc
    if session.expires_at <= (time.time() if now is None else now):
        raise TokenError("the session has expired")
    return session


def _signature(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode("utf-8"), body.encode("utf-8"), hashlib.sha256).digest())


# -- what a role may do ----------------------------------------------------------


def visible_tiers(agent: AgentView) -> Tuple[int, ...]:
    return tuple(range(1, ROLE_TIERS.get(agent.role, 0) + 1))


def works_the_desk(agent: AgentView) -> bool:
    return agent.role in DESK_ROLES


def can_see(agent: AgentView, conversation: ConversationView) -> bool:
    """Supervisors see everything; an agent sees their tier and below, and what they hold."""
    if not works_the_desk(agent):
        return False
    if agent.role == "supervisor" or conversation.agent_id == agent.id:
        return True
    return conversation.tier is None or conversation.tier <= ROLE_TIERS[agent.role]


def holds(agent: AgentView, conversation: ConversationView) -> bool:
    return conversation.status == "assigned" and conversation.agent_id == agent.id


def can_close(agent: AgentView, conversation: ConversationView) -> bool:
    """Hand back or resolve: the agent holding it, or a supervisor."""
    return holds(agent, conversation) or agent.role == "supervisor"

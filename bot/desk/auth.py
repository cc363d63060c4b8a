"""Agents' passwords, session tokens and what each role may see.

Passwords: scrypt (stdlib hashlib), a random salt per agent, compared in
constant time. Sessions: a JWT signed (HS256) with a key derived from KEFU_DESK_SECRET,
naming the agent (by id, and by username: on SQLite a removed agent's id is given to the
next account), when it was issued (iat), an expiry and a random id (jti). Logging out,
a new password or disabling the account voids every token issued up to then (the
account's sessions_ended_at, in the journal). The agent is re-read on every
request, so a changed role, a disabled account or a logout takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Tuple

import jwt

from bot.desk.records import AgentView, ConversationView

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
TOKEN_ALGORITHM = "HS256"

# The highest tier each role works on; an agent sees their tier and below.
ROLE_TIERS = {"tier1": 1, "tier2": 2, "tier3": 3, "supervisor": 3, "trainer": 0}
DESK_ROLES = ("tier1", "tier2", "tier3", "supervisor")


class TokenError(ValueError):
    """The token is malformed, forged or expired."""


def hash_password(password: str, n: int = SCRYPT_N) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ValueError(f"a password has at most {MAX_PASSWORD_CHARS} characters")
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
    issued_at: int = 0  # whole seconds, as the token's iat
    username: str | None = None  # None: a token issued before usernames were in them


# Each kind of token has a key of its own, so one kind never passes for another.
AGENT_SESSION = b"kefu desk session token"


def _signing_key(secret: str, purpose: bytes = AGENT_SESSION) -> bytes:
    """A key of its own for sessions, derived from the desk secret: 32 bytes whatever the
    secret's length (HS256 wants no less), and other uses of the secret never sign a session."""
    return hmac.new(secret.encode("utf-8"), purpose, hashlib.sha256).digest()


def sign_claims(secret: str, claims: dict, purpose: bytes = AGENT_SESSION) -> str:
    return jwt.encode(claims, _signing_key(secret, purpose), algorithm=TOKEN_ALGORITHM)


def read_claims(
    secret: str,
    token: str,
    required: Tuple[str, ...],
    purpose: bytes = AGENT_SESSION,
    now: float | None = None,
) -> dict:
    """The claims of a token this desk signed for `purpose`; TokenError when forged, expired or malformed."""
    # PyJWT checks expiry against the wall clock; a caller's own clock shifts it by the difference.
    leeway = 0.0 if now is None else time.time() - now
    try:
        return jwt.decode(
            token,
            _signing_key(secret, purpose),
            algorithms=[TOKEN_ALGORITHM],
            options={"require": list(required), "verify_iat": False},
            leeway=leeway,
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("the session has expired") from exc
    except jwt.InvalidSignatureError as exc:
        raise TokenError("bad token signature") from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise TokenError("malformed token") from exc


def issue_token(
    secret: str,
    agent_id: int,
    hours: float,
    now: float | None = None,
    sessions_ended_at: datetime | None = None,
    username: str | None = None,
) -> Tuple[str, Session]:
    """A JWT (HS256) naming the agent (sub, usr), when it was issued (iat), its expiry (exp) and
    an id (jti). Issued after the account's sessions last ended, even within that same second."""
    now = time.time() if now is None else now
    issued = after_last_end(now, sessions_ended_at)
    session = Session(agent_id, secrets.token_urlsafe(12), now + hours * 3600, issued, username)
    claims = {"sub": str(agent_id), "iat": issued, "exp": int(session.expires_at), "jti": session.token_id}
    if username is not None:
        claims["usr"] = username
    return sign_claims(secret, claims), session


def read_token(secret: str, token: str, now: float | None = None) -> Session:
    claims = read_claims(secret, token, ("sub", "iat", "exp", "jti"), now=now)
    try:
        return Session(
            agent_id=int(claims["sub"]),
            token_id=str(claims["jti"]),
            expires_at=float(claims["exp"]),
            issued_at=int(claims["iat"]),
            username=str(claims["usr"]) if "usr" in claims else None,
        )
    except (TypeError, ValueError, OverflowError) as exc:
        raise TokenError("malformed token") from exc


def ended_by_account(session: Session, agent: AgentView) -> bool:
    """The account's sessions were ended (logout, new password, disabled) since this token was
    issued, or the token is another account's (a removed agent's, whose id this one was given)."""
    if session.username is not None and session.username != agent.username:
        return True
    return session.issued_at <= _whole_seconds(agent.sessions_ended_at)


def after_last_end(now: float, sessions_ended_at: datetime | None) -> int:
    """`now` in whole seconds (as iat), or the second after the account's sessions last ended
    if that is later. A token is issued at this second, so one issued just after a logout
    works; and sessions end through this second, so every token issued before is void, one
    issued a second ahead too."""
    return max(int(now), _whole_seconds(sessions_ended_at) + 1)


def _whole_seconds(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment is not None else 0


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

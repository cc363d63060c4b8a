"""How many times anyone may try a password, counted in Redis before the password is checked
(one Lua call increments every counter at once), so 40 parallel guesses are not 40 checks.

Unknown clients are limited per account and per client address. A client that once logged
in to an account carries a signed "known client" cookie for it; it is limited on its own
counter only, so someone guessing a real agent's password from elsewhere locks out other
unknown clients, never the agent's own browser. A correct password clears the account's
counter and the client's; on the address counter it takes back its own attempt, so an office
of agents behind one address is not limited by its own successful logins.

When Redis is down (the connection is refused) the desk still lets agents log in. When it is
merely slow (a timeout), the attempt may well have been counted, and a guesser who loads the
desk must not buy unlimited checks with it: the login is refused (503) without a check.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass
from typing import List, Tuple

from redis.exceptions import TimeoutError as RedisTimeout

from bot.desk.auth import TokenError, read_claims, sign_claims
from bot.desk.queue import PREFIX, DeskQueue, QueueUnavailable

KNOWN_CLIENT_COOKIE = "kefu_known_client"
KNOWN_CLIENT = b"kefu desk known client"
KNOWN_CLIENT_DAYS = 90
WINDOW_SECONDS = 600
ACCOUNT_LIMIT = 10
ADDRESS_LIMIT = 30
KNOWN_CLIENT_LIMIT = 10

# INCR each key (starting its window when new); returns the counts, in order.
_COUNT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return counts
"""


class CountUnknown(Exception):
    """Redis did not answer in time: the attempt may or may not have been counted."""


@dataclass(frozen=True)
class Attempt:
    """One login attempt's counters: (key, limit) pairs, already counted."""

    counters: Tuple[Tuple[str, int], ...]
    account_key: str
    address_key: str | None

    @property
    def known(self) -> bool:
        return self.address_key is None


def known_client_token(secret: str, username: str) -> str:
    now = time.time()
    claims = {
        "sub": username.lower(),
        "exp": int(now + KNOWN_CLIENT_DAYS * 86400),
        "jti": secrets.token_urlsafe(12),
    }
    return sign_claims(secret, claims, KNOWN_CLIENT)


def known_client_id(secret: str, username: str, cookie: str | None) -> str | None:
    """The client's id when its cookie was signed by this desk for this username."""
    if not cookie:
        return None
    try:
        claims = read_claims(secret, cookie, ("sub", "exp", "jti"), KNOWN_CLIENT)
    except TokenError:
        return None
    return str(claims["jti"]) if claims["sub"] == username.lower() else None


async def count_attempt(
    queue: DeskQueue, username: str, address: str, client_id: str | None
) -> Tuple[Attempt, bool]:
    """Count this attempt; (the attempt, whether it is within every limit).

    QueueUnavailable when Redis is unreachable; CountUnknown when it was too slow to say.
    """
    account_key = f"{PREFIX}login:account:{username.lower()}"
    counters: Tuple[Tuple[str, int], ...]
    if client_id:
        counters = ((f"{PREFIX}login:client:{client_id}", KNOWN_CLIENT_LIMIT),)
        attempt = Attempt(counters, account_key, None)
    else:
        address_key = f"{PREFIX}login:address:{address}"
        counters = ((account_key, ACCOUNT_LIMIT), (address_key, ADDRESS_LIMIT))
        attempt = Attempt(counters, account_key, address_key)
    keys = [key for key, _ in counters]
    try:
        counts: List[int] = await queue.call(
            lambda: queue.redis.eval(_COUNT, len(keys), *keys, WINDOW_SECONDS)
        )
    except QueueUnavailable as exc:
        if isinstance(exc.__cause__, (RedisTimeout, TimeoutError, asyncio.TimeoutError)):
            raise CountUnknown(str(exc)) from exc
        raise
    within = all(int(count) <= limit for count, (_, limit) in zip(counts, counters))
    return attempt, within


async def succeeded(queue: DeskQueue, attempt: Attempt) -> None:
    """The password was right: the account and this client start afresh."""

    async def work():
        async with queue.redis.pipeline(transaction=True) as pipe:
            pipe.delete(
                attempt.account_key, *(key for key, _ in attempt.counters if key != attempt.address_key)
            )
            if attempt.address_key:
                pipe.decr(attempt.address_key)
            await pipe.execute()

    await queue.call(work)

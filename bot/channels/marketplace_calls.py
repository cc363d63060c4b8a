"""A call to a marketplace's API: its errors, the retry rule, and the check that keeps a
send whose answer was lost from being sent twice.

A marketplace's open platform answers a refused call in its own body shape; each adapter
turns that into a MarketplaceError of one of three kinds, so the retry rule lives here
once: a rate limit or a timeout is waited out with exponential backoff, an expired access
token is refreshed once and the call repeated, and anything else is final. After a
timeout a send is first looked for in the chat (`landed`), since none of the marketplaces
has an idempotency key.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable, Iterable, Tuple, TypeVar

import aiohttp

logger = logging.getLogger(__name__)

T = TypeVar("T")

RATE_LIMITED = "rate_limited"
TIMED_OUT = "timed_out"
TOKEN_EXPIRED = "token_expired"
REFUSED = "refused"
RETRIED = (RATE_LIMITED, TIMED_OUT)


class MarketplaceError(RuntimeError):
    """A call the marketplace did not accept; `kind` says whether trying again can help.
    The message names the call and the marketplace's code, never a credential."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# Whether a call that timed out took effect all the same (a sent message is in the chat).
Landed = Callable[[], Awaitable[bool]]


async def with_retries(
    call: Callable[[], Awaitable[T]],
    refresh: Callable[[], Awaitable[None]] | None,
    attempts: int,
    backoff: float,
    sleep: Callable[[float], Any] = asyncio.sleep,
    landed: Landed | None = None,
) -> Tuple[T | None, int]:
    """(`call()`'s value, the attempts it took). Called again after a rate limit or timeout
    (waiting backoff, 2*backoff, ...) and once after refreshing an expired token; raises
    the last MarketplaceError when that runs out.

    A timed-out call may have reached the marketplace, its answer lost on the way back:
    sending a message again would show the buyer the reply twice. With `landed`, a timeout
    is followed by that check, and a call found to have taken effect is not repeated (the
    value is then None). A check that itself fails counts as not landed: a reply twice
    beats a reply lost."""
    refreshed = False
    for attempt in range(1, attempts + 1):
        try:
            return await call(), attempt
        except MarketplaceError as exc:
            if exc.kind == TOKEN_EXPIRED and refresh is not None and not refreshed:
                refreshed = True
                await refresh()
                continue
            if exc.kind not in RETRIED or attempt == attempts:
                raise
            logger.warning("%s; retrying", exc)
            await sleep(backoff * 2 ** (attempt - 1))
            if exc.kind == TIMED_OUT and landed is not None and await _landed_quietly(landed):
                logger.warning("%s, but it had taken effect: not repeated", exc)
                return None, attempt
    raise MarketplaceError(REFUSED, f"no attempt made ({attempts} allowed)")


def now_ms() -> int:
    return int(time.time() * 1000)


def replied_since_buyer(
    messages: Iterable[Any],
    text: str,
    sent_at: Callable[[dict], int],
    seller_text: Callable[[dict], str | None],
    from_buyer: Callable[[dict], bool],
) -> bool:
    """Whether `text` is among the seller's messages after the buyer's latest one in a chat's
    `messages` (`seller_text`: a message's text when the seller sent it, else None): a reply
    that timed out but reached the chat. Chat order, not clocks: the marketplace's and ours
    differ. At equal times the seller's message counts as the later one."""
    dated = sorted(
        (m for m in messages if isinstance(m, dict)),
        key=lambda m: (sent_at(m), seller_text(m) is not None),
        reverse=True,
    )
    for message in dated:
        if seller_text(message) == text:
            return True
        if from_buyer(message):
            return False
    return False


async def _landed_quietly(landed: Landed) -> bool:
    try:
        return await landed()
    except MarketplaceError as exc:
        logger.warning("could not check whether a timed-out call took effect (%s)", exc)
        return False


async def request_answer(
    session: aiohttp.ClientSession, method: str, url: str, what: str, timeout: float, **kwargs: Any
) -> Tuple[int, Any]:
    """One HTTP call's status and JSON body. Timeouts, connection errors, 429 and 5xx become
    the retried kinds; a body that is not JSON is final. Judging the rest is the adapter's job
    (marketplaces that answer errors with a 4xx look at the status, the others at the body)."""
    try:
        async with session.request(
            method, url, timeout=aiohttp.ClientTimeout(total=timeout), **kwargs
        ) as response:
            if response.status == 429 or response.status >= 500:
                raise MarketplaceError(RATE_LIMITED, f"{what}: HTTP {response.status}")
            return response.status, await response.json(content_type=None)
    except (asyncio.TimeoutError, aiohttp.ClientError) as exc:
        raise MarketplaceError(TIMED_OUT, f"{what}: {exc.__class__.__name__}") from None
    except ValueError:
        raise MarketplaceError(REFUSED, f"{what}: the answer is not JSON") from None


async def request_json(
    session: aiohttp.ClientSession, method: str, url: str, what: str, timeout: float, **kwargs: Any
) -> Any:
    """request_answer's body, for marketplaces that say what went wrong in the body."""
    return (await request_answer(session, method, url, what, timeout, **kwargs))[1]

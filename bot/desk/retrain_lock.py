"""One retrain at a time: a Redis key holding the running job's token.

The desk takes it before it starts a retrain process (a second request gets a 409), or
`kefu train` takes it itself; the job refreshes it while it works and deletes it when it
ends. A job that dies leaves the key to expire after TTL_SECONDS, so no crash keeps
retraining locked for good.
"""

from __future__ import annotations

import contextlib
import threading

import redis

from bot.desk import owned_keys
from bot.desk.owned_keys import REFRESH, RELEASE, new_token
from bot.desk.queue import DeskQueue

KEY = "kefu:retrain:lock"
TTL_SECONDS = 600
REFRESH_SECONDS = 30


async def take(queue: DeskQueue, token: str) -> bool:
    """The desk's attempt to start a retrain; False when one is running."""
    return await owned_keys.take(queue, KEY, token, TTL_SECONDS)


async def holder(queue: DeskQueue) -> str | None:
    return await queue.call(lambda: queue.redis.get(KEY))


async def give_back(queue: DeskQueue, token: str) -> None:
    """Release a lock the desk took for a job that never started."""
    await owned_keys.give_back(queue, KEY, token)


class RetrainLock:
    """The job's side: hold the lock (taken here or handed over by the desk) while working."""

    def __init__(self, url: str, token: str | None = None):
        self.client = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2)
        self.token = token or new_token()
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def acquire(self, handed_over: bool = False) -> bool:
        """Take the lock, or (handed_over) check that the desk holds it for this job."""
        if handed_over:
            return bool(self.client.eval(REFRESH, 1, KEY, self.token, TTL_SECONDS))
        return bool(self.client.set(KEY, self.token, nx=True, ex=TTL_SECONDS))

    def holder(self) -> str | None:
        return self.client.get(KEY)

    def __enter__(self) -> RetrainLock:
        self._beat = threading.Thread(target=self._refresh_until_stopped, name="retrain-lock", daemon=True)
        self._beat.start()
        return self

    def _refresh_until_stopped(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            # Redis back before the key expires, or the next job may start: both fine.
            with contextlib.suppress(redis.RedisError):
                self.client.eval(REFRESH, 1, KEY, self.token, TTL_SECONDS)

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        try:
            self.client.eval(RELEASE, 1, KEY, self.token)
        finally:
            self.client.close()

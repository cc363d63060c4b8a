"""The desk's per-buyer turn across replicas (bot/desk/buyer_turns.py) on a real Redis: a turn
Redis could not be told about does not hold the buyer's next message for long."""

import asyncio
import time

from redis.exceptions import ConnectionError as RedisConnectionError

from bot.desk.buyer_turns import BuyerTurns, turn_key
from bot.desk.queue import DeskQueue
from tests.desk.conftest import REDIS_URL


def on_a_flushed_redis(play):
    """play(queue) on one event loop, with the desk's queue client made and closed on it."""

    async def run():
        queue = DeskQueue.from_url(REDIS_URL)
        try:
            await queue.redis.flushdb()
            return await play(queue)
        finally:
            await queue.close()

    return asyncio.run(run())


def test_a_turn_not_given_back_while_redis_restarted_is_given_back_once_it_answers():
    """Seen in the load and fault test: Redis (its data kept on disk) restarted while a desk
    gave a buyer's turn back; the ticket stayed and the buyer's next message waited for it to
    lapse (90 s then), past the desk's patience."""

    async def play(queue) -> float:
        turns = BuyerTurns(queue, lambda: True)
        release, failures = turns._release, [RedisConnectionError("Connection closed by server.")]

        def flaky_release(**kwargs):
            if failures:
                raise failures.pop()
            return release(**kwargs)

        turns._release = flaky_release
        async with turns.of("lazada:b1"):
            pass
        assert await queue.redis.exists(turn_key("lazada:b1"))  # not given back yet
        started = time.monotonic()
        async with turns.of("lazada:b1"):  # the buyer's next message
            waited = time.monotonic() - started
        await asyncio.sleep(0)
        return waited

    assert on_a_flushed_redis(play) < 2.0


def test_a_held_turn_is_renewed_while_the_message_takes_long():
    """A message handled longer than a turn's lifetime (a slow Rasa) keeps its turn: the
    buyer's next message, on another desk, still waits for it."""

    async def play(queue) -> list:
        first, second = BuyerTurns(queue, lambda: True, 0.6), BuyerTurns(queue, lambda: True, 0.6)
        order: list = []

        async def slow_first():
            async with first.of("lazada:b2"):
                await asyncio.sleep(1.5)  # two and a half lifetimes
                order.append("first")

        async def next_one():
            await asyncio.sleep(0.1)
            async with second.of("lazada:b2"):
                order.append("second")

        await asyncio.gather(slow_first(), next_one())
        return order

    assert on_a_flushed_redis(play) == ["first", "second"]

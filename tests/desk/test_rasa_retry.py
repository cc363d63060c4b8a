"""The desk's Rasa client tries a send again when it failed mid-way (a replica died with
it, Redis restarted under Rasa), but never after a timeout or a refusal."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.desk.rasa_client import RasaClient, RasaUnavailable
from tests.desk.conftest import RASA_TOKEN
from tests.desk.fake_server import ThreadedServer


class FlakyRasa(ThreadedServer):
    """Answers the first `failures` sends with `status`, then the bot's reply."""

    def __init__(self, failures: int, status: int = 502, delay: float = 0.0):
        self.failures, self.status, self.delay = failures, status, delay
        self.payloads: list = []
        super().__init__()

    async def _webhook(self, request: web.Request) -> web.Response:
        self.payloads.append(await request.json())
        await asyncio.sleep(self.delay)
        if len(self.payloads) <= self.failures:
            return web.json_response({"error": "replica went away"}, status=self.status)
        return web.json_response([{"text": "Hi!"}])

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/webhooks/rest/webhook", self._webhook)


def send(rasa: FlakyRasa, timeout: float = 5.0):
    client = RasaClient(
        f"http://127.0.0.1:{rasa.port}", RASA_TOKEN, timeout=timeout, retry_delays=(0.05, 0.05, 0.05)
    )

    async def go():
        try:
            return await client.send("lazada:b1", "hello", {"desk_message_id": 41})
        finally:
            await client.close()

    return asyncio.run(go())


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_send_that_failed_mid_way_is_tried_again_with_the_same_message_id(status):
    rasa = FlakyRasa(failures=2, status=status).start()
    try:
        assert send(rasa) == [{"text": "Hi!"}]
    finally:
        rasa.stop()
    assert len(rasa.payloads) == 3
    assert {p["metadata"]["desk_message_id"] for p in rasa.payloads} == {41}


def test_after_the_last_retry_rasa_is_unavailable():
    rasa = FlakyRasa(failures=10).start()
    try:
        with pytest.raises(RasaUnavailable, match="502"):
            send(rasa)
    finally:
        rasa.stop()
    assert len(rasa.payloads) == 4  # the first try and three more


def test_a_bad_request_or_a_timeout_is_not_tried_again():
    bad = FlakyRasa(failures=1, status=400).start()
    slow = FlakyRasa(failures=0, delay=1.0).start()
    try:
        with pytest.raises(RasaUnavailable, match="400"):
            send(bad)
        with pytest.raises(RasaUnavailable, match="Timeout"):
            send(slow, timeout=0.3)
    finally:
        bad.stop()
        slow.stop()
    assert len(bad.payloads) == 1 and len(slow.payloads) == 1

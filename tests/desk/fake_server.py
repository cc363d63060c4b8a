"""An aiohttp application served from a thread, for the fake marketplaces the channel tests talk to."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Callable, Iterator, List, Type, TypeVar

from aiohttp import web

from tests.desk.conftest import free_port

# A marketplace client's patience in the channel tests (its timeout, and the first wait
# before a retry), and how long a fake "stalls" past it. A timeout of half a second was too
# short on a machine loaded by the whole suite: a fake's answer came later, the client sent
# again, and the fake had taken both (a duplicate the tests count).
CLIENT_PATIENCE = {"timeout": 2.0, "backoff": 0.01}
STALL_SECONDS = 3.0


def delivery_of(desk, sender: str) -> str | None:
    """The delivery status of the last reply to `sender` once it is settled ("sent" or
    "failed"), else None: for waiting on a marketplace send that was retried or checked."""
    conversation = desk.journal.open_conversation(sender)
    messages = desk.journal.messages(conversation.id) if conversation else []
    replies = [m for m in messages if m.direction == "out"]
    status = replies[-1].delivery if replies else None
    return status if status in ("sent", "failed") else None


def sent_once_though_its_answer_was_lost(bridge, fake, sender: str, buyer_writes_again) -> None:
    """A fake made with lose=1 takes the bot's first reply and loses its answer: the reply is
    found in the chat, marked sent and not sent again; the same words answering the buyer's
    next message (`buyer_writes_again()`) are sent."""
    bridge.poll()
    bridge.desk.wait_until(lambda: "lost" in fake.errors)
    delivered = bridge.desk.wait_until(lambda: delivery_of(bridge.desk, sender), timeout=15)
    assert delivered == "sent", f"the reply was marked {delivered}"
    assert len(fake.sent) == 1, f"sent {len(fake.sent)} times: {fake.sent}"
    buyer_writes_again()
    bridge.poll()
    # The poll hands the reply on; on a loaded machine its send may still be under way.
    bridge.desk.wait_until(lambda: len(fake.sent) >= 2, timeout=15)
    assert len(fake.sent) == 2, f"sent {len(fake.sent)} times: {fake.sent}"


class ThreadedServer:
    """Subclasses add their routes in `routes`; `start()` serves them on a free port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.loop = asyncio.new_event_loop()

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def start(self):
        app = web.Application()
        self.routes(app)
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            # A short shutdown: the desk may still be delivering to us when a test ends,
            # and aiohttp's default 60 s wait for open requests would outlast stop().
            self.runner = web.AppRunner(app, shutdown_timeout=1.0)
            self.loop.run_until_complete(self.runner.setup())
            self.loop.run_until_complete(web.TCPSite(self.runner, "127.0.0.1", self.port).start())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(15)
        self.loop.call_soon_threadsafe(self.loop.stop)


class Outbound(ThreadedServer):
    """The seller's endpoint: records what the desk delivers; the first `failures` answers are 503;
    each answer takes `delay` seconds (a slow endpoint)."""

    def __init__(self, failures: int = 0, delay: float = 0.0):
        self.failures, self.delay = failures, delay
        self.received = []
        self.attempts = 0
        super().__init__()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/replies"

    async def _receive(self, request):
        self.attempts += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.attempts <= self.failures:
            return web.Response(status=503)
        body = await request.read()
        self.received.append((json.loads(body), dict(request.headers), body))
        return web.json_response({"ok": True})

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/replies", self._receive)


Fake = TypeVar("Fake", bound=ThreadedServer)


def started_fakes(fake_class: Type[Fake]) -> Iterator[Callable[..., Fake]]:
    """A fixture's body: a maker of started fakes (keyword arguments set the errors it
    plays), every one of them stopped when the test ends."""
    made: List[Fake] = []

    def make(**errors) -> Fake:
        made.append(fake_class(**errors).start())  # type: ignore[call-arg]
        return made[-1]

    yield make
    for fake in made:
        fake.stop()


class MarketplaceBridge:
    """A marketplace adapter plugged into a running desk, as the desk's app plugs it:
    subclasses set `desk`, `client` and `inbox`, and the desk's delivery for the channel."""

    desk: object
    inbox: object

    def poll(self) -> int:
        """One poll of the marketplace's inbox; the desk then handles what it was handed."""
        handed = self.desk.server.call(self.inbox.poll_once(self.desk.hub.receive))  # type: ignore[attr-defined]
        self.desk.drain()  # type: ignore[attr-defined]
        return handed

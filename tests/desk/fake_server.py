"""An aiohttp application served from a thread, for the fake marketplaces the channel tests talk to."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from tests.desk.conftest import free_port


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
            self.runner = web.AppRunner(app)
            self.loop.run_until_complete(self.runner.setup())
            self.loop.run_until_complete(web.TCPSite(self.runner, "127.0.0.1", self.port).start())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)

"""The desk service: a Sanic app on :8000 (`kefu desk`, and part of `kefu run`).

Nothing happens at import time: the database engine, the Redis pool and the
HTTP clients open when the server starts, and the background loops (SLA
sweep, Redis watch, tracker catch-up, proactive notices) run only while it serves.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import threading
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from sanic import Sanic
from sanic.server import AsyncioServer

from bot import PROJECT_ROOT
from bot.channels.push import Nudge
from bot.desk.api import register_routes
from bot.desk.config_watch import WATCH_SECONDS, DeskConfigWatch
from bot.desk.deliveries import deliveries_from, polled_channels, push_checks
from bot.desk.hub import Hub
from bot.desk.journal import Journal
from bot.desk.maintenance import (
    IDLE_SWEEP_SECONDS,
    RASA_SYNC_SECONDS,
    REDELIVERY_SWEEP_SECONDS,
    REDIS_WATCH_SECONDS,
    UNHANDLED_SWEEP_SECONDS,
)
from bot.desk.outreach_setup import outreach_services
from bot.desk.queue import DeskQueue
from bot.desk.rasa_client import RasaClient
from bot.desk.rate_limits import RateLimits
from bot.frozen_heap import freeze_loaded
from bot.nlg.catalogue import Catalogue
from bot.sanic_accept import tolerate_bad_accept_headers
from bot.seller.desk import DeskConfig
from bot.settings import Settings
from bot.text_input import DomainNames

logger = logging.getLogger(__name__)

_names = itertools.count()
MAX_REQUEST_BYTES = 256 * 1024


@lru_cache(maxsize=4)
def _catalogue(directory: Path) -> Catalogue:
    """Loaded once per process (several desks start in one test run)."""
    return Catalogue.from_dir(directory)


def _optional(module: str):
    """B's console and templates, when installed; the desk API runs without them."""
    import importlib

    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        logger.warning("%s is not installed; the desk runs without it", module)
        return None


def create_app(
    settings: Settings,
    clock: Callable[[], datetime] | None = None,
    config: DeskConfig | None = None,
    watch_config: bool | None = None,
) -> Sanic:
    """The desk app; `config` is the seller's desk.yml unless given (SettingsError when unusable).
    `watch_config` (default: when `config` is not given): read the file again whenever it
    changes (config_watch.py)."""
    watched = config is None if watch_config is None else watch_config
    if config is None:
        config = settings.seller_desk_config()
    tolerate_bad_accept_headers()
    index = next(_names)
    app = Sanic("kefu_desk" if index == 0 else f"kefu_desk_{index}")
    app.config.FALLBACK_ERROR_FORMAT = "json"
    # Buyer messages are at most a few kilobytes; bigger bodies get a 413 before any handler.
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    # Event streams stay open; Sanic's response timeout must not cut them.
    app.config.RESPONSE_TIMEOUT = 24 * 3600
    # The client address the rate limits count (request.remote_addr) comes from the
    # X-Forwarded-For entries this many trusted proxies appended; none by default.
    app.config.PROXIES_COUNT = settings.desk_trusted_proxies
    app.ctx.settings = settings
    app.ctx.hub = None
    app.ctx.templates = None
    app.ctx.pushes, app.ctx.nudges = {}, {}
    register_routes(app)

    console = _optional("bot.desk.console")
    if console is not None:
        console.register_console(app)
    templates = _optional("bot.desk.templates")

    @app.before_server_start
    async def open_everything(app: Sanic, _loop) -> None:
        from bot.commerce.repository import CommerceRepository
        from bot.commerce.schema import ensure_schema
        from bot.db.engine import make_engine
        from bot.desk.language_hints import ModelLanguage
        from bot.desk.models import ensure_desk_schema

        engine = make_engine(settings.database_url)
        await asyncio.to_thread(ensure_schema, engine)
        await asyncio.to_thread(ensure_desk_schema, engine)
        catalogue = await asyncio.to_thread(_catalogue, Path(settings.responses_dir))
        rasa = RasaClient(
            settings.rasa_url,
            settings.rasa_token,
            settings.desk_rasa_timeout,
            channel_secret=settings.channel_secret,
            concurrency=settings.desk_rasa_concurrency,
        )
        await rasa.start()
        queue = DeskQueue.from_url(settings.desk_redis_url)
        # Marketplaces: an inbox polled in the background (woken early by a verified push,
        # where push is on), a delivery for replies.
        polled = polled_channels(settings, queue.redis)
        app.ctx.inboxes = {name: pair[0] for name, pair in polled.items()}
        app.ctx.pushes = push_checks(settings, polled)
        app.ctx.nudges = {name: Nudge() for name in polled}
        hub = Hub(
            journal=Journal(engine),
            queue=queue,
            rasa=rasa,
            delivery=deliveries_from(settings, {name: pair[1] for name, pair in polled.items()}),
            catalogue=catalogue,
            config=config,
            domain_names=DomainNames.read(PROJECT_ROOT / "domain.yml"),
            commerce=CommerceRepository(engine),
            language_detector=ModelLanguage(settings.models_dir),
            auto_replies_file=settings.auto_replies_file,
            busy_note_seconds=settings.desk_busy_note_seconds,
            redis_ok=False,  # the first Redis check restores the queue from the journal
        )
        if clock is not None:
            hub.clock = clock
        hub.notices, hub.promos = outreach_services(
            engine, settings, hub.delivery, lambda: hub.clock(), hub.journal, catalogue
        )
        app.ctx.hub = hub
        app.ctx.limits = RateLimits(hub.queue, settings.desk_buyer_rate, settings.desk_address_rate)
        app.ctx.engine = engine
        if templates is not None:
            app.ctx.templates = templates.TemplateLibrary(catalogue)

    @app.after_server_start
    async def start_loops(app: Sanic, loop) -> None:
        hub: Hub = app.ctx.hub
        # The detector for new chats' first words, read from the model before a buyer needs it.
        if hub.language_detector is not None:
            hub.spawn(asyncio.to_thread(hub.language_detector.identifier))
        app.ctx.loops = [
            loop.create_task(hub.run_forever(REDIS_WATCH_SECONDS, hub.watch_redis, "Redis watch")),
            loop.create_task(hub.run_forever(config.sla_sweep_seconds, hub.sweep_once, "SLA sweep")),
            # Off unless desk.yml sets auto_assign (read at each run: an edit counts at once).
            loop.create_task(
                hub.run_forever(config.sla_sweep_seconds, hub.assign_waiting_once, "auto-assign")
            ),
            loop.create_task(hub.run_forever(RASA_SYNC_SECONDS, hub.sync_pending, "tracker catch-up")),
            # From the start: what a stopped desk left pending (maintenance.py).
            loop.create_task(hub.run_forever(REDELIVERY_SWEEP_SECONDS, hub.redeliver_pending, "redelivery")),
            # After a while: a desk starting beside a starting Rasa would only hold them.
            loop.create_task(
                hub.run_forever(
                    UNHANDLED_SWEEP_SECONDS,
                    hub.answer_unhandled,
                    "unanswered messages",
                    first_after=UNHANDLED_SWEEP_SECONDS,
                )
            ),
        ]
        if watched:
            watch = DeskConfigWatch(hub, settings.desk_config)
            app.ctx.loops.append(
                loop.create_task(hub.run_forever(WATCH_SECONDS, watch.check, "desk.yml watch"))
            )
        # Always: the minutes are read at each run (0: the run closes nothing), so minutes set on
        # the settings page or in the file count on a desk that started with none.
        every = IDLE_SWEEP_SECONDS
        idle = hub.run_forever(every, hub.close_idle_once, "idle bot chats", first_after=every)
        app.ctx.loops.append(loop.create_task(idle))
        if settings.notices_seconds > 0:  # the first run one interval after the start
            every = settings.notices_seconds
            notices = hub.run_forever(every, hub.send_notices, "proactive notices", first_after=every)
            app.ctx.loops.append(loop.create_task(notices))
        for name, inbox in app.ctx.inboxes.items():
            # With push on, the timed poll is only the safety net for a lost push.
            pushed = name in app.ctx.pushes
            every = settings.push_poll_seconds if pushed else getattr(settings, f"{name}_poll_seconds")
            step = functools.partial(inbox.poll_once, hub.receive)
            poll = hub.run_forever(every, step, f"{name} poll", wait=app.ctx.nudges[name].wait)
            app.ctx.loops.append(loop.create_task(poll))
        logger.info("Kefu desk on %s", settings.desk_url)

    @app.before_server_stop
    async def close_everything(app: Sanic, _loop) -> None:
        hub: Hub | None = app.ctx.hub
        for task in getattr(app.ctx, "loops", []):
            task.cancel()
        if hub is None:
            return
        await hub.drain(timeout=5)
        await hub.rasa.close()
        await hub.delivery.close()
        await hub.queue.close()
        app.ctx.engine.dispose()

    return app


def serve(settings: Settings, config: DeskConfig) -> None:
    """`config`: settings.seller_desk_config(), checked by the caller; its file is watched."""
    app = create_app(settings, config=config, watch_config=True)
    freeze_loaded(app)
    app.run(settings.desk_host, settings.desk_port, workers=1, access_log=False, motd=False)


class BackgroundServer:
    """The desk served from a thread with its own event loop (tests, the benchmark).

    Sanic's run() wants the main thread; this drives the same listeners through
    create_server instead.
    """

    def __init__(self, app: Sanic, host: str = "127.0.0.1", port: int = 8000):
        # Sanic rewrites some of its own methods when a server starts; in test mode it
        # keeps the originals, so several apps can start one after another in one process.
        Sanic.test_mode = True
        self.app, self.host, self.port = app, host, port
        self.loop = asyncio.new_event_loop()
        self._server: Optional[AsyncioServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30) -> BackgroundServer:
        ready = threading.Event()
        failure: list = []

        async def boot():
            # Listening already; requests wait for the listeners only in that callers
            # connect once start() returned.
            self.app.config.MOTD = False
            server = await self.app.create_server(
                self.host, self.port, return_asyncio_server=True, access_log=False
            )
            if server is None:  # only without return_asyncio_server=True
                raise RuntimeError("Sanic gave no server to drive")
            await server.startup()
            await server.before_start()
            await server.after_start()
            self._server = server

        def run():
            asyncio.set_event_loop(self.loop)
            try:
                self.loop.run_until_complete(boot())
            except BaseException as exc:  # reported to start()'s caller
                failure.append(exc)
                ready.set()
                return
            ready.set()
            self.loop.run_forever()

        thread = threading.Thread(target=run, name=f"desk-{self.port}", daemon=True)
        self._thread = thread
        thread.start()
        if not ready.wait(timeout):
            raise RuntimeError(f"the desk did not start on {self.url} within {timeout}s")
        if failure:
            raise RuntimeError(f"the desk did not start on {self.url}: {failure[0]!r}") from failure[0]
        return self

    def call(self, coroutine, timeout: float = 30):
        """Run a coroutine on the server's loop (e.g. the hub's) and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None

        async def shutdown():
            await server.before_stop()
            server.close()
            await server.wait_closed()
            await server.after_stop()

        try:
            self.call(shutdown(), timeout=20)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=20)

"""Desk test fixtures: the real Redis (db 12, flushed per test), a fresh SQLite journal,
a scripted stand-in for the Rasa HTTP API (only at the edge: the real one is in
test_takeover_e2e.py), and the desk itself served in a thread on a free port."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, List

import pytest
import redis
import requests
from aiohttp import web

from bot.desk.app import BackgroundServer, create_app
from bot.desk.auth import hash_password
from bot.desk.channels import chat_identity_key, chat_identity_signature
from bot.desk.journal import Journal
from bot.intents import GREETING_INTENTS
from bot.seller.desk import DESK_FILE, DeskConfig
from bot.seller.hours import WorkingHours
from bot.settings import Settings
from bot.shared_secret import ANSWER_ONLY, CHANNEL_TOKEN_HEADER, WELCOME

# A database of its own, flushed per test (KEFU_TEST_REDIS_DB picks another, e.g. for two
# test runs side by side on one Redis).
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('KEFU_TEST_REDIS_DB', '12')}"
RASA_TOKEN = "test-rasa-token"
PASSWORD = "correct horse battery"
# Scrypt at full cost is the point in production; tests create many agents.
_HASHES: Dict[str, str] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port() -> int:
    """A port nothing listens on (connection refused at once)."""
    return free_port()


@pytest.fixture
def redis_url():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        pytest.fail(f"the desk tests need Redis at {REDIS_URL}: {exc}")
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture
def journal(database_url) -> Journal:
    found = Journal.from_url(database_url)
    yield found
    found.engine.dispose()


def always_open(minutes: float = 5, sweep: float = 0.2) -> DeskConfig:
    return DeskConfig(hours=WorkingHours(), first_response_minutes=minutes, sla_sweep_seconds=sweep)


def add_agent(journal: Journal, username: str, role: str, language: str = "en"):
    if PASSWORD not in _HASHES:
        _HASHES[PASSWORD] = hash_password(PASSWORD)
    return journal.add_agent(username, _HASHES[PASSWORD], role, username.title(), language)


# -- a stand-in for Rasa's REST channel and tracker API ---------------------------------


@dataclass
class Script:
    """How the fake bot answers a message containing `contains`."""

    contains: str
    replies: List[dict]
    intent: str = "greet"
    language: str | None = "en"
    handoff: tuple | None = None  # (tier, reason): pause and set the slots
    delay: float = 0.0
    confidence: float | None = None
    ranking: tuple = ()  # ((intent, confidence), ...) as Rasa's intent_ranking
    form: str | None = None  # a form this message starts (its name) or ends (""): active_loop


@dataclass
class FakeTracker:
    paused: bool = False
    slots: Dict[str, object] = field(default_factory=lambda: {"language": "en"})
    latest: dict = field(default_factory=dict)
    events: List[dict] = field(default_factory=list)
    active_loop: str = ""


class FakeRasa:
    """Answers like Rasa 3.6 (REST webhook, tracker GET, events POST), from scripts."""

    def __init__(self, scripts: List[Script] | None = None, port: int | None = None):
        self.scripts = list(scripts or [])
        self.trackers: Dict[str, FakeTracker] = {}
        self.received: List[dict] = []
        self.parsed: List[str] = []  # texts sent to /model/parse
        self.port = port or free_port()
        self.loop = asyncio.new_event_loop()
        self._runner = None
        self.model_file = "kefu-fake.tar.gz"  # what GET /status says is served

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tracker(self, sender: str) -> FakeTracker:
        return self.trackers.setdefault(sender, FakeTracker())

    async def _webhook(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.received.append(payload)
        sender, text = payload["sender"], payload.get("message") or ""
        tracker = self.tracker(sender)
        script = next((s for s in self.scripts if s.contains in text), None) or Script(
            "", [{"recipient_id": sender, "text": f"bot heard: {text}"}], intent="out_of_scope"
        )
        if script.delay:
            await asyncio.sleep(script.delay)
        language = script.language or tracker.slots.get("language")
        tracker.latest = {
            "text": text,
            "intent": {"name": script.intent, "confidence": script.confidence},
            "intent_ranking": [{"name": name, "confidence": value} for name, value in script.ranking],
            "language": script.language,
        }
        tracker.events.append({"event": "user", "text": text, "metadata": payload.get("metadata")})
        if script.language:
            tracker.slots["language"] = language
        answer_only = (payload.get("metadata") or {}).get(ANSWER_ONLY)
        if tracker.paused or (answer_only is not None and script.intent not in answer_only):
            return self._answer(request, sender, [])  # read, as bot.channels.rest does, not answered
        replies = [{"recipient_id": sender, **r} for r in script.replies]
        welcome = (payload.get("metadata") or {}).get(WELCOME)
        if welcome and script.intent in GREETING_INTENTS:  # as bot/nlg/generator.py greets
            replies = [
                {"recipient_id": sender, "text": welcome},
                {"recipient_id": sender, "custom": {WELCOME: True}},
            ]
        for reply in replies:
            if set(reply) != {"recipient_id", "custom"}:  # Rasa sends a reply's custom part apart
                tracker.events.append({"event": "bot", "text": reply.get("text")})
        if script.form is not None:
            tracker.active_loop = script.form
        if script.handoff:
            tier, reason = script.handoff
            tracker.slots.update(handoff_tier=float(tier), handoff_reason=reason)
            tracker.paused = True
            tracker.events.append({"event": "pause"})
        return self._answer(request, sender, replies)

    def _answer(self, request: web.Request, sender: str, replies: List[dict]) -> web.Response:
        """As bot.channels.rest: with ?state=1 from the channel, the state comes along."""
        if request.query.get("state") == "1" and request.headers.get(CHANNEL_TOKEN_HEADER):
            return web.json_response({"messages": replies, "state": self.state(sender)})
        return web.json_response(replies)

    def _authorised(self, request: web.Request) -> bool:
        return request.query.get("token") == RASA_TOKEN

    async def _get_tracker(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "no token"}, status=401)
        state = self.state(request.match_info["sender"])
        events = self.tracker(request.match_info["sender"]).events
        state["events"] = events if request.query.get("include_events") != "NONE" else None
        return web.json_response(state)

    def state(self, sender: str) -> dict:
        """What Rasa's current_state says of a conversation, without its events."""
        tracker = self.tracker(sender)
        return {
            "sender_id": sender,
            "paused": tracker.paused,
            "slots": tracker.slots,
            "active_loop": {"name": tracker.active_loop} if tracker.active_loop else {},
            "latest_message": tracker.latest,
        }

    async def _get_state(self, request: web.Request) -> web.Response:
        """The REST channel's state of a conversation (bot.channels.rest), for the channel only."""
        if not request.headers.get(CHANNEL_TOKEN_HEADER):
            return web.json_response({"error": "channels only"}, status=403)
        return web.json_response(self.state(request.match_info["sender"]))

    async def _post_events(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "no token"}, status=401)
        tracker = self.tracker(request.match_info["sender"])
        events = await request.json()
        for event in events if isinstance(events, list) else [events]:
            tracker.events.append(event)
            if event["event"] == "pause":
                tracker.paused = True
            elif event["event"] == "resume":
                tracker.paused = False
        return web.json_response({"sender_id": request.match_info["sender"], "paused": tracker.paused})

    async def _parse(self, request: web.Request) -> web.Response:
        """Rasa's POST /model/parse: the intent the script for the text gives, no tracker touched."""
        if not self._authorised(request):
            return web.json_response({"message": "no token"}, status=401)
        text = (await request.json()).get("text") or ""
        self.parsed.append(text)
        script = next((s for s in self.scripts if s.contains in text), None)
        intent = script.intent if script else "out_of_scope"
        return web.json_response({"text": text, "intent": {"name": intent, "confidence": 0.9}})

    async def _status(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"message": "no token"}, status=401)
        return web.json_response({"model_file": self.model_file, "model_id": "fake"})

    def start(self) -> FakeRasa:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_get("/conversations/{sender}/tracker", self._get_tracker)
        app.router.add_get("/webhooks/rest/tracker/{sender}", self._get_state)
        app.router.add_post("/conversations/{sender}/tracker/events", self._post_events)
        app.router.add_get("/status", self._status)
        app.router.add_post("/model/parse", self._parse)
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self._runner = web.AppRunner(app)
            self.loop.run_until_complete(self._runner.setup())
            self.loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self.loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown():
            await self._runner.cleanup()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


HANDOFF_SCRIPTS = [
    Script("hello", [{"text": "Hi! How can I help?"}], intent="greet"),
    Script(
        "scam",
        [{"text": "I'm passing you to our senior customer care team."}],
        intent="complaint",
        handoff=(3, "complaint"),
    ),
    Script(
        "broken",
        [{"text": "I'm passing you to our after-sales team."}],
        intent="damaged_item",
        handoff=(2, "damaged_item"),
    ),
    Script(
        "person",
        [{"text": "I'm passing you to our customer service team."}],
        intent="human_handoff",
        handoff=(1, "human_handoff"),
    ),
    Script(
        "รอนาน",
        [{"text": "แอดมินขอส่งต่อ"}],
        intent="human_handoff",
        language="th",
        handoff=(1, "human_handoff"),
    ),
    Script("slowly", [{"text": "late answer"}], delay=5),
]


@pytest.fixture
def fake_rasa():
    rasa = FakeRasa(HANDOFF_SCRIPTS).start()
    yield rasa
    rasa.stop()


# -- the desk ---------------------------------------------------------------------------


class DeskClient:
    """The running desk plus helpers to call it over real HTTP."""

    def __init__(self, server: BackgroundServer, journal: Journal):
        self.server = server
        self.journal = journal
        self.url = server.url
        self.http = requests.Session()
        self.chat_sessions: Dict[tuple, dict] = {}

    @property
    def hub(self):
        return self.server.app.ctx.hub

    def login(self, username: str, password: str = PASSWORD) -> str:
        reply = requests.post(
            f"{self.url}/api/login", json={"username": username, "password": password}, timeout=10
        )
        assert reply.status_code == 200, reply.text
        return reply.json()["token"]

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=15, **kwargs)

    def chat_session(self, name: str, link: dict | None = None) -> dict:
        """The web chat session the test calls `name`: a new visitor's (the desk picks the id),
        or, with the shop's signed `link` (shop_link), that marketplace buyer's. Kept per name,
        as a page keeps it."""
        key = (name, link["marketplace"] if link else None)
        if key not in self.chat_sessions:
            reply = requests.post(f"{self.url}/chat/session", json=link or {}, timeout=10)
            assert reply.status_code == 200, reply.text
            self.chat_sessions[key] = reply.json()
        return self.chat_sessions[key]

    def sender(self, name: str, link: dict | None = None) -> str:
        """The conversation's sender id ("<marketplace>:<buyer_id>") of the buyer the test calls `name`."""
        session = self.chat_session(name, link)
        return f"{session['marketplace']}:{session['buyer_id']}"

    def chat(self, name: str, text: str, link: dict | None = None, **extra) -> requests.Response:
        token = self.chat_session(name, link)["token"]
        return requests.post(
            f"{self.url}/chat/messages",
            json={"text": text, **extra},
            headers={"Authorization": f"Bearer {token}"},
            timeout=15,
        )

    def poll(self, name: str, after: int = 0, link: dict | None = None) -> requests.Response:
        token = self.chat_session(name, link)["token"]
        return self.api("GET", f"/chat/messages?after={after}", token=token)

    def wait_until(self, predicate: Callable[[], object], timeout: float = 10, every: float = 0.05):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(every)
        raise AssertionError(f"condition not met within {timeout}s")

    def drain(self) -> None:
        self.server.call(self.hub.drain())


def _desk_file_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "desk-settings"
    folder.mkdir(exist_ok=True)
    copy = folder / "desk.yml"
    if not copy.exists():
        shutil.copy(DESK_FILE, copy)
    return copy


@pytest.fixture
def make_desk(database_url, redis_url, tmp_path):
    """make_desk(rasa_url=..., config=..., **settings) -> a running DeskClient; all stopped after the test."""
    running: List[BackgroundServer] = []

    def _make(
        rasa_url: str,
        clock: Callable[[], datetime] | None = None,
        config: DeskConfig | None = None,
        watch_config: bool = False,
        **overrides,
    ) -> DeskClient:
        host_port = rasa_url.rsplit(":", 1)
        fields = {
            "rasa_host": host_port[0].split("//")[1],
            "rasa_port": host_port[1],
            "rasa_token": RASA_TOKEN,
            "desk_port": free_port(),
            "desk_secret": uuid.uuid4().hex,
            "redis_url": redis_url,
            "database_url": database_url,
            "desk_rasa_timeout": 2.0,
            "outbound_backoff": 0.05,
            # No seller auto-replies unless a test saves some (tests/desk/test_seller_rules.py).
            "auto_replies_file": os.devnull,
            # A trainer's labels land here, never in the project's data/nlu (its model's fingerprint).
            "nlu_data_dir": tmp_path / "nlu",
            # No trained model: new chats' first words read by fastText alone, as in a checkout
            # that never trained (reading one is seconds of a busy machine, at every desk start).
            "models_dir": tmp_path / "models",
            # The console's settings page writes this file: a copy, never the project's seller/desk.yml.
            "desk_config": _desk_file_copy(tmp_path),
        }
        fields.update(overrides)
        settings = Settings(**fields)
        app = create_app(settings, clock=clock, config=config or always_open(), watch_config=watch_config)
        server = BackgroundServer(app, port=settings.desk_port).start()
        running.append(server)
        return DeskClient(server, server.app.ctx.hub.journal)

    yield _make
    for server in running:
        server.stop()


@pytest.fixture
def desk(make_desk, fake_rasa) -> DeskClient:
    return make_desk(fake_rasa.url)


def shop_link(webhook_secret: str, marketplace: str, buyer_id: str, hours: float = 1.0) -> dict:
    """What the seller's shop puts in its signed-in buyer's chat link, valid for `hours`
    (signed with the key a desk with only this webhook secret derives)."""
    key = chat_identity_key(None, webhook_secret)
    assert key is not None
    expires = int(time.time() + hours * 3600)
    signature = chat_identity_signature(key, marketplace, buyer_id, expires)
    return {"marketplace": marketplace, "buyer_id": buyer_id, "expires": expires, "signature": signature}


def logged_text(records: List[logging.LogRecord]) -> str:
    """Every message and traceback the records hold, as the desk's log file would show them."""
    formatter = logging.Formatter()
    return "\n".join(
        record.getMessage() + (formatter.formatException(record.exc_info) if record.exc_info else "")
        for record in records
    )


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def sse_events(response: requests.Response, count: int, timeout: float = 10) -> List[tuple]:
    """Read `count` server-sent events (name, data) from a streaming response."""
    found, name, deadline = [], None, time.monotonic() + timeout
    # One line iterator per response: a second one would lose what the first had buffered.
    if not hasattr(response, "kefu_lines"):
        response.kefu_lines = response.iter_lines(chunk_size=1, decode_unicode=True)
    for line in response.kefu_lines:
        if time.monotonic() > deadline:
            break
        if line.startswith("event: "):
            name = line[len("event: ") :]
        elif line.startswith("data: "):
            found.append((name, json.loads(line[len("data: ") :])))
            if len(found) >= count:
                break
    return found


def next_event(response: requests.Response, wanted: str, timeout: float = 10) -> dict:
    """The data of the next server-sent event called `wanted` (others are skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, data in sse_events(response, 1, timeout=deadline - time.monotonic()):
            if name == wanted:
                return data
    raise AssertionError(f"no {wanted!r} event within {timeout}s")


@pytest.fixture
def outbound():
    """The seller's outbound endpoint, faked (imported here: fake_server needs this module)."""
    from tests.desk.fake_server import Outbound

    receiver = Outbound().start()
    yield receiver
    receiver.stop()


def upload_examples_csv(desk: DeskClient, token: str, body: str | bytes) -> requests.Response:
    """POST /api/trainer/examples.csv: labelled examples as a trainer's CSV file."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return desk.api(
        "POST", "/api/trainer/examples.csv", token, data=data, headers={"Content-Type": "text/csv"}
    )


def write_nlu_file(path: Path, intent: str, *examples: str) -> Path:
    """A hand-written training file (data/nlu/<lang>/<name>.yml) with one intent block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"    - {example}\n" for example in examples)
    path.write_text(f'version: "3.1"\nnlu:\n- intent: {intent}\n  examples: |\n{lines}', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium per browser-test module, quit at its end: a console page left open
    keeps its live stream reconnecting to a later test's desk (one per session made test_hub's
    count of Redis subscribers flaky); `page` leaves no session behind between tests."""
    from tests.desk.browser import open_browser  # skips the test where Chromium is not installed

    driver = open_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture
def page(browser):
    """The browser with no session left over from the previous test."""
    browser.delete_all_cookies()
    browser.get("about:blank")
    browser.get_log("browser")  # read and dropped: an earlier test's console errors are not this one's
    yield browser
    with contextlib.suppress(Exception):  # a crashed page has no storage to clear
        browser.execute_script("window.localStorage.clear()")

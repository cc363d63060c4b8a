"""One running assistant for the end-to-end tests: the real Rasa server and action
server, conversations in the real Redis, orders in a fresh SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from contextlib import contextmanager

import pytest
import redis
import requests

from bot import PROJECT_ROOT
from bot.settings import Settings
from bot.shared_secret import CHANNEL_TOKEN_HEADER
from bot.stack import Stack

# KEFU_TEST_E2E_REDIS_DB lets two checkouts run the end-to-end tests at once.
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('KEFU_TEST_E2E_REDIS_DB', '13')}"
DATA = PROJECT_ROOT / "tests" / "e2e" / "data"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'kefu.db'}"


@pytest.fixture(scope="session")
def kefu(database_url):
    """Run the `kefu` command against the test database."""

    def _kefu(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "KEFU_DATABASE_URL": database_url}
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return _kefu


@pytest.fixture(scope="session")
def stack(trained_model, database_url, kefu):
    # Conversations start empty with the fresh database: trackers an earlier run left in
    # this Redis db carry the journal ids that database will hand out again, and the REST
    # channel would answer a "retried" message from them.
    redis.Redis.from_url(REDIS_URL).flushdb()
    for command in (("orders", "import"), ("tracking", "import")):
        name = "orders.jsonl" if command[0] == "orders" else "tracking.jsonl"
        result = kefu(*command, str(DATA / name))
        assert result.returncode == 0, result.stdout + result.stderr
    env = {
        "KEFU_RASA_PORT": os.environ.get("KEFU_TEST_RASA_PORT", "15005"),
        "KEFU_ACTIONS_PORT": os.environ.get("KEFU_TEST_ACTIONS_PORT", "15055"),
        "KEFU_REDIS_URL": REDIS_URL,
        "KEFU_RASA_TOKEN": uuid.uuid4().hex,
    }
    previous = os.environ.get("KEFU_DATABASE_URL")
    os.environ["KEFU_DATABASE_URL"] = database_url  # the action server inherits it
    running = Stack(Settings.from_env(env), trained_model, PROJECT_ROOT / "var" / "test-logs").start()
    yield running
    running.stop()
    if previous is None:
        os.environ.pop("KEFU_DATABASE_URL", None)
    else:
        os.environ["KEFU_DATABASE_URL"] = previous


@pytest.fixture
def say(stack):
    webhook = f"{stack.settings.rasa_url}/webhooks/rest/webhook"

    def _say(sender: str, text, as_channel: bool = True, **extra):
        """As the desk does by default (with the channel secret); as_channel=False: anyone."""
        payload = {"sender": sender, "message": text, **extra}
        headers = {CHANNEL_TOKEN_HEADER: stack.settings.channel_secret} if as_channel else {}
        return requests.post(webhook, data=json.dumps(payload), headers=headers, timeout=30)

    _say.webhook = webhook
    return _say


@contextmanager
def desk_before(stack, database_url: str, webhook_secret: str, **settings_update):
    """A desk in front of the running Rasa, on its own port, with a clean Redis queue.

    The seller's auto-replies are off unless a test turns them on, so what is checked
    here is the bot's and the agents' own answers (tests/desk covers the rules)."""
    from bot.desk.app import BackgroundServer, create_app
    from tests.desk.conftest import REDIS_URL, always_open, free_port

    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = stack.settings.copy(
        update={
            "desk_port": free_port(),
            "desk_secret": uuid.uuid4().hex,
            "webhook_secret": webhook_secret,
            "redis_url": REDIS_URL,
            "database_url": database_url,
            "auto_replies_file": os.devnull,
            **settings_update,
        }
    )
    server = BackgroundServer(create_app(settings, config=always_open()), port=settings.desk_port).start()
    try:
        yield server
    finally:
        server.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()

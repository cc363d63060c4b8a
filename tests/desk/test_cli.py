"""`kefu agents add|list|passwd` and `kefu desk` as a separate process."""

import os
import subprocess
import sys
import time

import requests

from bot import PROJECT_ROOT
from bot.desk.accounts import AgentAccounts
from bot.desk.auth import verify_password
from tests.desk.conftest import PASSWORD, REDIS_URL, closed_port, free_port


def kefu(database_url, *args, stdin="", env=None):
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args, "--database-url", database_url],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "KEFU_REDIS_URL": REDIS_URL, **(env or {})},  # the tests' Redis, never db 0
        timeout=120,
    )


def test_agents_add_with_the_password_on_stdin(database_url):
    made = kefu(
        database_url,
        "agents",
        "add",
        "alice",
        "--role",
        "supervisor",
        "--password-stdin",
        stdin="s3cret pass\n",
    )
    assert made.returncode == 0, made.stderr
    assert "alice (supervisor) created" in made.stdout
    again = kefu(
        database_url, "agents", "add", "alice", "--role", "tier1", "--password-stdin", stdin="another one\n"
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    short = kefu(database_url, "agents", "add", "bob", "--role", "tier1", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 8" in short.stderr
    listed = kefu(database_url, "agents", "list")
    assert "alice" in listed.stdout and "supervisor" in listed.stdout and "bob" not in listed.stdout
    changed = kefu(database_url, "agents", "passwd", "alice", "--password-stdin", stdin="a new password\n")
    assert changed.returncode == 0
    accounts = AgentAccounts.from_url(database_url)
    view, stored = accounts.agent_credentials("alice")
    assert view.role == "supervisor" and stored.startswith("scrypt$")
    assert verify_password("a new password", stored) and "a new password" not in stored
    accounts.engine.dispose()


def test_kefu_desk_serves_and_needs_the_rasa_token_and_channel_secret(database_url, redis_url):
    env = {"KEFU_DATABASE_URL": database_url, "KEFU_REDIS_URL": REDIS_URL, "KEFU_DESK_PORT": str(free_port())}
    env.pop("KEFU_RASA_TOKEN", None)
    base = {k: v for k, v in os.environ.items() if k != "KEFU_RASA_TOKEN"}
    refused = subprocess.run(
        [sys.executable, "-m", "bot.cli", "desk"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "KEFU_RASA_TOKEN" in refused.stderr
    base.pop("KEFU_CHANNEL_SECRET", None)
    no_secret = subprocess.run(
        [sys.executable, "-m", "bot.cli", "desk"],
        env={**base, **env, "KEFU_RASA_TOKEN": "t"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_secret.returncode == 2 and "KEFU_CHANNEL_SECRET" in no_secret.stderr

    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "desk"],
        env={**base, **env, "KEFU_RASA_TOKEN": "t", "KEFU_CHANNEL_SECRET": "c"},
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{env['KEFU_DESK_PORT']}/health"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = requests.get(url, timeout=2).json()
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.2)
        assert health == {"status": "ok", "redis": True, "database": True}
        page = requests.get(url.replace("/health", "/chat"), timeout=5)
        assert page.status_code == 200 and "/chat/messages" in page.text
    finally:
        process.terminate()
        process.wait(20)


def test_kefu_desk_refuses_a_broken_sellers_desk_file(database_url, tmp_path):
    broken = tmp_path / "desk.yml"
    broken.write_text("working_hours:\n  mon: 9-18\n", encoding="utf-8")
    env = {
        "KEFU_RASA_TOKEN": "t",
        "KEFU_CHANNEL_SECRET": "c",
        "KEFU_DESK_CONFIG": str(broken),
        "KEFU_DESK_PORT": str(free_port()),
    }
    refused = subprocess.run(
        [sys.executable, "-m", "bot.cli", "desk"],
        env={**os.environ, **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "kefu desk: bad setting:" in refused.stderr and "should look like 09:00-18:00" in refused.stderr


def test_a_bad_variable_stops_every_command_with_its_name(database_url):
    refused = kefu(database_url, "agents", "list", env={"KEFU_OUTBOUND_ATTEMPTS": "none"})
    assert refused.returncode == 2
    assert "kefu: bad setting: KEFU_OUTBOUND_ATTEMPTS='none'" in refused.stderr


def test_agents_can_be_disabled_enabled_and_removed(make_desk, fake_rasa, database_url):
    """A disabled agent cannot log in and their open session stops; one with a history is kept."""
    desk = make_desk(fake_rasa.url)
    for name in ("carol", "dave"):
        made = kefu(
            database_url, "agents", "add", name, "--role", "tier1", "--password-stdin", stdin=PASSWORD
        )
        assert made.returncode == 0, made.stderr
    token = desk.login("carol")
    assert kefu(database_url, "agents", "disable", "carol").returncode == 0
    assert "(disabled)" in kefu(database_url, "agents", "list").stdout
    assert desk.api("GET", "/api/me", token).status_code == 401
    refused = desk.api("POST", "/api/login", json={"username": "carol", "password": PASSWORD})
    assert refused.status_code == 401
    assert kefu(database_url, "agents", "enable", "carol").returncode == 0
    assert desk.api("GET", "/api/me", token).status_code == 401  # enabling brings no session back
    token = desk.login("carol")

    desk.chat("v-1", "a person please")
    [cid] = desk.api("GET", "/api/queues", token).json()["tiers"][0]["conversations"]
    assert desk.api("POST", f"/api/conversations/{cid['conversation_id']}/claim", token).status_code == 200
    kept = kefu(database_url, "agents", "remove", "carol")
    assert kept.returncode == 1 and "disable" in kept.stderr
    removed = kefu(database_url, "agents", "remove", "dave")
    assert removed.returncode == 0 and "dave" not in kefu(database_url, "agents", "list").stdout
    missing = kefu(database_url, "agents", "disable", "nobody")
    assert missing.returncode == 1 and "no agent called 'nobody'" in missing.stderr


def test_an_account_removed_or_made_on_the_command_line_leaves_no_presence_marks(database_url, redis_url):
    """SQLite gives a removed account's id to the next one made: it must not start out away."""
    from datetime import datetime, timezone

    from bot.desk import presence
    from tests.desk.test_queue import run

    def mark(agent_id):
        run(lambda queue: presence.set_away(queue, agent_id, True), redis_url)
        run(lambda queue: presence.mark_seen(queue, agent_id, datetime.now(timezone.utc)), redis_url)

    def marks():
        found = run(presence.read, redis_url)
        return found.away | set(found.seen)

    def add(name):
        made = kefu(
            database_url, "agents", "add", name, "--role", "tier1", "--password-stdin", stdin=PASSWORD
        )
        assert made.returncode == 0, made.stderr
        accounts = AgentAccounts.from_url(database_url)
        agent_id = accounts.agent_credentials(name)[0].id
        accounts.engine.dispose()
        return agent_id

    add("carol")
    dave = add("dave")
    mark(dave)
    removed = kefu(database_url, "agents", "remove", "dave")
    assert removed.returncode == 0, removed.stderr
    assert dave not in marks()
    mark(dave)  # as if dave had been removed while Redis was down
    erin = add("erin")
    assert erin == dave  # SQLite's reuse, which the marks must survive
    assert erin not in marks()


def test_without_redis_an_account_is_still_made_and_removed(database_url):
    down = {"KEFU_REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"}
    made = kefu(
        database_url, "agents", "add", "fay", "--role", "tier1", "--password-stdin", stdin=PASSWORD, env=down
    )
    assert (
        made.returncode == 0
        and "fay (tier1) created" in made.stdout
        and "Redis did not answer" in made.stderr
    )
    removed = kefu(database_url, "agents", "remove", "fay", env=down)
    assert removed.returncode == 0 and "fay" not in kefu(database_url, "agents", "list").stdout

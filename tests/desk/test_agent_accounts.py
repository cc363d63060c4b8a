"""Agent accounts from the console (GET/POST /api/agents, PUT/DELETE /api/agents/<username>,
.../password, .../disable, .../enable; supervisors) and every agent's own password
(POST /api/me/password), through the real desk: the same store and password rules as
`kefu agents`, each change in force at once and recorded with who made it."""

from __future__ import annotations

import logging
import threading
from urllib.parse import quote

import pytest
from sqlalchemy import text

from bot.db.engine import make_engine
from bot.desk.accounts import LastSupervisor
from bot.desk.journal import Journal
from bot.desk.models import CURRENT_VERSION, ensure_desk_schema
from tests.commerce.conftest import pg_schemas  # noqa: F401 - the PostgreSQL schemas, shared
from tests.desk.conftest import PASSWORD, add_agent, logged_text

NEW_PASSWORD = "a brand new passphrase"
ANN = {"username": "ann", "role": "tier1", "display_name": "Ann Lee", "language": "zh", "password": PASSWORD}


@pytest.fixture
def team_desk(desk, journal):
    for username, role in (("sue", "supervisor"), ("tom", "tier1"), ("tia", "trainer"), ("ted", "tier3")):
        add_agent(journal, username, role)
    return desk


def accounts(desk, token) -> dict:
    reply = desk.api("GET", "/api/agents", token)
    assert reply.status_code == 200, reply.text
    return {a["username"]: a for a in reply.json()["agents"]}


def test_a_supervisor_adds_an_agent_who_then_signs_in(team_desk):
    desk = team_desk
    sue = desk.login("sue")
    made = desk.api("POST", "/api/agents", sue, json=ANN)
    assert made.status_code == 201, made.text
    assert made.json()["agent"] == {
        "username": "ann",
        "display_name": "Ann Lee",
        "role": "tier1",
        "language": "zh",
        "active": True,
        "created_at": made.json()["agent"]["created_at"],
    }
    listed = desk.api("GET", "/api/agents", sue).json()
    assert sorted(a["username"] for a in listed["agents"]) == ["ann", "sue", "ted", "tia", "tom"]
    assert listed["roles"] == ["tier1", "tier2", "tier3", "supervisor", "trainer"]
    assert "zh" in listed["languages"] and listed["agents"][0]["created_at"].endswith("Z")
    ann = desk.login("ann")
    assert desk.api("GET", "/api/me", ann).json()["agent"]["display_name"] == "Ann Lee"
    again = desk.api("POST", "/api/agents", sue, json=ANN)
    assert again.status_code == 409 and "already exists" in again.json()["error"]
    bare = desk.api(
        "POST", "/api/agents", sue, json={"username": "bo", "role": "tier2", "password": PASSWORD}
    )
    assert bare.json()["agent"]["display_name"] == "bo" and bare.json()["agent"]["language"] == "en"


@pytest.mark.parametrize(
    "change, named",
    [
        ({"username": ""}, "'username'"),
        ({"username": "ann lee"}, "no spaces"),
        ({"username": "a" * 65}, "the limit is 64"),
        ({"username": "ann/1"}, "/"),
        ({"username": 7}, "'username'"),
        ({"role": "boss"}, "'role' must be one of tier1"),
        ({"role": None}, "'role'"),
        ({"password": "short"}, "at least 8 characters"),
        ({"password": "x" * 2000}, "at most 1024"),
        ({"password": 12345678}, "'password' must be a text"),
        ({"display_name": "A" * 129}, "the limit is 128"),
        ({"display_name": "Ann\nLee"}, "control characters"),
        ({"display_name": ["Ann"]}, "'display_name'"),
        ({"language": "klingon"}, "'language' must be one of"),
    ],
)
def test_an_account_the_desk_cannot_use_is_a_400_naming_the_field(team_desk, change, named):
    desk = team_desk
    sue = desk.login("sue")
    reply = desk.api("POST", "/api/agents", sue, json={**ANN, **change})
    assert reply.status_code == 400, reply.text
    assert named in reply.json()["error"]
    assert "ann" not in accounts(desk, sue)


@pytest.mark.parametrize(
    "body, named",
    [
        ({}, "send one or more of role"),
        ({"colour": "red"}, "colour"),
        ({"role": "boss"}, "'role'"),
        ({"display_name": ""}, "'display_name'"),
        ({"display_name": "x" * 500}, "the limit is 128"),
        ({"language": 3}, "'language'"),
    ],
)
def test_a_change_the_desk_cannot_use_is_a_400(team_desk, body, named):
    desk = team_desk
    reply = desk.api("PUT", "/api/agents/tom", desk.login("sue"), json=body)
    assert reply.status_code == 400, reply.text
    assert named in reply.json()["error"]
    bad_json = desk.api("PUT", "/api/agents/tom", desk.login("sue"), data=b"[1,")
    assert bad_json.status_code == 400


ROUTES = [
    ("GET", "/api/agents", None),
    ("POST", "/api/agents", ANN),
    ("PUT", "/api/agents/tom", {"role": "tier2"}),
    ("POST", "/api/agents/tom/password", {"password": NEW_PASSWORD}),
    ("POST", "/api/agents/tom/disable", None),
    ("POST", "/api/agents/tom/enable", None),
    ("DELETE", "/api/agents/tom", None),
]


@pytest.mark.parametrize("username", ["ted", "tia", "tom"])
def test_only_supervisors_manage_accounts(team_desk, username):
    desk = team_desk
    token = desk.login(username)
    role = {"ted": "tier3", "tia": "trainer", "tom": "tier1"}[username]
    for method, path, body in ROUTES:
        reply = desk.api(method, path, token, json=body)
        assert reply.status_code == 403, (method, path, reply.text)
        assert reply.json()["error"] == f"the {role} role cannot manage the team's agent accounts"
    assert desk.api("GET", "/api/me", desk.login("tom")).status_code == 200  # nothing changed
    assert "ann" not in accounts(desk, desk.login("sue"))


def test_an_unknown_username_is_a_404(team_desk):
    desk = team_desk
    sue = desk.login("sue")
    for method, path, body in ROUTES[2:]:
        reply = desk.api(method, path.replace("tom", "nobody"), sue, json=body)
        assert reply.status_code == 404, (method, path, reply.text)
        assert "no agent called 'nobody'" in reply.json()["error"]


def test_a_role_change_counts_at_once_on_the_agents_open_session(team_desk):
    desk = team_desk
    sue, tom = desk.login("sue"), desk.login("tom")
    tiers = lambda: [t["tier"] for t in desk.api("GET", "/api/queues", tom).json()["tiers"]]  # noqa: E731
    assert tiers() == [1]
    assert desk.api("GET", "/api/agents", tom).status_code == 403
    changed = desk.api("PUT", "/api/agents/tom", sue, json={"role": "tier3", "display_name": "Tom T."})
    assert changed.status_code == 200, changed.text
    assert changed.json()["agent"]["role"] == "tier3" and changed.json()["agent"]["display_name"] == "Tom T."
    assert tiers() == [1, 2, 3]  # the same token, the new role
    assert desk.api("PUT", "/api/agents/tom", sue, json={"role": "supervisor"}).status_code == 200
    assert desk.api("GET", "/api/agents", tom).status_code == 200
    assert (
        desk.api("PUT", "/api/agents/tom", sue, json={"role": "trainer", "language": "ru"}).status_code == 200
    )
    assert desk.api("GET", "/api/queues", tom).status_code == 403
    assert desk.api("GET", "/api/me", tom).json()["agent"] == {
        "id": desk.journal.agent_credentials("tom")[0].id,
        "username": "tom",
        "role": "trainer",
        "display_name": "Tom T.",
        "language": "ru",
    }


def test_a_supervisor_sets_a_password_and_the_agents_sessions_end(team_desk):
    desk = team_desk
    sue, tom = desk.login("sue"), desk.login("tom")
    short = desk.api("POST", "/api/agents/tom/password", sue, json={"password": "short"})
    assert short.status_code == 400 and "at least 8" in short.json()["error"]
    assert desk.api("GET", "/api/me", tom).status_code == 200
    reset = desk.api("POST", "/api/agents/tom/password", sue, json={"password": NEW_PASSWORD})
    assert reset.status_code == 200, reset.text
    assert desk.api("GET", "/api/me", tom).status_code == 401
    old = desk.api("POST", "/api/login", json={"username": "tom", "password": PASSWORD})
    assert old.status_code == 401
    assert desk.login("tom", NEW_PASSWORD)
    own = desk.api("POST", "/api/agents/sue/password", sue, json={"password": NEW_PASSWORD})
    assert own.status_code == 409 and "/api/me/password" in own.json()["error"]
    assert desk.api("GET", "/api/me", sue).status_code == 200


def test_a_disabled_agent_cannot_sign_in_until_enabled_and_no_old_session_returns(team_desk):
    desk = team_desk
    sue, tom = desk.login("sue"), desk.login("tom")
    disabled = desk.api("POST", "/api/agents/tom/disable", sue)
    assert disabled.status_code == 200 and disabled.json()["agent"]["active"] is False
    assert desk.api("GET", "/api/me", tom).status_code == 401
    assert desk.api("POST", "/api/login", json={"username": "tom", "password": PASSWORD}).status_code == 401
    assert accounts(desk, sue)["tom"]["active"] is False
    enabled = desk.api("POST", "/api/agents/tom/enable", sue)
    assert enabled.status_code == 200 and enabled.json()["agent"]["active"] is True
    assert desk.api("GET", "/api/me", tom).status_code == 401
    assert desk.api("GET", "/api/me", desk.login("tom")).status_code == 200


def test_only_an_agent_who_never_worked_a_chat_is_deleted(team_desk):
    desk = team_desk
    sue, tom = desk.login("sue"), desk.login("tom")
    desk.chat("v-1", "a person please")
    [waiting] = desk.api("GET", "/api/queues", tom).json()["tiers"][0]["conversations"]
    claim = desk.api("POST", f"/api/conversations/{waiting['conversation_id']}/claim", tom)
    assert claim.status_code == 200
    kept = desk.api("DELETE", "/api/agents/tom", sue)
    assert kept.status_code == 409 and "disable the account instead" in kept.json()["error"]
    assert "tom" in accounts(desk, sue)
    gone = desk.api("DELETE", "/api/agents/ted", sue)
    assert gone.status_code == 204
    assert "ted" not in accounts(desk, sue)
    assert desk.api("POST", "/api/login", json={"username": "ted", "password": PASSWORD}).status_code == 401
    assert desk.api("DELETE", "/api/agents/ted", sue).status_code == 404


def test_a_supervisor_cannot_disable_demote_or_delete_themselves(team_desk):
    desk = team_desk
    sue = desk.login("sue")
    for method, path, body, said in (
        ("PUT", "/api/agents/sue", {"role": "tier3"}, "change the role of yourself"),
        ("POST", "/api/agents/sue/disable", None, "disable yourself"),
        ("DELETE", "/api/agents/sue", None, "delete yourself"),
    ):
        reply = desk.api(method, path, sue, json=body)
        assert reply.status_code == 409, reply.text
        assert said in reply.json()["error"]
    assert accounts(desk, sue)["sue"] | {"created_at": None} == {
        "username": "sue",
        "display_name": "Sue",
        "role": "supervisor",
        "language": "en",
        "active": True,
        "created_at": None,
    }
    renamed = desk.api("PUT", "/api/agents/sue", sue, json={"display_name": "Sue S.", "role": "supervisor"})
    assert renamed.status_code == 200 and renamed.json()["agent"]["display_name"] == "Sue S."


def test_the_desk_keeps_its_last_active_supervisor(journal):
    add_agent(journal, "sue", "supervisor")
    add_agent(journal, "sam", "supervisor")
    add_agent(journal, "tom", "tier1")
    journal.set_active("sam", False, by="sue", keep_a_supervisor=True)
    with pytest.raises(LastSupervisor, match="sue is the desk's last active supervisor"):
        journal.update_agent("sue", "sam", role="tier3")
    with pytest.raises(LastSupervisor):
        journal.set_active("sue", False, by="sam", keep_a_supervisor=True)
    with pytest.raises(LastSupervisor):
        journal.remove_agent("sue", by="sam", keep_a_supervisor=True)
    assert journal.agent_credentials("sue")[0].role == "supervisor"
    assert journal.agent_credentials("sue")[0].active
    assert journal.update_agent("tom", "sue", role="supervisor").role == "supervisor"
    assert journal.update_agent("sue", "tom", role="tier3").role == "tier3"  # tom is one now
    journal.set_active("sam", True, by="sue", keep_a_supervisor=True)
    assert journal.remove_agent("tom", by="sam", keep_a_supervisor=True)


def test_two_supervisors_demoting_each_other_at_once_leave_one(team_desk, journal):
    desk = team_desk
    add_agent(journal, "sam", "supervisor")
    tokens = {"sue": desk.login("sue"), "sam": desk.login("sam")}
    answers = {}
    start = threading.Barrier(2)

    def demote(me: str, other: str) -> None:
        start.wait()
        answers[me] = desk.api("PUT", f"/api/agents/{other}", tokens[me], json={"role": "tier1"}).status_code

    threads = [threading.Thread(target=demote, args=pair) for pair in (("sue", "sam"), ("sam", "sue"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values())[0] == 200 and sorted(answers.values())[1] in (403, 409)
    supervisors = [a for a in journal.agents() if a.role == "supervisor" and a.active]
    assert len(supervisors) == 1


def demote_each_other_at_once(journal: Journal) -> list:
    """sue demotes sam as sam demotes sue, in two threads; who was refused (LastSupervisor)."""
    refused = []
    start = threading.Barrier(2)

    def demote(me: str, other: str) -> None:
        start.wait()
        try:
            journal.update_agent(other, me, role="tier1")
        except LastSupervisor:
            refused.append(me)

    threads = [threading.Thread(target=demote, args=pair) for pair in (("sue", "sam"), ("sam", "sue"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refused


def test_supervisors_demoting_each_other_at_once_on_postgresql_leave_one(pg_schemas):  # noqa: F811
    """PostgreSQL writers run side by side (SQLite's take turns): each change locks the active
    supervisors first, so the second sees the first's demotion and is refused."""
    for round in range(6):
        engine = pg_schemas.engine()
        ensure_desk_schema(engine)
        journal = Journal(engine)
        for username in ("sue", "sam"):
            add_agent(journal, username, "supervisor")
        assert len(demote_each_other_at_once(journal)) == 1, f"round {round}"
        assert [a.role for a in journal.agents()].count("supervisor") == 1
        engine.dispose()


def test_an_agent_changes_their_own_password(team_desk):
    desk = team_desk
    here, elsewhere = desk.login("tom"), desk.login("tom")
    wrong = desk.api(
        "POST",
        "/api/me/password",
        here,
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 403 and wrong.json()["error"] == "the current password is wrong"
    short = desk.api(
        "POST", "/api/me/password", here, json={"current_password": PASSWORD, "new_password": "x"}
    )
    assert short.status_code == 400 and "at least 8" in short.json()["error"]
    missing = desk.api("POST", "/api/me/password", here, json={"new_password": NEW_PASSWORD})
    assert missing.status_code == 400 and "current_password" in missing.json()["error"]
    assert desk.api("GET", "/api/me", here).status_code == 200  # nothing changed yet

    changed = desk.api(
        "POST", "/api/me/password", here, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["agent"]["username"] == "tom"
    assert "kefu_session" in changed.cookies  # the console's event stream signs in with it
    fresh = changed.json()["token"]
    assert desk.api("GET", "/api/me", fresh).status_code == 200  # still signed in here
    assert desk.api("GET", "/api/me", here).status_code == 401  # every earlier session ended
    assert desk.api("GET", "/api/me", elsewhere).status_code == 401
    assert desk.api("POST", "/api/login", json={"username": "tom", "password": PASSWORD}).status_code == 401
    assert desk.login("tom", NEW_PASSWORD)
    trainer = desk.api(  # every role, not only the desk's
        "POST",
        "/api/me/password",
        desk.login("tia"),
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert trainer.status_code == 200


def test_wrong_current_passwords_are_limited_as_logins_are(team_desk):
    desk = team_desk
    tom = desk.login("tom")
    guess = {"current_password": "a guess", "new_password": NEW_PASSWORD}
    statuses = [desk.api("POST", "/api/me/password", tom, json=guess).status_code for _ in range(11)]
    assert statuses == [403] * 10 + [429]
    right = desk.api(
        "POST", "/api/me/password", tom, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert right.status_code == 429  # this session's guesses are over for a while
    assert desk.login("tom")  # the account itself is not locked out


def test_account_changes_are_recorded_with_who_made_them_and_never_a_password(team_desk, caplog):
    desk = team_desk
    caplog.set_level(logging.DEBUG)
    sue = desk.login("sue")
    assert desk.api("POST", "/api/agents", sue, json=ANN).status_code == 201
    assert (
        desk.api("PUT", "/api/agents/ann", sue, json={"role": "tier2", "language": "zh"}).status_code == 200
    )
    assert (
        desk.api("POST", "/api/agents/ann/password", sue, json={"password": NEW_PASSWORD}).status_code == 200
    )
    assert desk.api("POST", "/api/agents/ann/disable", sue).status_code == 200
    assert desk.api("POST", "/api/agents/ann/enable", sue).status_code == 200
    ann = desk.login("ann", NEW_PASSWORD)
    own = {"current_password": NEW_PASSWORD, "new_password": "yet another passphrase"}
    assert desk.api("POST", "/api/me/password", ann, json=own).status_code == 200
    assert desk.api("DELETE", "/api/agents/ann", sue).status_code == 204
    changes = desk.api("GET", "/api/agents", sue).json()["changes"]
    mine = [(c["action"], c["by"], c["detail"]) for c in changes if c["username"] == "ann"]
    assert mine == [
        ("removed", "sue", {}),
        ("own_password", "ann", {}),
        ("enabled", "sue", {}),
        ("disabled", "sue", {}),
        ("password", "sue", {}),
        ("changed", "sue", {"role": ["tier1", "tier2"]}),  # the language was zh already
        ("added", "sue", {"role": "tier1"}),
    ]
    everything = str(changes) + logged_text(caplog.records)
    for secret in (PASSWORD, NEW_PASSWORD, "yet another passphrase", "scrypt$"):
        assert secret not in everything


def test_the_old_route_texts_say_what_a_role_cannot_do(team_desk):
    desk = team_desk
    tom = desk.login("tom")
    for method, path, body, said in (
        ("GET", "/api/seller/auto-replies", None, "see or edit the seller's auto-replies"),
        ("GET", "/api/seller/promos", None, "send or see the seller's promo campaigns"),
        ("GET", "/api/seller/desk-settings", None, "see or change the desk's settings"),
        (
            "POST",
            "/api/quick-replies",
            {"language": "en", "title": "t", "text": "x"},
            "write the quick replies",
        ),
    ):
        reply = desk.api(method, path, tom, json=body)
        assert reply.status_code == 403 and reply.json()["error"] == f"the tier1 role cannot {said}", (
            reply.text
        )


def test_a_version_11_journal_gets_the_record_of_account_changes(database_url):
    engine = make_engine(database_url)
    ensure_desk_schema(engine)
    with engine.begin() as conn:  # back to the shape version 11 had
        conn.execute(text("DROP TABLE desk_account_changes"))
        conn.execute(text("UPDATE desk_schema_version SET version = 11"))
    assert ensure_desk_schema(engine) == CURRENT_VERSION == 12
    journal = Journal(engine)
    journal.add_agent("ann", "scrypt$x", "tier1")
    assert [(c.username, c.action, c.by) for c in journal.account_changes()] == [
        ("ann", "added", "kefu agents (command line)")
    ]
    engine.dispose()


def test_a_username_the_console_could_not_address_is_refused_on_the_command_line_too(journal):
    with pytest.raises(ValueError, match="no spaces"):
        journal.add_agent("ann lee", "scrypt$x", "tier1")
    assert journal.add_agent("ann@shop.example", "scrypt$x", "tier1").username == "ann@shop.example"
    for dots in (".", ".."):  # /api/agents/.. is /api/ to a browser
        with pytest.raises(ValueError, match="not . or .."):
            journal.add_agent(dots, "scrypt$x", "tier1")


@pytest.mark.parametrize("username", ["张伟", "josé", "a:b", "<ann>", "ann&lee", "a+b"])
def test_an_account_is_managed_by_its_username_as_the_console_sends_it(team_desk, username):
    """The console sends the username through encodeURIComponent and the desk compared it as
    sent: an account named 张伟 or josé was a 404 to every change (role, password, disable, delete)."""
    desk = team_desk
    sue = desk.login("sue")
    assert desk.api("POST", "/api/agents", sue, json={**ANN, "username": username}).status_code == 201
    path = f"/api/agents/{quote(username, safe='')}"
    changed = desk.api("PUT", path, sue, json={"display_name": "Wei"})
    assert changed.status_code == 200 and changed.json()["agent"]["username"] == username, changed.text
    assert desk.api("POST", f"{path}/password", sue, json={"password": NEW_PASSWORD}).status_code == 200
    assert desk.api("POST", f"{path}/disable", sue).status_code == 200
    assert desk.api("DELETE", path, sue).status_code == 204
    assert username not in accounts(desk, sue)


def test_a_removed_agents_session_does_not_sign_in_as_the_next_account(team_desk):
    """SQLite gives a removed agent's id to the next account, and a session names the id:
    bob, removed, was signed in as carol, a supervisor, the account added after him."""
    desk = team_desk
    sue = desk.login("sue")
    bob = {**ANN, "username": "bob", "role": "tier1"}
    assert desk.api("POST", "/api/agents", sue, json=bob).status_code == 201
    bobs_session = desk.login("bob")
    assert desk.api("DELETE", "/api/agents/bob", sue).status_code == 204
    carol = {**ANN, "username": "carol", "role": "supervisor"}
    assert desk.api("POST", "/api/agents", sue, json=carol).status_code == 201
    assert desk.api("GET", "/api/me", bobs_session).status_code == 401
    assert desk.api("GET", "/api/agents", bobs_session).status_code == 401
    assert desk.api("GET", "/api/me", desk.login("carol")).json()["agent"]["username"] == "carol"


def test_a_deleted_agents_away_mark_is_not_the_next_accounts(team_desk, journal):
    from datetime import datetime, timezone

    from bot.desk import presence
    from tests.desk.conftest import REDIS_URL
    from tests.desk.test_queue import run

    desk, ted = team_desk, journal.agent_credentials("ted")[0]
    ted_away = desk.login("ted")
    assert desk.api("POST", "/api/me/availability", ted_away, json={"away": True}).status_code == 200
    run(lambda queue: presence.mark_seen(queue, ted.id, datetime.now(timezone.utc)), REDIS_URL)
    assert desk.api("DELETE", "/api/agents/ted", desk.login("sue")).status_code == 204
    marks = run(presence.read, REDIS_URL)
    assert ted.id not in marks.away and ted.id not in marks.seen  # SQLite may give ted's id to the next


def test_an_account_made_in_the_console_does_not_take_over_stale_marks(team_desk, journal):
    """A removal while Redis was down left ted's marks; SQLite gives ted's id to the next account."""
    from datetime import datetime, timezone

    from bot.desk import presence
    from tests.desk.conftest import REDIS_URL
    from tests.desk.test_queue import run

    desk, ted = team_desk, journal.agent_credentials("ted")[0]
    assert journal.remove_agent("ted")  # not through the desk: no forget
    run(lambda queue: presence.set_away(queue, ted.id, True), REDIS_URL)
    run(lambda queue: presence.mark_seen(queue, ted.id, datetime.now(timezone.utc)), REDIS_URL)
    made = desk.api(
        "POST",
        "/api/agents",
        desk.login("sue"),
        json={"username": "una", "role": "tier1", "password": PASSWORD},
    )
    assert made.status_code == 201, made.text
    assert journal.agent_credentials("una")[0].id == ted.id
    marks = run(presence.read, REDIS_URL)
    assert ted.id not in marks.away and ted.id not in marks.seen

"""Every API route needs a signed-in agent; roles decide which tiers an agent sees."""

import importlib
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests

from bot.desk import auth, login_limits
from bot.desk.api import api_routes
from bot.desk.auth import TokenError, hash_password, issue_token, read_token
from tests.desk.conftest import PASSWORD, REDIS_URL, add_agent, sse_events

PUBLIC = {("POST", "/api/login")}


def concrete(path: str) -> str:
    return re.sub(r"<[^>]+>", "nothing-here", path)


def test_every_api_route_but_login_answers_401_without_a_token(desk):
    routes = [(m, p) for m, p, _ in api_routes(desk.server.app) if p.startswith("/api")]
    assert len(routes) >= 14
    for method, path in routes:
        if (method, path) in PUBLIC:
            continue
        reply = desk.api(method, concrete(path), json={})
        assert reply.status_code == 401, (method, path, reply.status_code)
        assert "error" in reply.json()
        forged = desk.api(method, concrete(path), token="v1.e30.bad", json={})
        assert forged.status_code == 401, (method, path)


def test_a_trainer_is_refused_the_desk_routes(desk, journal):
    add_agent(journal, "tom", "trainer")
    token = desk.login("tom")
    for method, path, kind in api_routes(desk.server.app):
        if kind != "desk":
            continue
        reply = desk.api(method, concrete(path), token, json={})
        assert reply.status_code == 403, (method, path, reply.status_code)
    assert desk.api("GET", "/api/me", token).json()["agent"]["role"] == "trainer"
    assert desk.api("GET", "/api/openapi.json", token).status_code == 200


@pytest.mark.parametrize(
    "role, tiers", [("tier1", [1]), ("tier2", [1, 2]), ("tier3", [1, 2, 3]), ("supervisor", [1, 2, 3])]
)
def test_an_agent_sees_their_tier_and_below(desk, journal, role, tiers):
    add_agent(journal, "ana", role)
    token = desk.login("ana")
    assert [t["tier"] for t in desk.api("GET", "/api/queues", token).json()["tiers"]] == tiers


def test_a_higher_tier_conversation_is_forbidden_to_a_junior(desk, journal):
    add_agent(journal, "jun", "tier1")
    add_agent(journal, "sup", "supervisor")
    desk.chat("v-vip", "this is a scam")
    cid = desk.api("GET", "/api/queues", desk.login("sup")).json()["tiers"][2]["conversations"][0][
        "conversation_id"
    ]
    junior = desk.login("jun")
    for method, path in (("GET", ""), ("POST", "/claim"), ("POST", "/notes")):
        reply = desk.api(method, f"/api/conversations/{cid}{path}", junior, json={"text": "x"})
        assert reply.status_code == 403, path
    assert desk.api("GET", "/api/conversations/nope", junior).status_code == 404


def test_login_logout_cookie_and_wrong_passwords(desk, journal):
    add_agent(journal, "kim", "tier2")
    assert (
        desk.api("POST", "/api/login", json={"username": "kim", "password": "nope nope"}).status_code == 401
    )
    assert (
        desk.api("POST", "/api/login", json={"username": "who", "password": "nope nope"}).status_code == 401
    )
    assert desk.api("POST", "/api/login", data="not json").status_code == 400
    session = requests.Session()
    login = session.post(
        f"{desk.url}/api/login", json={"username": "kim", "password": "correct horse battery"}
    )
    assert login.status_code == 200 and login.json()["agent"]["username"] == "kim"
    cookie = login.headers["set-cookie"].lower()
    assert "kefu_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert session.get(f"{desk.url}/api/me").status_code == 200  # the cookie alone signs in
    # A page on another site cannot use the agent's cookie to act.
    assert (
        session.post(f"{desk.url}/api/logout", headers={"Origin": "https://evil.example"}).status_code == 403
    )
    token = login.json()["token"]
    assert desk.api("POST", "/api/logout", token).status_code == 204
    assert desk.api("GET", "/api/me", token).status_code == 401  # revoked


def test_no_answer_with_buyers_data_is_kept_in_a_cache(desk, journal):
    """Every /api route, whichever blueprint it is in, and the web chat's replies: a browser
    or proxy keeping them would show buyers' messages after the agent signed out."""
    add_agent(journal, "sue", "supervisor")
    token = desk.login("sue")
    desk.chat("ida", "my parcel never came, ida@example.com")
    answers = {}
    for method, path, _ in api_routes(desk.server.app):
        if method == "GET" and path.startswith("/api") and path != "/api/events":
            answers[path] = desk.api("GET", concrete(path), token)
    answers["/chat/messages"] = desk.poll("ida")
    assert answers["/api/history"].status_code == 200 and "ida@example.com" in answers["/api/history"].text
    assert answers["/chat/messages"].status_code == 200
    stored = {path: r.headers.get("cache-control") for path, r in answers.items()}
    assert stored == dict.fromkeys(answers, "no-store")


def test_a_logged_out_token_stays_refused_after_redis_restarts_empty(desk, journal):
    add_agent(journal, "liv", "tier1")
    token = desk.login("liv")
    assert desk.api("POST", "/api/logout", token).status_code == 204
    redis.Redis.from_url(REDIS_URL).flushdb()  # what a restart of the local Redis (no persistence) leaves
    refused = desk.api("GET", "/api/me", token)
    assert refused.status_code == 401 and "logged out" in refused.json()["error"]


def test_logging_out_ends_every_session_of_the_agent_but_not_the_next_login(desk, journal):
    add_agent(journal, "max", "tier1")
    phone, laptop = desk.login("max"), desk.login("max")
    assert desk.api("POST", "/api/logout", phone).status_code == 204
    assert desk.api("GET", "/api/me", laptop).status_code == 401
    # Within the same second: a new login works, and logging out again ends it too.
    again = desk.login("max")
    assert desk.api("GET", "/api/me", again).status_code == 200
    assert desk.api("POST", "/api/logout", again).status_code == 204
    assert desk.api("GET", "/api/me", again).status_code == 401
    assert desk.api("GET", "/api/me", desk.login("max")).status_code == 200


def test_a_new_password_or_disabling_ends_the_sessions_for_good(desk, journal):
    add_agent(journal, "ned", "tier1")
    token = desk.login("ned")
    journal.set_password("ned", hash_password("another good password", n=2**4))
    assert desk.api("GET", "/api/me", token).status_code == 401
    token = desk.login("ned", "another good password")
    journal.set_active("ned", False)
    journal.set_active("ned", True)
    assert desk.api("GET", "/api/me", token).status_code == 401  # enabling brings no session back
    assert desk.api("GET", "/api/me", desk.login("ned", "another good password")).status_code == 200


def test_too_many_failed_logins_are_refused_for_a_while(desk, journal):
    add_agent(journal, "lee", "tier1")
    for _ in range(10):
        desk.api("POST", "/api/login", json={"username": "lee", "password": "wrong password"})
    reply = desk.api("POST", "/api/login", json={"username": "lee", "password": "correct horse battery"})
    assert reply.status_code == 429


def test_tokens_are_signed_and_expire():
    token, session = issue_token("secret", 7, hours=1, now=1000)
    assert read_token("secret", token, now=1001).agent_id == 7
    with pytest.raises(TokenError, match="signature"):
        read_token("other secret", token, now=1001)
    with pytest.raises(TokenError, match="expired"):
        read_token("secret", token, now=1000 + 3601)
    head, payload, signature = token.split(".")
    with pytest.raises(TokenError):
        read_token("secret", f"{head}.{payload}x.{signature}", now=1001)
    assert session.expires_at == 1000 + 3600 and time.time() > 0


def login(desk, username: str, password: str, cookies: dict | None = None) -> requests.Response:
    # Patient: 40 parallel logins on a loaded machine queue up behind each other's scrypt checks.
    return requests.post(
        f"{desk.url}/api/login",
        json={"username": username, "password": password},
        cookies=cookies,
        timeout=120,
    )


def test_parallel_wrong_passwords_are_counted_before_they_are_checked(desk, journal, monkeypatch):
    add_agent(journal, "pat", "tier1")
    checked = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda *a: checked.append(1) or real(*a))
    with ThreadPoolExecutor(40) as pool:
        replies = list(pool.map(lambda i: login(desk, "pat", f"guess number {i}"), range(40)))
    statuses = sorted(r.status_code for r in replies)
    counted = (statuses.count(401), statuses.count(429), len(checked))
    others = [(r.status_code, r.text[:200]) for r in replies if r.status_code not in (401, 429)]
    assert counted == (login_limits.ACCOUNT_LIMIT, 30, login_limits.ACCOUNT_LIMIT), others
    assert all(r.headers["cache-control"] == "no-store" for r in replies)


def test_a_guesser_cannot_lock_the_agent_out_of_their_own_browser(desk, journal):
    add_agent(journal, "ros", "tier1")
    mine = login(desk, "ros", PASSWORD)
    assert mine.status_code == 200 and mine.headers["cache-control"] == "no-store"
    known = {login_limits.KNOWN_CLIENT_COOKIE: mine.cookies[login_limits.KNOWN_CLIENT_COOKIE]}
    for _ in range(login_limits.ACCOUNT_LIMIT + 2):
        login(desk, "ros", "a wrong guess")
    assert login(desk, "ros", PASSWORD).status_code == 429  # an unknown client is locked out
    assert login(desk, "ros", PASSWORD, cookies=known).status_code == 200  # her browser is not
    assert login(desk, "ros", PASSWORD).status_code == 200  # and her login cleared the lock
    # The known-client cookie is for her account only.
    add_agent(journal, "sid", "tier1")
    for _ in range(login_limits.ACCOUNT_LIMIT + 1):
        login(desk, "sid", "a wrong guess", cookies=known)
    assert login(desk, "sid", PASSWORD, cookies=known).status_code == 429


def test_one_address_trying_many_accounts_is_limited(desk, journal):
    add_agent(journal, "uma", "tier1")
    for index in range(login_limits.ADDRESS_LIMIT):
        assert login(desk, f"nobody-{index}", "a wrong guess").status_code == 401
    assert login(desk, "uma", PASSWORD).status_code == 429


def test_a_cookie_signed_change_needs_an_allowed_origin(make_desk, fake_rasa, journal):
    desk = make_desk(fake_rasa.url, desk_origins="https://desk.example")
    add_agent(journal, "val", "tier1")
    session = requests.Session()
    assert session.post(f"{desk.url}/api/login", json={"username": "val", "password": PASSWORD}).ok
    host = desk.url.split("//")[1]
    refused = [
        session.post(f"{desk.url}/api/logout", timeout=10),  # no Origin at all
        session.post(
            f"{desk.url}/api/logout", headers={"Origin": f"http://{host}"}, timeout=10
        ),  # Host alone
        session.post(f"{desk.url}/api/logout", headers={"Origin": "null"}, timeout=10),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert session.get(f"{desk.url}/api/me", timeout=10).status_code == 200
    allowed = session.post(f"{desk.url}/api/logout", headers={"Origin": "https://desk.example"}, timeout=10)
    assert allowed.status_code == 204


def test_cookies_are_secure_when_the_console_is_on_https_behind_a_proxy(make_desk, fake_rasa, journal):
    """A TLS terminator in front speaks plain HTTP to the desk; the console's page on https
    (its Origin) still gets cookies a browser never sends over http."""
    desk = make_desk(fake_rasa.url, desk_origins="https://desk.example")
    add_agent(journal, "ari", "tier1")
    body = {"username": "ari", "password": PASSWORD}
    on_https = requests.post(
        f"{desk.url}/api/login", json=body, headers={"Origin": "https://desk.example"}, timeout=10
    )
    assert on_https.status_code == 200
    cookies = {c.name: c.secure for c in on_https.cookies}
    assert cookies == {"kefu_session": True, login_limits.KNOWN_CLIENT_COOKIE: True}
    scripted = requests.post(f"{desk.url}/api/login", json=body, timeout=10)  # plain http, no page
    assert {c.name: c.secure for c in scripted.cookies}["kefu_session"] is False


def test_a_login_posted_from_another_site_is_refused(make_desk, fake_rasa, journal):
    """Login CSRF: another site's form posting text/plain that happens to be JSON would plant
    that site's account's session cookie in the agent's browser."""
    desk = make_desk(fake_rasa.url, desk_origins="https://desk.example")
    add_agent(journal, "eve", "tier1")
    form_body = '{"username":"eve","password":"' + PASSWORD + '","x":"=x"}'
    for origin in ("https://evil.example", "null", desk.url):
        forged = requests.post(
            f"{desk.url}/api/login",
            data=form_body.encode(),
            headers={"Origin": origin, "Content-Type": "text/plain"},
            timeout=10,
        )
        assert forged.status_code == 403 and "cross-site" in forged.json()["error"], origin
        assert "kefu_session" not in forged.cookies
    own = {"Origin": "https://desk.example"}
    assert requests.post(f"{desk.url}/api/login", data=form_body.encode(), headers=own, timeout=10).ok
    # A script or the CLI sends no Origin at all.
    scripted = {"username": "eve", "password": PASSWORD}
    assert requests.post(f"{desk.url}/api/login", json=scripted, timeout=10).ok


def test_the_event_stream_ends_when_the_session_does(desk, journal, monkeypatch):
    # The module (the package's `live` is its blueprint): checked every 0.2 s, not every 5.
    monkeypatch.setattr(importlib.import_module("bot.desk.api.live"), "SESSION_CHECK_SECONDS", 0.2)
    add_agent(journal, "wes", "tier1")
    for end in ("logout", "disable"):
        token = desk.login("wes")
        with requests.get(
            f"{desk.url}/api/events", headers={"Authorization": f"Bearer {token}"}, stream=True, timeout=10
        ) as stream:
            assert sse_events(stream, 1)[0][0] == "queue"
            if end == "logout":
                assert desk.api("POST", "/api/logout", token).status_code == 204
            else:
                journal.set_active("wes", False)
            started = time.monotonic()
            for _ in stream.iter_content(chunk_size=None):  # until the desk ends the stream
                pass
            assert time.monotonic() - started < 5, end
        journal.set_active("wes", True)

"""Every API route needs a signed-in agent; roles decide which tiers an agent sees."""

import re
import time

import pytest
import requests

from bot.desk.api import api_routes
from bot.desk.auth import TokenError, issue_token, read_token
from tests.desk.conftest import add_agent

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

"""No input makes the desk answer 5xx: a few thousand generated requests across every
buyer-facing route (signed and unsigned webhook, web chat send and poll, the chat page
and its assets, health, login), then the desk still answers a good message."""

from __future__ import annotations

import json

import pytest
import requests

from bot.channels.outbound import SIGNATURE_HEADER, sign
from tests.fuzzing import Mutator, Probe, failures, generate, run_probes

SECRET = "fuzz-webhook-secret"
# Stands for a real chat session token; filled in once the desk has issued some.
SESSION = "<chat-session>"
COUNT = 2500
BUDGET_SECONDS = 50


def webhook_probe(m: Mutator) -> Probe:
    valid = {
        "message_id": f"m{m.rng.randrange(10**6)}",
        "buyer_id": f"b{m.rng.randrange(50)}",
        "marketplace": m.rng.choice(["lazada", "shopee"]),
        "text": "where is my order",
        "opened_from": "order_page",
    }
    body = m.body(valid)
    headers = m.headers()
    roll = m.rng.random()
    if roll < 0.6:
        headers[SIGNATURE_HEADER] = sign(SECRET, body)
    elif roll < 0.8:
        headers[SIGNATURE_HEADER] = m.rng.choice(["", "sha256=", "00" * 32, "\u00e9", "sha256=" + "z" * 64])
    return Probe("POST", "/channels/webhook", body, headers)


def chat_headers(m: Mutator) -> dict:
    """Mostly a real session, so the checks behind the session check are reached too."""
    headers = m.headers()
    if m.rng.random() < 0.85:
        headers["Authorization"] = f"Bearer {SESSION}"
    return headers


def chat_probe(m: Mutator) -> Probe:
    message_id = str(m.rng.randrange(10**6))
    valid = {"buyer_id": f"v{m.rng.randrange(50)}", "text": "hello", "message_id": message_id}
    return Probe("POST", "/chat/messages", m.body(valid), chat_headers(m))


def session_probe(m: Mutator) -> Probe:
    claim = {"marketplace": "lazada", "buyer_id": f"b{m.rng.randrange(50)}", "signature": "00" * 32}
    return Probe("POST", "/chat/session", m.body(claim), m.headers())


def poll_probe(m: Mutator) -> Probe:
    parts = [f"{name}={m.query_value()}" for name in ("buyer_id", "after", "marketplace", "signature")]
    m.rng.shuffle(parts)
    query = "&".join(parts[: m.rng.randint(0, 4)])
    return Probe("GET", f"/chat/messages?{query}", None, chat_headers(m))


def page_probe(m: Mutator) -> Probe:
    path = m.rng.choice(
        ["/health", "/", "/chat", f"/chat?buyer_id={m.query_value()}", f"/chat/assets/{m.query_value()}"]
    )
    return Probe(m.rng.choice(["GET", "GET", "POST", "PUT", "DELETE"]), path, None, m.headers())


def login_probe(m: Mutator) -> Probe:
    return Probe("POST", "/api/login", m.body({"username": "nobody", "password": "wrong"}), m.headers())


PROBES = [
    webhook_probe,
    webhook_probe,
    chat_probe,
    chat_probe,
    poll_probe,
    session_probe,
    page_probe,
    login_probe,
]


def any_probe(m: Mutator) -> Probe:
    return m.rng.choice(PROBES)(m)


def signed(desk, fields: dict) -> requests.Response:
    body = json.dumps(fields).encode()
    headers = {SIGNATURE_HEADER: sign(SECRET, body)}
    return requests.post(f"{desk.url}/channels/webhook", data=body, headers=headers, timeout=15)


@pytest.fixture
def fuzzed_desk(make_desk, fake_rasa):
    return make_desk(fake_rasa.url, webhook_secret=SECRET)


def chat_session(desk) -> str:
    answer = requests.post(f"{desk.url}/chat/session", data=b"{}", timeout=15)
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def with_sessions(probes, tokens):
    for number, probe in enumerate(probes):
        token = tokens[number % len(tokens)]
        probe.headers = {name: value.replace(SESSION, token) for name, value in probe.headers.items()}
    return probes


def test_thousands_of_generated_requests_get_no_5xx_and_the_desk_still_serves(fuzzed_desk):
    tokens = [chat_session(fuzzed_desk) for _ in range(5)]
    probes = with_sessions(generate(COUNT, seed=20261111, make=any_probe), tokens)
    # Four at a time: enough to interleave requests, few enough for SQLite's single writer.
    answers = run_probes(fuzzed_desk.url, probes, BUDGET_SECONDS, workers=4)
    assert len(answers) >= 1000, f"only {len(answers)} requests in {BUDGET_SECONDS}s"
    broken = failures(answers)
    assert not broken, f"{len(broken)} of {len(answers)} failed:\n" + "\n".join(broken[:20])
    assert any(status == 200 for _, status in answers)
    # The web chat from this address is over its rate limit by now: ask through the webhook.
    last = {"message_id": "last", "buyer_id": "after-fuzz", "marketplace": "lazada", "text": "hi"}
    good = signed(fuzzed_desk, last)
    assert good.status_code == 200 and good.json()["replies"] >= 1, good.text


@pytest.mark.parametrize(
    "method, path, body, status",
    [
        ("GET", "/chat/messages?buyer_id=a&after=9223372036854775808", None, 400),
        ("GET", "/chat/messages?buyer_id=a&after=%C2%B2", None, 400),
        ("GET", "/chat/messages?buyer_id=a&after=%EF%BC%91", None, 400),
        ("POST", "/chat/messages", {"buyer_id": "a", "text": "hi", "opened_from": 5}, 400),
        ("POST", "/chat/messages", {"text": "broken", "attachments": ["https://"]}, 400),
        ("POST", "/chat/messages", {"text": "broken", "attachments": ["http://[x"]}, 400),
        ("POST", "/chat/messages", {"buyer_id": "a", "text": "hi", "opened_from": ["order_page"]}, 400),
        ("POST", "/chat/messages", b'{"buyer_id": "a", "text": "\\ud800 hi"}', 400),
        ("POST", "/chat/messages", b'{"buyer_id": 1' + b"0" * 5000 + b"}", 400),
        ("POST", "/chat/messages", b"[" * 100000 + b"]" * 100000, 400),
        ("POST", "/api/login", b'{"username": "\\ud800", "password": "x"}', 400),
        ("POST", "/api/login", b'{"username": "' + b"[" * 50 + b'"}', 400),
    ],
)
def test_known_bad_input_is_a_4xx_in_json(fuzzed_desk, method, path, body, status):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    # With a valid chat session, so the input itself is what gets refused.
    headers = {"Authorization": f"Bearer {chat_session(fuzzed_desk)}"}
    answer = requests.request(method, fuzzed_desk.url + path, data=data, headers=headers, timeout=15)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]


def test_a_signed_webhook_with_opened_from_of_a_wrong_type_is_a_400(fuzzed_desk):
    fields = {"message_id": "1", "buyer_id": "b", "marketplace": "lazada", "text": "hi", "opened_from": {}}
    answer = signed(fuzzed_desk, fields)
    assert answer.status_code == 400 and "opened_from" in answer.json()["error"]


@pytest.mark.parametrize("path", ["/chat/messages", "/channels/webhook", "/api/login"])
def test_a_10_mb_body_is_a_413_in_json_not_a_reset_connection(fuzzed_desk, path):
    answer = requests.post(fuzzed_desk.url + path, data=b"x" * 10_000_000, timeout=30)
    assert answer.status_code == 413 and answer.json()["error"]
    assert requests.get(f"{fuzzed_desk.url}/health", timeout=10).status_code == 200


@pytest.mark.parametrize("method, path", [("PUT", "/channels/webhook"), ("GET", "/no/such/page")])
def test_a_malformed_accept_header_still_gets_the_real_4xx(fuzzed_desk, method, path):
    # Sanic's own error page used to parse Accept and fail again: a 500 instead of 405/404.
    headers = {"Accept": "1.2.3.4, 5.6.7.8"}
    answer = requests.request(method, fuzzed_desk.url + path, headers=headers, timeout=15)
    assert answer.status_code in (404, 405), answer.text

"""No input makes the staff API answer 5xx: generated requests on every route the OpenAPI
document lists (agents', supervisors', trainers' and the seller's), signed in with each
role, with odd path ids, query values and bodies mutated from a valid one built from the
route's own schema. test_fuzz.py does the same for the buyer-facing routes."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List

import pytest
import requests

from bot.channels.outbound import SIGNATURE_HEADER, sign
from tests.desk.conftest import add_agent
from tests.fuzzing import Mutator, Probe, failures, generate, run_probes

SECRET = "staff-fuzz-webhook-secret"
ROLES = ("tier1", "tier2", "supervisor", "trainer")
COUNT = 2000
BUDGET_SECONDS = 60
# Routes whose valid call starts a model training (minutes of CPU, in a process that outlives
# the test) or ends the session the probes use: their input checks have their own tests
# (test_trainer_models, test_auth). Each must be a route the document lists (checked below):
# a renamed route skipped under its old name would be probed.
SKIPPED = ("/api/trainer/retrain", "/api/logout")
ODD_IDS = ["0", "-1", "99999999999999999999", "abc", "%00", "%ED%A0%80", "1.5", "%20"]


def example(schema: Dict[str, Any], schemas: Dict[str, Any], depth: int = 0) -> Any:
    """A plausible valid value for an OpenAPI schema: what a mutation starts from."""
    if "$ref" in schema:
        return example(schemas[schema["$ref"].rsplit("/", 1)[-1]], schemas, depth)
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        return {name: example(sub, schemas, depth + 1) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}), schemas, depth + 1)] if depth <= 3 else []
    return {"integer": 1, "number": 1.5, "boolean": True}.get(str(kind), "hello")


def routes(document: Dict[str, Any]) -> List[tuple]:
    """(method, path template, parameters, valid body or None) of every staff route."""
    schemas = document["components"]["schemas"]
    found = []
    for path, item in document["paths"].items():
        if path.startswith(SKIPPED) or not path.startswith("/api") or path == "/api/login":
            continue
        for method, operation in item.items():
            if "text/event-stream" in str(operation.get("responses")):
                continue  # a live stream never ends: its requests would not either
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            valid = example(body["schema"], schemas) if "schema" in body else None
            found.append((method.upper(), path, operation.get("parameters", []), valid))
    return found


def probe_maker(document: Dict[str, Any], tokens: Dict[str, str], conversation_id: int):
    table = routes(document)

    def make(m: Mutator) -> Probe:
        method, path, parameters, valid = m.rng.choice(table)
        for parameter in parameters:
            if parameter["in"] == "path":
                value = str(conversation_id) if m.rng.random() < 0.5 else m.rng.choice(ODD_IDS)
                path = path.replace("{" + parameter["name"] + "}", value)
        queries = [p["name"] for p in parameters if p["in"] == "query"]
        if queries:
            chosen = m.rng.sample(queries, m.rng.randint(0, len(queries)))
            path += "?" + "&".join(f"{name}={m.query_value()}" for name in chosen)
        body = None
        if valid is not None or m.rng.random() < 0.2:
            start = valid if isinstance(valid, dict) else {"value": valid}
            body = m.inside(start) if m.rng.random() < 0.3 else m.body(start)
        headers = m.headers()
        if m.rng.random() < 0.9:  # mostly signed in, so the checks behind sign-in are reached
            headers["Authorization"] = f"Bearer {tokens[m.rng.choice(ROLES)]}"
        return Probe(method, path, body, headers)

    return make


@pytest.fixture
def staffed_desk(make_desk, fake_rasa, journal, tmp_path):
    # A retrain that got through anyway fails at once here (no project to train), rather
    # than training the real project for minutes beside the tests that follow.
    desk = make_desk(fake_rasa.url, webhook_secret=SECRET, train_root=tmp_path / "no-project")
    for role in ROLES:
        add_agent(journal, f"fuzz-{role}", role)
    return desk


def buyer_message(desk, message_id: str, text: str) -> requests.Response:
    fields = {"message_id": message_id, "buyer_id": "fuzzed-buyer", "marketplace": "lazada", "text": text}
    body = json.dumps(fields).encode()
    return requests.post(
        f"{desk.url}/channels/webhook", data=body, headers={SIGNATURE_HEADER: sign(SECRET, body)}, timeout=15
    )


def test_generated_requests_on_every_staff_route_get_no_5xx(staffed_desk, caplog):
    desk = staffed_desk
    caplog.set_level(logging.ERROR)
    first = buyer_message(desk, "before-fuzz", "I want a person")
    assert first.status_code == 200, first.text
    tokens = {role: desk.login(f"fuzz-{role}") for role in ROLES}
    document = desk.api("GET", "/api/openapi.json", tokens["supervisor"]).json()
    assert len(routes(document)) >= 30, "the staff API lists fewer routes than it serves"
    for skipped in SKIPPED:
        assert skipped in document["paths"], f"{skipped} is skipped but is no route of the staff API"
    make = probe_maker(document, tokens, first.json()["conversation_id"])

    probes = generate(COUNT, seed=20261205, make=make)
    # Four at a time: enough to interleave requests, few enough for SQLite's single writer.
    answers = run_probes(desk.url, probes, BUDGET_SECONDS, workers=4)

    assert len(answers) >= 500, f"only {len(answers)} requests in {BUDGET_SECONDS}s"
    broken = failures(answers)
    assert not broken, f"{len(broken)} of {len(answers)} failed:\n" + "\n".join(broken[:20])
    statuses = {status for _, status in answers}
    assert 200 in statuses and 400 in statuses, statuses
    # The desk still serves buyers and staff, with whatever settings the probes saved: a buyer
    # is handed to a person (a deadline worked out), and the sweeps ran without failing.
    assert buyer_message(desk, "after-fuzz", "hello").status_code == 200
    assert buyer_message(desk, "after-fuzz-2", "a person please").status_code == 200
    assert desk.api("GET", "/api/queues", desk.login("fuzz-supervisor")).status_code == 200
    desk.server.call(desk.hub.sweep_once())
    desk.server.call(desk.hub.close_idle_once())
    failed = [r.getMessage() for r in caplog.records if r.name in ("bot.desk.maintenance", "sanic.error")]
    assert not failed, failed[:5]


def test_a_get_with_a_body_over_the_limit_is_a_413_and_the_next_request_on_the_connection_works(
    staffed_desk,
):
    desk = staffed_desk
    token = desk.login("fuzz-supervisor")
    with requests.Session() as kept_alive:  # one connection, reused as browsers and clients do
        headers = {"Authorization": f"Bearer {token}"}
        too_big = kept_alive.get(f"{desk.url}/api/me", data=b"x" * 3_000_000, headers=headers, timeout=15)
        assert too_big.status_code == 413 and too_big.json()["error"]
        for _ in range(3):
            assert kept_alive.get(f"{desk.url}/api/me", headers=headers, timeout=15).status_code == 200


def test_a_nul_in_the_url_of_a_request_with_a_body_leaves_the_connection_usable(staffed_desk):
    """A GET with %00 in its URL was refused before its body was read: with a body over the
    limit, Sanic then closed the kept-alive connection and the client's next request was reset."""
    desk = staffed_desk
    headers = {"Authorization": f"Bearer {desk.login('fuzz-supervisor')}"}
    for body, status in ((b"x" * 70_000, 400), (b"y" * 3_000_000, 413)):
        with requests.Session() as kept_alive:
            refused = kept_alive.get(f"{desk.url}/api/me?x=%00", data=body, headers=headers, timeout=15)
            assert refused.status_code == status and refused.json()["error"]
            for _ in range(3):
                assert kept_alive.get(f"{desk.url}/api/me", headers=headers, timeout=15).status_code == 200


@pytest.mark.parametrize("size", [300_000, 3_000_000])
def test_a_streamed_upload_refused_before_its_body_is_read_closes_the_connection_cleanly(staffed_desk, size):
    """The CSV import reads its body only after the sign-in and role checks. Refused before
    (401, 403, a bad dry_run), the unread rest of a body over the desk's limit made Sanic close
    the connection it had just answered on as kept alive: the client's next request on it was
    reset (found by the staff fuzz). Such an answer now says the connection closes."""
    desk = staffed_desk
    tier1 = {"Authorization": f"Bearer {desk.login('fuzz-tier1')}"}
    supervisor = {"Authorization": f"Bearer {desk.login('fuzz-supervisor')}"}
    for query, headers, status in (("", {}, 401), ("", tier1, 403), ("?dry_run=2", supervisor, 400)):
        with requests.Session() as kept_alive:
            refused = kept_alive.post(
                f"{desk.url}/api/quick-replies.csv{query}", data=b"x" * size, headers=headers, timeout=15
            )
            assert refused.status_code == status and refused.json()["error"], refused.text
            for _ in range(3):
                assert kept_alive.get(f"{desk.url}/api/me", headers=supervisor, timeout=15).status_code == 200

"""The action server with its NLG endpoint, served for real on a free port: only
Rasa (the token) gets in, and payloads of the wrong shape get a 4xx, never a 500."""

from __future__ import annotations

import json
import zlib

import pytest
import requests

from bot.settings import Settings
from bot.shared_secret import ACTIONS_TOKEN_HEADER
from tests.desk.conftest import free_port

TOKEN = "actions-token-for-tests"
AS_RASA = {ACTIONS_TOKEN_HEADER: TOKEN}


@pytest.fixture(scope="module")
def actions_url():
    from sanic import Sanic

    from bot.actions_server import create_action_app
    from bot.desk.app import BackgroundServer

    Sanic.test_mode = True
    settings = Settings.from_env({"KEFU_ACTIONS_TOKEN": TOKEN})
    app = create_action_app(settings)

    @app.post("/boom")
    async def boom(request):  # stands in for a bug in an action
        raise RuntimeError(f"failed with {request.body.decode()}")

    server = BackgroundServer(app, port=free_port()).start()
    yield server.url
    server.stop()


def call(next_action="validate_order_form", **tracker) -> dict:
    state = {"sender_id": "buyer-1", "slots": {}, "events": [], "latest_message": {}, **tracker}
    return {"next_action": next_action, "tracker": state, "domain": {}, "version": "3.6.21"}


def nlg(response="utter_greet", **body) -> dict:
    return {"response": response, "arguments": {}, "tracker": {"slots": {"language": "en"}}, **body}


@pytest.mark.parametrize("path, payload", [("/webhook", call("action_confirm_cancel")), ("/nlg", nlg())])
def test_without_the_token_nothing_runs(actions_url, path, payload):
    missing = requests.post(f"{actions_url}{path}", json=payload, timeout=10)
    assert missing.status_code == 401 and ACTIONS_TOKEN_HEADER in missing.json()["error"]
    wrong = requests.post(
        f"{actions_url}{path}", json=payload, headers={ACTIONS_TOKEN_HEADER: "x"}, timeout=10
    )
    assert wrong.status_code == 403
    assert requests.get(f"{actions_url}/actions", timeout=10).status_code == 401


def test_health_is_open_and_rasa_gets_answers(actions_url):
    assert requests.get(f"{actions_url}/health", timeout=10).status_code == 200
    ran = requests.post(f"{actions_url}/webhook", json=call(), headers=AS_RASA, timeout=10)
    assert ran.status_code == 200 and "events" in ran.json()
    said = requests.post(f"{actions_url}/nlg", json=nlg(), headers=AS_RASA, timeout=10)
    assert said.status_code == 200 and said.json()["text"]


def test_a_compressed_call_is_read_within_the_size_limit(actions_url):
    headers = {**AS_RASA, "Content-Encoding": "deflate"}
    packed = zlib.compress(json.dumps(call()).encode())
    assert (
        requests.post(f"{actions_url}/webhook", data=packed, headers=headers, timeout=10).status_code == 200
    )
    bomb = zlib.compress(b"{" + b" " * (17 * 1024 * 1024) + b"}")
    assert requests.post(f"{actions_url}/webhook", data=bomb, headers=headers, timeout=30).status_code == 413
    junk = requests.post(f"{actions_url}/webhook", data=b"not deflate", headers=headers, timeout=10)
    assert junk.status_code == 400


@pytest.mark.parametrize(
    "payload, words",
    [
        ([1, 2], "JSON object"),
        ({"tracker": {"sender_id": "b"}}, "'next_action'"),
        ({"next_action": 42, "tracker": {"sender_id": "b"}}, "'next_action'"),
        ({"next_action": "validate_order_form", "tracker": []}, "'tracker'"),
        ({"next_action": "validate_order_form", "tracker": {}}, "'tracker.sender_id'"),
        (call(slots=[1]), "'tracker.slots'"),
        (call(events={"event": "user"}), "'tracker.events'"),
        (call(events=[1]), "'tracker.events[0]'"),
        (call(events=[{"event": "user", "metadata": "x"}]), "'tracker.events[0].metadata'"),
        (call(latest_message={"entities": "order"}), "'tracker.latest_message.entities'"),
        (call(latest_message={"intent": "greet"}), "'tracker.latest_message.intent'"),
        (call(latest_message={"intent_ranking": ["greet"]}), "'tracker.latest_message.intent_ranking[0]'"),
        (
            call(events=[{"event": "user", "parse_data": {"intent": "greet"}}]),
            "'tracker.events[0].parse_data.intent'",
        ),
        ({**call(), "domain": "x"}, "'domain'"),
        ({**call(), "version": 3}, "'version'"),
    ],
)
def test_an_action_call_of_the_wrong_shape_is_a_400(actions_url, payload, words):
    response = requests.post(f"{actions_url}/webhook", json=payload, headers=AS_RASA, timeout=10)
    assert response.status_code == 400 and words in response.json()["error"], response.text


@pytest.mark.parametrize(
    "raw",
    [
        b'{"next_action": "validate_order_form", "tracker": {"sender_id": "\\udc00"}}',
        b'{"next_action": "validate_order_form", "tracker": {"sender_id": "b", "slots": {"n": 1e400}}}',
        b'{"next_action": "validate_order_form", "tracker": {"sender_id": "b", "slots": {"n": '
        + b"7" * 5000
        + b"}}}",
        b'{"next_action": "a", "tracker": {"sender_id": "b", "slots": {"n": -Infinity}}}',
        b"{bad json",
    ],
)
def test_json_no_action_could_use_is_a_400(actions_url, raw):
    response = requests.post(f"{actions_url}/webhook", data=raw, headers=AS_RASA, timeout=10)
    assert response.status_code == 400 and response.json()["error"]


def test_an_unknown_action_is_a_404(actions_url):
    response = requests.post(f"{actions_url}/webhook", json=call("action_nope"), headers=AS_RASA, timeout=10)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({"response": 42}, 400, "'response'"),
        ({"response": ""}, 400, "'response'"),
        (nlg(arguments=[1]), 400, "'arguments'"),
        (nlg(tracker="x"), 400, "'tracker'"),
        (nlg(tracker={"slots": [1]}), 400, "'tracker.slots'"),
        (nlg(tracker={"slots": {"language": 7}}), 400, "language"),
        (nlg(tracker={"latest_message": {"entities": {}}}), 400, "entities"),
        (nlg("utter_handoff", arguments={"tier": "two"}), 422, "'tier'"),
        (nlg("utter_handoff", arguments={"tier": True}), 422, "'tier'"),
        (nlg("utter_clarify", arguments={"intents": "track_order"}), 422, "'intents'"),
        (nlg("utter_clarify", arguments={"intents": [1, 2]}), 422, "'intents'"),
        (nlg(arguments={"topic": ["x"]}), 422, "'topic'"),
        (nlg("utter_not_a_response"), 404, "utter_not_a_response"),
    ],
)
def test_an_nlg_request_of_the_wrong_shape_gets_a_clear_4xx(actions_url, payload, status, words):
    response = requests.post(f"{actions_url}/nlg", json=payload, headers=AS_RASA, timeout=10)
    assert response.status_code == status and words in response.json()["error"], response.text


@pytest.mark.parametrize(
    "raw",
    [
        b'{"response": "utter_greet", "arguments": {"x": "\\ud83d"}}',
        b'{"response": "utter_greet", "arguments": {"refund_amount": 1e999}}',
        b'{"response": "utter_greet", "arguments": {"tier": ' + b"9" * 400 + b"}}",
    ],
)
def test_nlg_json_no_reply_could_carry_is_a_400(actions_url, raw):
    response = requests.post(f"{actions_url}/nlg", data=raw, headers=AS_RASA, timeout=10)
    assert response.status_code == 400 and response.json()["error"]


def test_odd_values_still_render(actions_url):
    """Amounts too large to be a price and rows of mixed kinds render as text, not a 500."""
    arguments = {"refund_amount": "1e999999999 USD", "parcels": [{"tracking_number": "X"}, 3]}
    response = requests.post(f"{actions_url}/nlg", json=nlg(arguments=arguments), headers=AS_RASA, timeout=10)
    assert response.status_code == 200


def test_a_failure_answers_500_without_echoing_the_request(actions_url):
    response = requests.post(f"{actions_url}/boom", data=b"buyer's address", headers=AS_RASA, timeout=10)
    assert response.status_code == 500
    assert "address" not in response.text and response.json()["error"]


def test_a_malformed_accept_header_still_gets_the_real_4xx(actions_url):
    # Sanic's own error page used to parse Accept and fail again: a 500 instead of a 405.
    headers = {**AS_RASA, "Accept": "1.2.3.4, 5.6.7.8"}
    answer = requests.put(f"{actions_url}/webhook", headers=headers, timeout=15)
    assert answer.status_code == 405, answer.text

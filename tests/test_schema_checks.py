"""Rasa's JSON schema checks give the same verdicts with each schema checked only once."""

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import schema_checks

ACTION = RemoteAction("action_order_answer", None)


@pytest.fixture(autouse=True)
def installed(monkeypatch):
    monkeypatch.setattr(jsonschema, "validate", jsonschema.validate)
    monkeypatch.setattr(RemoteAction, "action_response_format_spec", RemoteAction.action_response_format_spec)
    schema_checks.install()


def test_a_valid_action_answer_passes():
    answer = {
        "events": [{"event": "slot", "name": "order_id", "value": "LZ1001"}],
        "responses": [{"text": "Your parcel is on its way."}],
    }
    assert ACTION._validate_action_result(answer) is True


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [{"event": "slot", "name": 3}]},  # a slot event needs a string name
        {"events": "not a list"},
        {"responses": ["not an object"]},
    ],
)
def test_an_invalid_action_answer_is_refused_with_rasas_message(answer):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(answer)


def test_the_tracker_apis_event_check_still_refuses_bad_events():
    from rasa.server import ErrorResponse, validate_events_in_request_body

    class Posted:
        json = [{"event": "user", "text": 5}]

    with pytest.raises(ErrorResponse) as refused:
        validate_events_in_request_body(Posted())
    assert "Failed to validate the events format" in refused.value.error_info["message"]
    Posted.json = [{"event": "bot", "text": "hello"}]
    validate_events_in_request_body(Posted())


def test_each_schema_is_checked_once(monkeypatch):
    checks = []
    original = schema_checks.validator_for

    def counting(schema):
        cls = original(schema)
        monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s: checks.append(s)))
        return cls

    monkeypatch.setattr(schema_checks, "_validators", {})
    monkeypatch.setattr(schema_checks, "validator_for", counting)
    for _ in range(3):
        ACTION._validate_action_result({"events": []})
    assert len(checks) == 1


def test_a_changed_schema_object_is_checked_again():
    first = {"type": "object", "required": ["a"]}
    schema_checks.validate({"a": 1}, first)
    second = {"type": "object", "required": ["b"]}
    with pytest.raises(ValidationError):
        schema_checks.validate({"a": 1}, second)

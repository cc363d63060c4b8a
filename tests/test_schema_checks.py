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


def _events():
    """Valid and invalid events of many kinds, as an action server might answer them."""
    return [
        {"event": "slot", "name": "order_id", "value": "123", "timestamp": None},
        {"event": "slot", "value": 1},
        {"event": "slot", "name": 5, "value": 1},
        {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}},
        {"event": "user", "text": 5},
        {"event": "action", "name": "action_listen", "policy": None, "confidence": None},
        {"event": "action", "hide_rule_turn": "yes"},
        {"event": "active_loop", "name": None},
        {"event": "bot", "text": "hello", "metadata": {"utter_action": "utter_greet"}},
        {"event": "bot", "metadata": "not an object"},
        {"event": "entities", "entities": [{"entity": "order_id", "value": "1"}]},
        {"event": "entities", "entities": [{"value": "1"}]},
        {"event": "no_such_event"},
        {"event": 7},
        {"name": "no event at all"},
        "not an object",
    ]


@pytest.mark.parametrize("event", _events())
def test_events_told_apart_by_name_get_jsonschemas_own_verdict(event):
    """The event-name shortcut for Rasa's oneOf agrees with plain jsonschema, error included."""
    spec = RemoteAction.action_response_format_spec()
    answer = {"events": [event], "responses": []}
    plain = jsonschema.validators.validator_for(spec)(spec)
    expected = jsonschema.exceptions.best_match(plain.iter_errors(answer))
    try:
        schema_checks.validate(answer, spec)
        got = None
    except ValidationError as error:
        got = error
    assert (got is None) == (expected is None)
    if expected is not None:
        assert (got.message, list(got.path)) == (expected.message, list(expected.path))


def test_only_a_oneof_pinning_distinct_event_names_is_taken_by_name():
    slot = {"properties": {"event": {"const": "slot"}}}
    bot = {"properties": {"event": {"const": "bot"}}}
    assert schema_checks.kinds_by_event([slot, bot]) == {"slot": slot, "bot": bot}
    assert schema_checks.kinds_by_event([slot, slot]) is None  # the same name twice
    assert schema_checks.kinds_by_event([slot, {"type": "object"}]) is None  # one without a name

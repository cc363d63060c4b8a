"""The action server's answers are checked as Rasa checks them, with a validator built once."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import action_results

ACTION = RemoteAction("action_order_answer", None)


def test_a_valid_answer_passes():
    answer = {
        "events": [{"event": "slot", "name": "order_id", "value": "LZ1001"}],
        "responses": [{"text": "Your parcel is on its way."}],
    }
    assert action_results.validate_action_result(ACTION, answer) is True


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [{"event": "slot", "name": 3}]},  # a slot event needs a string name
        {"events": "not a list"},
        {"responses": ["not an object"]},
    ],
)
def test_an_invalid_answer_is_refused_with_rasas_message(answer):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action_results.validate_action_result(ACTION, answer)


def test_the_schema_is_checked_once(monkeypatch):
    action_results.answer_validator.cache_clear()
    checks = []
    original = action_results.validator_for

    def counting_validator_for(schema):
        cls = original(schema)
        checks.append(cls)
        return cls

    monkeypatch.setattr(action_results, "validator_for", counting_validator_for)
    for _ in range(3):
        action_results.validate_action_result(ACTION, {"events": []})
    assert len(checks) == 1


def test_installed_rasa_uses_it(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_results.install()
    with pytest.raises(ValidationError, match="Failed to validate"):
        ACTION._validate_action_result({"events": "not a list"})

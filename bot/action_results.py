"""Check an action server's answer against Rasa's schema with a validator built once.

Rasa 3.6 checks every answer of the action server (`RemoteAction._validate_action_result`)
with `jsonschema.validate(result, schema)`, and jsonschema 4 starts every such call by
checking the schema itself against the draft 2020-12 metaschema. That self-check was most
of a buyer message's cost whenever an action ran (a profile of the held-out mix: 37 of 44 s,
about 60 ms per action call on this machine). The schema never changes, so it is checked
once here and the same validator checks every answer, with Rasa's own error message.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def answer_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as validate() would on every call
    return cls(schema)


def validate_action_result(_: RemoteAction, result: Dict[str, Any]) -> bool:
    """Rasa's check of an action server's answer; raises ValidationError as Rasa does."""
    try:
        answer_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


def install() -> None:
    """Use the validator built once for every action server answer (once per process)."""
    RemoteAction._validate_action_result = validate_action_result

"""Rasa's JSON schema checks, with each schema itself checked once per process.

Rasa 3.6 checks every action server answer (`RemoteAction._validate_action_result`) and
every event list posted to its tracker API (`rasa.server.validate_events_in_request_body`,
which the desk uses to write its own messages into a tracker) with
`jsonschema.validate(instance, schema)`. jsonschema 4 starts every such call by checking
the schema itself against the draft 2020-12 metaschema. That self-check was most of a
message's cost: 37 of 44 s in a profile of the held-out mix with actions, and two thirds
of the Rasa server's time on the desk's path. The schemas never change, so here the
checked validator of each schema object is kept and reused; an invalid instance raises
the same error as before.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Tuple

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

# Keyed by the schema object's id; the entry holds the schema so the id stays its own.
MAX_SCHEMAS = 32
_validators: Dict[int, Tuple[Any, Validator]] = {}


def checked_validator(schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> Validator:
    entry = _validators.get(id(schema))
    if entry is None or entry[0] is not schema:
        validator_class = cls or validator_for(schema)
        validator_class.check_schema(schema)  # once, as jsonschema.validate does on every call
        entry = (schema, validator_class(schema, *args, **kwargs))
        if len(_validators) < MAX_SCHEMAS:
            _validators[id(schema)] = entry
    return entry[1]


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """jsonschema.validate, with the schema's check done the first time only."""
    error = best_match(checked_validator(schema, cls, *args, **kwargs).iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Check Rasa's schemas once (once per process; idempotent)."""
    spec = RemoteAction.action_response_format_spec
    if not hasattr(spec, "cache_info"):
        # A new dict per call otherwise, which no cache by identity would ever hit.
        RemoteAction.action_response_format_spec = staticmethod(functools.cache(spec))
    jsonschema.validate = validate  # Rasa looks it up at call time (module attribute)

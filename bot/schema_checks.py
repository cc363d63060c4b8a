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

Rasa's event schema is a `oneOf` of 23 event kinds, each told apart by its `event`
constant, and jsonschema checks an event against all 23 (the rest only to make sure no
second one matches): about 0.25 ms an event, 8% of the Rasa server's main thread at 20
conversations. An event whose `event` names exactly one kind can only be valid under that
kind, so it is checked against that one; anything else (no such kind, not valid under it)
goes through jsonschema's own oneOf, which gives the same answer and error as before.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, Tuple

import jsonschema
from jsonschema import _validators as keywords
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import extend, validator_for
from rasa.core.actions.action import RemoteAction

# Keyed by the schema object's id; the entry holds the schema so the id stays its own.
MAX_SCHEMAS = 32
_validators: Dict[int, Tuple[Any, Validator]] = {}


_kinds: Dict[int, Tuple[Any, Dict[str, Any] | None]] = {}


def _event_const(subschema: Any) -> Any:
    event = subschema.get("properties", {}).get("event") if isinstance(subschema, dict) else None
    return event.get("const") if isinstance(event, dict) else None


def _event_table(one_of: Any) -> Dict[str, Any] | None:
    table: Dict[str, Any] = {}
    for subschema in one_of:
        const = _event_const(subschema)
        if not isinstance(const, str) or const in table:
            return None
        table[const] = subschema
    return table


def kinds_by_event(one_of: Any) -> Dict[str, Any] | None:
    """{event name: subschema} when every alternative pins a distinct `event` constant."""
    entry = _kinds.get(id(one_of))
    if entry is None or entry[0] is not one_of:
        entry = (one_of, _event_table(one_of))
        if len(_kinds) < MAX_SCHEMAS * 8:  # Rasa's schemas are a handful of constant objects
            _kinds[id(one_of)] = entry
    return entry[1]


def one_of_by_event(validator: Any, one_of: Any, instance: Any, schema: Any):
    """jsonschema's oneOf, deciding an event by the one alternative its name allows."""
    table = kinds_by_event(one_of)
    if table is not None and isinstance(instance, dict) and isinstance(instance.get("event"), str):
        chosen = table.get(instance["event"])
        if chosen is not None and validator.evolve(schema=chosen).is_valid(instance):
            return  # the others pin other names: exactly one alternative is valid
    yield from keywords.oneOf(validator, one_of, instance, schema)


_event_classes: Dict[Any, Any] = {}


def _with_event_kinds(validator_class: Any) -> Any:
    """The validator class, its oneOf told apart by event name (one class per base)."""
    found = _event_classes.get(validator_class)
    if found is None:
        found = _event_classes[validator_class] = extend(validator_class, {"oneOf": one_of_by_event})
    return found


def checked_validator(schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> Validator:
    entry = _validators.get(id(schema))
    if entry is None or entry[0] is not schema:
        validator_class = cls or validator_for(schema)
        validator_class.check_schema(schema)  # once, as jsonschema.validate does on every call
        entry = (schema, _with_event_kinds(validator_class)(schema, *args, **kwargs))
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

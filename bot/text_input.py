"""Cleaning and checking what a buyer typed (or a caller posted) before anything else reads it."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Set, TypeGuard
from urllib.parse import urlsplit

import yaml

MAX_MESSAGE_CHARS = 5000
MAX_URL_CHARS = 2000
# Integers longer than this are no id, amount or timestamp we use; bigger ones
# overflow databases and int() downstream.
MAX_INT_DIGITS = 18
# The largest id a database column holds (a BIGINT); what whole_number allows by default.
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# C0/C1 control characters except tab and newline, plus zero-width and bidi marks
# that only confuse tokenizers.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# The same, plus line breaks and unpaired surrogates: what has no place in an entity value.
NOT_IN_VALUES = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# Rasa's own pattern for button payloads, "/intent@0.9{"entity": "value"}" (its
# YAMLStoryReader): Rasa parses that JSON itself, so values in it need cleaning here.
_PAYLOAD = re.compile(r"^/(?P<intent>[^{@]+)(?P<confidence>@[0-9.]+)?(?P<entities>{.+})?(?P<rest>.*)")
# A button's payload and nothing else, on one line (Rasa's pattern stops at a line break).
_BUTTON = re.compile(r"/(?P<intent>[A-Za-z_][\w-]*)(?:@(?P<confidence>[0-9.]+))?(?P<entities>\{.*\})?")


class InvalidMessage(ValueError):
    """The message can't be processed; `status` is the HTTP status to answer with."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.status = status


def clean_message(text: object, allow_empty: bool = False) -> str:
    """NFC-normalised text without control characters, or InvalidMessage.

    allow_empty: the message carries attachments (a photo needs no words).
    """
    if text is None and allow_empty:
        return ""
    if not isinstance(text, str):
        raise InvalidMessage("'message' must be a string")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidMessage(
            f"message is {len(text)} characters long; the limit is {MAX_MESSAGE_CHARS}", status=413
        )
    cleaned = CONTROL.sub(" ", unicodedata.normalize("NFC", text)).strip()
    if not cleaned and not allow_empty:
        raise InvalidMessage("message is empty")
    return _clean_payload(cleaned) if cleaned.startswith("/") else cleaned


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return NOT_IN_VALUES.sub("", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, list) and not any(isinstance(item, (list, dict)) for item in value):
        return [_clean_value(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise InvalidMessage("entity values in a /intent{...} message must be text, numbers or lists of them")


def _clean_payload(text: str) -> str:
    """A "/intent{...}" message with clean entity values (a buyer can type one, too)."""
    match = _PAYLOAD.match(text)
    if not match or match.group("entities") is None:
        return text
    try:
        entities = _parse(match.group("entities"))
    except RecursionError as exc:
        raise InvalidMessage("the /intent{...} message is nested too deeply") from exc
    except InvalidMessage:
        raise
    except ValueError:  # not JSON: Rasa reads no entities from it either
        return text
    if not isinstance(entities, dict):
        return text
    cleaned = {_clean_value(name): _clean_value(value) for name, value in entities.items()}
    start, end = match.span("entities")
    return text[:start] + json.dumps(cleaned, ensure_ascii=False) + text[end:]


@dataclass(frozen=True)
class DomainNames:
    """The intents and entities a domain declares: all a button's payload may name."""

    intents: FrozenSet[str] = frozenset()
    entities: FrozenSet[str] = frozenset()

    @classmethod
    def read(cls, path: Path) -> DomainNames:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(_declared(raw.get("intents")), _declared(raw.get("entities")))

    def with_intents(self, names: Iterable[str]) -> DomainNames:
        return replace(self, intents=self.intents | frozenset(names))


def _declared(entries: Any) -> FrozenSet[str]:
    """Names from a domain's list, where an entry is a name or {name: its properties}."""
    return frozenset(next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in entries or [])


def button_or_text(text: str, domain: DomainNames) -> str:
    """A button's payload ("/greet", "/inform@0.9", '/track_order{"order_id": "1"}') as it is;
    anything else slash-prefixed is text to the bot, without the slash. Rasa reads a leading
    "/" as a payload, and warns with the whole message when it cannot read all of it: a
    buyer's "/track_order{my address is 12 Main St}" would end up in its log."""
    if not text.startswith("/") or _is_button(text, domain):
        return text
    return text.lstrip("/ ")


def _is_button(text: str, domain: DomainNames) -> bool:
    """Rasa would read all of it, without a warning: a known intent, a confidence from 0 to 1,
    and a JSON object of the domain's entities with text or number values."""
    match = _BUTTON.fullmatch(text)
    if match is None or match["intent"] not in domain.intents:
        return False
    return _confidence_ok(match["confidence"]) and _entities_ok(match["entities"], domain.entities)


def _confidence_ok(given: str | None) -> bool:
    try:
        return given is None or 0.0 <= float(given) <= 1.0
    except ValueError:  # "1.2.3"
        return False


def _entities_ok(given: str | None, known: FrozenSet[str]) -> bool:
    if given is None:
        return True
    try:
        entities = _parse(given)
    except (ValueError, RecursionError):  # not JSON, or numbers no entity has
        return False
    return isinstance(entities, dict) and all(
        name in known and isinstance(value, (str, int, float)) and not isinstance(value, bool)
        for name, value in entities.items()
    )


def _parse(text: str) -> Any:
    """json.loads refusing numbers no id, amount or timestamp has (InvalidMessage)."""
    return json.loads(text, parse_int=_integer, parse_float=_finite, parse_constant=_no_constant)


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise InvalidMessage(f"a number in the request has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidMessage(f"the number {text[:20]} in the request is out of range")
    return value


def _no_constant(name: str) -> None:
    raise InvalidMessage(f"{name} is not a JSON number")


def web_link(value: object, max_chars: int = MAX_URL_CHARS) -> TypeGuard[str]:
    """An http(s) URL with a host, at most `max_chars` long: what a photo a buyer sends or a
    seller's image may be. A prefix check let "https://" and "http://[x" through, on to a
    parser that raised where the case was filed (no reply for the buyer)."""
    if not isinstance(value, str) or len(value) > max_chars:
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # "http://[x": an unclosed IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(host)


def whole_number(value: object, highest: int = MAX_ID) -> int | None:
    """`value` as a whole number from 0 to `highest`, given as an int or in ASCII digits; else None.

    Not str.isdigit(): "²" and "①" are digits to it, and int() refuses them (a 500 where a
    caller deserves a 400); a 5,000-digit id is refused by int() too, or overflows a column."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        value = int(value)
    return value if isinstance(value, int) and 0 <= value <= highest else None


LONE_SURROGATE = "text with an unpaired surrogate (\\ud800-\\udfff): nothing can store it"


def json_object(body: bytes) -> Dict[str, Any]:
    """The request body as a JSON object, or InvalidMessage saying what is wrong with it."""
    try:
        text = body.decode("utf-8")
        payload = _parse(text)
    except UnicodeDecodeError as exc:
        raise InvalidMessage("request body is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise InvalidMessage(f"request body is not valid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise InvalidMessage("request body is nested too deeply") from exc
    if not isinstance(payload, dict):
        raise InvalidMessage("request body must be a JSON object")
    return storable_strings(payload)


def storable_strings(document: Any) -> Any:
    """A parsed document (a JSON body, a YAML file) whose every string a database and a
    reply can hold: InvalidMessage for a lone surrogate ("\\ud800" parses, but nothing
    encodes it), a NUL as a space (PostgreSQL stores no NUL in text, and no name, note or
    message means one; clean_message makes every control character in a buyer's text a space)."""
    nul = False
    # A loop, not recursion: nesting as deep as json.loads allows. A list or mapping a YAML
    # alias repeats is read once (ten aliases of ten aliases... would be billions of strings).
    seen: Set[int] = set()
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InvalidMessage(LONE_SURROGATE) from exc
            nul = nul or "\x00" in value
        elif isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            if isinstance(value, dict):
                pending.extend(value.keys())
                pending.extend(value.values())
            else:
                pending.extend(value)
    if not nul:
        return document
    try:
        return _nul_as_space(document, {})
    except RecursionError as exc:
        raise InvalidMessage("request body is nested too deeply") from exc


def _nul_as_space(value: Any, done: Dict[int, Any]) -> Any:
    """`value` with every NUL a space; `done`: the copies made so far, so what an alias
    shares stays one copy."""
    if isinstance(value, str):
        return value.replace("\x00", " ")
    if not isinstance(value, (list, dict)):
        return value
    if id(value) not in done:
        if isinstance(value, list):
            done[id(value)] = [_nul_as_space(item, done) for item in value]
        else:
            done[id(value)] = {_nul_as_space(k, done): _nul_as_space(v, done) for k, v in value.items()}
    return done[id(value)]


_KIND_NAMES = {dict: "JSON object", list: "list", str: "string", bool: "true or false"}


def typed_field(
    container: Dict[str, Any], key: str, kind: type, where: str = "", required: bool = False
) -> Any:
    """container[key] when it is a `kind` (None when absent), or InvalidMessage naming the field."""
    value = container.get(key)
    if value is None:
        if required:
            raise InvalidMessage(f"'{where}{key}' is missing")
        return None
    if not isinstance(value, kind):
        raise InvalidMessage(f"'{where}{key}' must be a {_KIND_NAMES[kind]}")
    return value


def attached_photos(metadata: object) -> List[str]:
    """Image links attached to a buyer message (its channel metadata's "attachments": links,
    or {"url": link}); what is not a web link is left out, as a case's rules would refuse it."""
    attachments = metadata.get("attachments") if isinstance(metadata, dict) else None
    if not isinstance(attachments, list):
        return []
    links = (a.get("url") if isinstance(a, dict) else a for a in attachments)
    return [link for link in links if web_link(link)]

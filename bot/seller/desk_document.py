"""seller/desk.yml as the console edits it: the settings a seller changes most (time zone,
each day's hours, holidays, first-response targets, automatic assignment, the rating window,
when the bot's quiet chats close) as one JSON document, and that document written back to
the file, checked first, in one step (the desk's watch of the file, config_watch.py, reads it).

Settings the console does not show (the SLA sweep's pace, the bot's rating question) are kept
as the file has them, and so are its comments and the order of its keys: only the values the
console changed are written (desk_yaml.py), under a first line naming who saved last.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Dict, Tuple

import yaml

from bot.file_locks import locked_files
from bot.seller.desk import DeskConfig, parse_desk_config
from bot.seller.desk_yaml import edited_text
from bot.seller.hours import DAYS, span_text
from bot.seller.routing import QUEUES, TIERS

EDITED = (
    "time_zone",
    "working_hours",
    "holidays",
    "first_response_minutes",
    "first_response_targets",
    "auto_assign",
    "csat_window_hours",
    "bot_idle_minutes",
    "bot_csat",
)


def desk_document(config: DeskConfig) -> Dict[str, Any]:
    """The settings in force, as the console shows them: each day's spans, "closed" as []."""
    hours = config.hours
    targets: Dict[str, Dict[str, float]] = {queue: {} for queue in QUEUES}
    for queue in QUEUES:
        for tier in TIERS:
            targets[queue][str(tier)] = config.target_minutes(tier, queue)
    return {
        "time_zone": str(hours.zone.key),
        "working_hours": {DAYS[i]: [span_text(span) for span in day] for i, day in enumerate(hours.week)},
        "always_open": hours.always_open,
        "holidays": sorted(day.isoformat() for day in hours.holidays),
        "first_response_minutes": config.first_response_minutes,
        "first_response_targets": targets,
        "auto_assign": {"max_chats": config.auto_assign_max_chats},
        "csat_window_hours": config.csat_window_hours,
        "bot_idle_minutes": config.bot_idle_minutes,
        "bot_csat": {"ask": config.bot_csat_ask},
    }


def merged_settings(current: Dict[str, Any], document: Any) -> Dict[str, Any]:
    """The file's mapping with the console's settings in place of its own; ValueError naming
    what is wrong (nothing is written then)."""
    if not isinstance(document, dict):
        raise ValueError("settings must be an object")
    unknown = sorted(set(document) - set(EDITED) - {"always_open"})
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(unknown)} (the console edits {', '.join(EDITED)})")
    if not isinstance(document.get("always_open", False), bool):
        raise ValueError("always_open must be true or false")
    merged = {**current, **{key: document[key] for key in EDITED if key in document}}
    if "bot_csat" in document:  # the page says whether to ask; the intents that close stay the file's
        asked = document["bot_csat"]
        if not isinstance(asked, dict) or set(asked) != {"ask"} or not isinstance(asked["ask"], bool):
            raise ValueError('bot_csat must be {"ask": true or false}')
        kept = current.get("bot_csat")
        merged["bot_csat"] = {**(kept if isinstance(kept, dict) else {}), "ask": asked["ask"]}
    hours = merged.get("working_hours")
    if document.get("always_open") is True and "working_hours" in merged:
        merged["working_hours"] = {}  # no hours at all: open around the clock (the key and its comments stay)
    elif isinstance(hours, dict) and not any(hours.values()):
        raise ValueError("working_hours: every day is closed (tick 'open around the clock' instead)")
    targets = merged.get("first_response_targets")
    if isinstance(targets, dict):  # JSON keys are strings; the file's tiers are numbers
        merged["first_response_targets"] = {
            queue: {_tier(tier): minutes for tier, minutes in (by_tier or {}).items()}
            if isinstance(by_tier, dict)
            else by_tier
            for queue, by_tier in targets.items()
        }
    try:
        parse_desk_config(merged)
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"a setting has the wrong type: {exc}") from exc
    return merged


class ChangedMeanwhile(RuntimeError):
    """The file is not the version the console read: saving would undo a change made since."""


def save_desk_settings(
    path: Path, changes: Any, expected_version: str | None, by: str, at: datetime
) -> Tuple[Dict[str, Any], str]:
    """The console's changes merged into the file and written: (the settings now, the file's new
    version). Read, checked and written under the file's lock, so two desk replicas saving at
    once cannot both pass the version check and write over each other. ValueError: a setting
    the desk cannot use (nothing written); ChangedMeanwhile: not the version read."""
    path = Path(path)
    with locked_files([path.with_name(f".{path.name}.lock")]):
        current, version = read_raw(path)
        merged = merged_settings(current, changes)
        if expected_version is not None and expected_version != version:
            raise ChangedMeanwhile(version)
        write_desk_file(path, merged, by, at)
        return merged, read_raw(path)[1]


def write_desk_file(path: Path, settings: Dict[str, Any], by: str, at: datetime) -> None:
    """The file's settings made `settings`, its comments kept, replaced in one step: a reader
    sees the old settings or the new, never half."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    text = edited_text(old, settings, by, at.isoformat(timespec="seconds"))
    if not _reads_as(yaml.safe_load(text), settings):  # the desk's own reader must see `settings`
        raise ValueError("the settings could not be written into the file as it is; nothing was written")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reads_as(written: Any, settings: Dict[str, Any]) -> bool:
    """Whether the written file means `settings`: the same settings in force, and the same of
    those the console does not edit."""
    if not isinstance(written, dict) or parse_desk_config(written) != parse_desk_config(settings):
        return False
    return all(
        _plain(written.get(key)) == _plain(value) for key, value in settings.items() if key not in EDITED
    )


def _plain(value: Any) -> Any:
    """A mapping as JSON would carry it: days as YYYY-MM-DD (the file may write them either way)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def _tier(value: Any) -> Any:
    text = str(value)
    return int(text) if text.isdigit() else value


def read_raw(path: Path) -> Tuple[Dict[str, Any], str]:
    """The file's mapping ({} when there is no file) and its version: a digest of its text,
    which the console sends back with a change so that it does not undo one made meanwhile."""
    path = Path(path)
    if not path.exists():
        return {}, ""
    data = path.read_bytes()
    try:
        raw = yaml.safe_load(data.decode("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name} is not YAML the desk can read: {exc}") from None
    if not isinstance(raw, dict):
        raise ValueError("expected a mapping of settings")
    return raw, hashlib.sha256(data).hexdigest()[:16]

"""The seller's reply templates (话术), one file per language.

Each data/responses/<lang>.yml holds `responses` (name -> list of variations),
`intents` (short labels for "did you mean" buttons), `teams` (the name of
each agent tier) and `desk_templates` (the titles agents search the replies by
in the desk console). English is the fallback for a language we have no file for.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any, Dict, List, Mapping

import yaml

from bot.nlg.formatting import country_zone, format_value

FALLBACK_LANGUAGE = "en"


class UnknownResponse(KeyError):
    """The response name is not in the catalogue."""


class UnfitValue(ValueError):
    """A value has the wrong type for what the catalogue does with it (e.g. `tier` not a number)."""


def placeholders(template: str) -> set:
    """The {names} a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# A placeholder that ends a sentence: "от {placed_date}.".
PLACEHOLDER_THEN_STOP = re.compile(r"\{(\w+)\}\.")


def _one_full_stop(template: str, values: Mapping[str, Any]) -> str:
    """The template without the full stop after a value that already ends with one: a Russian
    date ends in "г." ("3 дек. 2026 г."), and "от {placed_date}." would read "г.."."""
    return PLACEHOLDER_THEN_STOP.sub(
        lambda m: m.group(0)[:-1] if str(values.get(m.group(1), "")).endswith(".") else m.group(0), template
    )


class _BlankForMissing(dict):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class LanguagePack:
    language: str
    responses: Dict[str, List[dict]]
    intents: Dict[str, str] = field(default_factory=dict)
    teams: Dict[int, str] = field(default_factory=dict)
    # Templates for one item of a list value, keyed by the value's name
    # (e.g. `parcels`), and labels for status codes (`tracking_status`, ...).
    fragments: Dict[str, str] = field(default_factory=dict)
    labels: Dict[str, Dict[str, str]] = field(default_factory=dict)
    # Replies offered to agents in the desk console: response name -> title, in order.
    desk_templates: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> LanguagePack:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            language=path.stem,
            responses=raw.get("responses") or {},
            intents=raw.get("intents") or {},
            teams={int(k): v for k, v in (raw.get("teams") or {}).items()},
            fragments=raw.get("fragments") or {},
            labels=raw.get("labels") or {},
            desk_templates=raw.get("desk_templates") or {},
        )


class Catalogue:
    def __init__(self, packs: Mapping[str, LanguagePack], rng: random.Random | None = None):
        if FALLBACK_LANGUAGE not in packs:
            raise ValueError(f"the catalogue needs {FALLBACK_LANGUAGE}.yml as the fallback")
        self.packs = dict(packs)
        self._rng = rng or random.Random()

    @classmethod
    def from_dir(cls, directory: Path) -> Catalogue:
        packs = {p.stem: LanguagePack.load(p) for p in sorted(Path(directory).glob("*.yml"))}
        return cls(packs)

    @property
    def languages(self) -> List[str]:
        return sorted(self.packs)

    def pack(self, language: str | None) -> LanguagePack:
        return self.packs.get(language or FALLBACK_LANGUAGE) or self.packs[FALLBACK_LANGUAGE]

    def render(self, name: str, language: str | None, values: Mapping[str, Any]) -> Dict[str, Any]:
        """One message: text (a random variation, placeholders filled) and buttons."""
        pack = self.pack(language)
        variations = pack.responses.get(name) or self.pack(FALLBACK_LANGUAGE).responses.get(name)
        if not variations:
            raise UnknownResponse(name)
        chosen = self._rng.choice(variations)
        filled = _BlankForMissing(self.prepare(language, values))
        message: Dict[str, Any] = {
            "text": _one_full_stop(chosen.get("text", ""), filled).format_map(filled).strip(),
            "buttons": [dict(b) for b in chosen.get("buttons", [])],
        }
        message["buttons"] += self._intent_buttons(pack, _intent_list(values.get("intents")))
        return message

    def prepare(self, language: str | None, values: Mapping[str, Any]) -> Dict[str, Any]:
        """The values a template of this language fills in, formatted, with the derived ones."""
        pack = self.pack(language)
        prepared = self._prepare(pack, values)
        # Derived values templates may use: the tier's team name, the topic's label.
        if values.get("tier") is not None:
            prepared.setdefault("team", pack.teams.get(_tier(values["tier"]), ""))
        if values.get("topic"):
            if not isinstance(values["topic"], str):
                raise UnfitValue("'topic' must be an intent name")
            prepared.setdefault("topic_label", pack.intents.get(values["topic"], ""))
        return prepared

    def _prepare(
        self, pack: LanguagePack, values: Mapping[str, Any], zone: tzinfo | None = None
    ) -> Dict[str, Any]:
        """Format dates (on the calendar of the order's country), amounts and status codes;
        render list values item by item."""
        english = self.pack(FALLBACK_LANGUAGE)
        zone = country_zone(str(values.get("destination_country") or "")) or zone
        prepared: Dict[str, Any] = {}
        for key, value in values.items():
            if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
                fragment = pack.fragments.get(key) or english.fragments.get(key)
                if fragment:
                    rows = [
                        fragment.format_map(_BlankForMissing(self._prepare(pack, row, zone))) for row in value
                    ]
                    prepared[key] = "\n".join(rows)
                    continue
            labels = pack.labels.get(key) or english.labels.get(key)
            if labels and isinstance(value, str):
                prepared[f"{key}_label"] = labels.get(value, value)
            prepared[key] = format_value(key, value, pack.language, zone)
        return prepared

    def _intent_buttons(self, pack: LanguagePack, intents: List[str]) -> List[dict]:
        english = self.pack(FALLBACK_LANGUAGE).intents
        return [
            {"title": pack.intents.get(intent) or english.get(intent, intent), "payload": f"/{intent}"}
            for intent in intents
        ]


def _tier(value: Any) -> int:
    # Slots arrive from Rasa as floats (2.0); a bool or text is no tier.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 100:
        raise UnfitValue("'tier' must be a number from 1 to 3")
    return int(value)


def _intent_list(value: Any) -> List[str]:
    if not value:
        return []
    if not isinstance(value, list) or not all(isinstance(intent, str) for intent in value):
        raise UnfitValue("'intents' must be a list of intent names")
    return value

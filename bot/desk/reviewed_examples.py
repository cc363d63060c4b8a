"""Trainers' labelled buyer messages as Rasa NLU training data: data/nlu/<lang>/reviewed.yml.

The file is Rasa's YAML format (version 3.1), one block per intent, each example with
metadata saying who labelled it and when, so the next training run learns from it.
An example is there once: labelled again (the same words but for case, spacing and
order numbers), it moves to the new intent. Writes are whole-file and atomic (a
temporary file renamed over the old one) and serialised in this process.

Rasa reads the file as YAML 1.2 and each text as entity markup, PyYAML writes YAML 1.1:
so every text is written double-quoted (unquoted, `1e3` is a number to Rasa and `0o17`
an integer), a buyer's "[blue one](color)" gets a space that keeps it from being an
entity, and the document is read back with Rasa's own reader before it replaces the file.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from bot.desk.errors import Conflict
from bot.desk.personal_data import masked
from bot.desk.trainer_inbox import normalise

FILE_NAME = "reviewed.yml"
HEADER = "# Buyer messages labelled by trainers in the desk's inbox (bot/desk/reviewed_examples.py).\n"
_lock = threading.Lock()
Labelled = Tuple[str, str, str, datetime]  # text, intent, by, at
# Rasa's entity markup: "[text]" then "(entity)", "{...}" or "[...]" right after it.
_MARKUP = re.compile(r"\]([({\[])")


class ReviewedFileError(Conflict):
    """reviewed.yml cannot be written as asked; the file is left as it was."""


class _Quoted(str):
    """A scalar PyYAML writes double-quoted: the same string to YAML 1.1 and 1.2 readers."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def reviewed_path(directory: Path, language: str) -> Path:
    return Path(directory) / language / FILE_NAME


def _load(path: Path) -> List[Dict[str, Any]]:
    if not path.exists():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(raw.get("nlu") or [])


def add_example(directory: Path, language: str, text: str, intent: str, by: str, at: datetime) -> Path:
    """Put `text` under `intent` in the language's reviewed.yml (and nowhere else in it)."""
    return add_examples(directory, language, [(text, intent, by, at)])


def add_examples(directory: Path, language: str, labelled: Sequence[Labelled]) -> Path:
    """add_example for several (text, intent, by, at) at once: one read and one write; of
    two labels for one message, the later wins."""
    path = reviewed_path(directory, language)
    labelled = [(_without_markup(masked(text).strip()), intent, by, at) for text, intent, by, at in labelled]
    latest = {normalise(item[0]): item for item in labelled}
    with _lock:
        blocks = []
        for block in _load(path):
            kept = [e for e in block.get("examples") or [] if normalise(_text_of(e)) not in latest]
            if kept:
                blocks.append({"intent": block["intent"], "examples": kept})
        for text, intent, by, at in latest.values():
            target = next((b for b in blocks if b["intent"] == intent), None)
            if target is None:
                target = {"intent": intent, "examples": []}
                blocks.append(target)
            meta = {"labelled_by": by, "labelled_at": at.isoformat()}
            target["examples"].append({"text": text, "metadata": meta})
        blocks.sort(key=lambda b: b["intent"])
        content = HEADER + _rendered(blocks)
        _check_as_rasa_reads(path, content, [(text, intent) for text, intent, _, _ in latest.values()])
        _write_atomically(path, content)
    return path


def _without_markup(text: str) -> str:
    """A buyer's words that Rasa will not read as entity markup: "[a](b)" becomes "[a] (b)"."""
    return _MARKUP.sub(r"] \1", text)


def _quoted(value: Any) -> Any:
    """Every string value of the document double-quoted (the keys are our own plain words)."""
    if isinstance(value, str):
        return _Quoted(value)
    if isinstance(value, dict):
        return {key: _quoted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_quoted(item) for item in value]
    return value


def _rendered(blocks: List[Dict[str, Any]]) -> str:
    document = _quoted({"version": "3.1", "nlu": blocks})
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _check_as_rasa_reads(path: Path, content: str, added: Sequence[Tuple[str, str]]) -> None:
    """Rasa must read the document, and each example added now as exactly its text and intent."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    try:
        read = RasaYAMLReader().reads(content)
    except Exception as exc:  # Rasa's reader raises many kinds; any means training would fail
        raise ReviewedFileError(
            f"{path.name} would not be readable by Rasa, so it was not written: {exc}"
        ) from exc
    found = {(m.get("text"), m.get("intent")) for m in read.training_examples}
    lost = [text for text, intent in added if (text, intent) not in found]
    if lost:
        named = ", ".join(map(repr, lost))
        raise ReviewedFileError(
            f"Rasa would not read back {named} as written, so {path.name} was not written"
        )


def _text_of(example: Any) -> str:
    return str(example.get("text", "")) if isinstance(example, dict) else str(example)


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".reviewed-", suffix=".yml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise

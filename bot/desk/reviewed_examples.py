"""Trainers' labelled buyer messages as Rasa NLU training data: data/nlu/<lang>/reviewed.yml.

The file is Rasa's YAML format (version 3.1), one block per intent, each example with
metadata saying who labelled it and when, so the next training run learns from it.
An example is there once: labelled again (the same words but for case, spacing and
order numbers), it moves to the new intent. Writes are whole-file and atomic (a
temporary file renamed over the old one) and serialised in this process.
"""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from bot.desk.personal_data import masked
from bot.desk.trainer_inbox import normalise

FILE_NAME = "reviewed.yml"
HEADER = "# Buyer messages labelled by trainers in the desk's inbox (bot/desk/reviewed_examples.py).\n"
_lock = threading.Lock()
Labelled = Tuple[str, str, str, datetime]  # text, intent, by, at


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
            target["examples"].append({"text": masked(text).strip(), "metadata": meta})
        blocks.sort(key=lambda b: b["intent"])
        body = yaml.safe_dump(
            {"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False, width=1000
        )
        _write_atomically(path, HEADER + body)
    return path


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

"""The hand-written training examples of a language: every data/nlu/<lang>/*.yml but the
trainers' reviewed.yml, by the inbox's group key.

A trainer's label that gives one of these messages another intent would teach the model
both intents for the same words; such a label is refused (reviewed_examples.py) and the
trainer told which file says what. The files are read as Rasa reads them (entity markup
stripped), again only when one of them changed.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Dict, List, NamedTuple, Tuple

from bot.desk.trainer_inbox import normalise
from bot.seller.file_stamp import Stamp, file_stamp

REVIEWED_NAME = "reviewed.yml"
log = logging.getLogger(__name__)


class CuratedExample(NamedTuple):
    intent: str
    file: str  # <lang>/<name>.yml, as the trainer finds it under data/nlu


Index = Dict[str, List[CuratedExample]]
_cache: Dict[Path, Tuple[Tuple[Tuple[str, Stamp | None], ...], Index]] = {}
_cache_lock = threading.Lock()


def curated_examples(directory: Path, language: str) -> Index:
    """Group key -> the hand-written examples with those words, with their intent and file."""
    folder = Path(directory) / language
    files = sorted(path for path in folder.glob("*.yml") if path.name != REVIEWED_NAME)
    stamps = tuple((path.name, file_stamp(path)) for path in files)
    with _cache_lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == stamps:
            return cached[1]
    index = _read(folder, files)
    with _cache_lock:
        _cache[folder] = (stamps, index)
    return index


def _read(folder: Path, files: List[Path]) -> Index:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    index: Index = {}
    for path in files:
        try:
            messages = RasaYAMLReader().read(path).training_examples
        except Exception as exc:  # Rasa's reader raises many kinds; training will say so too
            log.warning("%s is not read for label conflicts: %s", path, exc)
            continue
        for message in messages:
            intent, text = message.get("intent"), message.get("text")
            if intent and text:
                found = CuratedExample(intent, f"{folder.name}/{path.name}")
                index.setdefault(normalise(text), []).append(found)
    return index


def contradicted(directory: Path, language: str, text: str, intent: str) -> List[CuratedExample]:
    """The hand-written examples that have `text` (as the inbox groups it) under another intent."""
    same_words = curated_examples(directory, language).get(normalise(text), [])
    return [found for found in same_words if found.intent != intent]

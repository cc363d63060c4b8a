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
from bot.nlu.near_identical import NearIndex
from bot.seller.file_stamp import Stamp, file_stamp

REVIEWED_NAME = "reviewed.yml"
MAX_TABLES = 64
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
    return _cached(folder, files)


def evaluation_examples(tests_dir: Path, language: str) -> Index:
    """Group key -> the lines of the language's evaluation sets (held-out tests/nlu/<lang>.yml,
    real buyers tests/nlu/real/<lang>.yml) with those words. Trained on, they would measure
    the model on what it learnt, and the promotion rule would trust flattering figures."""
    tests_dir = Path(tests_dir)
    files = [
        path
        for path in (tests_dir / f"{language}.yml", tests_dir / "real" / f"{language}.yml")
        if path.exists()
    ]
    return _cached(tests_dir / f"eval-{language}", files, relative_to=tests_dir.parent.parent)


def _cached(key: Path, files: List[Path], relative_to: Path | None = None) -> Index:
    stamps = tuple((str(path), file_stamp(path)) for path in files)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamps:
            return cached[1]
    index = _read(key, files, relative_to)
    with _cache_lock:
        _cache[key] = (stamps, index)
    return index


def _read(folder: Path, files: List[Path], relative_to: Path | None = None) -> Index:
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
                named = path.relative_to(relative_to) if relative_to else f"{folder.name}/{path.name}"
                found = CuratedExample(intent, str(named))
                index.setdefault(normalise(text), []).append(found)
    return index


def in_evaluation_sets(tests_dir: Path, language: str, text: str) -> str | None:
    """Why `text` may not be trained on when an evaluation set has its words (as the inbox
    groups them) or nearly (bot/nlu/near_identical.py, as make test's data check), else None."""
    index, key = evaluation_examples(tests_dir, language), normalise(text)
    found, how = index.get(key, []), "a line"
    if not found:
        found, how = _near(index, key), "nearly a line"
    if not found:
        return None
    where = "; ".join(f"{item.file} as {item.intent}" for item in found)
    return (
        f"these words are {how} of an evaluation set ({where}): trained on, the model would be "
        "measured on what it learnt and the retrain's figures would flatter it; the set already "
        "checks how the model reads them"
    )


_near_indexes: Dict[int, Tuple[Index, NearIndex[List[CuratedExample]]]] = {}


def _near(index: Index, key: str) -> List[CuratedExample]:
    """The examples of a line of `index` near-identical to `key` (bot/nlu/near_identical.py).
    The index's trigram table is built once per index read (a CSV import asks for thousands of
    rows) and kept beside the index itself, so its id is not reused."""
    held = _near_indexes.get(id(index))
    if held is None or held[0] is not index:
        table = NearIndex(index.items())
        with _cache_lock:
            if len(_near_indexes) > MAX_TABLES:  # files changed many times: start again
                _near_indexes.clear()
            held = _near_indexes[id(index)] = (index, table)
    return held[1].first_near(key) or []


def contradicted(directory: Path, language: str, text: str, intent: str) -> List[CuratedExample]:
    """The hand-written examples that have `text` (as the inbox groups it) under another intent."""
    same_words = curated_examples(directory, language).get(normalise(text), [])
    return [found for found in same_words if found.intent != intent]

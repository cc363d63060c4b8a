"""Trainers' labelled buyer messages as Rasa NLU training data: data/nlu/<lang>/reviewed.yml.

The file is Rasa's YAML format (version 3.1), one block per intent, each example with
metadata saying who labelled it and when, so the next training run learns from it.
An example is there once: labelled again (the same words but for case, spacing and
order numbers), it moves to the new intent. Writes are whole-file and atomic (a
temporary file renamed over the old one), every language's of one call or none, and
serialised across threads and processes (several desks behind `kefu cluster`): a
read-modify-write holds an flock on a lock file beside reviewed.yml. A hand-edited file
is read as Rasa reads it (block strings too, an example a "- " line); one holding what
this writer would not write back whole (a synonym or regex block, a line that is no
example) is refused, never rewritten. So is a label that gives a hand-written example's
words another intent (bot/desk/curated_examples.py).

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
from typing import Any, Dict, List, Mapping, Sequence, Tuple

import yaml

from bot.desk.curated_examples import Index as CuratedIndex
from bot.desk.curated_examples import contradicted, curated_examples
from bot.desk.errors import Conflict
from bot.desk.personal_data import masked
from bot.desk.trainer_inbox import normalise
from bot.file_locks import locked_files

FILE_NAME = "reviewed.yml"
LOCK_NAME = ".reviewed.lock"  # hidden, and no .yml: neither Rasa nor the fingerprint reads it
HEADER = "# Buyer messages labelled by trainers in the desk's inbox (bot/desk/reviewed_examples.py).\n"
_lock = threading.Lock()
# What Rasa strips off each example's text.
RASA_STRIPS = "\n\r "
Labelled = Tuple[str, str, str, datetime]  # text, intent, by, at
# Rasa's entity markup: "[text]" then "(entity)", "{...}" or "[...]" right after it.
_MARKUP = re.compile(r"\]([({\[])")
MAX_PROBLEMS_SHOWN = 5


class ReviewedFileError(Conflict):
    """reviewed.yml cannot be written as asked; the file is left as it was."""


class LabelContradicted(ReviewedFileError):
    """A label gives words the hand-written training data has under another intent."""


class _Quoted(str):
    """A scalar PyYAML writes double-quoted: the same string to YAML 1.1 and 1.2 readers."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def reviewed_path(directory: Path, language: str) -> Path:
    return Path(directory) / language / FILE_NAME


def read_examples(directory: Path, language: str) -> List[Tuple[str, str, Dict[str, Any]]]:
    """Every (text, intent, metadata) in the language's reviewed.yml, as Rasa reads the file."""
    return [
        (example["text"], block["intent"], example.get("metadata") or {})
        for block in _load(reviewed_path(directory, language))
        for example in block["examples"]
    ]


def _load(path: Path) -> List[Dict[str, Any]]:
    """The file's intent blocks, each example a {"text", "metadata"?} mapping; read as YAML
    1.2, as Rasa reads it. ReviewedFileError for anything this writer would not write back
    whole (a synonym block, a line of a block string that is no example...): rewriting it
    would lose it."""
    if not path.exists():
        return []
    from rasa.shared.utils.io import read_yaml

    try:
        raw = read_yaml(path.read_text(encoding="utf-8"))
    except Exception as exc:  # ruamel's errors have no common base worth naming
        raise _not_understood(path, f"it is not YAML ({exc})") from exc
    if not isinstance(raw, dict) or not set(raw) <= {"version", "nlu"}:
        raise _not_understood(path, "only `version` and `nlu` belong at its top")
    if not isinstance(raw.get("nlu") or [], list):
        raise _not_understood(path, "`nlu` is not a list")
    return [_block(path, block) for block in raw.get("nlu") or []]


def _block(path: Path, block: Any) -> Dict[str, Any]:
    if not isinstance(block, dict) or not set(block) <= {"intent", "examples"}:
        raise _not_understood(path, f"only intent blocks with examples belong in it, not {block!r:.80}")
    intent, examples = block.get("intent"), block.get("examples")
    if not isinstance(intent, str) or not intent:
        raise _not_understood(path, f"a block has no intent name: {block!r:.80}")
    if isinstance(examples, str):  # Rasa's block string: one "- example" a line
        return {
            "intent": intent,
            "examples": [{"text": text} for text in _block_lines(path, intent, examples)],
        }
    if not isinstance(examples, list):
        raise _not_understood(path, f"the examples of {intent} are neither a list nor a block string")
    return {"intent": intent, "examples": [_example(path, intent, example) for example in examples]}


def _block_lines(path: Path, intent: str, examples: str) -> List[str]:
    """The examples of a block string, as Rasa reads them: the lines starting with "-"."""
    found = []
    for line in examples.splitlines():
        if line.startswith("-"):
            found.append(line[1:].strip(RASA_STRIPS))
        elif line.strip():
            raise _not_understood(path, f"a line under {intent} is no example (no leading '-'): {line!r:.80}")
    return [text for text in found if text]


def _example(path: Path, intent: str, example: Any) -> Dict[str, Any]:
    if not isinstance(example, dict) or not set(example) <= {"text", "metadata"}:
        raise _not_understood(path, f"an example of {intent} is not a text with metadata: {example!r:.80}")
    if not isinstance(example.get("text"), str):
        raise _not_understood(path, f"an example of {intent} has no text Rasa reads as one: {example!r:.80}")
    return {**example, "text": example["text"].strip(RASA_STRIPS)}


def _not_understood(path: Path, why: str) -> ReviewedFileError:
    return ReviewedFileError(f"{path} was left as it is, because {why}; mend it by hand and label again")


def add_example(directory: Path, language: str, text: str, intent: str, by: str, at: datetime) -> Path:
    """Put `text` under `intent` in the language's reviewed.yml (and nowhere else in it)."""
    return add_examples(directory, language, [(text, intent, by, at)])


def add_examples(directory: Path, language: str, labelled: Sequence[Labelled]) -> Path:
    """add_example for several (text, intent, by, at) at once: one read and one write; of
    two labels for one message, the later wins."""
    return add_labels(directory, {language: labelled})[0]


def add_labels(directory: Path, by_language: Mapping[str, Sequence[Labelled]]) -> List[Path]:
    """add_examples in several languages, all or none: every language's new document is
    built and checked before any of them replaces its file."""
    _refuse_contradictions(directory, by_language)
    paths = [reviewed_path(directory, language) for language in by_language]
    with _lock, locked_files([p.with_name(LOCK_NAME) for p in paths]):
        documents = [
            (path, _updated(path, labelled, curated_examples(directory, language)))
            for path, (language, labelled) in zip(paths, by_language.items())
        ]
        _replace_all(documents)
    return paths


def remove_example(directory: Path, language: str, key: str) -> Path | None:
    """Take the examples with the group key `key` out of the language's reviewed.yml (a
    trainer's undone label); the file's path when it held one, else None (nothing written)."""
    path = reviewed_path(directory, language)
    with _lock, locked_files([path.with_name(LOCK_NAME)]):
        blocks = _load(path)
        kept = [
            {"intent": block["intent"], "examples": examples}
            for block in blocks
            if (examples := [e for e in block["examples"] if normalise(e["text"]) != key])
        ]
        if sum(len(b["examples"]) for b in kept) == sum(len(b["examples"]) for b in blocks):
            return None
        _replace_all([(path, HEADER + _rendered(kept))])
    return path


def _refuse_contradictions(directory: Path, by_language: Mapping[str, Sequence[Labelled]]) -> None:
    """LabelContradicted when a label gives a hand-written example's words another intent:
    written, the model would learn both intents for the same message."""
    problems = [
        f"{text!r} is an example of {found.intent} in {found.file}"
        for language, labelled in by_language.items()
        for text, intent, _, _ in labelled
        for found in contradicted(directory, language, text, intent)
    ]
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        hidden = len(problems) - MAX_PROBLEMS_SHOWN
        more = f" (and {hidden} more)" if hidden > 0 else ""
        raise LabelContradicted(
            f"the training data says otherwise, so nothing was written: {shown}{more}. "
            "Label it as that intent, or change that file first"
        )


def _updated(path: Path, labelled: Sequence[Labelled], curated: CuratedIndex) -> str:
    """The file's new content with `labelled` in it; ReviewedFileError if Rasa would not read it so.
    A label a hand-written example already says (same words, same intent) is not added again:
    it would only weigh that example twice; an older label of those words still goes."""
    labelled = [(_without_markup(masked(text).strip()), intent, by, at) for text, intent, by, at in labelled]
    latest = {normalise(item[0]): item for item in labelled}
    fresh = [
        (text, intent, by, at)
        for key, (text, intent, by, at) in latest.items()
        if not any(found.intent == intent for found in curated.get(key, []))
    ]
    blocks = []
    for block in _load(path):
        kept = [e for e in block["examples"] if normalise(e["text"]) not in latest]
        if kept:
            blocks.append({"intent": block["intent"], "examples": kept})
    added: List[Dict[str, Any]] = []
    for text, intent, by, at in fresh:
        meta = {"labelled_by": by, "labelled_at": at.isoformat()}
        for into in (blocks, added):
            target = next((b for b in into if b["intent"] == intent), None)
            if target is None:
                target = {"intent": intent, "examples": []}
                into.append(target)
            target["examples"].append({"text": text, "metadata": meta})
    blocks.sort(key=lambda b: b["intent"])
    # The new examples are checked in a document of their own: each example is written
    # the same way wherever it stands, and reading the whole file took Rasa's reader about
    # 3 s per 2,000 examples, on every label.
    _check_as_rasa_reads(path, HEADER + _rendered(added), [(t, i) for t, i, _, _ in fresh])
    return HEADER + _rendered(blocks)


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


def _replace_all(documents: Sequence[Tuple[Path, str]]) -> None:
    """Every file replaced by its new content, or none: all are written to temporary files
    beside their targets first, and renamed over them only once all of those are written."""
    written: List[Tuple[str, Path]] = []
    try:
        for path, content in documents:
            written.append((_temporary_copy(path, content), path))
    except BaseException:
        for temporary, _ in written:
            os.unlink(temporary)
        raise
    for temporary, path in written:
        os.replace(temporary, path)


def _temporary_copy(path: Path, content: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".reviewed-", suffix=".yml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary

"""Trainers' labelled examples as CSV: the reviewed.yml files out, and a checked file in.

Columns: language, text, intent, labelled_by, labelled_at (the last two may be empty on
import: the importing trainer and now), separated by commas, or by the semicolons or tabs
spreadsheets write in some locales (read off the header). An import is all or nothing: every bad row is
reported with its line number and nothing is written until the whole file is good.
Spreadsheet programs run cells that start with = + - @ as formulas, so such texts are
exported behind an apostrophe, which the import takes off again.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

from bot.csv_cells import safe_cell, unsafe_cell
from bot.csv_reading import BadCsv, Record, Table, summary
from bot.desk.curated_examples import contradicted, in_evaluation_sets
from bot.desk.label_text import cleaned, text_problem
from bot.desk.personal_data import masked
from bot.desk.reviewed_examples import read_examples
from bot.desk.trainer_inbox import normalise
from bot.text_input import CONTROL

COLUMNS = ("language", "text", "intent", "labelled_by", "labelled_at")
REQUIRED = COLUMNS[:3]
MAX_ROWS = 5000
MAX_ERRORS_SHOWN = 20
_UTC_Z = re.compile(r"(?<=\d)[Zz]$")
_FRACTION = re.compile(r"(?<=:\d\d)\.(\d+)")


@dataclass(frozen=True)
class Example:
    line: int
    language: str
    text: str
    intent: str
    labelled_by: str | None
    labelled_at: datetime | None


def existing(directory: Path, languages: Iterable[str]) -> List[Dict[str, str]]:
    """Every labelled example in <directory>/<lang>/reviewed.yml, by language then intent."""
    return [
        {
            "language": language,
            # Masked here too: files written before masking still hold buyers' data.
            "text": masked(text),
            "intent": intent,
            "labelled_by": str(meta.get("labelled_by") or ""),
            "labelled_at": str(meta.get("labelled_at") or ""),
        }
        for language in languages
        for text, intent, meta in read_examples(directory, language)
    ]


def to_csv(rows: Sequence[Dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        # Every cell: labelled_by comes from imported files too (a name "=HYPERLINK(...)").
        writer.writerow({name: safe_cell(value) for name, value in row.items()})
    return out.getvalue()


def _when(value: str) -> datetime:
    """In UTC, as it is stored: a time near year 1 or 9999 may not have a UTC equivalent
    (OverflowError), which is as bad a cell as one that is no time at all."""
    found = datetime.fromisoformat(_as_python_reads(value.strip()))
    return found.replace(tzinfo=timezone.utc) if found.tzinfo is None else found.astimezone(timezone.utc)


def _as_python_reads(value: str) -> str:
    """What spreadsheets and JavaScript write, as Python 3.10's fromisoformat reads it: "Z"
    for UTC, and a fraction of a second in other than 3 or 6 digits (.5, .1234567)."""
    value = _UTC_Z.sub("+00:00", value)
    return _FRACTION.sub(lambda m: "." + m.group(1).ljust(6, "0")[:6], value)


def parse(raw: bytes, languages: Sequence[str], intents: Sequence[str]) -> List[Example]:
    """The file's examples, checked; BadCsv naming every bad line otherwise."""
    table = Table(raw, COLUMNS, REQUIRED)
    errors: List[str] = []
    found: List[Example] = []
    for record in table:
        if len(found) + len(errors) >= MAX_ROWS:
            raise BadCsv(f"more than {MAX_ROWS} rows: split the file")
        example, problem = _row(record, languages, intents)
        if problem:
            errors.append(f"line {record.line}: {problem}")
        elif example is not None:
            found.append(example)
    if table.broken:
        errors.append(f"line {table.broken[0].line}: {table.broken[1]}")
    errors += _conflicts(found)
    if errors:
        raise BadCsv(summary(errors, MAX_ERRORS_SHOWN))
    if not found:
        raise BadCsv("the file has no examples under its header")
    return found


def _row(
    record: Record, languages: Sequence[str], intents: Sequence[str]
) -> Tuple[Example | None, str | None]:
    cell, line = record.cell, record.line
    if record.problem:
        return None, record.problem
    language, intent = cell("language").strip(), cell("intent").strip()
    # Control characters as spaces, as in buyers' text (csv refuses a NUL itself: a bad line).
    text = cleaned(unsafe_cell(cell("text")))
    if language not in languages:
        return None, f"unknown language {language!r} (one of {', '.join(languages)})"
    if intent not in intents:
        return None, f"unknown intent {intent!r}"
    problem = text_problem(text, language)
    if problem:
        return None, problem
    by = unsafe_cell(CONTROL.sub(" ", cell("labelled_by")).strip())[:64] or None
    try:
        at = _when(cell("labelled_at")) if cell("labelled_at").strip() else None
    except ValueError:
        return None, f"labelled_at {cell('labelled_at')!r} is not an ISO 8601 time"
    except OverflowError:
        return None, f"labelled_at {cell('labelled_at')!r} is out of range (no such time in UTC)"
    return Example(line, language, text, intent, by, at), None


def _conflicts(examples: List[Example]) -> List[str]:
    """The same message (as the inbox groups it) labelled with two intents in one file."""
    first: Dict[Tuple[str, str], Example] = {}
    errors = []
    for example in examples:
        key = (example.language, normalise(example.text))
        seen = first.setdefault(key, example)
        if seen.intent != example.intent:
            errors.append(
                f"line {example.line}: labels the message of line {seen.line} as {example.intent}, "
                f"line {seen.line} as {seen.intent}"
            )
    return errors


def new_examples(examples: List[Example], present: Sequence[Dict[str, str]]) -> List[Example]:
    """Without repeats in the file, and without those reviewed.yml already has with that intent."""
    known = {(row["language"], normalise(row["text"]), row["intent"]) for row in present}
    fresh: List[Example] = []
    for example in examples:
        key = (example.language, normalise(example.text), example.intent)
        if key not in known:
            known.add(key)
            fresh.append(example)
    return fresh


def without_contradictions(
    examples: List[Example], directory: Path, tests_dir: Path
) -> Tuple[List[Example], List[Dict[str, object]]]:
    """The examples the hand-written data and the evaluation sets allow, and a report (line,
    text, intent, reason) of each they refuse: written, the model would learn two intents for
    those words, or be measured on words it was trained on."""
    allowed: List[Example] = []
    refused: List[Dict[str, object]] = []
    for example in examples:
        reason = _refusal(example, directory, tests_dir)
        if reason is None:
            allowed.append(example)
        else:
            refused.append(
                {
                    "line": example.line,
                    "text": masked(example.text),
                    "intent": example.intent,
                    "reason": reason,
                }
            )
    return allowed, refused


def _refusal(example: Example, directory: Path, tests_dir: Path) -> str | None:
    found = contradicted(directory, example.language, example.text, example.intent)
    if found:
        said = "; ".join(f"an example of {item.intent} in {item.file}" for item in found)
        return f"the training data has these words as {said}: label them so, or change that file"
    return in_evaluation_sets(tests_dir, example.language, example.text)

"""The seller's quick replies as CSV: all of them out, and a checked file in (what a seller
brings from another helpdesk's macros or a spreadsheet).

Columns: language, title, text, updated_by, updated_at; an import needs the first three (the
last two are read from the desk on import: the importing supervisor and now). Files are read
as bot/csv_reading.py reads them (UTF-8 with or without BOM; comma, semicolon or tab). Cells
that start like a formula are exported behind an apostrophe (bot/csv_cells.py), which the
import takes off again, so a file exported and imported again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Dict, List, Sequence, Tuple

from bot.csv_cells import safe_cell, unsafe_cell
from bot.csv_reading import Record, Table
from bot.desk.quick_replies import MAX_TITLE_CHARS, Incoming, QuickReply
from bot.text_input import InvalidMessage, clean_message

COLUMNS = ("language", "title", "text", "updated_by", "updated_at")
REQUIRED = COLUMNS[:3]
_LINE_BREAK = re.compile(r"\r\n?")

Problem = Tuple[int, str]


def to_csv(replies: Sequence[QuickReply]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for reply in replies:
        row = reply.to_json()
        # Every cell: titles and names are typed by people too (a title "=HYPERLINK(...)").
        writer.writerow([safe_cell(str(row[name])) for name in COLUMNS])
    return out.getvalue()


def parse(raw: bytes, languages: Sequence[str]) -> Tuple[List[Incoming], List[Problem]]:
    """The file's replies that are well formed, and a (row, problem) for each row that is not
    (rows as a spreadsheet numbers them: the header is row 1). BadCsv (bot/csv_reading.py)
    when the file cannot be read at all."""
    table = Table(raw, COLUMNS, REQUIRED)
    found: List[Incoming] = []
    problems: List[Problem] = []
    first: Dict[Tuple[str, str], int] = {}
    for record in table:
        reply, problem = _reply(record, languages)
        if reply is None:
            problems.append((record.row, problem or "unreadable"))
            continue
        seen = first.setdefault((reply.language, reply.title), reply.row)
        if seen != reply.row:
            problems.append((reply.row, f"row {seen} has the same language and title ({reply.language})"))
        else:
            found.append(reply)
    if table.broken:
        record, reason = table.broken
        problems.append((record.row, f"{reason}: the rows from here on were not read"))
    return found, problems


def _reply(record: Record, languages: Sequence[str]) -> Tuple[Incoming | None, str | None]:
    if record.problem:
        return None, record.problem
    language = record.cell("language").strip()
    if language.lower() in languages:
        language = language.lower()
    if language not in languages:
        return None, f"unknown language {language[:20]!r} (one of {', '.join(languages)})"
    title, problem = _cleaned(record.cell("title"), "title")
    if problem:
        return None, problem
    if len(title) > MAX_TITLE_CHARS:
        return None, f"the title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}"
    text, problem = _cleaned(_LINE_BREAK.sub("\n", record.cell("text")), "text")
    if problem:
        return None, problem
    return Incoming(record.row, language, title, text), None


def _cleaned(cell: str, name: str) -> Tuple[str, str | None]:
    """As a reply written in the console is cleaned (POST /api/quick-replies)."""
    if "\x00" in cell:
        return "", f"the {name} holds a NUL character"
    try:
        return clean_message(unsafe_cell(cell)), None
    except InvalidMessage as exc:
        return "", f"the {name}: {exc}".replace(": message is", " is")

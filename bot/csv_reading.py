"""Reading the CSV files people bring to Kefu (trainers' labelled examples, the seller's quick
replies), the one way: UTF-8 with or without the BOM spreadsheets put first, separated by
commas, or by the semicolons or tabs spreadsheets write in some locales (read off the
header), a header row naming the columns in any order. What the cells mean is the caller's;
bot/csv_cells.py undoes what Kefu's own exports did to formula-looking cells."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Sequence, Tuple

_LINE_END = re.compile(r"\r\n|\r|\n")
# What the csv module says (strict: a stray quote is a refusal, not the rest of the file read
# into one cell), as a person mending the sheet can act on it.
_READER_ERRORS = (
    ("unexpected end of data", 'a quoted cell (one that starts with ") is never closed'),
    ("expected after", 'a quoted cell has text after its closing quote (write a " inside one as "")'),
    ("field larger than field limit", f"a cell is over {csv.field_size_limit()} characters"),
)


class BadCsv(ValueError):
    """The file cannot be imported; the message says what is wrong (by line or row)."""


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadCsv(
            f"the file is not UTF-8 (byte {exc.start} cannot be read): save it as CSV UTF-8 and try again"
        ) from exc


def delimiter(content: str) -> str:
    """The header's separator: spreadsheets in locales with a decimal comma (pt-BR, es, ru,
    id, vi) save "CSV" with semicolons, and "text" exports use tabs."""
    header = _LINE_END.split(content, 1)[0]  # a file may end its lines with CR alone (old Mac Excel)
    if "," not in header:
        for separator in (";", "\t"):
            if separator in header:
                return separator
    return ","


@dataclass(frozen=True)
class Record:
    """One row under the header: `row` as a spreadsheet numbers it (the header is row 1),
    `line` the file's line it ends on (a cell may hold line breaks)."""

    row: int
    line: int
    cells: Sequence[str]
    where: Dict[str, int]
    width: int

    def cell(self, name: str) -> str:
        index = self.where.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    @property
    def problem(self) -> str | None:
        """Cells beyond the header's columns: a text holding the separator without quotes,
        which would otherwise be cut at it."""
        if any(cell.strip() for cell in self.cells[self.width :]):
            return (
                f"{len(self.cells)} cells under a header of {self.width}: "
                "a cell holding the separator needs quotes around it"
            )
        return None


class Table:
    """The file's rows after its header; BadCsv when it cannot be read at all (not UTF-8, empty,
    a required column missing). Iterating skips blank rows; if the csv module gives up on a
    row (in Python 3.10 a NUL), iteration stops and `broken` holds that row and the reason."""

    def __init__(self, raw: bytes, columns: Sequence[str], required: Sequence[str]):
        content = decode(raw)
        self._reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter(content), strict=True)
        try:
            header = [name.strip().lower() for name in next(self._reader)]
        except StopIteration:
            raise BadCsv(
                f"the file is empty: the first line must name the columns {', '.join(columns)}"
            ) from None
        except csv.Error as exc:
            # A NUL in the very first line: UTF-16 without its BOM, or no text file at all.
            hint = ": is it a CSV file? Save it as CSV UTF-8 and try again" if "NUL" in str(exc) else ""
            raise BadCsv(f"line 1: {exc}{hint}") from exc
        twice = sorted({name for name in header if name in columns and header.count(name) > 1})
        if twice:
            raise BadCsv(f"line 1: the header names {', '.join(twice)} more than once")
        self.width = len(header)
        missing = [name for name in required if name not in header]
        if missing:
            raise BadCsv(f"line 1: the header lacks {', '.join(missing)} (columns: {', '.join(columns)})")
        self.where = {name: header.index(name) for name in columns if name in header}
        self.broken: Tuple[Record, str] | None = None

    def __iter__(self) -> Iterator[Record]:
        row = 1
        start = self._reader.line_num + 1
        try:
            for cells in self._reader:
                row += 1
                if any(cell.strip() for cell in cells):
                    yield Record(row, self._reader.line_num, cells, self.where, self.width)
                start = self._reader.line_num + 1
        except csv.Error as exc:
            # Named by the line the row starts on: where an unclosed quote was opened.
            self.broken = Record(row + 1, start, [], self.where, self.width), _plain(str(exc))


def _plain(error: str) -> str:
    return next((said for words, said in _READER_ERRORS if words in error), error)


def summary(problems: List[str], shown: int) -> str:
    """ "3 bad row(s), nothing imported: line 2: ...; line 7: ..." with at most `shown` named."""
    listed = problems[:shown]
    more = f" (and {len(problems) - len(listed)} more)" if len(problems) > len(listed) else ""
    return f"{len(problems)} bad row(s), nothing imported{more}: " + "; ".join(listed)

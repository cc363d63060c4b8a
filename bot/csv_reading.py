"""Reading the CSV files people bring to Kefu (trainers' labelled examples, the seller's quick
replies), the one way: UTF-8 with or without the BOM spreadsheets put first, separated by
commas, or by the semicolons or tabs spreadsheets write in some locales (read off the
header), a header row naming the columns in any order. What the cells mean is the caller's;
bot/csv_cells.py undoes what Kefu's own exports did to formula-looking cells."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Dict, Iterator, List, Sequence, Tuple


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
    header = content.split("\n", 1)[0]
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

    def cell(self, name: str) -> str:
        index = self.where.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""


class Table:
    """The file's rows after its header; BadCsv when it cannot be read at all (not UTF-8, empty,
    a required column missing). Iterating skips blank rows; if the csv module gives up on a
    row (in Python 3.10 a NUL), iteration stops and `broken` holds that row and the reason."""

    def __init__(self, raw: bytes, columns: Sequence[str], required: Sequence[str]):
        content = decode(raw)
        self._reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter(content))
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
        missing = [name for name in required if name not in header]
        if missing:
            raise BadCsv(f"line 1: the header lacks {', '.join(missing)} (columns: {', '.join(columns)})")
        self.where = {name: header.index(name) for name in columns if name in header}
        self.broken: Tuple[Record, str] | None = None

    def __iter__(self) -> Iterator[Record]:
        row = 1
        try:
            for cells in self._reader:
                row += 1
                if any(cell.strip() for cell in cells):
                    yield Record(row, self._reader.line_num, cells, self.where)
        except csv.Error as exc:
            self.broken = Record(row + 1, self._reader.line_num, [], self.where), str(exc)


def summary(problems: List[str], shown: int) -> str:
    """ "3 bad row(s), nothing imported: line 2: ...; line 7: ..." with at most `shown` named."""
    listed = problems[:shown]
    more = f" (and {len(problems) - len(listed)} more)" if len(problems) > len(listed) else ""
    return f"{len(problems)} bad row(s), nothing imported{more}: " + "; ".join(listed)

"""Reading an orders or tracking file: every line checked, then the lines against each other.

Nothing here touches the database: a file is refused whole (ImportError_)
before a transaction is opened.
"""

from __future__ import annotations

import codecs
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple, TypeVar, Union

from bot.commerce.import_models import EventLine, LineError, OrderLine, Record, parse_event, parse_order
from bot.commerce.import_outcome import ImportError_
from bot.text_input import InvalidMessage, storable_strings

R = TypeVar("R", bound=Record)


def read_json_lines(path: Union[str, Path]) -> List[Tuple[int, Any]]:
    """(line number, parsed JSON) for each non-blank line; ImportError_ for unreadable ones."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportError_([f"cannot read {path}: {exc.strerror or exc}"]) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    errors, rows = [], []
    for number, chunk in enumerate(raw.split(b"\n"), 1):
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                f"line {number}: not UTF-8 text (byte 0x{chunk[exc.start]:02x} at column {exc.start + 1})"
            )
            continue
        if not text.strip():
            continue
        try:
            # Decimal keeps 19.90 exact; NaN and Infinity are not JSON.
            parsed = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
            # What no database column holds: a lone surrogate ("\\ud800") is refused, a NUL a space.
            rows.append((number, storable_strings(parsed)))
        except json.JSONDecodeError as exc:
            errors.append(f"line {number}: not valid JSON: {exc.msg} at column {exc.colno}")
        except RecursionError:
            errors.append(f"line {number}: nested too deeply")
        except InvalidMessage as exc:
            errors.append(f"line {number}: {exc}")
        except ValueError as exc:
            errors.append(f"line {number}: not valid JSON: {exc}")
    if errors:
        raise ImportError_(errors)
    if not rows:
        raise ImportError_([f"{Path(path).name}: no records (the file is empty or only blank lines)"])
    return rows


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_all(path: Union[str, Path], parse: Callable[[Any, int], R]) -> List[R]:
    records: List[R] = []
    errors: List[str] = []
    for number, data in read_json_lines(path):
        try:
            records.append(parse(data, number))
        except LineError as exc:
            errors.extend(f"line {number}: {problem}" for problem in exc.problems)
    if errors:
        raise ImportError_(errors)
    return records


def read_orders(path: Union[str, Path]) -> List[OrderLine]:
    """Every line of an orders file, checked, including against each other."""
    records = _parse_all(path, parse_order)
    errors: List[str] = []
    orders: Dict[Tuple[str, str], int] = {}  # (marketplace, order number) -> line
    tracking: Dict[str, int] = {}  # tracking number -> line
    for r in records:
        first = orders.setdefault((r.marketplace, r.order_number), r.line)
        if first != r.line:
            errors.append(f"line {r.line}: order_number: {r.order_number} is already on line {first}")
        for n, s in enumerate(r.shipments or ()):
            owner = tracking.setdefault(s.tracking_number, r.line)
            if owner != r.line:
                errors.append(
                    f"line {r.line}: shipments[{n}].tracking_number: {s.tracking_number} "
                    f"is already on line {owner}"
                )
    if errors:
        raise ImportError_(errors)
    return records


def read_tracking(path: Union[str, Path]) -> List[EventLine]:
    """Every line of a tracking file, checked; repeated identical events are kept once."""
    records = _parse_all(path, parse_event)
    errors: List[str] = []
    seen: Dict[Tuple[str, datetime, str], EventLine] = {}
    unique: List[EventLine] = []
    for r in records:
        key = (r.tracking_number, r.occurred_at, r.status)
        first = seen.get(key)
        if first is None:
            seen[key] = r
            unique.append(r)
        elif (first.place, first.description) != (r.place, r.description):
            errors.append(
                f"line {r.line}: place: the same event (tracking number, time, status) "
                f"differs from line {first.line}"
            )
    if errors:
        raise ImportError_(errors)
    return unique

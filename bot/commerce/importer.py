"""JSON Lines import of orders and tracking events (format: docs/data-import.md).

A file is read and checked whole before anything is written (import_reader,
with the pydantic models of import_models), then written in one transaction
(import_writer): a bad line leaves the database exactly as it was, and
importing the same file again changes nothing. The demo data (demo.py) comes
in through this same path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence, Tuple, Union

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.commerce.import_fields import tracking_number
from bot.commerce.import_models import EventLine, LineError, OrderLine, parse_event, parse_order
from bot.commerce.import_outcome import ImportError_, ImportResult
from bot.commerce.import_reader import read_orders, read_tracking
from bot.commerce.import_writer import write_events, write_orders

__all__ = [
    "EventLine",
    "ImportError_",
    "ImportResult",
    "LineError",
    "OrderLine",
    "engine_of",
    "import_orders",
    "import_records",
    "import_tracking",
    "parse_event",
    "parse_order",
    "read_orders",
    "read_tracking",
    "tracking_number",
    "write_events",
    "write_orders",
    "write_session",
]


def engine_of(target: Any) -> Engine:
    """The engine of a CommerceRepository or an Engine, with its schema brought up to date."""
    from bot.commerce.schema import ensure_schema

    engine = getattr(target, "engine", target)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected a CommerceRepository or an Engine, got {type(target).__name__}")
    ensure_schema(engine)
    return engine


def write_session(engine: Engine) -> Session:
    """A session whose transaction takes SQLite's write lock at once (import is all writes)."""
    return Session(engine.execution_options(sqlite_begin="IMMEDIATE"), future=True, autoflush=False)


def import_records(
    repository_or_engine: Any,
    orders: Sequence[OrderLine] = (),
    events: Sequence[EventLine] = (),
    exact: bool = False,
    then: Callable[[Session], Any] | None = None,
) -> Tuple[ImportResult, ImportResult]:
    """Write checked orders, then events, in one transaction; (orders result, events result).

    ImportError_ (and no change) when they contradict the database. With
    `exact`, the orders' parcels, refunds, cases and events become exactly
    what the records list (the demo reset). `then(session)` runs last, in the
    same transaction (the demo reset forgets its buyers' failed lookups there).
    """
    engine = engine_of(repository_or_engine)
    with write_session(engine) as session, session.begin():
        results = write_orders(session, orders, exact), write_events(session, events, exact)
        if then is not None:
            then(session)
        return results


def import_orders(repository_or_engine: Any, path: Union[str, Path]) -> ImportResult:
    """Import an orders file in one transaction; ImportError_ (and no change) on any bad line."""
    return import_records(repository_or_engine, orders=read_orders(path))[0]


def import_tracking(repository_or_engine: Any, path: Union[str, Path]) -> ImportResult:
    """Import a tracking file in one transaction; ImportError_ (and no change) on any bad line."""
    return import_records(repository_or_engine, events=read_tracking(path))[1]

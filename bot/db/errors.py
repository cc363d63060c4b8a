"""How a command line says that the database failed, without buyer data.

SQLAlchemy appends the statement and its parameters (names, addresses, messages)
to its errors, so only the first line is ever printed.
"""

from __future__ import annotations

import sys
from typing import Callable, Tuple, Type

from sqlalchemy.exc import SQLAlchemyError


def database_problem(exc: Exception) -> str:
    """The error's first line, marked as the database's when it is."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"database error: {first}" if isinstance(exc, SQLAlchemyError) else first


def reporting_database_errors(
    failure: str, work: Callable[[], str], also: Tuple[Type[Exception], ...] = ()
) -> int:
    """Print what `work` reports and give 0; or, when the database (or one of `also`)
    fails it, `kefu: <failure>: <the problem>` on stderr and 1."""
    try:
        report = work()
    except (SQLAlchemyError, *also) as exc:
        print(f"kefu: {failure}: {database_problem(exc)}", file=sys.stderr)
        return 1
    print(report)
    return 0

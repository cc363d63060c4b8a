"""`kefu orders import`, `kefu tracking import` and `kefu demo-data`.

bot/cli.py calls add_commands(subparsers); each command is `func(args, settings)`
and returns the exit code: 0 done, 1 a bad file or an unusable database.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.commerce.schema import SchemaError
from bot.db.engine import ENV_VAR
from bot.db.errors import reporting_database_errors


def add_commands(subparsers: Any) -> None:
    """Add the commerce commands to the `kefu` parser's subparsers."""
    orders = subparsers.add_parser("orders", help="the seller's orders")
    orders_commands = orders.add_subparsers(dest="orders_command", required=True)
    _file_command(orders_commands, "orders", _import_orders)

    tracking = subparsers.add_parser("tracking", help="carrier tracking events")
    tracking_commands = tracking.add_subparsers(dest="tracking_command", required=True)
    _file_command(tracking_commands, "tracking events", _import_tracking)

    demo = subparsers.add_parser("demo-data", help="load (or reset) the demo orders")
    demo.add_argument("--if-empty", action="store_true", help="only when the database has no orders yet")
    _database_option(demo)
    demo.set_defaults(func=_demo_data)


def _file_command(commands: Any, what: str, func) -> None:
    command = commands.add_parser(
        "import", help=f"import {what} from a JSON Lines file (see docs/data-import.md)"
    )
    command.add_argument("file", help="JSON Lines file, one record a line")
    _database_option(command)
    command.set_defaults(func=func)


def _database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")


def _repository(args: argparse.Namespace):
    from bot.commerce.repository import CommerceRepository

    return CommerceRepository.from_url(args.database_url)


def _where(repository) -> str:
    return repository.engine.url.render_as_string(hide_password=True)


def _import(args: argparse.Namespace, function, what: str) -> int:
    from bot.commerce.importer import ImportError_

    def work() -> str:
        repository = _repository(args)
        result = function(repository, args.file)
        return (
            f"{args.file}: {result.total} {what}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({_where(repository)})"
        )

    try:
        return reporting_database_errors("nothing imported", work, also=(SchemaError,))
    except ImportError_ as exc:
        print(f"kefu: {args.file}: nothing imported:\n{exc}", file=sys.stderr)
        return 1


def _import_orders(args: argparse.Namespace, settings: Any = None) -> int:
    from bot.commerce.importer import import_orders

    return _import(args, import_orders, "orders")


def _import_tracking(args: argparse.Namespace, settings: Any = None) -> int:
    from bot.commerce.importer import import_tracking

    return _import(args, import_tracking, "tracking events")


def _demo_data(args: argparse.Namespace, settings: Any = None) -> int:
    from sqlalchemy import exists, select
    from sqlalchemy.orm import Session

    from bot.commerce.demo import DEMO_BUYERS, load_demo_data
    from bot.commerce.models import Order

    def work() -> str:
        repository = _repository(args)
        if args.if_empty:
            with Session(repository.engine, future=True) as session:
                if session.execute(select(exists().where(Order.id.isnot(None)))).scalar():
                    return f"demo data: skipped, the database already has orders ({_where(repository)})"
        result = load_demo_data(repository)
        return (
            f"demo data: {result.total} orders ({result.created} created, {result.updated} reset, "
            f"{result.unchanged} unchanged) in {_where(repository)}\n"
            "demo buyers (marketplace / buyer id): "
            + ", ".join(f"{ref.marketplace}/{ref.buyer_id}" for ref in DEMO_BUYERS.values())
        )

    return reporting_database_errors("demo data not loaded", work, also=(SchemaError,))

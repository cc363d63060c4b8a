"""`kefu agents add|list|passwd` and `kefu desk`.

bot/cli.py calls add_commands(subparsers); each command is `func(args, settings)`
and returns the exit code.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.db.engine import ENV_VAR
from bot.desk.records import ROLES
from bot.settings import Settings, SettingsError


def add_commands(subparsers: Any) -> None:
    agents = subparsers.add_parser("agents", help="the desk's agent accounts")
    commands = agents.add_subparsers(dest="agents_command", required=True)

    add = commands.add_parser("add", help="create an agent account")
    add.add_argument("username")
    add.add_argument(
        "--role", required=True, choices=ROLES, help="tier1, tier2, tier3, supervisor or trainer"
    )
    add.add_argument("--display-name", default="", help="the name colleagues see (default: the username)")
    add.add_argument(
        "--language", default="en", help="the agent's language, for template titles (default en)"
    )
    _password_options(add)
    add.set_defaults(func=_add)

    passwd = commands.add_parser("passwd", help="set an agent's password")
    passwd.add_argument("username")
    _password_options(passwd)
    passwd.set_defaults(func=_passwd)

    listing = commands.add_parser("list", help="list agent accounts")
    listing.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
    listing.set_defaults(func=_list)

    for name, func, text in (
        ("disable", _disable, "stop an agent logging in; their open sessions stop working at once"),
        ("enable", _enable, "let a disabled agent log in again"),
        ("remove", _remove, "delete an agent who never worked a conversation (else disable them)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("username")
        command.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")
        command.set_defaults(func=func)

    desk = subparsers.add_parser("desk", help="serve the desk (agent console, API, buyer channels) on :8000")
    desk.set_defaults(func=_desk)


def _password_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    parser.add_argument("--database-url", help=f"default: ${ENV_VAR}, else var/kefu.db")


def _accounts(args: argparse.Namespace):
    from bot.desk.accounts import AgentAccounts

    return AgentAccounts.from_url(args.database_url)


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("kefu: no terminal to ask for a password; use --password-stdin", file=sys.stderr)
        return None
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat it: ") != first:
        print("kefu: the passwords differ", file=sys.stderr)
        return None
    return first


def _hashed(args: argparse.Namespace) -> str | None:
    from bot.desk.auth import hash_password

    password = _read_password(args)
    if password is None:
        return None
    try:
        return hash_password(password)
    except ValueError as exc:
        print(f"kefu: {exc}", file=sys.stderr)
        return None


def _add(args: argparse.Namespace, settings) -> int:
    from bot.desk.accounts import AgentExists

    hashed = _hashed(args)
    if hashed is None:
        return 1
    try:
        agent = _accounts(args).add_agent(
            args.username.strip(), hashed, args.role, args.display_name.strip(), args.language.strip() or "en"
        )
    except (AgentExists, ValueError) as exc:
        print(f"kefu: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"kefu: database error: {(str(exc).splitlines() or [''])[0]}", file=sys.stderr)
        return 1
    print(f"Agent {agent.username} ({agent.role}) created.")
    _forget_presence(settings, agent.id)
    return 0


def _forget_presence(settings: Settings, agent_id: int) -> None:
    """An account made or removed here leaves no presence marks under its id, as the console's
    routes do (presence.forget: SQLite reuses a removed account's id)."""
    from bot.desk.presence import forget_at

    if not forget_at(settings.desk_redis_url, agent_id):
        print(
            "kefu: note: the desk's Redis did not answer; an old 'away' mark under this account's id "
            "may stay until the agent sets their availability",
            file=sys.stderr,
        )


def _passwd(args: argparse.Namespace, settings) -> int:
    hashed = _hashed(args)
    if hashed is None:
        return 1
    changed = _accounts(args).set_password(args.username.strip(), hashed)
    return _changed(args, changed, f"Password of {args.username} changed.")


def _list(args: argparse.Namespace, settings) -> int:
    for agent in _accounts(args).agents():
        state = "" if agent.active else "  (disabled)"
        print(f"{agent.username:<24} {agent.role:<11} {agent.language:<4} {agent.display_name}{state}")
    return 0


def _changed(args: argparse.Namespace, done: bool, report: str) -> int:
    if not done:
        print(f"kefu: no agent called {args.username!r}", file=sys.stderr)
        return 1
    print(report)
    return 0


def _disable(args: argparse.Namespace, settings) -> int:
    return _changed(
        args, _accounts(args).set_active(args.username.strip(), False), f"Agent {args.username} disabled."
    )


def _enable(args: argparse.Namespace, settings) -> int:
    return _changed(
        args, _accounts(args).set_active(args.username.strip(), True), f"Agent {args.username} enabled."
    )


def _remove(args: argparse.Namespace, settings) -> int:
    from bot.desk.accounts import AgentHasHistory

    accounts = _accounts(args)
    found = accounts.agent_credentials(args.username.strip())
    try:
        removed = accounts.remove_agent(args.username.strip())
    except AgentHasHistory as exc:
        print(f"kefu: {exc}", file=sys.stderr)
        return 1
    if removed and found is not None:
        _forget_presence(settings, found[0].id)
    return _changed(args, removed, f"Agent {args.username} removed.")


def _desk(args: argparse.Namespace, settings: Settings) -> int:
    from bot.desk.app import serve

    for shared in ("KEFU_RASA_TOKEN", "KEFU_CHANNEL_SECRET"):
        if shared in settings.random_secrets:
            print(
                f"kefu desk: set {shared} to the value the Rasa server runs with "
                "(`kefu run` starts the desk with it)",
                file=sys.stderr,
            )
            return 2
    try:
        config = settings.seller_desk_config()
    except SettingsError as exc:
        print(f"kefu desk: bad setting: {exc}", file=sys.stderr)
        return 2
    settings.warn_about_random_secrets()
    serve(settings, config)
    return 0

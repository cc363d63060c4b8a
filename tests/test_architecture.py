"""The house rules of docs/architecture.md, checked on the source.

Each room may import only the rooms below it; a rule broken here is a design
change, so it belongs in docs/architecture.md first.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, Set

import pytest

from bot import PROJECT_ROOT

MAX_MODULE_LINES = 350

# room -> rooms (module prefixes) it must never import
FORBIDDEN: Dict[str, tuple] = {
    "bot.db": ("bot.commerce", "bot.desk", "bot.seller", "bot.nlu", "bot.nlg", "actions"),
    "bot.seller": ("bot.commerce", "bot.desk", "bot.db", "actions"),
    "bot.commerce": ("bot.desk", "actions", "bot.nlu"),
    "bot.nlu": ("bot.desk", "bot.commerce", "bot.db", "actions"),
    "bot.nlg": ("bot.desk", "bot.db", "actions"),
    "actions": ("bot.desk",),
    # Buyer channels (the Rasa REST channel, the marketplace adapters, the Chatwoot bridge) sit
    # below the desk: the desk builds and calls them; what they carry is bot.channels.messages.
    "bot.channels": ("bot.desk", "bot.db", "bot.metrics", "actions", "sqlalchemy"),
    # The KPIs read the journal's and the orders' tables, never through the desk's services.
    "bot.metrics": (
        "bot.desk.journal",
        "bot.desk.lifecycle",
        "bot.desk.transcripts",
        "bot.desk.accounts",
        "bot.desk.hub",
        "bot.desk.intake",
        "bot.desk.agent_commands",
        "bot.desk.outbox",
        "bot.desk.maintenance",
        "bot.desk.queue",
        "bot.desk.queue_events",
        "bot.desk.context",
        "bot.desk.rasa_client",
        "bot.desk.channels",
        "bot.desk.auth",
        "bot.desk.api",
        "bot.desk.app",
        "bot.desk.cli",
        "bot.commerce.repository",
        "bot.nlu",
        "bot.nlg",
        "actions",
    ),
    # The desk's value types are plain data: no SQL, no Redis, no HTTP.
    "bot.desk.records": ("sqlalchemy", "redis", "sanic", "aiohttp", "bot.desk.journal"),
    # Queue, auth and channels work on value types, never on the SQL store.
    "bot.desk.queue": ("bot.desk.journal", "bot.desk.models", "sqlalchemy"),
    "bot.desk.auth": ("bot.desk.journal", "bot.desk.models", "sqlalchemy"),
    "bot.desk.channels": ("bot.desk.journal", "bot.desk.models", "sqlalchemy"),
}


def _modules() -> Iterator[tuple]:
    for top in ("bot", "actions"):
        for path in sorted((PROJECT_ROOT / top).rglob("*.py")):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


def _imports(path: Path) -> Set[str]:
    found: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


MODULES = list(_modules())


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_rooms_import_only_what_the_map_allows(room):
    broken = [
        f"{name} imports {imported}"
        for name, path in MODULES
        if _within(name, room)
        for imported in sorted(_imports(path))
        if any(_within(imported, banned) for banned in FORBIDDEN[room])
    ]
    assert broken == []


def test_no_module_does_several_jobs_by_size():
    too_long = {
        name: lines
        for name, path in MODULES
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_the_rules_name_rooms_that_exist():
    names = {name for name, _ in MODULES}
    assert all(any(_within(name, room) for name in names) for room in FORBIDDEN)

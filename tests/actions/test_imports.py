"""Actions read the seller's configuration from bot.seller, never from the desk."""

import subprocess
import sys

from bot import PROJECT_ROOT

LOAD_ALL_ACTIONS = """
import importlib, pkgutil, sys
import actions
for module in pkgutil.iter_modules(actions.__path__):
    importlib.import_module(f"actions.{module.name}")
print(sorted(name for name in sys.modules if name == "bot.desk" or name.startswith("bot.desk.")))
"""


def test_no_action_module_loads_the_desk():
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_ALL_ACTIONS],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"

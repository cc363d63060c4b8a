"""Load one of scripts/*.py as a module, for tests of a script's functions."""

import importlib.util
from types import ModuleType

from bot import PROJECT_ROOT


def script_module(name: str) -> ModuleType:
    """scripts/<name>.py, freshly loaded (a test may patch its globals)."""
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

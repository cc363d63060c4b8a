"""Files Kefu creates that hold buyers' data or secrets (the SQLite database, server logs)
are readable by their owner only (0600), whatever the umask."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty and 0600 if it does not exist (an existing file is left as it is).
    A missing folder is not created: a mistyped database path should fail loudly where it is opened."""
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def open_private(path: Path, mode: str = "w") -> IO[str]:
    """open(path, mode) for writing text, the file created 0600 (and made so if it was not)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE)
    os.chmod(path, PRIVATE)
    return os.fdopen(descriptor, mode)

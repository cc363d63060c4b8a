"""When a seller's file last changed: the files are read again after an edit, with no restart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Tuple

Stamp = Tuple[int, int]


def file_stamp(path: Path) -> Stamp | None:
    """(modification time in ns, size) of the file, None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size

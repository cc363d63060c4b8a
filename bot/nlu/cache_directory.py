"""Where the NLU keeps what it derives once and reuses: word tries, sentence embeddings."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bot import PROJECT_ROOT


def cache_directory() -> Path:
    """var/cache of the project, or the temp directory where the project is read-only."""
    for candidate in (PROJECT_ROOT / "var" / "cache", Path(tempfile.gettempdir()) / "kefu-cache"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise RuntimeError("no writable cache directory (var/cache or the temp directory)")

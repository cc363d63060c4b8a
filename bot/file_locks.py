"""Exclusive locks on lock files, for read-modify-writes of files that several processes
(desk replicas, `kefu` commands) change: the reviewed training examples, seller/desk.yml.
The kernel frees a lock whose process died, so a crash never leaves a file locked."""

from __future__ import annotations

import fcntl
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator, Sequence


@contextmanager
def locked_files(locks: Sequence[Path]) -> Iterator[None]:
    """Hold each lock file, taken in one order (two writers never wait on each other's second
    one); another process or thread taking one of them waits until the block ends."""
    with ExitStack() as held:
        for path in sorted(locks):
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = held.enter_context(open(path, "a", encoding="utf-8"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield

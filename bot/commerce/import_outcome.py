"""What an import reports: how many records it wrote, or why it wrote nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

MAX_ERRORS = 20  # problems shown in one error; the rest are counted


class ImportError_(ValueError):  # noqa: N801 - the trailing underscore keeps clear of the builtin
    """The file cannot be imported; `errors` lists "line N: field: problem" messages."""

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        shown = self.errors[:MAX_ERRORS]
        more = len(self.errors) - len(shown)
        super().__init__("\n".join(shown) + (f"\n(and {more} more)" if more > 0 else ""))


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            self.created + other.created, self.updated + other.updated, self.unchanged + other.unchanged
        )

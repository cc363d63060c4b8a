"""ProblemsError: a document (a seller's YAML, an import line) broke several rules at once.

Every problem is named in `problems`, so the author fixes the whole document in one go;
the message joins them with `separator`.
"""

from __future__ import annotations

from typing import ClassVar, List


class ProblemsError(ValueError):
    separator: ClassVar[str] = "; "

    def __init__(self, problems: List[str]):
        super().__init__(self.separator.join(problems))
        self.problems = problems

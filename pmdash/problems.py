"""Validation problems: errors are values a person can read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "notice"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or interpreted in) an input file.

    ``row`` is the row as a spreadsheet shows it (the header is row 1), or the
    1-based record number for Parquet; ``None`` when the problem is about the
    whole file or a whole column.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        label = "error" if self.severity == "error" else "note"
        return f"{', '.join(where)}: {label}: {self.message}"


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that make a file unusable (notices are interpretations)."""
    return [p for p in problems if p.severity == "error"]


class InvalidInput(Exception):
    """Raised at the I/O boundary when a file cannot be used; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

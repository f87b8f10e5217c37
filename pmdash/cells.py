"""Reading the cells of a raw table: text, years and numbers, one problem a bad cell."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from pmdash.problems import Problem
from pmdash.schema import (
    BIDI_CONTROLS,
    COLUMN_HELP,
    CONTROL_CHARS,
    FORMULA_PREFIXES,
    HTML_TAG,
    LINE_BREAKS,
    LINK_COLUMNS,
    LINK_SCHEMES,
    URL_SCHEME,
    YEAR_RANGE,
)

T = TypeVar("T")


def _is_blank(cell: Any) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and cell.strip() == ""


class CellReader:
    """Parses raw cells column by column, collecting problems as it goes."""

    def __init__(self, file: str, first_row: int) -> None:
        self.file = file
        self.first_row = first_row
        self.problems: list[Problem] = []

    def error(self, index: int | None, column: str | None, message: str) -> None:
        row = None if index is None else index + self.first_row
        self.problems.append(Problem(self.file, message, row, column))

    def notice(self, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, message, None, column, "notice"))

    def text(
        self, raw: pd.Series, column: str, *, required: bool, limit: int, free: bool = False
    ) -> pd.Series:
        """Text cells; ``free`` text (a note) may hold line breaks, markup and formula signs."""

        def read(cell: object) -> tuple[str, str | None]:
            if _is_blank(cell):
                return "", f"is empty; expected {_help(column)}" if required else None
            text = str(cell).strip()
            return text, text_problem(text, column, limit=limit, free=free)

        return pd.Series(self._read(raw, column, read), index=raw.index, dtype=str)

    def integer(self, raw: pd.Series, column: str, *, required: bool) -> pd.Series:
        def read(cell: object) -> tuple[int | None, str | None]:
            if _is_blank(cell):
                return None, f"is empty; expected {_help(column)}" if required else None
            parsed = _parse_year(cell)
            if parsed is None and _has_foreign_digits(cell):
                return None, (
                    f"'{shorten(cell)}' is written with digits other than 0-9; "
                    "write the year with ASCII digits, e.g. 2024"
                )
            if parsed is None:
                return None, f"'{shorten(cell)}' is not a year; expected e.g. 2024"
            if not YEAR_RANGE[0] <= parsed <= YEAR_RANGE[1]:
                return None, f"{parsed} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}"
            return parsed, None

        return pd.Series(self._read(raw, column, read), index=raw.index, dtype="Int64")

    def number(self, raw: pd.Series, column: str) -> pd.Series:
        def read(cell: object) -> tuple[tuple[float, bool], str | None]:
            if _is_blank(cell):
                return (math.nan, False), f"is empty; expected {_help(column)}"
            parsed, thousands = _parse_number(cell)
            if parsed is None and _has_foreign_digits(cell):
                return (math.nan, False), (
                    f"'{shorten(cell)}' is written with digits other than 0-9; "
                    "write the number with ASCII digits, e.g. 1094.83"
                )
            if parsed is None:
                return (
                    math.nan,
                    False,
                ), f"'{shorten(cell)}' is not a number; expected e.g. 1094.83"
            if not math.isfinite(parsed):
                return (math.nan, False), f"'{shorten(cell)}' is not a finite number"
            return (parsed + 0.0, bool(thousands)), None  # -0 reads as 0

        read_cells = self._read(raw, column, read)
        interpreted = sum(thousands for _, thousands in read_cells)
        if interpreted:
            self.notice(
                column,
                f"read {interpreted} value(s) with ',' as a thousands separator "
                "(e.g. '1,094.83' as 1094.83)",
            )
        return pd.Series([value for value, _ in read_cells], index=raw.index, dtype=float)

    def _read(
        self, raw: pd.Series, column: str, read: Callable[[object], tuple[T, str | None]]
    ) -> list[T]:
        """``read`` over every cell, once per distinct cell (a column of 200,000 rows
        holds a few hundred distinct names); each problem is reported on its own row."""
        seen: dict[tuple[type, object], tuple[T, str | None]] = {}
        out: list[T] = []
        labels = raw.index
        for position, cell in enumerate(raw.tolist()):
            try:
                key = (cell.__class__, cell)
                result = seen.get(key)
                if result is None:
                    result = seen[key] = read(cell)
            except TypeError:  # an unhashable cell
                result = read(cell)
            value, problem = result
            if problem:
                self.error(int(str(labels[position])), column, problem)
            out.append(value)
        return out


def _help(column: str) -> str:
    return COLUMN_HELP.get(column, "a value")


def text_problem(text: str, column: str, *, limit: int, free: bool = False) -> str | None:
    """What is wrong with one text cell (or name), or None.

    >>> text_problem("=SUM(A1)", "segment", limit=200)
    "starts with '=', which spreadsheets run as a formula; remove the leading character"
    """
    if len(text) > limit:
        return f"is {len(text):,} characters long; the limit is {limit:,}"
    if found := BIDI_CONTROLS.search(text):
        code = f"U+{ord(found.group()):04X}"
        return f"contains the direction control {code}, which reorders the text after it; remove it"
    if found := CONTROL_CHARS.search(text):
        return f"contains control characters (U+{ord(found.group()):04X}); use plain text"
    if free:
        return None
    if LINE_BREAKS.search(text):
        return "contains a line break or tab; a name is one line of plain text"
    if HTML_TAG.search(text):
        return "contains an HTML tag; use plain text"
    if text.startswith(FORMULA_PREFIXES):
        return (
            f"starts with '{text[0]}', which spreadsheets run as a formula; "
            "remove the leading character"
        )
    scheme = URL_SCHEME.match(text) if column in LINK_COLUMNS else None
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return (
            f"is a '{scheme.group(1)}:' link; only http:// and https:// links are accepted "
            "(or a source id without ':')"
        )
    return None


def shorten(cell: object, limit: int = 40) -> str:
    text = str(cell)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_year(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = str(cell).strip()
    if re.fullmatch(r"[+]?[0-9]{1,4}(\.0+)?", text):
        return int(float(text))
    return None


_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(inf|nan)")


def _has_foreign_digits(cell: object) -> bool:
    """Digits such as Arabic-Indic '٣' or full-width '３', which float() would accept."""
    return isinstance(cell, str) and any(c.isdigit() and not c.isascii() for c in cell)


def _parse_number(cell: object) -> tuple[float | None, int]:
    """A cell as a float, and 1 when a thousands separator had to be read."""
    if isinstance(cell, bool):
        return None, 0
    if isinstance(cell, int | float):
        try:
            return float(cell), 0
        except OverflowError:  # an integer with hundreds of digits
            return math.inf, 0
    text = str(cell).strip().replace("\u00a0", "")
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), 1
    if not _NUMBER.fullmatch(text.lower()):
        return None, 0
    return float(text), 0

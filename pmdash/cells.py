"""Reading the cells of a raw table: text, years and numbers, one problem a bad cell."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from pmdash.problems import Problem
from pmdash.schema import COLUMN_HELP, CONTROL_CHARS, FORMULA_PREFIXES, HTML_TAG, YEAR_RANGE


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

    def text(self, raw: pd.Series, column: str, *, required: bool, limit: int) -> pd.Series:
        out: list[str] = []
        for index, cell in raw.items():
            i = int(str(index))
            if _is_blank(cell):
                if required:
                    self.error(i, column, f"is empty; expected {COLUMN_HELP[column]}")
                out.append("")
                continue
            text = str(cell).strip()
            if len(text) > limit:
                self.error(i, column, f"is {len(text):,} characters long; the limit is {limit:,}")
            elif CONTROL_CHARS.search(text):
                self.error(i, column, "contains control characters; use plain text")
            elif column != "note" and HTML_TAG.search(text):
                self.error(i, column, "contains an HTML tag; use plain text")
            elif column != "note" and text.startswith(FORMULA_PREFIXES):
                self.error(
                    i,
                    column,
                    f"starts with '{text[0]}', which spreadsheets run as a formula; "
                    "remove the leading character",
                )
            out.append(text)
        return pd.Series(out, index=raw.index, dtype=str)

    def integer(self, raw: pd.Series, column: str, *, required: bool) -> pd.Series:
        out: list[int | None] = []
        for index, cell in raw.items():
            i = int(str(index))
            if _is_blank(cell):
                if required:
                    self.error(i, column, f"is empty; expected {COLUMN_HELP[column]}")
                out.append(None)
                continue
            parsed = _parse_year(cell)
            if parsed is None:
                self.error(i, column, f"'{shorten(cell)}' is not a year; expected e.g. 2024")
            elif not YEAR_RANGE[0] <= parsed <= YEAR_RANGE[1]:
                self.error(i, column, f"{parsed} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
                parsed = None
            out.append(parsed)
        return pd.Series(out, index=raw.index, dtype="Int64")

    def number(self, raw: pd.Series, column: str) -> pd.Series:
        out: list[float] = []
        interpreted = 0
        for index, cell in raw.items():
            i = int(str(index))
            if _is_blank(cell):
                self.error(i, column, f"is empty; expected {COLUMN_HELP[column]}")
                out.append(math.nan)
                continue
            parsed, thousands = _parse_number(cell)
            if parsed is None:
                self.error(i, column, f"'{shorten(cell)}' is not a number; expected e.g. 1094.83")
                out.append(math.nan)
            elif not math.isfinite(parsed):
                self.error(i, column, f"'{shorten(cell)}' is not a finite number")
                out.append(math.nan)
            else:
                interpreted += thousands
                out.append(parsed)
        if interpreted:
            self.notice(
                column,
                f"read {interpreted} value(s) with ',' as a thousands separator "
                "(e.g. '1,094.83' as 1094.83)",
            )
        return pd.Series(out, index=raw.index, dtype=float)


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
    if re.fullmatch(r"[+]?\d{1,4}(\.0+)?", text):
        return int(float(text))
    return None


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _parse_number(cell: object) -> tuple[float | None, int]:
    """A cell as a float, and 1 when a thousands separator had to be read."""
    if isinstance(cell, bool):
        return None, 0
    if isinstance(cell, int | float):
        return float(cell), 0
    text = str(cell).strip().replace("\u00a0", "")
    if _THOUSANDS.match(text):
        return float(text.replace(",", "")), 1
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|nan)", text.lower()):
        return None, 0
    return float(text), 0

"""What every bounded reader shares: the result type, the refusal and its messages."""

from __future__ import annotations

import re
from typing import Final

import pandas as pd

from pmdash.problems import Problem
from pmdash.schema import (
    MAX_COLUMNS,
    MAX_ROWS,
    normalise_column_name,
)

Raw = tuple[pd.DataFrame, list[Problem], int]

XLSX_MAGIC: Final = b"PK\x03\x04"
PARQUET_MAGIC: Final = b"PAR1"
_CHUNK: Final = 1024 * 1024
_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")
_WIDE_REF: Final = re.compile(rb'\sr="([A-Z]{2,3})[0-9]')
_INDEX_COLUMN: Final = re.compile(r"^__index_level_\d+__$")


class Refused(Exception):
    """A limit was reached while reading; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def fail(name: str, message: str, row: int | None = None, column: str | None = None) -> Raw:
    return pd.DataFrame(), [Problem(name, message, row, column)], 2


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _too_many_rows(name: str, sheet: str = "") -> Problem:
    where = f"sheet '{sheet}' " if sheet else ""
    return Problem(
        name, f"{where}has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,} a file. "
        "Split it by market."
    )  # fmt: skip


def _too_many_columns(name: str, count: int | str, sheet: str = "") -> Problem:
    where = f"sheet '{sheet}' " if sheet else ""
    return Problem(name, f"{where}has {count} columns; the limit is {MAX_COLUMNS}")


def _frame(header: list[object], rows: list[list[object]]) -> pd.DataFrame:
    columns = [normalise_column_name(c) for c in header]
    return pd.DataFrame(rows, columns=columns, dtype=object)

"""Checking a raw figures table against :mod:`pmdash.schema`.

Raw tables (every cell as text, as read from CSV/XLSX/Parquet) go through
:func:`check_figures`, which parses each cell, collects every problem with its row
and column, and returns a typed frame that :func:`figures_schema` (pandera) accepts.
"""

from __future__ import annotations

import difflib
import functools
import math
from typing import Any, Final

import pandas as pd

from pmdash.cells import CellReader, shorten
from pmdash.problems import Problem
from pmdash.schema import (
    BASES,
    CAGR_RANGE_PCT,
    COLUMN_HELP,
    COLUMNS,
    DIMENSION_ID,
    IDENTITY,
    MARKET_ID,
    MAX_KEY_TEXT,
    MAX_NOTE_TEXT,
    METRICS,
    REQUIRED_COLUMNS,
    SHARE_RANGE_PCT,
    SHARE_SUM_TOLERANCE_PCT,
    SIZE_RANGE_USD_BN,
    TOTAL_DIMENSION,
    TOTAL_SEGMENT,
    YEAR_RANGE,
    empty_figures,
)


@functools.cache
def figures_schema() -> Any:
    """The pandera schema of a typed figures table (built, and pandera imported, on first use)."""
    import pandera.pandas as pa

    small, large = SIZE_RANGE_USD_BN
    return pa.DataFrameSchema(
        {
            "market": pa.Column(str, pa.Check.str_matches(MARKET_ID.pattern)),
            "dimension": pa.Column(str, pa.Check.str_matches(DIMENSION_ID.pattern)),
            "segment": pa.Column(str, pa.Check.str_length(1, MAX_KEY_TEXT)),
            "year": pa.Column("Int64", pa.Check.in_range(*YEAR_RANGE)),
            "metric": pa.Column(str, pa.Check.isin(METRICS)),
            "value": pa.Column(float, pa.Check(lambda s: s.map(math.isfinite), name="finite")),
            "base_year": pa.Column("Int64", nullable=True),
            "basis": pa.Column(str, pa.Check.isin(BASES)),
            "source": pa.Column(str),
            "note": pa.Column(str),
        },
        checks=[
            pa.Check(
                lambda df: ~((df["metric"] == "size") & (df["value"] < 0)),
                name="size_not_negative",
                error="a size cannot be negative",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "size") & df["value"].between(0, small, "left")),
                name="size_positive",
                error=f"a size must be at least {small:.6f} (USD billions, i.e. USD 1,000); "
                "leave out a segment with no revenue",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "size") & (df["value"] > large)),
                name="size_plausible",
                error=f"a size over {large:,.0f} (USD billions) is not plausible; "
                "sizes are in USD billions",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "share") & ~df["value"].between(*SHARE_RANGE_PCT)),
                name="share_in_range",
                error="a share must be between 0 and 100 (percent)",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "cagr") & df["base_year"].isna()).astype(bool),
                name="cagr_has_base_year",
                error="a cagr row needs base_year, the start of its period",
            ),
            pa.Check(
                lambda df: (
                    ~((df["metric"] == "cagr") & (df["base_year"] >= df["year"]))
                    .fillna(False)
                    .astype(bool)
                ),
                name="base_year_before_year",
                error="base_year must be before year (the period's end)",
            ),
            pa.Check(
                lambda df: ~((df["metric"] != "cagr") & df["base_year"].notna()).astype(bool),
                name="base_year_only_for_cagr",
                error="base_year applies to cagr rows only; leave it empty for size and share",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "cagr") & (df["value"] <= CAGR_RANGE_PCT[0])),
                name="cagr_above_minus_100",
                error="a cagr of -100 % or less is impossible",
            ),
            pa.Check(
                lambda df: ~((df["metric"] == "cagr") & (df["value"] > CAGR_RANGE_PCT[1])),
                name="cagr_plausible",
                error=f"a cagr over {CAGR_RANGE_PCT[1]:,.0f} % a year is not plausible",
            ),
            pa.Check(
                lambda df: (df["dimension"] != TOTAL_DIMENSION) | (df["segment"] == TOTAL_SEGMENT),
                name="total_segment_is_all",
                error="rows of dimension 'total' must have segment 'All'",
            ),
        ],
        unique=list(IDENTITY),
        report_duplicates="all",
        strict=True,
        ordered=False,
    )


# pandera reports a table-level check by its error text; this names the cell to blame.
_CHECK_COLUMNS: Final = (
    "value",
    "value",
    "value",
    "value",
    "base_year",
    "base_year",
    "base_year",
    "value",
    "value",
    "segment",
)


@functools.cache
def _check_column() -> dict[str, str]:
    return {
        str(check.error): column
        for check, column in zip(figures_schema().checks, _CHECK_COLUMNS, strict=True)
    }


def check_columns(columns: list[str], file: str) -> list[Problem]:
    """Problems with the header: missing, misspelt, duplicated or unknown columns."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            problems.append(Problem(file, "appears twice in the header", 1, name))
        seen.add(name)
    unknown = [c for c in columns if c not in COLUMNS]
    for name in REQUIRED_COLUMNS:
        if name in seen:
            continue
        close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.75)
        hint = f"; is '{close[0]}' a misspelling of it?" if close else ""
        problems.append(
            Problem(file, f"required column is missing ({COLUMN_HELP[name]}){hint}", 1, name)
        )
    for name in unknown:
        if not difflib.get_close_matches(name, REQUIRED_COLUMNS, n=1, cutoff=0.75):
            problems.append(Problem(file, "unknown column, ignored", None, name, "notice"))
    return problems


def check_figures(
    raw: pd.DataFrame, file: str, first_row: int = 2
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check a raw figures table; return the typed table and every problem.

    ``raw`` has normalised column names and one row per data row, indexed from 0.
    ``first_row`` is the file row number of index 0 (2 when a header line precedes).
    The typed table is only meaningful when no problem has severity ``error``.
    """
    columns = [str(c) for c in raw.columns]
    problems = check_columns(columns, file)
    if any(p.severity == "error" for p in problems):
        return empty_figures(), problems
    if raw.empty:
        problems.append(Problem(file, "has a header but no data rows"))
        return empty_figures(), problems

    raw = raw.reset_index(drop=True)
    checker = CellReader(file, first_row)

    def column(name: str) -> pd.Series:
        if name in raw.columns:
            return raw[name]
        return pd.Series([None] * len(raw), index=raw.index, dtype=object)

    typed = pd.DataFrame(
        {
            "market": checker.text(column("market"), "market", required=True, limit=64),
            "dimension": checker.text(column("dimension"), "dimension", required=True, limit=64),
            "segment": checker.text(
                column("segment"), "segment", required=True, limit=MAX_KEY_TEXT
            ),
            "year": checker.integer(column("year"), "year", required=True),
            "metric": checker.text(column("metric"), "metric", required=True, limit=64),
            "value": checker.number(column("value"), "value"),
            "base_year": checker.integer(column("base_year"), "base_year", required=False),
            "basis": checker.text(column("basis"), "basis", required=False, limit=64),
            "source": checker.text(column("source"), "source", required=False, limit=MAX_KEY_TEXT),
            "note": checker.text(
                column("note"), "note", required=False, limit=MAX_NOTE_TEXT, free=True
            ),
        }
    )
    typed["basis"] = typed["basis"].mask(typed["basis"] == "", "reported")
    typed["dimension"] = typed["dimension"].str.lower()
    typed["metric"] = typed["metric"].str.lower()
    typed["basis"] = typed["basis"].str.lower()
    cell_problems = checker.problems + _vocabulary_problems(typed, checker)
    problems += cell_problems
    skip = {p.row - first_row for p in cell_problems if p.row is not None}
    problems += schema_problems(typed, file, first_row, skip_rows=skip)
    problems += share_sum_problems(typed, file)
    problems.sort(key=lambda p: (p.row or 0, p.severity != "notice"))
    return typed, problems


def _vocabulary_problems(typed: pd.DataFrame, checker: CellReader) -> list[Problem]:
    found: list[Problem] = []
    rules = (
        ("market", MARKET_ID.fullmatch, "lower-case letters and digits joined by '-' or '_'"),
        ("dimension", DIMENSION_ID.fullmatch, "a snake_case name such as end_user"),
        ("metric", lambda v: v in METRICS, "one of size, share, cagr"),
        ("basis", lambda v: v in BASES, "one of reported, derived, assumed"),
    )
    for column_name, ok, expected in rules:
        values = typed[column_name]
        distinct = values[values != ""].unique()
        bad = {v for v in distinct if not ok(v)}
        if not bad:
            continue
        for index, value in values[values.isin(bad)].items():
            found.append(
                Problem(
                    checker.file,
                    f"'{shorten(value)}' is not allowed; expected {expected}",
                    int(str(index)) + checker.first_row,
                    column_name,
                )
            )
    return found


def schema_problems(
    typed: pd.DataFrame, file: str, first_row: int = 2, skip_rows: set[int] | None = None
) -> list[Problem]:
    """Row-level rule violations found by :func:`figures_schema`, as problems."""
    skip = skip_rows or set()
    candidate = typed.drop(index=[i for i in skip if i in typed.index])
    candidate = candidate[candidate["metric"].isin(METRICS) & candidate["value"].notna()]
    from pandera.errors import SchemaErrors

    try:
        figures_schema().validate(candidate, lazy=True)
    except SchemaErrors as exc:
        return _from_failure_cases(exc.failure_cases, candidate, file, first_row)
    return []


def _from_failure_cases(
    cases: pd.DataFrame, frame: pd.DataFrame, file: str, first_row: int
) -> list[Problem]:
    found: dict[tuple[int | None, str | None, str], Problem] = {}
    duplicated: set[int] = set()
    for case in ({str(k): v for k, v in c.items()} for c in cases.to_dict("records")):
        check = str(case.get("check"))
        index = case.get("index")
        row = None if index is None or pd.isna(index) else int(index)
        if check == "multiple_fields_uniqueness":
            if row is not None:
                duplicated.add(row)
            continue
        column = _check_column().get(check, case.get("column"))
        message = check if check in _check_column() else _column_check_message(check, case)
        file_row = None if row is None else row + first_row
        key = (file_row, column if isinstance(column, str) else None, message)
        found[key] = Problem(file, message, file_row, key[1])
    found.update(_duplicate_problems(frame.loc[sorted(duplicated)], file, first_row))
    return sorted(found.values(), key=lambda p: (p.row or 0, p.column or ""))


def _duplicate_problems(
    rows: pd.DataFrame, file: str, first_row: int
) -> dict[tuple[int | None, str | None, str], Problem]:
    found: dict[tuple[int | None, str | None, str], Problem] = {}
    for _, group in rows.groupby(list(IDENTITY), sort=False, dropna=False):
        numbers = [int(str(i)) + first_row for i in group.index]
        message = (
            "duplicate figure: rows "
            + ", ".join(str(n) for n in numbers)
            + " have the same market, dimension, segment, year, metric and base_year"
        )
        found[(numbers[0], None, message)] = Problem(file, message, numbers[0])
    return found


def _column_check_message(check: str, case: dict[str, Any]) -> str:
    return f"'{shorten(case.get('failure_case'))}' breaks the rule {check}"


def share_sum_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """Shares of one dimension and year that add up to more than 100 %."""
    shares = typed[(typed["metric"] == "share") & typed["value"].between(0, 100)]
    found: list[Problem] = []
    for (market, dimension, year), group in shares.groupby(["market", "dimension", "year"]):
        total = float(group["value"].sum())
        if total > 100 + SHARE_SUM_TOLERANCE_PCT:
            found.append(
                Problem(
                    file,
                    f"the {dimension} shares of market '{market}' in {year} add up to "
                    f"{total:.2f} %, more than 100 %",
                    None,
                    "value",
                )
            )
    return found

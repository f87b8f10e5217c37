"""Checking what travels beside the figures: the side tables and ``market.toml``.

Every text cell and name goes through the same rules as the figures
(:func:`pmdash.cells.text_problem`: length, control and direction characters, line
breaks, HTML, formula signs, http(s)-only links); years are years; required columns
are present. Each problem names the file (and sheet), the row and the column, or the
``market.toml`` key. Markup-like text such as ``[x](https://…)`` stays data: pages
show it as plain text.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

import pandas as pd

from pmdash.cells import CellReader, text_problem
from pmdash.problems import Problem
from pmdash.schema import (
    DIMENSION_ID,
    LINK_SCHEMES,
    MAX_DEFINITIONS,
    MAX_KEY_TEXT,
    MAX_NOTE_TEXT,
    YEAR_RANGE,
)

_NAME: Final = (MAX_KEY_TEXT, False)
_FREE: Final = (MAX_NOTE_TEXT, True)
_SHORT: Final = (64, False)

# table -> column -> (length limit, free text?); the required columns of each table.
TEXT_COLUMNS: Final[dict[str, dict[str, tuple[int, bool]]]] = {
    "segments": {
        "market": _SHORT, "dimension": _SHORT, "segment": _NAME, "parent": _NAME,
        "source": _NAME, "note": _FREE,
    },
    "companies": {"market": _SHORT, "company": _NAME, "source": _NAME, "note": _FREE},
    "claims": {
        "market": _SHORT, "claim": _SHORT, "dimension": _SHORT, "segment": _NAME,
        "source": _NAME, "note": _FREE,
    },
    "sources": {
        "source": _NAME, "publisher": _NAME, "title": (500, False), "url": (2000, False),
        "accessed": _SHORT, "published": _SHORT, "scope": _NAME, "definition": _FREE,
        "currency": _SHORT, "price_basis": _SHORT, "fx_basis": _NAME, "note": _FREE,
    },
}  # fmt: skip
YEAR_COLUMNS: Final = {
    "claims": ("year", "base_year"),
    "sources": ("edition_year", "price_base_year"),
}
# What a source's prices are in: current money (nominal) or one year's money (real).
PRICE_BASES: Final = ("nominal", "real")
REQUIRED: Final = {
    "segments": ("dimension", "segment"),
    "companies": ("company",),
    "claims": ("claim", "dimension", "segment", "year"),
    "sources": ("source",),
}

# market.toml: key -> (length limit, free text?)
META_TEXT: Final = {
    "id": _SHORT, "name": _NAME, "geography": _NAME, "currency": _SHORT, "unit": _SHORT,
    "description": _FREE, "primary_source": _NAME, "notes": _FREE,
}  # fmt: skip
META_YEARS: Final = ("base_year", "forecast_year")


def check_side_table(table: str, raw: pd.DataFrame, file: str) -> list[Problem]:
    """Every problem of one side table (not estimates, which are figures)."""
    columns = [str(c) for c in raw.columns]
    problems = [
        Problem(file, "appears twice in the header", 1, c)
        for i, c in enumerate(columns)
        if c in columns[:i]
    ]
    problems += [
        Problem(file, f"required column is missing (the {table} table needs it)", 1, c)
        for c in REQUIRED[table]
        if c not in columns
    ]
    problems += [
        Problem(file, "unknown column, ignored", None, c, "notice")
        for c in dict.fromkeys(columns)
        if c not in TEXT_COLUMNS[table] and c not in YEAR_COLUMNS.get(table, ())
    ]
    if any(p.severity == "error" for p in problems):
        return problems
    raw = raw.reset_index(drop=True)
    reader = CellReader(file, 2)
    for column, (limit, free) in TEXT_COLUMNS[table].items():
        if column in raw.columns:
            required = column in REQUIRED[table]
            reader.text(raw[column], column, required=required, limit=limit, free=free)
    for column in YEAR_COLUMNS.get(table, ()):
        if column in raw.columns:
            reader.integer(raw[column], column, required=column in REQUIRED[table])
    problems += reader.problems
    bad_cells = {(p.row, p.column) for p in reader.problems}
    checks = (
        ("dimension", _dimension_problem),
        ("url", _url_problem),
        ("price_basis", _price_basis_problem),
    )
    for column, check in checks:
        if column not in raw.columns:
            continue
        for index, cell in raw[column].items():
            row = int(str(index)) + 2
            text = "" if cell is None else str(cell).strip()
            message = check(text) if text and (row, column) not in bad_cells else None
            if message:
                problems.append(Problem(file, message, row, column))
    if table == "sources":
        problems += _real_without_year(raw, file, bad_cells)
    return problems


def _price_basis_problem(text: str) -> str | None:
    if text.lower() in PRICE_BASES:
        return None
    return (
        f"'{text[:40]}' is not a price basis; expected nominal or real "
        "(leave it empty when the source does not say)"
    )


def _real_without_year(
    raw: pd.DataFrame, file: str, bad: set[tuple[int | None, str | None]]
) -> list[Problem]:
    """Real prices are in one year's money: which year, when the source says, goes in
    ``price_base_year``; without it the basis is only half known (a notice)."""
    if "price_basis" not in raw.columns:
        return []
    years = raw.get("price_base_year", pd.Series("", index=raw.index))
    problems = []
    cells = zip(raw["price_basis"].tolist(), years.tolist(), strict=True)
    for row, (cell, year) in enumerate(cells, start=2):  # the header is row 1
        real = str(cell if cell is not None else "").strip().lower() == "real"
        no_year = year is None or pd.isna(year) or not str(year).strip()
        if real and no_year and (row, "price_basis") not in bad:
            message = "real prices without price_base_year: in which year's money is not known"
            problems.append(Problem(file, message, row, "price_base_year", "notice"))
    return problems


def _dimension_problem(text: str) -> str | None:
    if DIMENSION_ID.fullmatch(text.lower()):
        return None
    return f"'{text[:40]}' is not allowed; expected a snake_case name such as end_user"


def _url_problem(text: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme.lower() in LINK_SCHEMES and parts.netloc:
        return None
    return "is not a web address; expected one starting with https:// or http://"


def check_meta(meta: dict[str, object], file: str, market_id: str) -> list[Problem]:
    """Every problem of a ``market.toml`` (its ``[market]`` table, or the top level)."""
    section = meta.get("market", meta)
    if not isinstance(section, dict):
        return [Problem(file, "[market] must be a table of keys such as name and geography")]
    problems: list[Problem] = []
    known = {*META_TEXT, *META_YEARS, "definitions"}
    for key, value in section.items():
        if key not in known:
            problems.append(Problem(file, "unknown key, ignored", None, key, "notice"))
        elif key in META_TEXT:
            problems += _meta_text(file, key, value, *META_TEXT[key])
        elif key in META_YEARS:
            problems += _meta_year(file, key, value)
    if isinstance(section.get("id"), str) and section["id"] != market_id:
        problems.append(
            Problem(file, f"names market '{section['id']}', but the figures are of '{market_id}'",
                    None, "id")
        )  # fmt: skip
    years = [section.get(k) for k in META_YEARS]
    if all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        base, forecast = years
        if isinstance(base, int) and isinstance(forecast, int) and base >= forecast:
            problems.append(
                Problem(file, "base_year must be before forecast_year", None, "base_year")
            )
    if "definitions" in section:
        problems += _definitions(file, section["definitions"])
    return problems


def _meta_text(file: str, key: str, value: object, limit: int, free: bool) -> list[Problem]:
    if not isinstance(value, str):
        return [Problem(file, f"must be text in quotes, not {type(value).__name__}", None, key)]
    problem = text_problem(value.strip(), key, limit=limit, free=free)
    return [Problem(file, problem, None, key)] if problem else []


def _meta_year(file: str, key: str, value: object) -> list[Problem]:
    if not isinstance(value, int) or isinstance(value, bool):
        return [Problem(file, "must be a year written as a whole number, e.g. 2024", None, key)]
    if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return [Problem(file, f"{value} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}", None, key)]
    return []


def _definitions(file: str, definitions: object) -> list[Problem]:
    if not isinstance(definitions, dict):
        return [Problem(file, 'must be a table of name = "text" lines', None, "definitions")]
    if len(definitions) > MAX_DEFINITIONS:
        message = f"has {len(definitions):,} entries; the limit is {MAX_DEFINITIONS:,}"
        return [Problem(file, message, None, "definitions")]
    problems: list[Problem] = []
    for term, text in definitions.items():
        where = f"definitions.{str(term)[:60]}"
        problem = text_problem(str(term).strip(), "definitions", limit=MAX_KEY_TEXT)
        if problem:
            problems.append(Problem(file, f"the name {problem}", None, where))
        problems += _meta_text(file, where, text, MAX_NOTE_TEXT, True)
    return problems

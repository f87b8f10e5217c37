"""Analyst assumptions: figures the source does not give, entered by a person.

They are ordinary figure rows with ``basis="assumed"`` and ``source=ANALYST``,
checked by :func:`pmdash.schema.check_figures` like any imported row, and kept in
the market itself (so saving the market through :class:`pmdash.store.DataStore`
keeps them across restarts). Figures that :func:`pmdash.metrics.expand` derives
from an assumption inherit its source, which is how :func:`effective_basis` tells
them apart from figures derived from the report.

>>> import pandas as pd
>>> rows = pd.DataFrame([{"segment": "Oncology", "year": 2024, "metric": "share", "value": 40}])
>>> rows.shape
(1, 4)
"""

from __future__ import annotations

import dataclasses
from typing import Final

import pandas as pd

from pmdash.model import Market
from pmdash.problems import InvalidInput, Problem, errors_only
from pmdash.schema import COLUMNS, coerce_stored
from pmdash.validate import check_figures, share_sum_problems

ANALYST: Final = "analyst"
EDITOR_COLUMNS: Final = ("segment", "year", "metric", "value", "note")
EDITOR_METRICS: Final = ("size", "share")
EDITOR_NAME: Final = "assumptions"


def editor_rows(market: Market, dimension: str) -> pd.DataFrame:
    """The dimension's current assumptions as editor rows (segment, year, metric, value, note)."""
    figures = market.figures
    mine = figures[(figures["dimension"] == dimension) & (figures["basis"] == "assumed")]
    out = mine[list(EDITOR_COLUMNS)].sort_values(["segment", "metric", "year"])
    return _editor_frame(out.reset_index(drop=True))


def blank_editor(market: Market, dimension: str, year: int | None = None) -> pd.DataFrame:
    """Editor rows to start from: the dimension's named segments, one share each, no value."""
    named = market.segments[market.segments["dimension"] == dimension]["segment"]
    start = year if year is not None else market.meta.base_year
    rows = [
        {"segment": s, "year": start, "metric": "share", "value": None, "note": ""} for s in named
    ]
    return _editor_frame(pd.DataFrame(rows, columns=list(EDITOR_COLUMNS)))


def _editor_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reindex(columns=list(EDITOR_COLUMNS)).copy()
    out["segment"] = out["segment"].fillna("").astype(str)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["metric"] = out["metric"].fillna("share").astype(str)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out["note"] = out["note"].fillna("").astype(str)
    return out.reset_index(drop=True)


def check_assumptions(
    market: Market, dimension: str, rows: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Editor rows as typed figure rows, and every problem (row = the editor's row, from 1).

    Blank rows (no segment and no value) are dropped. Beyond the format rules, an
    assumption may not restate a reported figure, and a dimension's shares
    (reported plus assumed) may not exceed 100 % in a year.
    """
    raw = rows.reindex(columns=list(EDITOR_COLUMNS)).copy()
    blank = raw["segment"].isna() | (raw["segment"].astype(str).str.strip() == "")
    blank &= raw["value"].isna()
    raw = raw[~blank].reset_index(drop=True)
    if raw.empty:
        return coerce_stored(pd.DataFrame(columns=list(COLUMNS))), []
    raw = raw.astype(object).where(raw.notna(), None)
    raw.insert(0, "market", market.id)
    raw.insert(1, "dimension", dimension)
    raw["basis"] = "assumed"
    raw["source"] = ANALYST
    typed, problems = check_figures(raw, EDITOR_NAME, first_row=1)
    problems = [p for p in problems if p.severity == "error"]
    for index, metric in typed["metric"].items():
        if metric and metric not in EDITOR_METRICS:
            problems.append(
                Problem(
                    EDITOR_NAME, "an assumption is a size or a share", int(str(index)) + 1, "metric"
                )
            )
    if errors_only(problems):
        return typed, problems
    typed = coerce_stored(typed)
    problems += _clashes(market, typed)
    others = market.figures[
        ~((market.figures["dimension"] == dimension) & (market.figures["basis"] == "assumed"))
    ]
    combined = share_sum_problems(pd.concat([others, typed], ignore_index=True), EDITOR_NAME)
    problems += [p for p in combined if p not in problems]
    return typed, problems


def _clashes(market: Market, typed: pd.DataFrame) -> list[Problem]:
    reported = market.figures[market.figures["basis"] != "assumed"]
    stated = set(
        zip(
            reported["dimension"], reported["segment"], reported["year"], reported["metric"],
            strict=True,
        )
    )  # fmt: skip
    found = []
    for index, row in typed.iterrows():
        if (row["dimension"], row["segment"], row["year"], row["metric"]) in stated:
            found.append(
                Problem(
                    EDITOR_NAME,
                    f"the source already states the {row['metric']} of {row['segment']} in "
                    f"{row['year']}; an assumption cannot replace a reported figure",
                    int(str(index)) + 1,
                    "segment",
                )
            )
    return found


def replace_assumptions(market: Market, dimension: str, rows: pd.DataFrame) -> Market:
    """A new market whose assumptions for ``dimension`` are exactly ``rows``.

    Raises :class:`InvalidInput` with every problem when a row is not valid; the
    input market is never changed.
    """
    typed, problems = check_assumptions(market, dimension, rows)
    if errors_only(problems):
        raise InvalidInput(problems)
    kept = _without_assumptions(market.figures, dimension)
    figures = coerce_stored(pd.concat([kept, typed], ignore_index=True))
    return dataclasses.replace(market, figures=figures)


def clear_assumptions(market: Market, dimension: str | None = None) -> Market:
    """A new market without the assumptions of ``dimension`` (of every dimension when None)."""
    return dataclasses.replace(market, figures=_without_assumptions(market.figures, dimension))


def _without_assumptions(figures: pd.DataFrame, dimension: str | None) -> pd.DataFrame:
    assumed = figures["basis"] == "assumed"
    if dimension is not None:
        assumed &= figures["dimension"] == dimension
    return figures[~assumed].reset_index(drop=True)


def has_assumptions(market: Market, dimension: str | None = None) -> bool:
    """Whether the market holds assumptions (for one dimension, or any)."""
    assumed = market.figures["basis"] == "assumed"
    if dimension is not None:
        assumed &= market.figures["dimension"] == dimension
    return bool(assumed.any())


def effective_basis(full: pd.DataFrame) -> pd.Series:
    """The basis to show: figures computed from an assumption count as assumed.

    >>> frame = pd.DataFrame({"basis": ["reported", "derived", "derived"],
    ...                       "source": ["r", "r", ANALYST]})
    >>> effective_basis(frame).tolist()
    ['reported', 'derived', 'assumed']
    """
    from_assumption = (full["basis"] == "derived") & (full["source"] == ANALYST)
    return full["basis"].mask(from_assumption, "assumed")

"""Weighted scenarios: saved scenarios with probabilities, their expected market and range.

Pure: plain values in, plain values out. A probability is a percent (0–100); the
probabilities of the scenarios weighed together must add up to 100 % (within
:data:`SUM_TOLERANCE_PCT`, so ten scenarios at 10 % typed by hand pass). The
expected size of a year is ``Σ p·size / 100``; the range is the smallest and the
largest size among the scenarios with a probability above zero, and P10/P90 are the
weighted quantiles of that discrete distribution (the smallest size whose cumulative
probability reaches 10 % or 90 %), given only when at least
:data:`QUANTILES_FROM` scenarios weigh: with two, they would only repeat the range.

>>> problems({"Low": 30.0, "High": 60.0})
['The probabilities add up to 90 %, not 100 %: change them, or normalise them (scale each so they add up to 100 %).']
>>> normalised({"Low": 30.0, "High": 60.0})
{'Low': 33.3, 'High': 66.7}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

SUM_TOLERANCE_PCT: Final = 0.05
QUANTILES_FROM: Final = 3
DIGITS: Final = 1  # normalised probabilities are given to a tenth of a point
COLUMNS: Final = (
    "year", "expected_usd_bn", "min_usd_bn", "max_usd_bn", "p10_usd_bn", "p90_usd_bn",
)  # fmt: skip


def _shown(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def problems(probabilities: Mapping[str, float | None]) -> list[str]:
    """Why these probabilities cannot weigh the scenarios, in words; ``[]`` when they can.

    ``None`` is a scenario with no probability set.

    >>> problems({"Base": 50.0, "Bull": 50.0})
    []
    >>> problems({"Base": 120.0, "Bull": None})
    ['Base: 120 % is not a probability (give 0–100 %).', 'Bull has no probability yet.']
    """
    found: list[str] = []
    if len(probabilities) < 2:
        found.append("Weigh at least two saved scenarios.")
    for name, value in probabilities.items():
        if value is None:
            found.append(f"{name} has no probability yet.")
        elif not math.isfinite(value) or not 0.0 <= value <= 100.0:
            found.append(f"{name}: {_shown(value)} % is not a probability (give 0–100 %).")
    if found:
        return found
    total = sum(v for v in probabilities.values() if v is not None)
    if total <= 0:
        return ["Every probability is 0 %: give at least one scenario a chance."]
    if abs(total - 100.0) > SUM_TOLERANCE_PCT:
        return [
            f"The probabilities add up to {_shown(total)} %, not 100 %: change them, "
            "or normalise them (scale each so they add up to 100 %)."
        ]
    return []


def normalised(probabilities: Mapping[str, float | None]) -> dict[str, float]:
    """The probabilities scaled to add up to exactly 100 % (to a tenth of a point).

    A missing or negative probability counts as 0; when none is above 0 every scenario
    gets an equal share. Rounding remainders go to the largest remainders first, so
    the rounded values still add up to 100.

    >>> normalised({"A": 1.0, "B": 1.0, "C": 1.0})
    {'A': 33.4, 'B': 33.3, 'C': 33.3}
    >>> normalised({"A": None, "B": 0.0})
    {'A': 50.0, 'B': 50.0}
    """
    names = list(probabilities)
    if not names:
        return {}
    raw = np.array(
        [
            v if v is not None and math.isfinite(v) and v > 0 else 0.0
            for v in probabilities.values()
        ],
        dtype=float,
    )
    if raw.sum() <= 0:
        raw = np.ones(len(names))
    scale = 10**DIGITS
    exact = raw / raw.sum() * 100.0 * scale
    units = np.floor(exact).astype(int)
    short = 100 * scale - int(units.sum())
    for index in np.argsort(-(exact - units), kind="stable")[:short]:
        units[index] += 1
    return {name: float(unit) / scale for name, unit in zip(names, units, strict=True)}


@dataclass(frozen=True)
class Weighted:
    """The expected market and its range, year by year, over weighted scenarios.

    ``paths``: one row a year, columns :data:`COLUMNS` (P10/P90 NaN when not
    meaningful); ``probabilities``: the weights used, percent; ``totals``: each
    scenario's market total by year; ``years_left_out``: years some scenario does not
    reach.
    """

    paths: pd.DataFrame
    probabilities: dict[str, float]
    totals: dict[str, pd.Series]
    years_left_out: tuple[int, ...] = ()

    @property
    def has_quantiles(self) -> bool:
        return bool(self.paths["p10_usd_bn"].notna().any())

    def last(self) -> dict[str, float]:
        """The last common year's row, as plain numbers."""
        row = self.paths.iloc[-1]
        return {column: float(row[column]) for column in COLUMNS}


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative weight reaches ``q`` (0–1) of the total.

    >>> weighted_quantile(np.array([3.0, 1.0, 2.0]), np.array([0.2, 0.05, 0.75]), 0.1)
    2.0
    """
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    index = int(np.searchsorted(cumulative, q - 1e-12, side="left"))
    return float(values[order][min(index, len(values) - 1)])


def expected(
    totals: Mapping[str, pd.Series], probabilities: Mapping[str, float | None]
) -> Weighted | list[str]:
    """The expected market size and its range each year the scenarios all cover.

    ``totals``: each scenario's market total, a Series of USD bn indexed by year;
    ``probabilities``: percent per scenario (see :func:`problems`). Returns the
    problems instead when the probabilities cannot be used.

    >>> years = pd.Index([2024, 2025])
    >>> low, high = pd.Series([100.0, 110.0], years), pd.Series([100.0, 130.0], years)
    >>> expected({"Low": low, "High": high}, {"Low": 25.0, "High": 75.0}).last()["expected_usd_bn"]
    125.0
    """
    wanted = {name: probabilities.get(name) for name in totals}
    found = problems(wanted)
    if found:
        return found
    weights = {name: float(p or 0.0) for name, p in wanted.items()}
    years = sorted(set.intersection(*(set(int(y) for y in s.index) for s in totals.values())))
    every = sorted(set.union(*(set(int(y) for y in s.index) for s in totals.values())))
    if not years:
        return ["The scenarios share no year: give them overlapping years."]
    names = list(totals)
    sizes = np.array(
        [[float(totals[n].loc[y]) for y in years] for n in names], dtype=float
    )  # scenarios × years
    p = np.array([weights[n] for n in names], dtype=float)
    p = p / p.sum()
    live = p > 0
    quantiles = int(live.sum()) >= QUANTILES_FROM
    rows = []
    for column, year in enumerate(years):
        values = sizes[:, column]
        rows.append(
            (
                year,
                float(p @ values),
                float(values[live].min()),
                float(values[live].max()),
                weighted_quantile(values[live], p[live], 0.10) if quantiles else math.nan,
                weighted_quantile(values[live], p[live], 0.90) if quantiles else math.nan,
            )
        )
    return Weighted(
        paths=pd.DataFrame(rows, columns=list(COLUMNS)),
        probabilities={n: weights[n] for n in names},
        totals={n: totals[n].loc[years].astype(float) for n in names},
        years_left_out=tuple(y for y in every if y not in years),
    )

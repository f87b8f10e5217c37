"""What a market's figures offer a scenario: the parts, their years, sizes and implied rates.

The *parts* are the market's regions when it has region sizes in at least two
years, else the market total itself. Sizes are the stated ones, those between two
stated sizes (at the rate they imply) and, for a region with only a share, its
share of the total; the same figures :func:`pmdash.metrics.expand` derives, read
here with plain dicts because a market has tens of figures, not thousands.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmdash.metrics import between, implied_rates
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

_Key = tuple[str, str]  # (dimension, segment)
_TOTAL: _Key = (TOTAL_DIMENSION, TOTAL_SEGMENT)


@dataclass(frozen=True)
class Frame:
    """What the source offers a scenario: the parts, their years and implied rates."""

    dimension: str
    parts: tuple[str, ...]
    first_year: int
    last_year: int
    implied_pct: dict[str, float]
    start_sizes: pd.DataFrame  # index year, one column per part, in the order of parts
    total: pd.Series  # the source's total by year (stated or interpolated)
    reported: frozenset[tuple[str, int]]  # (segment, year) sizes stated by the source
    assumed: frozenset[tuple[str, int]] = frozenset()  # (segment, year) sizes analysts assumed

    def default_end(self) -> int:
        return self.last_year

    def assumed_years(self) -> tuple[int, int] | None:
        """The first and last year of the market total (or its parts) that are assumptions."""
        years = sorted({year for _, year in self.assumed})
        return (years[0], years[-1]) if years else None


def _read(
    figures: pd.DataFrame,
) -> tuple[
    dict[_Key, dict[int, float]], dict[_Key, dict[int, float]], dict[tuple[str, str, int], str]
]:
    """Stated sizes and shares by (dimension, segment) and year; each size row's basis."""
    sized: dict[_Key, dict[int, float]] = {}
    shares: dict[_Key, dict[int, float]] = {}
    basis: dict[tuple[str, str, int], str] = {}
    columns = ("dimension", "segment", "year", "metric", "value", "basis")
    for dimension, segment, year, metric, value, how in zip(
        *(figures[c].tolist() for c in columns), strict=True
    ):
        if not isinstance(year, int | np.integer) or not math.isfinite(value):
            continue
        key, year = (str(dimension), str(segment)), int(year)
        if metric == "size":
            sized.setdefault(key, {}).setdefault(year, float(value))
            basis.setdefault((*key, year), str(how))
        elif metric == "share":
            shares.setdefault(key, {}).setdefault(year, float(value))
    return sized, shares, basis


def _interpolated(points: dict[int, float]) -> dict[int, float]:
    """The stated points plus every year between two of them, at the rate they imply."""
    years = sorted(points)
    out = dict(points)
    for y0, y1 in itertools.pairwise(years):
        for year in range(y0 + 1, y1):
            value = between(points[y0], points[y1], (year - y0) / (y1 - y0))
            if not math.isnan(value):
                out[year] = value
    return out


def frame_of(figures: pd.DataFrame) -> Frame:
    """The scenario frame of a market's figures."""
    stated, shares, basis = _read(figures)
    sized = {key: _interpolated(points) for key, points in stated.items()}
    total = sized.get(_TOTAL, {})
    for (dimension, segment), by_year in shares.items():
        if dimension == TOTAL_DIMENSION:
            continue
        own = sized.setdefault((dimension, segment), {})
        for year, share in by_year.items():
            value = share / 100.0 * total[year] if year in total and year not in own else None
            if value is not None and math.isfinite(value):
                own[year] = value
    region_years = {y for (d, _), points in sized.items() if d == "region" for y in points}
    dimension = "region" if len(region_years) >= 2 else TOTAL_DIMENSION
    parts = {s: points for (d, s), points in sized.items() if d == dimension and points}
    years = sorted(set.intersection(*(set(p) for p in parts.values()))) if parts else []
    if not years:
        raise ValueError("the market has no sizes to project from")
    order = tuple(sorted(sorted(parts), key=lambda p: -parts[p][years[0]]))
    start = pd.DataFrame(
        np.array([[parts[p][y] for p in order] for y in years], dtype=float),
        index=pd.Index(np.array(years, dtype=np.int64), name="year"),
        columns=pd.Index(list(order), name="segment"),
    )
    implied = implied_rates(figures, dimension)
    named = [*((dimension, p) for p in parts), _TOTAL]

    def having(kind: str) -> frozenset[tuple[str, int]]:
        return frozenset(
            (s, y) for d, s in named for y in stated.get((d, s), {}) if basis[(d, s, y)] == kind
        )

    return Frame(
        dimension=dimension,
        parts=order,
        first_year=years[0],
        last_year=max(years[-1], max(total, default=0)),
        implied_pct={p: float(implied.get(p, 0.0)) for p in order},
        start_sizes=start,
        total=pd.Series(
            np.array([total[y] for y in sorted(total)], dtype=float),
            index=pd.Index(np.array(sorted(total), dtype=np.int64), name="year"),
        ),
        reported=having("reported"),
        assumed=having("assumed"),
    )


def coverage(frame: Frame) -> str:
    """Whose figures the frame's years are, in a sentence fragment (no final full stop)."""
    span = f"{frame.first_year}\u2013{frame.last_year}"
    assumed = frame.assumed_years()
    if assumed is None:
        return f"The source's figures run {span}"
    first, last = assumed
    if first == last:
        return f"The figures run {span}; {first} is an analyst's assumption, not the source's"
    return (
        f"The figures run {span}; {first}\u2013{last} are analysts' assumptions, not the source's"
    )


def is_assumed_year(frame: Frame, year: int) -> bool:
    """Whether the market's figure for ``year`` is an analyst's assumption."""
    return any(assumed_year == year for _, assumed_year in frame.assumed)

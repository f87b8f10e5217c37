"""Pure metrics: DataFrames in, new DataFrames out. No I/O, no widgets.

Every function here takes a figures table in the interchange format (columns of
:data:`pmdash.schema.COLUMNS`) or a frame derived from it, never mutates its
input, and marks every number it computes with ``basis="derived"``.

Every function is total on finite input: a number that cannot be computed (a
growth rate from a zero start, a size that would overflow a float) is NaN, never
an exception and never an infinity. Callers say "not computable" for NaN.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmdash.schema import COLUMNS, TOTAL_DIMENSION, TOTAL_SEGMENT, coerce_stored

_GROUP = ["market", "dimension", "segment"]
Floats = npt.NDArray[np.float64]


def finite_or_nan(value: float) -> float:
    """The value as a float, or NaN when it is infinite (or NaN already).

    >>> finite_or_nan(1e308 * 10), finite_or_nan(2.5)
    (nan, 2.5)
    """
    value = float(value)
    return value if math.isfinite(value) else math.nan


def cagr_pct(start: float, end: float, years: float) -> float:
    """Compound annual growth rate, percent a year; NaN when it cannot be computed.

    Not computable: a start that is not positive, a negative end, a period that is
    not positive, or a rate too large for a float.

    >>> round(cagr_pct(100.0, 121.0, 2), 6)
    10.0
    >>> cagr_pct(0.0, 121.0, 2)
    nan
    """
    if not (years > 0 and start > 0 and end >= 0) or not math.isfinite(years):
        return math.nan
    with np.errstate(all="ignore"):
        ratio = np.float64(end) / np.float64(start)
        rate = (np.power(ratio, 1.0 / np.float64(years)) - 1.0) * 100.0
    return finite_or_nan(float(rate))


@overload
def grow(start: float, rate_pct: float, years: float) -> float: ...
@overload
def grow(start: Floats, rate_pct: Floats | float, years: Floats | float) -> Floats: ...
def grow(start: Floats | float, rate_pct: Floats | float, years: Floats | float) -> Floats | float:
    """A value grown at a constant rate for some years: start · (1 + rate/100)^years.

    The one compounding formula of pmdash; takes floats or NumPy arrays (broadcast).
    NaN where the result would overflow, or where the rate is below −100 % a year.

    >>> round(grow(100.0, 10.0, 2), 6)
    121.0
    >>> grow(1.0, 1e300, 10)
    nan
    """
    with np.errstate(all="ignore"):
        base = 1.0 + np.asarray(rate_pct, dtype=float) / 100.0
        value = np.asarray(start, dtype=float) * np.power(np.where(base >= 0, base, np.nan), years)
        value = np.where(np.isfinite(value), value, np.nan)
    if value.ndim == 0:
        return float(value)
    return value


def median_of(values: pd.Series) -> float:
    """The median of the non-missing values; NaN when there are none. Never overflows.

    >>> median_of(pd.Series([1.7e308, 1.7e308])) == 1.7e308
    True
    """
    present = values.dropna().astype(float)
    if present.empty:
        return math.nan
    scale = float(present.abs().max()) or 1.0
    return finite_or_nan(float((present / scale).median()) * scale)


def between(v0: float, v1: float, t: float) -> float:
    """The value a fraction ``t`` of the way from ``v0`` to ``v1`` at a constant rate.

    Geometric when both ends are sizes (``v0`` > 0, ``v1`` ≥ 0), else linear; never
    overflows (v0^(1−t) · v1^t when v1/v0 would).

    >>> round(between(100.0, 121.0, 0.5), 6)
    110.0
    """
    if v0 > 0 and v1 >= 0:
        ratio = v1 / v0
        if math.isfinite(ratio):
            return finite_or_nan(v0 * ratio**t)
        return finite_or_nan(v0 ** (1.0 - t) * v1**t)
    return finite_or_nan(v0 * (1.0 - t) + v1 * t)


class YearSize(NamedTuple):
    """A publisher's size in one year, how it was obtained, and from which stated years."""

    value: float  # USD bn; NaN when not computable
    how: str  # "stated", "interpolated", "projected", or "" when not computable
    from_years: tuple[int, ...] = ()


def size_in_year(sizes: Mapping[int, float], year: int, rate_pct: float) -> YearSize:
    """One publisher's size in ``year`` from its stated sizes (year → USD bn).

    The one rule for a publisher's size in a year: stated when that year is sized;
    between two stated sizes, at the constant rate they imply; otherwise grown from
    the nearest stated size at ``rate_pct`` (NaN when there is none, or no rate).

    >>> found = size_in_year({2020: 100.0, 2022: 121.0}, 2021, math.nan)
    >>> round(found.value, 6), found.how, found.from_years
    (110.0, 'interpolated', (2020, 2022))
    >>> size_in_year({2020: 100.0}, 2022, 10.0).how
    'projected'
    """
    if year in sizes:
        found = YearSize(finite_or_nan(sizes[year]), "stated", (year,))
    else:
        before = [y for y in sizes if y < year]
        after = [y for y in sizes if y > year]
        if before and after:
            y0, y1 = max(before), min(after)
            value = between(sizes[y0], sizes[y1], (year - y0) / (y1 - y0))
            found = YearSize(value, "interpolated", (y0, y1))
        elif sizes and not math.isnan(rate_pct):
            anchor = min(sizes, key=lambda y: abs(y - year))
            found = YearSize(grow(sizes[anchor], rate_pct, year - anchor), "projected", (anchor,))
        else:
            return YearSize(math.nan, "")
    return found if not math.isnan(found.value) else YearSize(math.nan, "")


def implied_rate(
    sizes: Mapping[int, float], period: tuple[int, int] | None = None
) -> tuple[float, tuple[int, int] | None]:
    """The CAGR a publisher's stated sizes imply, and over which years.

    Over ``period`` when both its ends are sized, else over the first and last
    stated sizes; ``(nan, None)`` with fewer than two sizes.

    >>> rate, years = implied_rate({2020: 100.0, 2021: 105.0, 2022: 121.0})
    >>> round(rate, 6), years
    (10.0, (2020, 2022))
    """
    if period is not None and period[0] in sizes and period[1] in sizes and period[0] < period[1]:
        span = period
    elif len(sizes) >= 2:
        span = (min(sizes), max(sizes))
    else:
        return math.nan, None
    return cagr_pct(sizes[span[0]], sizes[span[1]], span[1] - span[0]), span


def sizes(figures: pd.DataFrame, dimension: str | None = None) -> pd.DataFrame:
    """The size rows, optionally of one dimension, sorted by segment and year."""
    rows = figures[figures["metric"] == "size"]
    if dimension is not None:
        rows = rows[rows["dimension"] == dimension]
    return rows.sort_values(["dimension", "segment", "year"]).reset_index(drop=True)


def _derived(rows: list[dict[str, object]]) -> pd.DataFrame:
    if not rows:
        return coerce_stored(pd.DataFrame(columns=list(COLUMNS)))
    return coerce_stored(pd.DataFrame(rows))


def interpolate_sizes(figures: pd.DataFrame) -> pd.DataFrame:
    """Sizes for every year between two stated sizes, at the constant rate they imply.

    Returns only the new rows (``basis="derived"``); years already sized are kept
    as they are. Between v0 in y0 and v1 in y1: v(y) = v0 · (v1/v0)^((y−y0)/(y1−y0))
    (see :func:`between`).
    """
    rows: list[dict[str, object]] = []
    for (market, dimension, segment), group in sizes(figures).groupby(_GROUP, sort=False):
        points = group.sort_values("year")[["year", "value", "source"]].to_numpy().tolist()
        for (y0, v0, source), (y1, v1, _) in itertools.pairwise(points):
            for year in range(int(y0) + 1, int(y1)):
                value = between(float(v0), float(v1), (year - y0) / (y1 - y0))
                if math.isnan(value):
                    continue
                rows.append(
                    {
                        "market": market, "dimension": dimension, "segment": segment,
                        "year": year, "metric": "size", "value": value, "basis": "derived",
                        "source": source,
                        "note": f"interpolated at the constant rate between {int(y0)} and {int(y1)}",
                    }
                )  # fmt: skip
    return _derived(rows)


def total_sizes(figures: pd.DataFrame) -> pd.Series:
    """The market total's size by year (a Series indexed by year)."""
    total = sizes(figures, TOTAL_DIMENSION)
    total = total[total["segment"] == TOTAL_SEGMENT]
    return pd.Series(total["value"].to_numpy(), index=total["year"].astype(int), name="size_usd_bn")


def sizes_from_shares(figures: pd.DataFrame) -> pd.DataFrame:
    """Sizes for segments that have only a share: share / 100 × the total that year.

    Returns only the new rows (``basis="derived"``); a size too large for a float
    is not derived.
    """
    rows = _against_total(figures, have="share", want="size")
    with np.errstate(all="ignore"):
        value = rows["value"] / 100.0 * rows["total"]
    keep = np.isfinite(value.to_numpy(dtype=float))
    rows, value = rows[keep], value[keep]
    note = [
        f"{v:g} % share × total size of {t:,.2f}"
        for v, t in zip(rows["value"], rows["total"], strict=True)
    ]
    return _derived_from(rows, "size", value, note)


def shares_from_sizes(figures: pd.DataFrame) -> pd.DataFrame:
    """Shares for segment sizes that have none: size / total size that year × 100.

    Returns only the new rows (``basis="derived"``); no share of a zero total.
    """
    rows = _against_total(figures, have="size", want="share")
    rows = rows[rows["total"] > 0]
    with np.errstate(all="ignore"):
        value = rows["value"] / rows["total"] * 100.0
    keep = np.isfinite(value.to_numpy(dtype=float))
    rows, value = rows[keep], value[keep]
    return _derived_from(rows, "share", value, ["segment size ÷ total size"] * len(rows))


def _against_total(figures: pd.DataFrame, have: str, want: str) -> pd.DataFrame:
    """Segment rows of metric ``have`` that lack metric ``want``, with that year's total."""
    totals = total_sizes(figures)
    totals = totals[~totals.index.duplicated()]
    rows = figures[(figures["metric"] == have) & (figures["dimension"] != TOTAL_DIMENSION)]
    key = ["market", "dimension", "segment", "year"]
    known = figures[figures["metric"] == want][key].drop_duplicates()
    rows = rows.merge(known, on=key, how="left", indicator=True)
    rows = rows[rows["_merge"] == "left_only"].drop(columns="_merge")
    rows = rows[rows["year"].astype(int).isin(totals.index)]
    return rows.assign(total=totals.reindex(rows["year"].astype(int)).to_numpy())


def _derived_from(
    rows: pd.DataFrame, metric: str, value: pd.Series, note: list[str]
) -> pd.DataFrame:
    out = rows[["market", "dimension", "segment", "year", "source"]].assign(
        metric=metric, value=value.to_numpy(), basis="derived", note=note
    )
    return coerce_stored(out).reset_index(drop=True)


def expand(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures plus every figure derivable from them, each derived one marked.

    Order matters: sizes are interpolated first (total included), then segment
    sizes are derived from shares, then shares from sizes.
    """
    stated = figures[figures["metric"].isin(["size", "share"])]
    step = pd.concat([stated, interpolate_sizes(stated)], ignore_index=True)
    step = pd.concat([step, sizes_from_shares(step)], ignore_index=True)
    step = pd.concat([step, shares_from_sizes(step)], ignore_index=True)
    rest = figures[~figures["metric"].isin(["size", "share"])]
    full = pd.concat([step, rest], ignore_index=True)
    return (
        coerce_stored(full)
        .sort_values(["dimension", "segment", "metric", "year"])
        .reset_index(drop=True)
    )


def shares_of_total(parts: pd.DataFrame, value: str = "value", by: str = "year") -> pd.Series:
    """Each part as a percent of the sum of the parts in its group (NaN when that sum is not positive).

    Scaled by the group's largest part first, so parts near the float limit still
    give finite shares.

    >>> shares_of_total(pd.DataFrame({"year": [1, 1], "value": [1.0, 3.0]})).tolist()
    [25.0, 75.0]
    """
    groups = parts.groupby(by)[value]
    scale = groups.transform(lambda v: v.abs().max())
    with np.errstate(all="ignore"):
        scaled = parts[value] / scale
        totals = scaled.groupby(parts[by]).transform("sum")
        shares = scaled / totals * 100.0
    return shares.where((totals > 0) & np.isfinite(shares))


def _reported_points(figures: pd.DataFrame, dimension: str) -> dict[str, dict[int, float]]:
    """Each segment's stated (``reported``) sizes of one dimension, year → value."""
    points: dict[str, dict[int, float]] = {}
    columns = ("dimension", "metric", "basis", "segment", "year", "value")
    for dim, metric, basis, segment, year, value in zip(
        *(figures[c].tolist() for c in columns), strict=True
    ):
        if dim == dimension and metric == "size" and basis == "reported" and year is not pd.NA:
            points.setdefault(str(segment), {}).setdefault(int(year), float(value))
    return points


def _first_last(points: dict[str, dict[int, float]]) -> list[tuple[str, int, int, float, float]]:
    spans = []
    for segment in sorted(points):
        by_year = points[segment]
        if len(by_year) >= 2:
            first, last = min(by_year), max(by_year)
            spans.append((segment, first, last, by_year[first], by_year[last]))
    return spans


def implied_rates(figures: pd.DataFrame, dimension: str) -> dict[str, float]:
    """Per segment: the CAGR implied by its first and last stated sizes (as :func:`implied_cagrs`).

    >>> table = pd.DataFrame({"dimension": "region", "segment": "A", "year": [2020, 2022],
    ...                       "metric": "size", "value": [100.0, 121.0], "basis": "reported"})
    >>> {k: round(v, 6) for k, v in implied_rates(table, "region").items()}
    {'A': 10.0}
    """
    return {
        segment: cagr_pct(start, end, last - first)
        for segment, first, last, start, end in _first_last(_reported_points(figures, dimension))
    }


def implied_cagrs(figures: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per segment: the CAGR implied by its first and last stated sizes (NaN if not computable)."""
    records = [
        (segment, first, last, start, end, cagr_pct(start, end, last - first))
        for segment, first, last, start, end in _first_last(_reported_points(figures, dimension))
    ]
    columns = ["segment", "start_year", "end_year", "start_usd_bn", "end_usd_bn", "cagr_pct"]
    return pd.DataFrame(records, columns=columns)


def yoy_growth(series: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth in percent for each segment of a (segment, year, value) frame.

    NaN for a segment's first year and wherever the growth cannot be computed.
    """
    ordered = series.sort_values(["segment", "year"]).reset_index(drop=True)
    previous = ordered.groupby("segment")["value"].shift(1).to_numpy(dtype=float)
    gap = (ordered["year"] - ordered.groupby("segment")["year"].shift(1)).to_numpy(dtype=float)
    value = ordered["value"].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        growth = (np.power(value / previous, 1.0 / gap) - 1.0) * 100.0
    ok = (previous > 0) & (value >= 0) & (gap > 0) & np.isfinite(growth)
    return ordered.assign(growth_pct=np.where(ok, growth, np.nan))


def sum_of_parts(figures: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per year: the parts' summed size against the total, and the difference.

    NaN where a sum or difference is too large for a float, or the total is zero.
    """
    parts = sizes(figures, dimension)
    totals = total_sizes(figures)
    totals = totals[~totals.index.duplicated()]
    summed = parts.groupby("year").agg(parts_usd_bn=("value", "sum"), parts=("segment", "nunique"))
    summed.index = summed.index.astype(int)
    out = summed.join(totals.rename("total_usd_bn"), how="inner").reset_index()
    with np.errstate(all="ignore"):
        out["difference_usd_bn"] = out["parts_usd_bn"] - out["total_usd_bn"]
        out["difference_pct"] = out["difference_usd_bn"] / out["total_usd_bn"] * 100.0
    numbers = ["parts_usd_bn", "difference_usd_bn", "difference_pct"]
    out[numbers] = out[numbers].where(np.isfinite(out[numbers].astype(float)))
    return out.rename(columns={"index": "year"})

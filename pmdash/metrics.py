"""Pure metrics: DataFrames in, new DataFrames out. No I/O, no widgets.

Every function here takes a figures table in the interchange format (columns of
:data:`pmdash.schema.COLUMNS`) or a frame derived from it, never mutates its
input, and marks every number it computes with ``basis="derived"``.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from pmdash.schema import COLUMNS, TOTAL_DIMENSION, TOTAL_SEGMENT, coerce_stored

_GROUP = ["market", "dimension", "segment"]


def cagr_pct(start: float, end: float, years: float) -> float:
    """Compound annual growth rate, percent a year.

    >>> round(cagr_pct(100.0, 121.0, 2), 6)
    10.0
    """
    if years <= 0:
        raise ValueError("years must be positive")
    if start <= 0 or end < 0:
        return math.nan
    return float(((end / start) ** (1.0 / years) - 1.0) * 100.0)


def grow(start: float, rate_pct: float, years: float) -> float:
    """A value grown at a constant rate for some years.

    >>> round(grow(100.0, 10.0, 2), 6)
    121.0
    """
    return float(start * (1.0 + rate_pct / 100.0) ** years)


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
    as they are. Between v0 in y0 and v1 in y1: v(y) = v0 · (v1/v0)^((y−y0)/(y1−y0)).
    """
    rows: list[dict[str, object]] = []
    for (market, dimension, segment), group in sizes(figures).groupby(_GROUP, sort=False):
        points = group.sort_values("year")[["year", "value", "source"]].to_numpy().tolist()
        for (y0, v0, source), (y1, v1, _) in itertools.pairwise(points):
            for year in range(int(y0) + 1, int(y1)):
                t = (year - y0) / (y1 - y0)
                value = v0 + (v1 - v0) * t if v0 <= 0 else v0 * (v1 / v0) ** t
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

    Returns only the new rows (``basis="derived"``).
    """
    rows = _against_total(figures, have="share", want="size")
    value = rows["value"] / 100.0 * rows["total"]
    note = [
        f"{v:g} % share × total size of {t:,.2f}"
        for v, t in zip(rows["value"], rows["total"], strict=True)
    ]
    return _derived_from(rows, "size", value, note)


def shares_from_sizes(figures: pd.DataFrame) -> pd.DataFrame:
    """Shares for segment sizes that have none: size / total size that year × 100.

    Returns only the new rows (``basis="derived"``).
    """
    rows = _against_total(figures, have="size", want="share")
    rows = rows[rows["total"] > 0]
    value = rows["value"] / rows["total"] * 100.0
    return _derived_from(rows, "share", value, ["segment size ÷ total size"] * len(rows))


def _against_total(figures: pd.DataFrame, have: str, want: str) -> pd.DataFrame:
    """Segment rows of metric ``have`` that lack metric ``want``, with that year's total."""
    totals = total_sizes(figures)
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
    """Each part as a percent of the sum of the parts in its group.

    >>> shares_of_total(pd.DataFrame({"year": [1, 1], "value": [1.0, 3.0]})).tolist()
    [25.0, 75.0]
    """
    totals = parts.groupby(by)[value].transform("sum")
    return (parts[value] / totals * 100.0).where(totals > 0)


def implied_cagrs(figures: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per segment: the CAGR implied by its first and last stated sizes."""
    stated = sizes(figures[figures["basis"] == "reported"], dimension)
    rows = []
    for segment, group in stated.groupby("segment", sort=False):
        if group["year"].nunique() < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        years = int(last["year"]) - int(first["year"])
        rows.append(
            {
                "segment": segment,
                "start_year": int(first["year"]),
                "end_year": int(last["year"]),
                "start_usd_bn": float(first["value"]),
                "end_usd_bn": float(last["value"]),
                "cagr_pct": cagr_pct(float(first["value"]), float(last["value"]), years),
            }
        )
    columns = ["segment", "start_year", "end_year", "start_usd_bn", "end_usd_bn", "cagr_pct"]
    return pd.DataFrame(rows, columns=columns)


def yoy_growth(series: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth in percent for each segment of a (segment, year, value) frame."""
    ordered = series.sort_values(["segment", "year"]).reset_index(drop=True)
    previous = ordered.groupby("segment")["value"].shift(1)
    gap = ordered["year"] - ordered.groupby("segment")["year"].shift(1)
    growth = ((ordered["value"] / previous) ** (1.0 / gap) - 1.0) * 100.0
    return ordered.assign(growth_pct=growth.astype(float))


def sum_of_parts(figures: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Per year: the parts' summed size against the total, and the difference."""
    parts = sizes(figures, dimension)
    totals = total_sizes(figures)
    summed = parts.groupby("year").agg(parts_usd_bn=("value", "sum"), parts=("segment", "nunique"))
    summed.index = summed.index.astype(int)
    out = summed.join(totals.rename("total_usd_bn"), how="inner").reset_index()
    out["difference_usd_bn"] = out["parts_usd_bn"] - out["total_usd_bn"]
    out["difference_pct"] = out["difference_usd_bn"] / out["total_usd_bn"] * 100.0
    return out.rename(columns={"index": "year"})


def segment_table(full: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One row per segment and year: size, share and the basis of each.

    ``full`` is an :func:`expand`-ed figures table.
    """
    rows = full[(full["dimension"] == dimension) & full["metric"].isin(["size", "share"])]
    key = ["segment", "year"]
    size = rows[rows["metric"] == "size"][[*key, "value", "basis", "source", "note"]].rename(
        columns={"value": "size_usd_bn", "basis": "size_basis", "note": "size_note"}
    )
    share = rows[rows["metric"] == "share"][[*key, "value", "basis", "source"]].rename(
        columns={"value": "share_pct", "basis": "share_basis", "source": "share_source"}
    )
    table = size.merge(share, on=key, how="outer")
    table["source"] = table["source"].fillna(table["share_source"])
    table = table.drop(columns=["share_source"])
    table["year"] = table["year"].astype(int)
    return table.sort_values(key).reset_index(drop=True)

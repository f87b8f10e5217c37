"""The market's headline numbers and its segments: KPIs, sized dimensions, segment views.

>>> kpis = headline_kpis(market, expand(market.figures), today_year=2026)  # doctest: +SKIP
>>> kpis.forecast_size_usd_bn  # doctest: +SKIP
1094.83
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pmdash.assumptions import effective_basis
from pmdash.formatting import source_label
from pmdash.metrics import cagr_pct, total_sizes
from pmdash.model import Market
from pmdash.schema import TOTAL_DIMENSION


@dataclass(frozen=True)
class Kpis:
    """The headline numbers of a market, as the overview shows them."""

    base_year: int | None
    base_size_usd_bn: float | None
    latest_year: int | None
    latest_size_usd_bn: float | None
    forecast_year: int | None
    forecast_size_usd_bn: float | None
    cagr_period: tuple[int, int] | None
    stated_cagr_pct: float | None
    implied_cagr_pct: float | None
    dominant_dimension: str | None
    dominant_segment: str | None
    dominant_share_pct: float | None

    @property
    def cagr_gap_pts(self) -> float | None:
        """Stated minus implied CAGR, in percentage points."""
        if self.stated_cagr_pct is None or self.implied_cagr_pct is None:
            return None
        return self.stated_cagr_pct - self.implied_cagr_pct


def headline_kpis(market: Market, full: pd.DataFrame, today_year: int) -> Kpis:
    """Base-year, latest and forecast size, stated vs implied CAGR, dominant region.

    The latest estimate is the last *reported* total size in a year up to
    ``today_year``; the implied CAGR is taken over the stated CAGR's own period
    (or base to forecast year when none is stated).
    """
    totals = total_sizes(full)
    reported = total_sizes(full[full["basis"] == "reported"])
    base = market.meta.base_year or (int(totals.index.min()) if len(totals) else None)
    end = market.meta.forecast_year or (int(totals.index.max()) if len(totals) else None)
    past = reported[reported.index <= today_year]
    latest = int(past.index.max()) if len(past) else None
    cagr = _stated_total_cagr(market.figures, end)
    period = (int(cagr["base_year"]), int(cagr["year"])) if cagr is not None else None
    if period is None and base is not None and end is not None and end > base:
        period = (base, end)
    implied = None
    if period is not None and period[0] in totals.index and period[1] in totals.index:
        value = cagr_pct(float(totals[period[0]]), float(totals[period[1]]), period[1] - period[0])
        implied = None if math.isnan(value) else value
    dimension, segment, share = _dominant(full, base)
    return Kpis(
        base_year=base,
        base_size_usd_bn=_at(totals, base),
        latest_year=latest,
        latest_size_usd_bn=_at(totals, latest),
        forecast_year=end,
        forecast_size_usd_bn=_at(totals, end),
        cagr_period=period,
        stated_cagr_pct=float(cagr["value"]) if cagr is not None else None,
        implied_cagr_pct=implied,
        dominant_dimension=dimension,
        dominant_segment=segment,
        dominant_share_pct=share,
    )


def _at(series: pd.Series, year: int | None) -> float | None:
    return float(series[year]) if year is not None and year in series.index else None


def _stated_total_cagr(figures: pd.DataFrame, end: int | None) -> pd.Series | None:
    rows = figures[
        (figures["dimension"] == TOTAL_DIMENSION)
        & (figures["metric"] == "cagr")
        & (figures["basis"] == "reported")
    ]
    if rows.empty:
        return None
    rows = rows.assign(ends_at_forecast=rows["year"] == end).sort_values(
        ["ends_at_forecast", "year"], ascending=False
    )
    return rows.iloc[0]


def _dominant(full: pd.DataFrame, year: int | None) -> tuple[str | None, str | None, float | None]:
    for dimension in ("region", *sorted(set(full["dimension"]) - {"region", TOTAL_DIMENSION})):
        shares = full[(full["dimension"] == dimension) & (full["metric"] == "share")]
        if shares.empty:
            continue
        at_year = shares[shares["year"] == year] if year is not None else shares
        if at_year.empty:
            at_year = shares[shares["year"] == shares["year"].min()]
        leader = at_year.sort_values("value", ascending=False).iloc[0]
        return dimension, str(leader["segment"]), float(leader["value"])
    return None, None, None


def sized_dimensions(full: pd.DataFrame) -> list[str]:
    """Dimensions (other than the total) with at least one size or share."""
    rows = full[full["metric"].isin(["size", "share"]) & (full["dimension"] != TOTAL_DIMENSION)]
    return sorted(set(rows["dimension"]))


def dimension_years(full: pd.DataFrame, dimension: str) -> list[int]:
    """The years a dimension has sizes or shares for (stated or derived), ascending."""
    rows = full[(full["dimension"] == dimension) & full["metric"].isin(["size", "share"])]
    return sorted({int(y) for y in rows["year"]})


def catalogue(market: Market, dimension: str) -> list[str]:
    """The dimension's segments in catalogue order (named, then any with figures)."""
    named = market.segments[market.segments["dimension"] == dimension]["segment"].tolist()
    sized = market.figures[market.figures["dimension"] == dimension]["segment"].tolist()
    return list(dict.fromkeys([*named, *sized]))


def segment_view(
    market: Market, full: pd.DataFrame, dimension: str, years: tuple[int, int]
) -> pd.DataFrame:
    """One row per segment and year in ``years`` (inclusive): size, share, basis, source.

    Basis is the shown basis (computed from an assumption counts as assumed).
    Rows follow the catalogue order; ``parent`` is the segment's parent (a
    country's region), when the catalogue names one.
    """
    columns = [
        "segment", "parent", "year", "size_usd_bn", "share_pct",
        "size_basis", "share_basis", "source", "note",
    ]  # fmt: skip
    rows = full[
        (full["dimension"] == dimension)
        & full["metric"].isin(["size", "share"])
        & full["year"].between(years[0], years[1])
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(basis=effective_basis(rows))
    size = rows[rows["metric"] == "size"].rename(
        columns={"value": "size_usd_bn", "basis": "size_basis", "note": "size_note"}
    )[["segment", "year", "size_usd_bn", "size_basis", "source", "size_note"]]
    share = rows[rows["metric"] == "share"].rename(
        columns={
            "value": "share_pct",
            "basis": "share_basis",
            "source": "share_source",
            "note": "share_note",
        }
    )[["segment", "year", "share_pct", "share_basis", "share_source", "share_note"]]
    table = size.merge(share, on=["segment", "year"], how="outer")
    table["source"] = table["source"].fillna(table["share_source"])
    table["note"] = table["size_note"].fillna(table["share_note"])
    labels = {s: publisher(market, s) for s in set(table["source"].dropna())}
    table["source"] = table["source"].map(lambda s: labels.get(s, s) if isinstance(s, str) else "")
    parents = _parents(market, dimension)
    table["parent"] = table["segment"].map(lambda s: parents.get(s, ""))
    order = {s: i for i, s in enumerate(catalogue(market, dimension))}
    table = table.assign(_order=table["segment"].map(order)).sort_values(["_order", "year"])
    table["year"] = table["year"].astype(int)
    return table[columns].reset_index(drop=True)


def publisher(market: Market, source: str) -> str:
    """A source as people name it, 'Cervicorn Consulting (2025)' (the id itself when
    unknown): :func:`pmdash.formatting.source_label` over the market's sources."""
    return source_label(source, market.sources.to_dict("records")) if source else ""


def _parents(market: Market, dimension: str) -> dict[str, str]:
    rows = market.segments[market.segments["dimension"] == dimension]
    return {str(s): str(p) for s, p in zip(rows["segment"], rows["parent"], strict=True) if p}


def unattributed(view: pd.DataFrame, full: pd.DataFrame, year: int) -> float | None:
    """The part of the total (USD bn) the dimension's segment sizes leave out in ``year``."""
    totals = total_sizes(full)
    if year not in totals.index:
        return None
    summed = float(view[view["year"] == year]["size_usd_bn"].fillna(0).sum())
    rest = float(totals[year]) - summed
    return rest if rest > 0.005 * float(totals[year]) else None

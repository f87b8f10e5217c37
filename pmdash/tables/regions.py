"""Regions (or any parent dimension): growth of each segment, the children it names."""

from __future__ import annotations

import math

import pandas as pd

from pmdash.metrics import implied_cagrs, yoy_growth
from pmdash.model import Market
from pmdash.tables.market import dimension_years, segment_view


def region_growth(market: Market, full: pd.DataFrame, dimension: str = "region") -> pd.DataFrame:
    """Per segment of ``dimension``: first and last size and share, implied CAGR, named children.

    ``trend_usd_bn`` holds the yearly sizes (for a sparkline); ``named`` the
    catalogue entries whose parent is the segment (a region's countries).
    """
    columns = [
        "segment", "start_year", "end_year", "start_usd_bn", "end_usd_bn",
        "start_share_pct", "end_share_pct", "share_change_pts", "cagr_pct",
        "trend_usd_bn", "named",
    ]  # fmt: skip
    years = dimension_years(full, dimension)
    if not years:
        return pd.DataFrame(columns=columns)
    view = segment_view(market, full, dimension, (years[0], years[-1]))
    rates = implied_cagrs(market.figures, dimension).set_index("segment")["cagr_pct"]
    children = named_children(market)
    rows = []
    for segment, group in view.groupby("segment", sort=False):
        sized = group.dropna(subset=["size_usd_bn"])
        first = sized.iloc[0] if len(sized) else group.iloc[0]
        last = sized.iloc[-1] if len(sized) else group.iloc[-1]
        rows.append(
            {
                "segment": segment,
                "start_year": int(first["year"]),
                "end_year": int(last["year"]),
                "start_usd_bn": first["size_usd_bn"],
                "end_usd_bn": last["size_usd_bn"],
                "start_share_pct": first["share_pct"],
                "end_share_pct": last["share_pct"],
                "share_change_pts": last["share_pct"] - first["share_pct"],
                "cagr_pct": float(rates[segment]) if segment in rates.index else math.nan,
                "trend_usd_bn": [float(v) for v in sized["size_usd_bn"]],
                "named": ", ".join(children.get(str(segment), [])),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def named_children(market: Market) -> dict[str, list[str]]:
    """Parent segment → the catalogue segments naming it as parent (a region's countries)."""
    rows = market.segments[market.segments["parent"] != ""]
    out: dict[str, list[str]] = {}
    for parent, child in zip(rows["parent"], rows["segment"], strict=True):
        out.setdefault(str(parent), []).append(str(child))
    return out


def growth_by_year(full: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Year-on-year growth (percent) of each segment's size, from the expanded figures."""
    rows = full[(full["dimension"] == dimension) & (full["metric"] == "size")]
    series = rows[["segment", "year", "value"]].assign(year=rows["year"].astype(int))
    grown = yoy_growth(series)
    return grown.dropna(subset=["growth_pct"]).reset_index(drop=True)

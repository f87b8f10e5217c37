"""Other publishers' market totals as a band behind a scenario's path."""

from __future__ import annotations

import math

import pandas as pd

from pmdash.metrics import implied_rate, size_in_year
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

BAND_COLUMNS = ("year", "low_usd_bn", "high_usd_bn", "publishers")


def publisher_rate(sizes: dict[int, float], stated: pd.DataFrame) -> float:
    """A publisher's growth, percent a year: its stated CAGR (earliest period), else implied.

    ``stated`` holds the publisher's ``cagr`` rows (interchange columns).
    """
    if not stated.empty:
        row = stated.sort_values(["year", "base_year"]).iloc[0]
        rate = float(row["value"])
        if not math.isnan(rate):
            return rate
    return implied_rate(sizes)[0]


def publisher_range(
    estimates: pd.DataFrame, years: range, quantiles: tuple[float, float] = (0.25, 0.75)
) -> pd.DataFrame:
    """Other publishers' market totals over ``years``: a band across their paths.

    Each publisher's size in each year follows :func:`pmdash.metrics.size_in_year`
    (stated; between two stated sizes; else grown from the nearest at
    :func:`publisher_rate`), the same rule as the Sources page's comparison. A
    publisher with no size, or one size and no rate, is left out. The band is the
    given quantiles across publishers (by default the middle half, so one publisher
    with a far broader scope does not swamp it).
    Columns: year, low_usd_bn, high_usd_bn, publishers.
    """
    paths: list[pd.Series] = []
    total = estimates[
        (estimates["dimension"] == TOTAL_DIMENSION) & (estimates["segment"] == TOTAL_SEGMENT)
    ]
    for _, rows in total.groupby("source", sort=True):
        sized = rows[rows["metric"] == "size"]
        points = {
            int(y): float(v)
            for y, v in zip(sized["year"].tolist(), sized["value"].tolist(), strict=True)
            if not math.isnan(v)
        }
        rate = publisher_rate(points, rows[rows["metric"] == "cagr"])
        if not points or (len(points) < 2 and math.isnan(rate)):
            continue
        paths.append(
            pd.Series({y: size_in_year(points, y, rate).value for y in years}, dtype=float)
        )
    if not paths:
        return pd.DataFrame(columns=list(BAND_COLUMNS))
    wide = pd.concat(paths, axis=1)
    # Quantiles of values scaled to ±1, then scaled back, so the interpolation between
    # two publishers near the float limit cannot overflow.
    scale = wide.abs().max(axis=1)
    scale = scale.where(scale > 0, 1.0)
    scaled = wide.div(scale, axis=0)
    return pd.DataFrame(
        {
            "year": list(years),
            "low_usd_bn": (scaled.quantile(quantiles[0], axis=1) * scale).to_numpy(),
            "high_usd_bn": (scaled.quantile(quantiles[1], axis=1) * scale).to_numpy(),
            "publishers": len(paths),
        }
    )

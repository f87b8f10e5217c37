"""TAM → SAM → SOM: the part of a projected market a business serves, and can obtain.

Pure: a projection (:func:`pmdash.scenarios.project`) and the analyst's settings in,
a table by year out.

- **TAM** (total addressable market) is the scenario's projected market total,
  computed from the report's figures.
- **SAM** (serviceable available market) keeps a percentage of each region (e.g.
  North America 100 %, Europe 50 %; regions not named are kept whole) and, where the
  report states shares of a breakdown such as end users, only the segments kept: the
  sum of their *reported* shares (from the latest year the report states them, held
  for every year; never an invented share). Regions and segments are taken as
  independent, so the segment filter applies alike in every region. The kept part of
  the regional split is applied to the total, so SAM equals TAM when everything is kept.
- **SOM** (serviceable obtainable market) is a share of SAM that ramps from a start
  percentage in the scenario's first year to an end percentage in its target year,
  along a straight line or an S-curve (a logistic curve, steepness
  :data:`S_STEEPNESS`, rescaled to run exactly from start to end).

Every percentage here is the analyst's assumption; each lies in 0–100, so
SOM ≤ SAM ≤ TAM in every year.

>>> ramp(1.0, 5.0, np.array([2024, 2026, 2028]), "linear").tolist()
[1.0, 3.0, 5.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
import pandas as pd

from pmdash.formatting import dimension_label, pct
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

Curve = Literal["linear", "s"]
CURVES: Final[dict[Curve, str]] = {"linear": "Linear", "s": "S-curve"}
CURVE_NOUNS: Final[dict[Curve, str]] = {"linear": "a straight line", "s": "an S-curve"}
S_STEEPNESS: Final = 10.0
DEFAULT_SOM_START_PCT: Final = 1.0
DEFAULT_SOM_END_PCT: Final = 5.0
# Breakdowns a segment filter may use: not the regions (kept by percentage), not the
# countries (nested inside regions), not the total.
NOT_FILTERS: Final = frozenset({TOTAL_DIMENSION, "region", "country"})
COLUMNS: Final = (
    "year", "tam_usd_bn", "sam_usd_bn", "som_usd_bn", "served_pct", "obtainable_pct",
)  # fmt: skip


@dataclass(frozen=True)
class ReportedShares:
    """The shares a report states for one breakdown in one year, percent."""

    dimension: str
    year: int
    shares_pct: dict[str, float]


@dataclass(frozen=True)
class FunnelSettings:
    """The analyst's funnel: regions served (percent), segments kept, the SOM ramp.

    ``region_pct``: (region, percent served) pairs, regions not named served whole;
    ``keep_dimension``/``keep_segments``: the breakdown filtered and the segments kept
    (none: no filter); ``year``: the year the funnel chart shows (``None``: the target).
    """

    region_pct: tuple[tuple[str, float], ...] = ()
    keep_dimension: str | None = None
    keep_segments: tuple[str, ...] = ()
    som_start_pct: float = DEFAULT_SOM_START_PCT
    som_end_pct: float = DEFAULT_SOM_END_PCT
    curve: Curve = "linear"
    year: int | None = None

    def served_pct(self, region: str) -> float:
        return dict(self.region_pct).get(region, 100.0)


@dataclass(frozen=True)
class Funnel:
    """The funnel by year (columns :data:`COLUMNS`) and what the segment filter kept."""

    table: pd.DataFrame
    filter_pct: float | None = None  # the kept segments' reported share, None: no filter
    filter_shares: ReportedShares | None = None
    kept: tuple[str, ...] = field(default=())

    def at(self, year: int) -> dict[str, float]:
        """One year's row as plain numbers (the last year if ``year`` is not in the table)."""
        rows = self.table[self.table["year"] == year]
        row = (rows if not rows.empty else self.table.tail(1)).iloc[0]
        return {column: float(row[column]) for column in COLUMNS}


def reported_shares(figures: pd.DataFrame) -> dict[str, ReportedShares]:
    """Each breakdown a segment filter may use, with the shares the report states.

    Only ``reported`` shares count (a computed or assumed share is never used to
    filter); each breakdown's latest year with reported shares is taken.
    """
    rows = figures[
        (figures["metric"] == "share")
        & (figures["basis"].fillna("reported") == "reported")
        & ~figures["dimension"].isin(NOT_FILTERS)
    ]
    found: dict[str, ReportedShares] = {}
    for dimension, group in rows.groupby("dimension", sort=True):
        year = int(group["year"].max())
        latest = group[group["year"] == year]
        shares = {
            str(s): float(v)
            for s, v in zip(latest["segment"], latest["value"], strict=True)
            if math.isfinite(float(v))
        }
        if shares:
            found[str(dimension)] = ReportedShares(str(dimension), year, shares)
    return found


def filter_pct(settings: FunnelSettings, shares: Mapping[str, ReportedShares]) -> float | None:
    """The share of the market the kept segments make up (capped at 100), or ``None``
    when no segment filter is set or the report states no shares for it."""
    if settings.keep_dimension is None or not settings.keep_segments:
        return None
    stated = shares.get(settings.keep_dimension)
    if stated is None:
        return None
    kept = sum(stated.shares_pct.get(s, 0.0) for s in settings.keep_segments)
    return min(max(kept, 0.0), 100.0)


def ramp(start_pct: float, end_pct: float, years: np.ndarray, curve: Curve) -> np.ndarray:
    """The obtainable share each year: ``start_pct`` in the first year to ``end_pct``
    in the last, straight or along the S-curve.

    >>> ramp(0.0, 10.0, np.array([2024, 2029, 2034]), "s").round(2).tolist()
    [0.0, 5.0, 10.0]
    """
    years = np.asarray(years, dtype=float)
    span = years.max() - years.min() if years.size else 0.0
    t = (years - years.min()) / span if span > 0 else np.ones_like(years)
    if curve == "s":
        low, high = _logistic(-S_STEEPNESS / 2), _logistic(S_STEEPNESS / 2)
        t = (_logistic(S_STEEPNESS * (t - 0.5)) - low) / (high - low)
    return np.asarray(start_pct + (end_pct - start_pct) * t, dtype=float)


def _logistic(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))), dtype=float)


def funnel_of(
    projection: pd.DataFrame,
    settings: FunnelSettings,
    shares: Mapping[str, ReportedShares] | None = None,
) -> Funnel:
    """TAM, SAM and SOM by year for a projection (segment ``All`` is the total, the
    other segments its regions).

    >>> projection = pd.DataFrame({"segment": ["All", "All", "EU", "EU", "US", "US"],
    ...     "year": [2024, 2025] * 3, "size_usd_bn": [100.0, 120.0, 40.0, 50.0, 60.0, 70.0]})
    >>> found = funnel_of(projection, FunnelSettings((("EU", 50.0),), som_start_pct=10.0,
    ...                som_end_pct=20.0))
    >>> found.at(2025)
    {'year': 2025.0, 'tam_usd_bn': 120.0, 'sam_usd_bn': 95.0, 'som_usd_bn': 19.0, 'served_pct': 79.16666666666666, 'obtainable_pct': 20.0}
    """
    shares = shares or {}
    total = projection[projection["segment"] == TOTAL_SEGMENT].sort_values("year")
    years = total["year"].to_numpy(dtype=np.int64)
    tam = total["size_usd_bn"].to_numpy(dtype=float)
    parts = projection[projection["segment"] != TOTAL_SEGMENT]
    if parts.empty:
        kept_fraction = np.full(len(years), _fraction(settings.served_pct(TOTAL_SEGMENT)))
    else:
        sizes = parts.pivot_table(index="year", columns="segment", values="size_usd_bn")
        sizes = sizes.reindex(years)
        weights = np.array([_fraction(settings.served_pct(str(c))) for c in sizes.columns])
        values = sizes.to_numpy(dtype=float)
        with np.errstate(all="ignore"):
            kept_fraction = (values * weights).sum(axis=1) / values.sum(axis=1)
        kept_fraction = np.clip(np.nan_to_num(kept_fraction, nan=0.0), 0.0, 1.0)
    segment_pct = filter_pct(settings, shares)
    segment_fraction = 1.0 if segment_pct is None else segment_pct / 100.0
    sam = tam * kept_fraction * segment_fraction
    obtainable = np.clip(
        ramp(settings.som_start_pct, settings.som_end_pct, years, settings.curve), 0.0, 100.0
    )
    som = sam * (obtainable / 100.0)  # a factor ≤ 1, so SOM ≤ SAM in floating point too
    with np.errstate(all="ignore"):
        served = np.where(tam > 0, sam / tam * 100.0, np.nan)
    table = pd.DataFrame(
        {
            "year": years,
            "tam_usd_bn": tam,
            "sam_usd_bn": sam,
            "som_usd_bn": som,
            "served_pct": served,
            "obtainable_pct": obtainable,
        }
    )
    stated = shares.get(settings.keep_dimension or "") if segment_pct is not None else None
    kept = tuple(s for s in settings.keep_segments if stated and s in stated.shares_pct)
    return Funnel(table, segment_pct, stated, kept)


def _fraction(pct: float) -> float:
    return min(max(pct, 0.0), 100.0) / 100.0 if math.isfinite(pct) else 0.0


def assumptions(
    settings: FunnelSettings, found: Funnel, parts: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The funnel's assumptions as (what, value) rows, each saying where it comes from.

    >>> rows = assumptions(FunnelSettings((("EU", 50.0),)), Funnel(pd.DataFrame(
    ...     {"year": [2024, 2034]})), ("US", "EU"))
    >>> rows[2]
    ('Served, EU', '50.0 % (assumed)')
    """
    years = found.table["year"]
    first, last = (int(years.min()), int(years.max())) if len(years) else (0, 0)
    rows = [("TAM", "the scenario's projected market, computed from the report")]
    rows += [
        (f"Served, {part}", f"{pct(settings.served_pct(part))} (assumed)")
        for part in (parts or (TOTAL_SEGMENT,))
    ]
    if found.filter_shares is not None and found.filter_pct is not None:
        stated = found.filter_shares
        kept = " + ".join(f"{s} {pct(stated.shares_pct[s])}" for s in found.kept)
        rows.append(
            (
                f"Kept, {dimension_label(stated.dimension).lower()}",
                f"{kept} = {pct(found.filter_pct)} (reported shares, {stated.year})",
            )
        )
    rows.append(
        (
            "Obtainable share of SAM",
            f"{pct(settings.som_start_pct)} in {first} → {pct(settings.som_end_pct)} in {last}, "
            f"along {CURVE_NOUNS[settings.curve]} (assumed)",
        )
    )
    return rows

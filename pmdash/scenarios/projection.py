"""Projecting a scenario: grow each part at its own rate from the start year to the target.

Each part starts from its size in the start year (stated or interpolated) and grows
at its rate: a per-part override, else the scenario's global rate, else the rate
its own stated endpoints imply. The total is the sum of the parts; shares follow.
An optional one-off shock scales every part from the shock year on. With no rate
and no shock the projection is the source's own: the total is the stated (or
interpolated) total wherever the source has one.

Total on finite input: a size too large for a float is NaN ("not computable").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pmdash.metrics import Floats, grow
from pmdash.scenarios.frame import Frame, frame_of
from pmdash.scenarios.model import Scenario
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

COLUMNS = ("segment", "year", "size_usd_bn", "share_pct", "basis")


def rates_for(frame: Frame, scenario: Scenario) -> dict[str, float]:
    """Each part's growth rate under the scenario, percent a year."""
    overrides = scenario.overrides
    return {
        part: overrides.get(
            part, scenario.cagr_pct if scenario.cagr_pct is not None else frame.implied_pct[part]
        )
        for part in frame.parts
    }


def years_of(frame: Frame, scenario: Scenario) -> tuple[int, int]:
    """The scenario's (start, end) years, defaults filled in."""
    start = scenario.start_year if scenario.start_year is not None else frame.first_year
    end = scenario.end_year if scenario.end_year is not None else frame.default_end()
    return start, end


def pinned(scenario: Scenario, frame: Frame) -> Scenario:
    """The scenario with its start and target years written out (same projection)."""
    start, end = years_of(frame, scenario)
    return replace(scenario, start_year=start, end_year=end)


def as_reported(scenario: Scenario, frame: Frame) -> Scenario:
    """The source's own path from its first year to the scenario's target year."""
    return Scenario("reported", start_year=frame.first_year, end_year=years_of(frame, scenario)[1])


def _shares(values: Floats) -> Floats:
    """Each row's percent of its column's sum, scaled first so that no sum overflows."""
    with np.errstate(all="ignore"):
        scaled = values / np.abs(values).max(axis=0, initial=0.0)
        summed = scaled.sum(axis=0)
        shares = scaled / summed * 100.0
    return np.where((summed > 0) & np.isfinite(shares), shares, np.nan)


def project(figures: pd.DataFrame, scenario: Scenario, frame: Frame | None = None) -> pd.DataFrame:
    """Projected sizes by part and year, plus the total as segment ``All``.

    Columns: segment, year, size_usd_bn, share_pct, basis (``reported``, ``assumed``
    by an analyst, ``derived``, ``scenario`` or ``extrapolated`` past the last year).
    """
    frame = frame or frame_of(figures)
    start, end = years_of(frame, scenario)
    if start not in frame.start_sizes.index:
        raise ValueError(f"no sizes for every part in {start}")
    if end <= start:
        raise ValueError("the target year must be after the start year")
    rates = rates_for(frame, scenario)
    years = np.arange(start, end + 1, dtype=np.int64)
    base = frame.start_sizes.to_numpy(dtype=float)[frame.start_sizes.index.get_loc(start)]
    rate = np.array([rates[p] for p in frame.parts], dtype=float)
    sizes = grow(base[:, None], rate[:, None], (years - start)[None, :].astype(float))
    if scenario.shock_year is not None and scenario.shock_pct:
        sizes = np.where(years >= scenario.shock_year, grow(sizes, scenario.shock_pct, 1.0), sizes)
    with np.errstate(all="ignore"):
        total = sizes.sum(axis=0)
    total = np.where(np.isfinite(total), total, np.nan)
    if scenario.is_as_reported():
        stated = frame.total.reindex(years).to_numpy(dtype=float)
        total = np.where(np.isnan(stated), total, stated)
    segments = [TOTAL_SEGMENT]
    size_rows, share_rows = [total], [np.full(len(years), 100.0)]
    if frame.dimension != TOTAL_DIMENSION:
        segments += list(frame.parts)
        size_rows += list(sizes)
        share_rows += list(_shares(sizes))
    year_list = years.tolist()
    return pd.DataFrame(
        {
            "segment": [s for s in segments for _ in year_list],
            "year": np.tile(years, len(segments)),
            "size_usd_bn": np.concatenate(size_rows),
            "share_pct": np.concatenate(share_rows),
            "basis": [_basis(frame, scenario, s, y) for s in segments for y in year_list],
        }
    )


def _basis(frame: Frame, scenario: Scenario, segment: str, year: int) -> str:
    if year > frame.last_year:
        return "extrapolated"
    if not scenario.is_as_reported():
        return "scenario"
    if (segment, year) in frame.reported:
        return "reported"
    return "assumed" if (segment, year) in frame.assumed else "derived"


def target_total(projection: pd.DataFrame) -> float:
    """The total in the projection's last year."""
    total = projection[projection["segment"] == TOTAL_SEGMENT]
    return float(total.sort_values("year")["size_usd_bn"].iloc[-1])


def sensitivity(
    figures: pd.DataFrame, scenario: Scenario, delta_pct: float = 1.0, frame: Frame | None = None
) -> pd.DataFrame:
    """Target-year total when each part's rate moves by ±``delta_pct`` points."""
    frame = frame or frame_of(figures)
    rates = rates_for(frame, scenario)
    # The centre is the scenario's own target total, so the tornado meets the headline KPI.
    base = target_total(project(figures, scenario, frame))
    rows = []
    for part in frame.parts:
        low = _explicit(scenario, {**rates, part: rates[part] - delta_pct})
        high = _explicit(scenario, {**rates, part: rates[part] + delta_pct})
        rows.append(
            {
                "segment": part,
                "low_usd_bn": target_total(project(figures, low, frame)),
                "base_usd_bn": base,
                "high_usd_bn": target_total(project(figures, high, frame)),
            }
        )
    out = pd.DataFrame(rows)
    with np.errstate(all="ignore"):
        swing = out["high_usd_bn"] - out["low_usd_bn"]
    out["swing_usd_bn"] = swing.where(np.isfinite(swing))
    return out.sort_values("swing_usd_bn").reset_index(drop=True)


def _explicit(scenario: Scenario, rates: dict[str, float]) -> Scenario:
    return replace(
        scenario, cagr_pct=None, segment_cagr_pct=tuple(sorted(rates.items())), preset="custom"
    )

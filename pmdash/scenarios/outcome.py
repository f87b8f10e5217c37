"""A scenario's results in a few numbers: its outcome, the parts' table, a comparison."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pmdash.metrics import cagr_pct, finite_or_nan
from pmdash.scenarios.frame import Frame
from pmdash.scenarios.model import PRESET_LABELS, Scenario
from pmdash.scenarios.projection import as_reported, project, target_total, years_of
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT


@dataclass(frozen=True)
class Outcome:
    """The headline numbers of a scenario: its target-year total against "As reported"."""

    start_year: int
    end_year: int
    last_year: int  # the source's last year; later years are extrapolated
    start_usd_bn: float
    end_usd_bn: float
    reported_usd_bn: float  # "As reported" in the target year
    cagr_pct: float  # the total's effective growth, start to target year

    @property
    def delta_usd_bn(self) -> float:
        return finite_or_nan(self.end_usd_bn - self.reported_usd_bn)

    @property
    def delta_pct(self) -> float:
        """The change against "As reported", percent; NaN when that is zero or not computable."""
        if not self.reported_usd_bn:
            return math.nan
        return finite_or_nan(self.delta_usd_bn / self.reported_usd_bn * 100.0)

    @property
    def extrapolated(self) -> bool:
        return self.end_year > self.last_year


def outcome(
    figures: pd.DataFrame,
    scenario: Scenario,
    frame: Frame,
    *,
    projection: pd.DataFrame | None = None,
    baseline: pd.DataFrame | None = None,
) -> Outcome:
    """Target-year total, the as-reported total for the same year, the effective CAGR.

    ``projection`` (of ``scenario``) and ``baseline`` (of ``as_reported(scenario)``) save
    projecting again when the caller has them.
    """
    if projection is None:
        projection = project(figures, scenario, frame)
    if baseline is None:
        baseline = project(figures, as_reported(scenario, frame), frame)
    start, end = years_of(frame, scenario)
    total = projection[projection["segment"] == TOTAL_SEGMENT].set_index("year")["size_usd_bn"]
    first, last = float(total[start]), float(total[end])
    return Outcome(
        start_year=start,
        end_year=end,
        last_year=frame.last_year,
        start_usd_bn=first,
        end_usd_bn=last,
        reported_usd_bn=target_total(baseline),
        cagr_pct=cagr_pct(first, last, end - start),
    )


def region_table(projection: pd.DataFrame) -> pd.DataFrame:
    """Per part: size and share in the first and last year of a projection, and growth.

    Columns: segment, start_usd_bn, end_usd_bn, start_share_pct, end_share_pct,
    share_change_pts, cagr_pct; the parts in projection order, the total excluded.
    """
    parts = projection[projection["segment"] != TOTAL_SEGMENT]
    if parts.empty:
        parts = projection
    first, last = int(parts["year"].min()), int(parts["year"].max())
    start = parts[parts["year"] == first].set_index("segment")
    end = parts[parts["year"] == last].set_index("segment")
    out = pd.DataFrame(
        {
            "start_usd_bn": start["size_usd_bn"],
            "end_usd_bn": end["size_usd_bn"],
            "start_share_pct": start["share_pct"],
            "end_share_pct": end["share_pct"],
        }
    )
    out["share_change_pts"] = out["end_share_pct"] - out["start_share_pct"]
    out["cagr_pct"] = [
        cagr_pct(a, b, last - first)
        for a, b in zip(out["start_usd_bn"], out["end_usd_bn"], strict=True)
    ]
    return out.rename_axis("segment").reset_index()


def compare(figures: pd.DataFrame, named: dict[str, Scenario], frame: Frame) -> pd.DataFrame:
    """Several scenarios side by side: one row each, in the order given.

    Columns: name, preset, start_year, end_year, end_usd_bn, reported_usd_bn,
    delta_usd_bn, delta_pct, cagr_pct, then one ``<part>_usd_bn`` column per part.
    """
    rows: list[dict[str, object]] = []
    for name, scenario in named.items():
        projection = project(figures, scenario, frame)
        result = outcome(figures, scenario, frame, projection=projection)
        last = projection[projection["year"] == result.end_year].set_index("segment")["size_usd_bn"]
        row: dict[str, object] = {
            "name": name,
            "preset": PRESET_LABELS[scenario.preset],
            "start_year": result.start_year,
            "end_year": result.end_year,
            "end_usd_bn": result.end_usd_bn,
            "reported_usd_bn": result.reported_usd_bn,
            "delta_usd_bn": result.delta_usd_bn,
            "delta_pct": result.delta_pct,
            "cagr_pct": result.cagr_pct,
        }
        if frame.dimension != TOTAL_DIMENSION:
            row.update({f"{part}_usd_bn": float(last[part]) for part in frame.parts})
        rows.append(row)
    return pd.DataFrame(rows)

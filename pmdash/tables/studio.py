"""What the scenario studio shows, as plain values: results, region rows, comparisons,
and the rules its controls follow when one value moves (years, shock, preset, rates).

Pure functions over :mod:`pmdash.scenarios`; :mod:`pmdash.ui.studio` only draws them.
The browser-side studio (``pmdash/ui/studio_island/studio.js``) moves its controls by
the same rules; ``tests/test_studio_island.py`` runs both on the same cases.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pmdash.formatting import delta_usd_bn, pct, usd_bn
from pmdash.scenarios import (
    SHOCK_LIMITS_PCT,
    Frame,
    Outcome,
    Scenario,
    as_reported,
    compare,
    outcome,
    project,
    region_table,
    years_of,
)

# What the shock toggle starts from: a 10 % fall, three years after the start year.
DEFAULT_SHOCK_PCT = -10.0
DEFAULT_SHOCK_DELAY_YEARS = 3


@dataclass(frozen=True)
class Results:
    """Everything the studio shows for one scenario."""

    projection: pd.DataFrame
    reported: pd.DataFrame  # "As reported" up to the same target year
    outcome: Outcome
    reported_cagr_pct: float


def reported_path(figures: pd.DataFrame, frame: Frame, end_year: int) -> tuple[pd.DataFrame, float]:
    """ "As reported" to ``end_year`` and its growth: the same for every rate a slider sets."""
    baseline = as_reported(Scenario(end_year=end_year), frame)
    return project(figures, baseline, frame), outcome(figures, baseline, frame).cagr_pct


def results_of(
    figures: pd.DataFrame,
    scenario: Scenario,
    frame: Frame,
    reported: tuple[pd.DataFrame, float] | None = None,
) -> Results:
    """The scenario's projection and outcome beside "As reported" to the same year.

    ``reported`` is :func:`reported_path` to the scenario's target year, when the
    caller has it already.
    """
    path, reported_cagr = reported or reported_path(figures, frame, years_of(frame, scenario)[1])
    projection = project(figures, scenario, frame)
    found = outcome(figures, scenario, frame, projection=projection, baseline=path)
    return Results(projection, path, found, reported_cagr)


def region_rows(results: Results) -> pd.DataFrame:
    """:func:`~pmdash.scenarios.region_table` of the scenario, with each region's
    "As reported" target-year size and the difference from it.

    Columns: those of ``region_table``, then ``reported_usd_bn`` and ``delta_usd_bn``.
    """
    table = region_table(results.projection)
    reported = region_table(results.reported).set_index("segment")["end_usd_bn"]
    table = table.assign(reported_usd_bn=table["segment"].map(reported))
    return table.assign(delta_usd_bn=table["end_usd_bn"] - table["reported_usd_bn"])


def comparison_paths(
    figures: pd.DataFrame, named: dict[str, Scenario], frame: Frame
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """ "As reported" to the latest target year among ``named``, and each scenario's path."""
    end = max(s.end_year or frame.last_year for s in named.values())
    reported = project(
        figures, Scenario("reported", start_year=frame.first_year, end_year=end), frame
    )
    return reported, {name: project(figures, s, frame) for name, s in named.items()}


def comparison_table(
    figures: pd.DataFrame, named: dict[str, Scenario], frame: Frame
) -> pd.DataFrame:
    """:func:`~pmdash.scenarios.compare` as people read it: one row a scenario, text cells.

    Columns: Scenario, Preset, Years, Market, target year, vs As reported, Growth a
    year, then one column per region.
    """
    table = compare(figures, named, frame)
    return pd.DataFrame(
        {
            "Scenario": table["name"],
            "Preset": table["preset"],
            "Years": [
                f"{a}–{b}" for a, b in zip(table["start_year"], table["end_year"], strict=True)
            ],
            "Market, target year": [usd_bn(v) for v in table["end_usd_bn"]],
            "vs As reported": [
                f"{delta_usd_bn(d)} ({pct(p, signed=True)})"
                for d, p in zip(table["delta_usd_bn"], table["delta_pct"], strict=True)
            ],
            "Growth a year": [pct(v, 2) for v in table["cagr_pct"]],
            **{
                part: [usd_bn(v) for v in table[f"{part}_usd_bn"]]
                for part in frame.parts
                if f"{part}_usd_bn" in table
            },
        }
    )


def with_years(scenario: Scenario, start_year: int, end_year: int) -> Scenario:
    """New start and target years: the target at least a year after the start, and a
    shock moved inside ``start < year <= end`` (the rule :mod:`pmdash.urlstate` applies).

    >>> with_years(Scenario(shock_year=2030, shock_pct=-5.0), 2026, 2026).shock_year
    2027
    """
    end = max(end_year, start_year + 1)
    shock = scenario.shock_year
    if shock is not None and not start_year < shock <= end:
        shock = min(max(shock, start_year + 1), end)
    return replace(scenario, start_year=start_year, end_year=end, shock_year=shock)


def with_shock(scenario: Scenario, on: bool, year: int | None, size_pct: float | None) -> Scenario:
    """The shock toggle and its two sliders applied to a pinned scenario.

    Off clears the shock. On, a missing year or size falls back to the defaults
    (:data:`DEFAULT_SHOCK_DELAY_YEARS` after the start, :data:`DEFAULT_SHOCK_PCT`); the
    year is kept inside ``start < year <= end`` and the size inside the shock limits.
    """
    if not on:
        return replace(scenario, shock_year=None, shock_pct=0.0)
    start, end = scenario.start_year, scenario.end_year
    if start is None or end is None:
        raise ValueError("with_shock needs a scenario with both years set (see scenarios.pinned)")
    chosen = year or min(start + DEFAULT_SHOCK_DELAY_YEARS, end)
    chosen = min(max(chosen, start + 1), end)
    low, high = SHOCK_LIMITS_PCT
    size = min(max(size_pct or DEFAULT_SHOCK_PCT, low), high)
    return replace(scenario, shock_year=chosen, shock_pct=size, preset="custom")


def with_preset(scenario: Scenario, chosen: Scenario) -> Scenario:
    """A preset's growth assumptions, keeping the target year the user set when it
    still comes after the preset's start year."""
    end = scenario.end_year
    keep = end is not None and end > (chosen.start_year or 0)
    return replace(chosen, end_year=end if keep else chosen.end_year)

"""The studio's presets: the scenarios a market's own figures and other publishers suggest."""

from __future__ import annotations

import pandas as pd

from pmdash.metrics import median_of
from pmdash.scenarios.frame import Frame, frame_of
from pmdash.scenarios.model import PRESET_DELTA_PCT, PRESETS, PresetName, Scenario
from pmdash.scenarios.projection import pinned
from pmdash.schema import TOTAL_DIMENSION


def stated_headline(figures: pd.DataFrame) -> tuple[int, int, float] | None:
    """The total's stated CAGR as (base_year, year, cagr_pct); the latest period wins."""
    rows = figures[
        (figures["dimension"] == TOTAL_DIMENSION)
        & (figures["metric"] == "cagr")
        & (figures["basis"] == "reported")
    ].sort_values(["year", "base_year"])
    if rows.empty:
        return None
    row = rows.iloc[-1]
    return int(row["base_year"]), int(row["year"]), float(row["value"])


def consensus_cagr(estimates: pd.DataFrame) -> float | None:
    """The median of other publishers' stated CAGRs for the total, percent a year."""
    rows = estimates[(estimates["metric"] == "cagr") & (estimates["dimension"] == TOTAL_DIMENSION)]
    return None if rows.empty else median_of(rows["value"])


def preset(
    name: PresetName,
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None = None,
    frame: Frame | None = None,
) -> Scenario | None:
    """The scenario a preset stands for, or ``None`` when the market cannot offer it.

    - reported: each part at the rate its own endpoints imply;
    - headline: the stated total CAGR for every part, from the stated base year;
    - conservative / optimistic: each part's implied rate −/+ 2 points;
    - consensus: the median of other publishers' stated CAGRs for every part.
    """
    frame = frame or frame_of(figures)
    if name == "reported":
        return Scenario()
    if name == "headline":
        headline = stated_headline(figures)
        if headline is None or headline[0] not in frame.start_sizes.index:
            return None
        start, end, rate = headline
        return Scenario("headline", start_year=start, end_year=end, cagr_pct=rate)
    if name in ("conservative", "optimistic"):
        sign = -1.0 if name == "conservative" else 1.0
        rates = {p: round(r + sign * PRESET_DELTA_PCT, 2) for p, r in frame.implied_pct.items()}
        return Scenario(name, segment_cagr_pct=tuple(sorted(rates.items())))
    if name == "consensus":
        median = consensus_cagr(estimates) if estimates is not None else None
        return None if median is None else Scenario("consensus", cagr_pct=median)
    return None


def available_presets(
    figures: pd.DataFrame, estimates: pd.DataFrame | None, frame: Frame
) -> dict[PresetName, Scenario]:
    """Every preset the market can offer, years pinned, in :data:`PRESETS` order."""
    found: dict[PresetName, Scenario] = {}
    for name in PRESETS:
        scenario = preset(name, figures, estimates, frame)
        if scenario is not None:
            found[name] = pinned(scenario, frame)
    return found

"""The studio's presets: the scenarios a market's own figures and other publishers suggest."""

from __future__ import annotations

import pandas as pd

from pmdash.model import Market
from pmdash.scenarios.frame import Frame, frame_of
from pmdash.scenarios.model import PRESET_DELTA_PCT, PRESET_LABELS, PRESETS, PresetName, Scenario
from pmdash.scenarios.projection import pinned
from pmdash.schema import TOTAL_DIMENSION, empty_figures
from pmdash.triangulation import Consensus, triangulation_of


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


def consensus_of(
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None,
    sources: pd.DataFrame | None,
    primary_source: str = "",
) -> Consensus:
    """The Consensus rate by the triangulation rules (:mod:`pmdash.triangulation`): the
    median of the rates (stated, else implied) of other publishers of the market's own
    scope, or why there is none. Without ``sources`` no scope is known, so none."""
    if estimates is None or sources is None:
        return Consensus(
            None, (), "Consensus is not offered: the publishers' scopes are not given."
        )
    return triangulation_of(figures, estimates, sources, primary_source).consensus


def consensus_cagr(
    estimates: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    primary_source: str = "",
    figures: pd.DataFrame | None = None,
) -> float | None:
    """The Consensus rate, percent a year (see :func:`consensus_of`), or ``None``."""
    own = empty_figures() if figures is None else figures
    return consensus_of(own, estimates, sources, primary_source).cagr_pct


def preset(
    name: PresetName,
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None = None,
    frame: Frame | None = None,
    *,
    sources: pd.DataFrame | None = None,
    primary_source: str = "",
) -> Scenario | None:
    """The scenario a preset stands for, or ``None`` when the market cannot offer it
    (:func:`unavailable_presets` says why).

    - reported: each part at the rate its own endpoints imply;
    - headline: the stated total CAGR for every part, from the stated base year;
    - conservative / optimistic: each part's implied rate −/+ 2 points;
    - consensus: for every part, the median rate of the other publishers of the
      market's own scope (``sources`` and ``primary_source`` say which those are),
      offered only when there are at least two.
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
        median = consensus_of(figures, estimates, sources, primary_source).cagr_pct
        return None if median is None else Scenario("consensus", cagr_pct=median)
    return None


def available_presets(
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None,
    frame: Frame,
    *,
    sources: pd.DataFrame | None = None,
    primary_source: str = "",
) -> dict[PresetName, Scenario]:
    """Every preset the market can offer, years pinned, in :data:`PRESETS` order."""
    found: dict[PresetName, Scenario] = {}
    for name in PRESETS:
        scenario = preset(
            name, figures, estimates, frame, sources=sources, primary_source=primary_source
        )
        if scenario is not None:
            found[name] = pinned(scenario, frame)
    return found


def presets_of(
    market: Market, frame: Frame | None = None
) -> tuple[dict[PresetName, Scenario], dict[PresetName, str]]:
    """A market's presets (:func:`available_presets`) and the reasons for the ones it
    cannot offer (:func:`unavailable_presets`), its sources and primary source passed on:
    what the studio and ``pmdash project --preset`` need in one call."""
    frame = frame or frame_of(market.figures)
    sources, primary = market.sources, market.meta.primary_source
    return (
        available_presets(
            market.figures, market.estimates, frame, sources=sources, primary_source=primary
        ),
        unavailable_presets(
            market.figures, market.estimates, frame, sources=sources, primary_source=primary
        ),
    )


def unavailable_presets(
    figures: pd.DataFrame,
    estimates: pd.DataFrame | None,
    frame: Frame,
    *,
    sources: pd.DataFrame | None = None,
    primary_source: str = "",
) -> dict[PresetName, str]:
    """Each preset the market cannot offer, with the reason in one sentence.

    >>> unavailable_presets(figures, None, frame)["consensus"]  # doctest: +SKIP
    'Consensus is not offered: the publishers\' scopes are not given.'
    """
    reasons: dict[PresetName, str] = {}
    for name in PRESETS:
        offered = preset(
            name, figures, estimates, frame, sources=sources, primary_source=primary_source
        )
        if name == "custom" or offered is not None:
            continue
        if name == "consensus":
            reasons[name] = consensus_of(figures, estimates, sources, primary_source).explanation
        elif name == "headline":
            reasons[name] = (
                "Headline is not offered: the source states no CAGR for the total that starts "
                "in a year it sizes."
            )
        else:
            reasons[name] = f"{PRESET_LABELS[name]} is not offered for this market."
    return reasons

"""What the browser-side scenario studio needs of a market, as one JSON-able spec.

Pure: a :class:`~pmdash.model.Market` in, a dict of plain numbers and text out,
built once per market version. The studio's JavaScript
(``pmdash/ui/studio_island/studio.js``) projects from it exactly as
:func:`pmdash.scenarios.project` does, so the numbers the browser draws between two
frames are the numbers Python reports, exports and prints in the CLI.

>>> spec = studio_spec(market)  # doctest: +SKIP
>>> spec["parts"][0]["name"], spec["years"]["first"]  # doctest: +SKIP
('North America', 2024)
"""

from __future__ import annotations

import math
from typing import Any, Final

from pmdash import urlstate
from pmdash.charts.market import segment_colors
from pmdash.charts.scenario import BAND_COLOR, EXTRAPOLATION_FILL, REPORTED_COLOR
from pmdash.charts.theme import SCENARIO_COLOR, TOTAL_COLOR
from pmdash.model import Market
from pmdash.scenarios import (
    PRESET_LABELS,
    SHOCK_LIMITS_PCT,
    Frame,
    PresetName,
    Scenario,
    frame_of,
    presets_of,
    publisher_range,
    slug,
)
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT
from pmdash.tables.studio import DEFAULT_SHOCK_DELAY_YEARS, DEFAULT_SHOCK_PCT
from pmdash.triangulation import MIN_PUBLISHERS, peer_estimates
from pmdash.uncertainty import default_spread
from pmdash.uncertainty.fan_url import FanView
from pmdash.uncertainty.simulate import DEFAULT_SEED, DRAWS

SPEC_VERSION: Final = 1
RATE_STEP_PCT: Final = 0.1
RATE_PAGE_PCT: Final = 1.0
# A rate slider's track spans at least these points, widened in steps of 5 to hold
# every rate the market's figures and presets imply with 3 points to spare: on a
# 400 px track, 20 points give a point every 20 px. A typed rate may go anywhere in
# urlstate.RATE_RANGE_PCT (the thumb then waits at the track's end).
RATE_TRACK_PCT: Final = (-5.0, 15.0)
TRACK_MARGIN_PCT: Final = 3.0
SHOCK_TRACK_PCT: Final = (-50.0, 50.0)
SPREAD_TRACK_PTS: Final = (0.0, 10.0)  # a link may set up to 20 (the thumb then waits at the end)
PRESET_HELP: Final = {
    "reported": "each region at the rate its own figures imply",
    "headline": "the report's stated rate, from its stated base year",
    "conservative": "each region 2 points below As reported",
    "optimistic": "each region 2 points above As reported",
    "consensus": "the median rate of the other publishers of this market's scope "
    "(stated, else implied by their sizes)",
}


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    """A scenario as the studio reads it: years, rates by part name, the shock."""
    return {
        "preset": scenario.preset,
        "start": scenario.start_year,
        "end": scenario.end_year,
        "cagr": scenario.cagr_pct,
        "rates": dict(scenario.segment_cagr_pct),
        "shock_year": scenario.shock_year,
        "shock_pct": scenario.shock_pct,
    }


def fan_json(view: FanView) -> dict[str, Any]:
    """The uncertainty switch and its settings as the studio reads them."""
    return {
        "on": view.on,
        "spread": view.spread_pts,
        "corr": view.correlation,
        "shock_p": view.shock_chance_pct,
        "pass": view.pass_usd_bn,
        "pass_year": view.pass_year,
    }


def studio_spec(market: Market, frame: Frame | None = None) -> dict[str, Any]:
    """The studio's spec of ``market``: parts, start sizes, the source's path, presets, limits.

    Keys: ``version``, ``market`` (id, name, geography), ``dimension``, ``parts`` (name,
    key, colour, implied rate), ``years`` (first, last, start years, latest target),
    ``start_sizes`` (year → one size per part, parts in order), ``total`` (year → the
    source's total), ``stated`` and ``assumed`` (years of the total), ``presets``,
    ``unavailable`` (each preset the market cannot offer, with the reason), ``limits``,
    ``shock_default``, ``colors``, ``band`` (the middle half of the other publishers of
    the market's own scope, or ``None``) and ``uncertainty`` (the Monte Carlo's paths,
    seed, default spread and why).
    """
    frame = frame or frame_of(market.figures)
    colors = segment_colors(market, frame.dimension)
    sizes = frame.start_sizes.sort_index()
    presets, unavailable = presets_of(market, frame)
    latest = urlstate.max_target_year(frame)
    return {
        "version": SPEC_VERSION,
        "market": {
            "id": market.id,
            "name": market.meta.name,
            "geography": market.meta.geography,
        },
        "dimension": frame.dimension,
        "parts": [
            {
                "name": part,
                "key": slug(part),
                "color": colors.get(part, SCENARIO_COLOR),
                "implied_pct": _number(frame.implied_pct[part]),
            }
            for part in frame.parts
        ],
        "years": {
            "first": frame.first_year,
            "last": frame.last_year,
            "starts": urlstate.start_years(frame),
            "max_target": latest,
        },
        "start_sizes": {
            str(int(year)): [float(v) for v in values]
            for year, values in zip(sizes.index, sizes[list(frame.parts)].to_numpy(), strict=True)
        },
        "total": {
            str(int(year)): float(value)
            for year, value in zip(frame.total.index, frame.total.to_numpy(), strict=True)
        },
        "stated": sorted({year for segment, year in frame.reported if _is_total(frame, segment)}),
        "assumed": sorted({year for segment, year in frame.assumed if _is_total(frame, segment)}),
        "presets": [_preset(name, scenario) for name, scenario in presets.items()],
        "unavailable": [
            {"name": name, "label": PRESET_LABELS[name], "reason": reason}
            for name, reason in unavailable.items()
        ],
        "limits": {
            "rate": list(urlstate.RATE_RANGE_PCT),
            "rate_track": _track(frame, presets),
            "rate_step": RATE_STEP_PCT,
            "rate_page": RATE_PAGE_PCT,
            "shock": list(SHOCK_LIMITS_PCT),
            "shock_track": list(SHOCK_TRACK_PCT),
        },
        "shock_default": {"pct": DEFAULT_SHOCK_PCT, "delay": DEFAULT_SHOCK_DELAY_YEARS},
        "colors": {
            "scenario": SCENARIO_COLOR,
            "reported": REPORTED_COLOR,
            "total": TOTAL_COLOR,
            "band": BAND_COLOR,
            "extrapolation": EXTRAPOLATION_FILL,
        },
        "band": _band(market, frame, latest),
        "uncertainty": _uncertainty(market),
    }


def _uncertainty(market: Market) -> dict[str, Any]:
    spread = default_spread(market)
    return {
        "draws": DRAWS,
        "seed": DEFAULT_SEED,
        "spread": {"pts": spread.pts, "origin": spread.origin, "reason": spread.reason},
        "spread_track": list(SPREAD_TRACK_PTS),
    }


def _track(frame: Frame, presets: dict[PresetName, Scenario]) -> list[float]:
    """The rate sliders' span: :data:`RATE_TRACK_PCT`, widened to the market's own rates."""
    rates = [r for r in frame.implied_pct.values() if math.isfinite(r)]
    for scenario in presets.values():
        rates += [r for _, r in scenario.segment_cagr_pct]
        rates += [scenario.cagr_pct] if scenario.cagr_pct is not None else []
    low, high = RATE_TRACK_PCT
    low_limit, high_limit = urlstate.RATE_RANGE_PCT
    if rates:
        low = min(low, 5.0 * math.floor((min(rates) - TRACK_MARGIN_PCT) / 5.0))
        high = max(high, 5.0 * math.ceil((max(rates) + TRACK_MARGIN_PCT) / 5.0))
    return [max(low, low_limit), min(high, high_limit)]


def _is_total(frame: Frame, segment: str) -> bool:
    return segment == TOTAL_SEGMENT or frame.dimension == TOTAL_DIMENSION


def _preset(name: PresetName, scenario: Scenario) -> dict[str, Any]:
    return {
        "name": name,
        "label": PRESET_LABELS[name],
        "help": PRESET_HELP.get(name, ""),
        "scenario": scenario_json(scenario),
    }


def _band(market: Market, frame: Frame, latest: int) -> list[list[float]] | None:
    peers = peer_estimates(market)  # the market's own scope only (pmdash.triangulation)
    if peers["source"].nunique() < MIN_PUBLISHERS:
        return None
    band = publisher_range(peers, range(frame.first_year, latest + 1))
    if band.empty:
        return None
    return [
        [int(year), float(low), float(high)]
        for year, low, high in zip(
            band["year"], band["low_usd_bn"], band["high_usd_bn"], strict=True
        )
        if math.isfinite(float(low)) and math.isfinite(float(high))
    ]


def _number(value: float) -> float | None:
    """JSON has no NaN: a rate the source cannot imply is ``None``."""
    return float(value) if math.isfinite(value) else None

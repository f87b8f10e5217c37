"""Growth scenarios: grow each part of the market at its own rate to a target year.

One concept a module: :mod:`~pmdash.scenarios.model` (the scenario, its presets'
names, the ranges its numbers may take), :mod:`~pmdash.scenarios.frame` (what a
market's figures offer a scenario), :mod:`~pmdash.scenarios.projection` (the
projection and its sensitivity), :mod:`~pmdash.scenarios.presets`,
:mod:`~pmdash.scenarios.outcome` (headline numbers, per-part table, comparison)
and :mod:`~pmdash.scenarios.band` (other publishers' range). Import from here.
"""

from __future__ import annotations

from pmdash.scenarios.band import publisher_range, publisher_rate
from pmdash.scenarios.frame import Frame, coverage, frame_of, is_assumed_year
from pmdash.scenarios.model import (
    HORIZON_YEAR,
    MAX_YEAR,
    PRESET_DELTA_PCT,
    PRESET_LABELS,
    PRESETS,
    RATE_RANGE_PCT,
    SHOCK_LIMITS_PCT,
    PresetName,
    Scenario,
    in_rate_range,
    resolve_segment,
    same_assumptions,
    slug,
)
from pmdash.scenarios.outcome import Outcome, compare, outcome, region_table
from pmdash.scenarios.presets import (
    available_presets,
    consensus_cagr,
    consensus_of,
    preset,
    presets_of,
    stated_headline,
    unavailable_presets,
)
from pmdash.scenarios.projection import (
    as_reported,
    pinned,
    project,
    rates_for,
    sensitivity,
    target_total,
    years_of,
)

__all__ = [
    "HORIZON_YEAR",
    "MAX_YEAR",
    "PRESETS",
    "PRESET_DELTA_PCT",
    "PRESET_LABELS",
    "RATE_RANGE_PCT",
    "SHOCK_LIMITS_PCT",
    "Frame",
    "Outcome",
    "PresetName",
    "Scenario",
    "as_reported",
    "available_presets",
    "compare",
    "consensus_cagr",
    "consensus_of",
    "coverage",
    "frame_of",
    "in_rate_range",
    "is_assumed_year",
    "outcome",
    "pinned",
    "preset",
    "presets_of",
    "project",
    "publisher_range",
    "publisher_rate",
    "rates_for",
    "region_table",
    "resolve_segment",
    "same_assumptions",
    "sensitivity",
    "slug",
    "stated_headline",
    "target_total",
    "unavailable_presets",
    "years_of",
]

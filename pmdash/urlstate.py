"""A scenario in a URL query string, and back. Pure: no Streamlit.

Keys (CONTRACT.md): ``preset`` (reported, headline, conservative, optimistic,
consensus, custom), ``from`` and ``to`` (years), ``cagr`` (every part's growth,
percent a year), ``cagr_<slug>`` (one part's, e.g. ``cagr_north_america``),
``shock_year`` and ``shock`` (a one-off change, percent, from that year on).
``market`` belongs to the app and passes through untouched.

A preset is the starting point; explicit values override it. The label stays the
preset's while the rates and shock are the preset's own (years are a horizon, not
an assumption); any other rate or a shock makes the scenario ``custom``.

>>> from pmdash.scenarios import Frame  # doctest: +SKIP
>>> parse({"cagr": "8.5", "to": "2034"}, frame, presets)  # doctest: +SKIP
(Scenario(preset='custom', start_year=2024, end_year=2034, cagr_pct=8.5, ...), [])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Final

from pmdash.scenarios import (
    HORIZON_YEAR,
    PRESETS,
    SHOCK_LIMITS_PCT,
    Frame,
    PresetName,
    Scenario,
    pinned,
    resolve_segment,
    same_assumptions,
    slug,
)
from pmdash.scenarios import (
    RATE_RANGE_PCT as RATE_RANGE_PCT,  # the studio reads it from here
)

RATE_PREFIX: Final = "cagr_"
SCENARIO_KEYS: Final = ("preset", "from", "to", "cagr", "shock_year", "shock")
PASSTHROUGH: Final = ("market",)
_SHOWN_CHARS: Final = 40

Params = Mapping[str, str | Sequence[str]]


def start_years(frame: Frame) -> list[int]:
    """Years a scenario may start in: every part sized, and before the source's last year."""
    years = [int(y) for y in frame.start_sizes.index if int(y) < frame.last_year]
    return years or [frame.first_year]


def max_target_year(frame: Frame) -> int:
    """The latest target year offered: the horizon, or the source's last year if later."""
    return max(HORIZON_YEAR, frame.last_year)


def parse(
    params: Params, frame: Frame, presets: Mapping[PresetName, Scenario]
) -> tuple[Scenario, list[str]]:
    """The scenario a query string describes, and one notice per ignored parameter.

    ``presets`` are the market's available presets (see
    :func:`pmdash.scenarios.available_presets`). Never raises on user input.
    """
    values = {str(k).strip().lower(): _last(v) for k, v in params.items()}
    notices: list[str] = []
    name = _preset_name(values, presets, notices)
    base = pinned(Scenario("custom"), frame) if name == "custom" else presets[name]
    scenario = _years(values, base, frame, notices)
    scenario = _rates(values, scenario, frame, notices)
    scenario = _shock(values, scenario, notices)
    for key in values:
        if key not in SCENARIO_KEYS and key not in PASSTHROUGH and not key.startswith(RATE_PREFIX):
            notices.append(_ignored(key, values[key], "not a scenario setting"))
    keep = name != "custom" and same_assumptions(scenario, base)
    return replace(scenario, preset=name if keep else "custom"), notices


def _preset_name(
    values: dict[str, str], presets: Mapping[PresetName, Scenario], notices: list[str]
) -> PresetName:
    wanted = values.get("preset", "").strip().lower() or "reported"
    for name in PRESETS:
        if name == wanted and (name == "custom" or name in presets):
            return name
    why = (
        "this market has no figures for it"
        if wanted in PRESETS
        else f"choose one of {', '.join(PRESETS)}"
    )
    notices.append(_ignored("preset", values["preset"], why))
    return "reported"


def to_params(scenario: Scenario, frame: Frame) -> dict[str, str]:
    """The query parameters that reproduce ``scenario`` (``market`` not included)."""
    full = pinned(scenario, frame)
    params = {"preset": scenario.preset, "from": str(full.start_year), "to": str(full.end_year)}
    if scenario.cagr_pct is not None:
        params["cagr"] = number(scenario.cagr_pct)
    for segment, rate in scenario.segment_cagr_pct:
        params[RATE_PREFIX + slug(segment)] = number(rate)
    if scenario.shock_year is not None and scenario.shock_pct:
        params["shock_year"] = str(scenario.shock_year)
        params["shock"] = number(scenario.shock_pct)
    return params


def number(value: float) -> str:
    """The shortest text that reads back as the same float: 9.0 → '9', 8.5 → '8.5'."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _last(value: str | Sequence[str]) -> str:
    if isinstance(value, str):
        return value
    return str(value[-1]) if len(value) else ""


def _ignored(key: str, value: str, why: str) -> str:
    """A notice in plain text, the parameter as given but cut short. It may hold
    anything a link can carry: the page escapes it (:func:`pmdash.formatting.plain`)."""
    shown = value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"
    return f'Ignored "{key[:_SHOWN_CHARS]}={shown}": {why}.'


def _int(values: dict[str, str], key: str, notices: list[str]) -> int | None:
    if key not in values:
        return None
    try:
        return int(values[key].strip())
    except ValueError:
        notices.append(_ignored(key, values[key], "not a whole year"))
        return None


def _rate(
    values: dict[str, str], key: str, low: float, high: float, notices: list[str]
) -> float | None:
    try:
        rate = float(values[key].strip())
    except ValueError:
        notices.append(_ignored(key, values[key], "not a number"))
        return None
    if not math.isfinite(rate) or not low <= rate <= high:
        notices.append(_ignored(key, values[key], f"outside {number(low)} to {number(high)} %"))
        return None
    return rate


def _years(values: dict[str, str], base: Scenario, frame: Frame, notices: list[str]) -> Scenario:
    starts = start_years(frame)
    start = _int(values, "from", notices)
    if start is not None and start not in starts:
        notices.append(
            _ignored("from", values["from"], f"a start year must be {starts[0]}–{starts[-1]}")
        )
        start = None
    start = start if start is not None else base.start_year
    assert start is not None  # base is pinned
    end = _int(values, "to", notices)
    if end is not None and not start < end <= max_target_year(frame):
        notices.append(
            _ignored(
                "to", values["to"], f"a target year must be {start + 1}–{max_target_year(frame)}"
            )
        )
        end = None
    end = end if end is not None else base.end_year
    assert end is not None
    if end <= start:
        end = max(frame.last_year, start + 1)
    return replace(base, start_year=start, end_year=end)


def _rates(
    values: dict[str, str], scenario: Scenario, frame: Frame, notices: list[str]
) -> Scenario:
    low, high = RATE_RANGE_PCT
    if "cagr" in values:
        rate = _rate(values, "cagr", low, high, notices)
        if rate is not None:
            scenario = replace(scenario, cagr_pct=rate, segment_cagr_pct=())
    overrides = scenario.overrides
    for key in sorted(k for k in values if k.startswith(RATE_PREFIX)):
        part = resolve_segment(key.removeprefix(RATE_PREFIX), frame.parts)
        if part is None or frame.dimension == "total":
            known = ", ".join(
                RATE_PREFIX + slug(p) for p in frame.parts if frame.dimension != "total"
            )
            notices.append(_ignored(key, values[key], f"no such region (known: {known or 'none'})"))
            continue
        rate = _rate(values, key, low, high, notices)
        if rate is not None:
            overrides[part] = rate
    return replace(scenario, segment_cagr_pct=tuple(sorted(overrides.items())))


def _shock(values: dict[str, str], scenario: Scenario, notices: list[str]) -> Scenario:
    if "shock" not in values and "shock_year" not in values:
        return scenario
    low, high = SHOCK_LIMITS_PCT
    size = _rate(values, "shock", low, high, notices) if "shock" in values else None
    year = _int(values, "shock_year", notices)
    start, end = scenario.start_year, scenario.end_year
    assert start is not None and end is not None
    if year is not None and not start < year <= end:
        notices.append(
            _ignored("shock_year", values["shock_year"], f"a shock year must be {start + 1}–{end}")
        )
        year = None
    if "shock" in values and "shock_year" not in values and size is not None:
        notices.append(_ignored("shock", values["shock"], "needs shock_year too"))
    if "shock_year" in values and "shock" not in values and year is not None:
        notices.append(_ignored("shock_year", values["shock_year"], "needs shock too"))
    if size is None or year is None or not size:
        return replace(scenario, shock_year=None, shock_pct=0.0)
    return replace(scenario, shock_year=year, shock_pct=size)

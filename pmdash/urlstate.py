"""A scenario in a URL query string, and back. Pure: no Streamlit.

Keys (CONTRACT.md): ``preset`` (reported, headline, conservative, optimistic,
consensus, custom), ``from`` and ``to`` (years), ``cagr`` (every part's growth,
percent a year), ``cagr_<slug>`` (one part's, e.g. ``cagr_north_america``),
``shock_year`` and ``shock`` (a one-off change, percent, from that year on).
``market`` belongs to the app and passes through untouched. The studio's panels
add their own keys, parsed by their own modules and reported here when ignored:
goal seek (``goal``, ``goal_year``, ``goal_region``, ``goal_of``) and the
sensitivity grid (``grid_rows``, ``grid_cols``, ``grid_span``), see
:mod:`pmdash.uncertainty.goal_url`.

The uncertainty fan's keys (parsed by :mod:`pmdash.uncertainty.fan_url`): ``mc``
(``1`` shows the fan), ``spread`` (points a year either side of each rate), ``corr``
(correlation between regions, 0–1), ``shock_p`` (chance of the shock, percent),
``pass`` and ``pass_year`` (the chance the market passes USD ``pass`` bn by then).

The TAM → SAM → SOM panel's keys (parsed by :mod:`pmdash.uncertainty.funnel_url`):
``sam_<region>`` (percent of the region served, 0–100), ``keep_<breakdown>`` (segments
kept, by slug, comma-separated, e.g. ``keep_end_user=hospitals``), ``som_start`` and
``som_end`` (obtainable share of SAM, percent, first and target year), ``som_curve``
(``linear`` or ``s``), ``funnel_year`` (the funnel chart's year).

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
from dataclasses import dataclass, replace
from typing import Final

from pmdash.formatting import dimension_label
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
from pmdash.uncertainty import goal_url
from pmdash.uncertainty.fan_url import FAN_KEYS
from pmdash.url_text import ignored, last_value
from pmdash.url_text import number as number  # the studio and panels read it from here

RATE_PREFIX: Final = "cagr_"
SCENARIO_KEYS: Final = ("preset", "from", "to", "cagr", "shock_year", "shock")
PASSTHROUGH: Final = ("market",)
FUNNEL_KEYS: Final = ("som_start", "som_end", "som_curve", "funnel_year")
FUNNEL_PREFIXES: Final = ("sam_", "keep_")
OTHER_PANELS: Final = (*FAN_KEYS, *goal_url.KEYS)  # parsed by their panels' own modules

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
    values = {str(k).strip().lower(): last_value(v) for k, v in params.items()}
    notices: list[str] = []
    name = _preset_name(values, presets, notices)
    base = pinned(Scenario("custom"), frame) if name == "custom" else presets[name]
    scenario = _years(values, base, frame, notices)
    scenario = _rates(values, scenario, frame, notices)
    scenario = _shock(values, scenario, notices)
    assert scenario.start_year is not None  # pinned
    _, problems = goal_url.parse_panels(values, frame, scenario.start_year, max_target_year(frame))
    notices += [ignored(*problem) for problem in problems]
    for key in values:
        known = key in SCENARIO_KEYS or key in PASSTHROUGH or key in OTHER_PANELS
        known = known or key in FUNNEL_KEYS or key.startswith(FUNNEL_PREFIXES)
        if not known and not key.startswith(RATE_PREFIX):
            notices.append(ignored(key, values[key], "not a scenario setting"))
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
    notices.append(ignored("preset", values["preset"], why))
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


def _int(values: dict[str, str], key: str, notices: list[str]) -> int | None:
    if key not in values:
        return None
    try:
        return int(values[key].strip())
    except ValueError:
        notices.append(ignored(key, values[key], "not a whole year"))
        return None


def _rate(
    values: dict[str, str], key: str, low: float, high: float, notices: list[str]
) -> float | None:
    try:
        rate = float(values[key].strip())
    except ValueError:
        notices.append(ignored(key, values[key], "not a number"))
        return None
    if not math.isfinite(rate) or not low <= rate <= high:
        notices.append(ignored(key, values[key], f"outside {number(low)} to {number(high)} %"))
        return None
    return rate


def _years(values: dict[str, str], base: Scenario, frame: Frame, notices: list[str]) -> Scenario:
    starts = start_years(frame)
    start = _int(values, "from", notices)
    if start is not None and start not in starts:
        notices.append(
            ignored("from", values["from"], f"a start year must be {starts[0]}–{starts[-1]}")
        )
        start = None
    start = start if start is not None else base.start_year
    assert start is not None  # base is pinned
    end = _int(values, "to", notices)
    if end is not None and not start < end <= max_target_year(frame):
        notices.append(
            ignored(
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
            notices.append(ignored(key, values[key], f"no such region (known: {known or 'none'})"))
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
            ignored("shock_year", values["shock_year"], f"a shock year must be {start + 1}–{end}")
        )
        year = None
    if "shock" in values and "shock_year" not in values and size is not None:
        notices.append(ignored("shock", values["shock"], "needs shock_year too"))
    if "shock_year" in values and "shock" not in values and year is not None:
        notices.append(ignored("shock_year", values["shock_year"], "needs shock too"))
    if size is None or year is None or not size:
        return replace(scenario, shock_year=None, shock_pct=0.0)
    return replace(scenario, shock_year=year, shock_pct=size)


# The analyst pages' views (CONTRACT: "/segments and /regions keep their view in the URL").
SEGMENTS_KEYS: Final = ("dimension", "from", "to", "mode", "chart")
REGIONS_KEYS: Final = ("year",)
VIEW_ALIASES: Final = {"year": "to"}  # on /segments, ?year=2030 is the shares' year: the end
_MODES: Final = {"size": "size", "sizes": "size", "share": "share", "shares": "share"}
_CHARTS: Final = {"bar": "bar", "bars": "bar", "area": "area", "areas": "area"}


@dataclass(frozen=True)
class SegmentsView:
    """What /segments shows: a dimension, a span of years, sizes or shares, bars or areas.

    ``start_year``/``end_year`` are ``None`` for a dimension with no figures by year.
    """

    dimension: str
    start_year: int | None = None
    end_year: int | None = None
    mode: str = "size"
    chart: str = "bar"


def parse_segments(
    params: Params, dimensions: Sequence[str], years: Mapping[str, Sequence[int]]
) -> tuple[SegmentsView, list[str]]:
    """The /segments view a query string describes, and one notice per ignored value.

    ``dimensions`` are the market's (the first is the default); ``years`` the years each
    sized dimension has figures for. Unknown parameter names are the router's to report.

    >>> parse_segments({"dimension": "end_user", "year": "2030", "mode": "shares"},
    ...                ["region", "end_user"], {"end_user": [2024, 2030, 2034]})
    (SegmentsView(dimension='end_user', start_year=2024, end_year=2030, mode='share', chart='bar'), [])
    """
    values = {str(k).strip().lower(): last_value(v) for k, v in params.items()}
    notices: list[str] = []
    dimension = dimensions[0] if dimensions else ""
    if "dimension" in values:
        wanted = values["dimension"].strip().lower().replace(" ", "_").replace("-", "_")
        if wanted in dimensions:
            dimension = wanted
        else:
            shown = ", ".join(dimensions) or "none"
            notices.append(ignored("dimension", values["dimension"], f"choose one of {shown}"))
    known = [int(y) for y in years.get(dimension, [])]
    if "year" in values and "to" not in values:
        values["to"] = values.pop("year")
    elif "year" in values:
        notices.append(ignored("year", values["year"], "`to` names the end year already"))
    start, end = _span(values, known, dimension, notices)
    mode = _choice(values, "mode", _MODES, notices) or "size"
    chart = _choice(values, "chart", _CHARTS, notices) or "bar"
    return SegmentsView(dimension, start, end, mode, chart), notices


def segments_params(view: SegmentsView) -> dict[str, str]:
    """The query parameters that reopen ``view`` (``market`` not included)."""
    params = {"dimension": view.dimension}
    if view.start_year is not None and view.end_year is not None:
        params |= {"from": str(view.start_year), "to": str(view.end_year)}
    return params | {"mode": view.mode, "chart": view.chart}


def parse_regions(params: Params, years: Sequence[int]) -> tuple[int | None, list[str]]:
    """The year /regions shows (default: the last one), and a notice if the link's is ignored.

    >>> parse_regions({"year": "2031"}, [2024, 2034])
    (2034, ['Ignored "year=2031": region figures exist for 2024, 2034.'])
    """
    values = {str(k).strip().lower(): last_value(v) for k, v in params.items()}
    notices: list[str] = []
    default = int(years[-1]) if len(years) else None
    year = _year_in(values, "year", [int(y) for y in years], notices, "region")
    return (year if year is not None else default), notices


def _span(
    values: dict[str, str], years: list[int], dimension: str, notices: list[str]
) -> tuple[int | None, int | None]:
    if not years:
        for key in ("from", "to"):
            if key in values:
                label = dimension_label(dimension).lower()
                notices.append(ignored(key, values[key], f"{label} has no figures by year"))
        return None, None
    start = _year_in(values, "from", years, notices, dimension)
    end = _year_in(values, "to", years, notices, dimension)
    if start is not None and end is not None and start > end:
        notices.append(ignored("from", values["from"], f"it is after to={end}"))
        start = None
    start = start if start is not None else years[0]
    end = end if end is not None else years[-1]
    return (start, end) if start <= end else (years[0], end)


def _year_in(
    values: dict[str, str], key: str, years: list[int], notices: list[str], subject: str
) -> int | None:
    year = _int(values, key, notices)
    if year is None or year in years:
        return year
    span = (
        f"{years[0]}–{years[-1]}"
        if years == list(range(years[0], years[-1] + 1))
        else ", ".join(map(str, years))
    )
    label = dimension_label(subject).lower()
    notices.append(ignored(key, values[key], f"{label} figures exist for {span}"))
    return None


def _choice(
    values: dict[str, str], key: str, choices: Mapping[str, str], notices: list[str]
) -> str | None:
    if key not in values:
        return None
    found = choices.get(values[key].strip().lower())
    if found is None:
        shown = ", ".join(sorted(set(choices.values())))
        notices.append(ignored(key, values[key], f"choose one of {shown}"))
    return found

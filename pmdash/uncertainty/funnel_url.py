"""The TAM → SAM → SOM settings in a link, and back. Pure: no Streamlit.

Keys (see :mod:`pmdash.urlstate`): ``sam_<region>`` (percent of that region served,
0–100; regions not named are served whole), ``keep_<breakdown>`` (the segments kept,
by slug, comma-separated, e.g. ``keep_end_user=hospitals,diagnostic_centers``; only a
breakdown the report states shares for), ``som_start`` and ``som_end`` (the
obtainable share of SAM in the first and target year, percent), ``som_curve``
(``linear`` or ``s``) and ``funnel_year`` (the year the funnel chart shows). Any of
them switches the funnel on; a value that cannot be used is ignored with a notice.

>>> parse({"sam_europe": "50", "som_end": "8"}, ("North America", "Europe"), {}, (2024, 2034))
(FunnelSettings(region_pct=(('Europe', 50.0),), keep_dimension=None, keep_segments=(), som_start_pct=1.0, som_end_pct=8.0, curve='linear', year=None), [])
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from pmdash.formatting import dimension_label
from pmdash.scenarios import resolve_segment, slug
from pmdash.schema import TOTAL_SEGMENT
from pmdash.uncertainty.funnel import Curve, FunnelSettings, ReportedShares
from pmdash.url_text import ignored, last_value, number
from pmdash.urlstate import FUNNEL_KEYS, FUNNEL_PREFIXES, Params

REGION_PREFIX, KEEP_PREFIX = FUNNEL_PREFIXES
_CURVES: Final[dict[str, Curve]] = {
    "linear": "linear", "line": "linear", "s": "s", "s-curve": "s", "s_curve": "s",
    "scurve": "s", "logistic": "s",
}  # fmt: skip


def owns(key: str) -> bool:
    """Whether a query parameter is one of the funnel's."""
    key = key.strip().lower()
    return key in FUNNEL_KEYS or key.startswith(FUNNEL_PREFIXES)


def parse(
    params: Params,
    parts: tuple[str, ...],
    shares: Mapping[str, ReportedShares],
    years: tuple[int, int],
) -> tuple[FunnelSettings | None, list[str]]:
    """The funnel a query string describes (``None``: no funnel key), and one notice per
    ignored value. ``parts`` are the market's regions (empty: no regional split),
    ``shares`` the breakdowns a filter may use, ``years`` the scenario's start and target.
    """
    values = {str(k).strip().lower(): last_value(v) for k, v in params.items()}
    mine = {k: v for k, v in values.items() if owns(k)}
    if not mine:
        return None, []
    notices: list[str] = []
    settings = FunnelSettings(region_pct=_regions(mine, parts or (TOTAL_SEGMENT,), notices))
    settings = _filter(mine, settings, shares, notices)
    start = _pct(mine, "som_start", notices) if "som_start" in mine else None
    end = _pct(mine, "som_end", notices) if "som_end" in mine else None
    settings = replace(
        settings,
        som_start_pct=settings.som_start_pct if start is None else start,
        som_end_pct=settings.som_end_pct if end is None else end,
    )
    if "som_curve" in mine:
        curve = _CURVES.get(mine["som_curve"].strip().lower())
        if curve is None:
            notices.append(ignored("som_curve", mine["som_curve"], "choose linear or s"))
        else:
            settings = replace(settings, curve=curve)
    if "funnel_year" in mine:
        settings = replace(settings, year=_year(mine["funnel_year"], years, notices))
    return settings, notices


def to_params(settings: FunnelSettings) -> dict[str, str]:
    """The query parameters that reproduce ``settings``.

    >>> to_params(FunnelSettings((("Europe", 50.0),), "end_user", ("Hospitals",)))
    {'sam_europe': '50', 'keep_end_user': 'hospitals', 'som_start': '1', 'som_end': '5', 'som_curve': 'linear'}
    """
    params = {REGION_PREFIX + slug(r): number(p) for r, p in settings.region_pct if p != 100.0}
    if settings.keep_dimension and settings.keep_segments:
        params[KEEP_PREFIX + settings.keep_dimension] = ",".join(
            slug(s) for s in settings.keep_segments
        )
    params |= {
        "som_start": number(settings.som_start_pct),
        "som_end": number(settings.som_end_pct),
        "som_curve": settings.curve,
    }
    if settings.year is not None:
        params["funnel_year"] = str(settings.year)
    return params


def _pct(values: Mapping[str, str], key: str, notices: list[str]) -> float | None:
    try:
        pct = float(values[key].strip())
    except ValueError:
        notices.append(ignored(key, values[key], "not a number"))
        return None
    if not math.isfinite(pct) or not 0.0 <= pct <= 100.0:
        notices.append(ignored(key, values[key], "outside 0 to 100 %"))
        return None
    return pct


def _regions(
    values: Mapping[str, str], parts: tuple[str, ...], notices: list[str]
) -> tuple[tuple[str, float], ...]:
    kept: dict[str, float] = {}
    for key in sorted(k for k in values if k.startswith(REGION_PREFIX)):
        region = resolve_segment(key.removeprefix(REGION_PREFIX), parts)
        if region is None:
            known = ", ".join(REGION_PREFIX + slug(p) for p in parts)
            notices.append(ignored(key, values[key], f"no such region (known: {known})"))
            continue
        pct = _pct(values, key, notices)
        if pct is not None:
            kept[region] = pct
    return tuple((p, kept[p]) for p in parts if p in kept)


def _filter(
    values: Mapping[str, str],
    settings: FunnelSettings,
    shares: Mapping[str, ReportedShares],
    notices: list[str],
) -> FunnelSettings:
    for key in sorted(k for k in values if k.startswith(KEEP_PREFIX)):
        dimension = key.removeprefix(KEEP_PREFIX)
        stated = shares.get(dimension)
        if stated is None:
            usable = ", ".join(KEEP_PREFIX + d for d in shares) or "none in this market"
            notices.append(
                ignored(key, values[key], f"the report states no shares for it (usable: {usable})")
            )
            continue
        if settings.keep_dimension is not None:
            notices.append(ignored(key, values[key], "one segment filter at a time"))
            continue
        segments = tuple(stated.shares_pct)
        kept: list[str] = []
        for wanted in (w for w in values[key].split(",") if w.strip()):
            found = resolve_segment(wanted.strip(), segments)
            if found is None:
                noun = dimension_label(dimension).lower()
                known = ", ".join(slug(s) for s in segments)
                notices.append(ignored(key, wanted, f"no such {noun} (known: {known})"))
            elif found not in kept:
                kept.append(found)
        if kept:
            ordered = tuple(s for s in segments if s in kept)
            settings = replace(settings, keep_dimension=dimension, keep_segments=ordered)
    return settings


def _year(value: str, years: tuple[int, int], notices: list[str]) -> int | None:
    start, end = years
    try:
        year = int(value.strip())
    except ValueError:
        notices.append(ignored("funnel_year", value, "not a whole year"))
        return None
    if not start <= year <= end:
        notices.append(ignored("funnel_year", value, f"the scenario runs {start}–{end}"))
        return None
    return year

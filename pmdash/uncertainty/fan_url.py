"""The studio's uncertainty settings in a URL query string, and back. Pure: no Streamlit.

Keys (all optional; without ``mc=1`` the others are not written):

- ``mc``: ``1`` shows the Monte Carlo fan, ``0`` (default) hides it;
- ``spread``: half-width of every region's growth draw, points a year (0–20; absent:
  the publishers' spread where the market has one, else 2);
- ``corr``: correlation between the regions' draws, 0–1 (default 0);
- ``shock_p``: chance the scenario's shock happens, percent (0–100; default 100);
- ``pass`` and ``pass_year``: "chance the market passes USD ``pass`` bn by
  ``pass_year``" (default: the as-reported target-year size, rounded, and the target year).

>>> parse_fan({"mc": "1", "spread": "1.5", "corr": "0.5"})
(FanView(on=True, spread_pts=1.5, correlation=0.5, shock_chance_pct=100.0, pass_usd_bn=None, pass_year=None), [])
>>> fan_params(FanView(on=True, correlation=0.25))
{'mc': '1', 'corr': '0.25'}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from pmdash.uncertainty.simulate import DEFAULT_SEED, DRAWS, SPREAD_LIMITS_PTS, Settings
from pmdash.url_text import ignored, last_value, number

FAN_KEYS: Final = ("mc", "spread", "corr", "shock_p", "pass", "pass_year")
_ON: Final = {"1": True, "on": True, "true": True, "yes": True,
              "0": False, "off": False, "false": False, "no": False}  # fmt: skip


@dataclass(frozen=True)
class FanView:
    """What the studio's "Show uncertainty" switch and its settings are set to."""

    on: bool = False
    spread_pts: float | None = None  # None: the market's default (see pmdash.uncertainty.spread)
    correlation: float = 0.0
    shock_chance_pct: float = 100.0
    pass_usd_bn: float | None = None
    pass_year: int | None = None


def settings_of(view: FanView, default_spread_pts: float) -> Settings:
    """The simulation the studio runs for ``view`` (the browser runs the same one)."""
    spread = view.spread_pts if view.spread_pts is not None else default_spread_pts
    return Settings(spread, DRAWS, DEFAULT_SEED, view.correlation, view.shock_chance_pct / 100.0)


def parse_fan(params: Mapping[str, str | Sequence[str]]) -> tuple[FanView, list[str]]:
    """The uncertainty settings a query string describes, and one notice per ignored value.

    Keys that are not :data:`FAN_KEYS` are left to :func:`pmdash.urlstate.parse`.
    Years are checked against the scenario's span by the studio, not here.
    """
    values = {str(k).strip().lower(): last_value(v) for k, v in params.items()}
    notices: list[str] = []
    on = False
    if "mc" in values:
        found = _ON.get(values["mc"].strip().lower())
        if found is None:
            notices.append(ignored("mc", values["mc"], "use 1 (show the fan) or 0"))
        on = bool(found)
    spread = _number(values, "spread", *SPREAD_LIMITS_PTS, notices)
    corr = _number(values, "corr", 0.0, 1.0, notices)
    chance = _number(values, "shock_p", 0.0, 100.0, notices)
    size = _number(values, "pass", 0.0, 1e9, notices)
    year: int | None = None
    if "pass_year" in values:
        try:
            year = int(values["pass_year"].strip())
        except ValueError:
            notices.append(ignored("pass_year", values["pass_year"], "not a whole year"))
    view = FanView(
        on=on,
        spread_pts=spread,
        correlation=corr if corr is not None else 0.0,
        shock_chance_pct=chance if chance is not None else 100.0,
        pass_usd_bn=size if size else None,
        pass_year=year,
    )
    return view, notices


def fan_params(view: FanView) -> dict[str, str]:
    """The query parameters that reopen ``view`` (nothing when the fan is off)."""
    if not view.on:
        return {}
    params = {"mc": "1"}
    if view.spread_pts is not None:
        params["spread"] = number(view.spread_pts)
    if view.correlation:
        params["corr"] = number(view.correlation)
    if view.shock_chance_pct != 100.0:
        params["shock_p"] = number(view.shock_chance_pct)
    if view.pass_usd_bn is not None:
        params["pass"] = number(view.pass_usd_bn)
    if view.pass_year is not None:
        params["pass_year"] = str(view.pass_year)
    return params


def _number(
    values: dict[str, str], key: str, low: float, high: float, notices: list[str]
) -> float | None:
    if key not in values:
        return None
    try:
        value = float(values[key].strip().removesuffix("%"))
    except ValueError:
        notices.append(ignored(key, values[key], "not a number"))
        return None
    if not math.isfinite(value) or not low <= value <= high:
        notices.append(ignored(key, values[key], f"outside {number(low)} to {number(high)}"))
        return None
    return value

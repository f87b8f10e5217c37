"""The studio's "Show uncertainty" settings in session state (the browser's island draws
the fan; Python keeps its settings for the link and the region cards' P10–P90)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import streamlit as st

from pmdash.formatting import number
from pmdash.scenarios import Scenario
from pmdash.ui import cache
from pmdash.uncertainty.fan_url import FanView, fan_params, parse_fan

FAN: Final = "scenario_fan"


def fan_view() -> FanView:
    """The uncertainty settings the studio shows (off until a link or the switch says on)."""
    view = st.session_state.get(FAN)
    return view if isinstance(view, FanView) else FanView()


def read_fan(params: Mapping[str, str | Sequence[str]]) -> list[str]:
    """Take the fan's settings from a link's (or the browser's) parameters; the notices."""
    view, notices = parse_fan(params)
    st.session_state[FAN] = view
    return notices


def link_params() -> dict[str, str]:
    """The fan's part of the studio's link (nothing when it is off)."""
    return fan_params(fan_view())


def region_band(market_key: tuple[str, str, str], scenario: Scenario, region: str) -> str | None:
    """ "P10–P90: USD a – b bn" of a region in the target year, when the fan is on.

    ``market_key`` is :func:`pmdash.ui.studio.state.key` of the studio's market."""
    view = fan_view()
    if not view.on:
        return None
    bands = cache.studio_fan_bands(*market_key, scenario, view)
    if region not in bands:
        return None
    low, high = bands[region]
    return f"P10–P90: USD {number(low)}–{number(high)} bn"

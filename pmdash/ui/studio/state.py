"""The studio's state: one :class:`~pmdash.scenarios.Scenario` in ``st.session_state``
is the truth. Callbacks (:mod:`.callbacks`) change it through :func:`set_scenario`,
which writes it back to every widget; :mod:`.sharing` writes it to the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final

import streamlit as st

from pmdash import urlstate
from pmdash.model import Market
from pmdash.scenarios import Frame, PresetName, Scenario, rates_for, same_assumptions, slug
from pmdash.store import MarketInfo
from pmdash.tables.studio import Results, slider_rate
from pmdash.ui import cache
from pmdash.ui.data import data_store

STATE: Final = "scenario"
NOTICES: Final = "scenario_notices"
OWNER: Final = "scenario_market"


@dataclass(frozen=True)
class Context:
    """What the studio needs of a market, computed once per market version."""

    market: Market
    info: MarketInfo
    frame: Frame
    presets: dict[PresetName, Scenario]


def context(market: Market, info: MarketInfo) -> Context:
    """The studio's view of the active market (frame and presets cached per version)."""
    frame, presets = cache.frame_and_presets(str(data_store().root), info.id, info.version)
    return Context(market, info, frame, presets)


def key(ctx: Context) -> tuple[str, str, str]:
    """The cache key of the market the studio shows: data root, market id, version."""
    return str(data_store().root), ctx.info.id, ctx.info.version


def results(ctx: Context, scenario: Scenario | None = None) -> Results:
    """The cached results of ``scenario`` (by default the current one)."""
    return cache.studio_results(*key(ctx), scenario or current())


def start(ctx: Context) -> list[str]:
    """Read the scenario from the URL the first time the page shows this market."""
    if st.session_state.get(OWNER) != ctx.info.id or STATE not in st.session_state:
        params = {k: v for k, v in st.query_params.to_dict().items()}
        scenario, notices = urlstate.parse(params, ctx.frame, ctx.presets)
        st.session_state[OWNER] = ctx.info.id
        st.session_state[NOTICES] = notices
        set_scenario(ctx, scenario)
    return list(st.session_state.get(NOTICES, []))


def current() -> Scenario:
    """The scenario the studio shows."""
    scenario = st.session_state[STATE]
    assert isinstance(scenario, Scenario)
    return scenario


def set_scenario(ctx: Context, scenario: Scenario, sliders: bool = True) -> None:
    """Make ``scenario`` the truth and write it to the widgets (before they are drawn).

    ``sliders=False`` leaves the rate sliders alone: rewriting sliders while the user
    drags one makes the browser report them back as moves.
    """
    named = ctx.presets.get(scenario.preset) if scenario.preset != "custom" else None
    if named is None or not same_assumptions(scenario, named):
        scenario = replace(scenario, preset="custom")
    st.session_state[STATE] = scenario
    rates = rates_for(ctx.frame, scenario)
    shown = (
        scenario.cagr_pct
        if scenario.cagr_pct is not None
        else results(ctx, scenario).outcome.cagr_pct
    )
    widgets: dict[str, Any] = {
        "sc_preset": scenario.preset,
        "sc_cagr": slider_rate(shown),
        "sc_start": scenario.start_year,
        "sc_end": scenario.end_year,
        "sc_shock_on": bool(scenario.shock_pct),
        **{f"sc_rate_{slug(p)}": slider_rate(r) for p, r in rates.items()},
    }
    if scenario.segment_cagr_pct:
        widgets["sc_each"] = True
    if scenario.shock_pct:
        widgets["sc_shock_year"] = scenario.shock_year
        widgets["sc_shock_pct"] = float(scenario.shock_pct)
    if not sliders:
        widgets = {k: v for k, v in widgets.items() if not k.startswith(("sc_cagr", "sc_rate_"))}
    for name, value in widgets.items():
        # Rewriting a widget the user is moving would fight the browser; write only changes.
        if st.session_state.get(name) != value:
            st.session_state[name] = value

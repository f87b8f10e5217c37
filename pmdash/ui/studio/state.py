"""The studio's state: one :class:`~pmdash.scenarios.Scenario` in ``st.session_state``
is the truth. The browser-side studio (:mod:`.controls`) reports the scenario the user
set; a link or a saved scenario sets it from Python (:func:`set_scenario`);
:mod:`.sharing` writes it to the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import streamlit as st

from pmdash import urlstate
from pmdash.model import Market
from pmdash.scenarios import Frame, PresetName, Scenario, same_assumptions
from pmdash.store import MarketInfo
from pmdash.tables.studio import Results
from pmdash.ui import cache
from pmdash.ui.data import data_store
from pmdash.ui.studio.fan import read_fan

STATE: Final = "scenario"
NOTICES: Final = "scenario_notices"
OWNER: Final = "scenario_market"
REVISION: Final = "scenario_revision"
URL_EXTRAS: Final = "scenario_url_extras"
LINK: Final = "scenario_link_params"  # the query parameters the page was opened with  # panel → its own query parameters


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
        notices += read_fan(params)
        st.session_state[OWNER] = ctx.info.id
        st.session_state[NOTICES] = notices
        st.session_state[LINK] = params
        set_scenario(ctx, scenario)
    return list(st.session_state.get(NOTICES, []))


def current() -> Scenario:
    """The scenario the studio shows."""
    scenario = st.session_state[STATE]
    assert isinstance(scenario, Scenario)
    return scenario


def revision() -> int:
    """How many times Python has set the scenario the browser shows (see :func:`set_scenario`)."""
    return int(st.session_state.get(REVISION, 0))


def set_scenario(ctx: Context, scenario: Scenario, *, from_browser: bool = False) -> None:
    """Make ``scenario`` the truth; the preset's name only while its assumptions hold.

    A scenario the browser reported (``from_browser``) is the one it already shows.
    Any other (a link opened, a saved scenario loaded) gets a new revision, and the
    studio in the browser replaces what it shows with it.
    """
    named = ctx.presets.get(scenario.preset) if scenario.preset != "custom" else None
    if named is None or not same_assumptions(scenario, named):
        scenario = replace(scenario, preset="custom")
    st.session_state[STATE] = scenario
    if not from_browser:
        st.session_state[REVISION] = revision() + 1


def link_params() -> dict[str, str]:
    """The query parameters the studio last read a link from (its panels read theirs)."""
    params = st.session_state.get(LINK, {})
    return {str(k): str(v) for k, v in params.items()}


def url_extras() -> dict[str, str]:
    """The query parameters the studio's panels keep beside the scenario's (see
    :func:`set_url_extras`); :mod:`.sharing` writes them to the link."""
    extras = st.session_state.get(URL_EXTRAS, {})
    return {k: v for params in extras.values() for k, v in params.items()}


def set_url_extras(panel: str, params: dict[str, str]) -> None:
    """A panel's own query parameters (all of them: those it leaves out are dropped)."""
    st.session_state[URL_EXTRAS] = {**st.session_state.get(URL_EXTRAS, {}), panel: dict(params)}

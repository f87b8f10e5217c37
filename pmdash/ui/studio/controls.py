"""The studio's controls, KPI cards and path chart: one component in the browser
(:mod:`pmdash.ui.studio_island`) that redraws on every input and reports the scenario
when the user pauses. Python takes the report as a link's parameters, through the
same checks as a link (:func:`pmdash.urlstate.parse`).
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from pmdash import urlstate
from pmdash.studio_spec import fan_json, scenario_json
from pmdash.ui import cache
from pmdash.ui.studio.fan import fan_view, read_fan
from pmdash.ui.studio.state import Context, current, key, revision, set_scenario
from pmdash.ui.studio_island import Report, reported, studio

ISLAND: Final = "sc_studio"
APPLIED: Final = "sc_studio_applied"  # the last report taken, so each is taken once


def island(ctx: Context) -> None:
    """The studio in the browser; a scenario it reported becomes the studio's scenario
    first, so Python hands the browser (and draws below it) the same scenario."""
    state = st.session_state.get(ISLAND)
    take(ctx, reported(state.get("scenario")) if isinstance(state, dict) else None)
    spec = cache.studio_spec_of(*key(ctx))
    studio(spec, scenario_json(current()), fan_json(fan_view()), revision(), key=ISLAND)


def take(ctx: Context, report: Report | None) -> None:
    """Make a browser report the scenario: once, and only if it answers what Python showed.

    A report made before Python set another scenario (a saved one loaded) is stale:
    the browser shows the new one as soon as it arrives, and reports again from there.
    """
    if report is None or report["rev"] != revision():
        return
    seen = (report["rev"], report["seq"])
    if st.session_state.get(APPLIED) == seen:
        return
    st.session_state[APPLIED] = seen
    scenario, _ = urlstate.parse(report["params"], ctx.frame, ctx.presets)
    read_fan(report["params"])
    set_scenario(ctx, scenario, from_browser=True)

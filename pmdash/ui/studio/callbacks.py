"""The widgets' callbacks: each reads its widget, applies the rule of
:mod:`pmdash.tables.studio` and makes the result the studio's scenario."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from pmdash.scenarios import rates_for, slug
from pmdash.tables import studio as pure
from pmdash.tables.studio import slider_rate
from pmdash.ui.studio.state import Context, current, set_scenario


def on_preset(ctx: Context) -> None:
    """A preset picked: its growth assumptions; the target year stays where it was."""
    name = st.session_state.get("sc_preset")
    scenario = current()
    if name is None or name == "custom":
        set_scenario(ctx, replace(scenario, preset="custom"))
        return
    set_scenario(ctx, pure.with_preset(scenario, ctx.presets[name]))


def on_global(ctx: Context) -> None:
    """The market growth slider moved: every region at that rate."""
    rate = float(st.session_state["sc_cagr"])
    scenario = current()
    if (
        scenario.cagr_pct is not None
        and abs(rate - scenario.cagr_pct) < 1e-6
        and not scenario.segment_cagr_pct
    ):
        return  # the browser echoing a value it was sent
    set_scenario(ctx, replace(scenario, cagr_pct=rate, segment_cagr_pct=(), preset="custom"))


def on_region(ctx: Context, part: str) -> None:
    """One region's slider moved: that region's rate, the rate sliders left alone."""
    rate = float(st.session_state[f"sc_rate_{slug(part)}"])
    scenario = current()
    if abs(rate - slider_rate(rates_for(ctx.frame, scenario)[part])) < 1e-6:
        return  # the browser echoing a value it was sent
    set_scenario(ctx, scenario.with_segment_rate(part, rate), sliders=False)


def on_each(ctx: Context) -> None:
    """ "Set each region" switched: off drops the regions' own rates."""
    scenario = current()
    each = bool(st.session_state.get("sc_each"))
    set_scenario(ctx, scenario if each else replace(scenario, segment_cagr_pct=()))


def on_years(ctx: Context) -> None:
    """Start or target year moved (see :func:`pmdash.tables.studio.with_years`)."""
    begin, end = int(st.session_state["sc_start"]), int(st.session_state["sc_end"])
    set_scenario(ctx, pure.with_years(current(), begin, end))


def on_shock(ctx: Context) -> None:
    """The shock switched or moved (see :func:`pmdash.tables.studio.with_shock`)."""
    year = st.session_state.get("sc_shock_year")
    size = st.session_state.get("sc_shock_pct")
    set_scenario(
        ctx,
        pure.with_shock(
            current(),
            bool(st.session_state.get("sc_shock_on")),
            int(year) if year else None,
            float(size) if size else None,
        ),
    )

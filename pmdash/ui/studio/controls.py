"""The studio's controls: the preset picker and the sliders (growth, years, shock)."""

from __future__ import annotations

from typing import Final

import streamlit as st

from pmdash import urlstate
from pmdash.scenarios import PRESET_LABELS, PRESETS, SHOCK_LIMITS_PCT, coverage, slug
from pmdash.ui.studio.callbacks import on_each, on_global, on_preset, on_region, on_shock, on_years
from pmdash.ui.studio.state import Context, current

RATE_STEP: Final = 0.1


def preset_control(ctx: Context) -> None:
    """The presets as one segmented control; moving a slider selects Custom."""
    options = [p for p in PRESETS if p in ctx.presets or p == "custom"]
    st.segmented_control(
        "Preset", options, key="sc_preset", format_func=lambda p: PRESET_LABELS[p],
        on_change=on_preset, args=(ctx,), width="stretch",
        help="As reported: each region at the rate its own figures imply. Headline CAGR: the "
        "report's stated rate from its stated base year. Conservative / Optimistic: each "
        "region 2 points below / above As reported. Consensus: the median of other "
        "publishers' stated CAGRs.",
    )  # fmt: skip


def sliders(ctx: Context) -> None:
    """Growth (global and per region), start and target year, the one-off shock."""
    scenario, frame = current(), ctx.frame
    low, high = urlstate.RATE_RANGE_PCT
    st.slider(
        "Market growth, % a year", low, high, step=RATE_STEP, key="sc_cagr", format="%.1f %%",
        on_change=on_global, args=(ctx,),
        help="Sets every region's growth. Shows the effective rate when regions differ.",
    )  # fmt: skip
    each = frame.dimension != "total" and st.toggle(
        "Set each region", key="sc_each", on_change=on_each, args=(ctx,)
    )
    if each:
        for part in frame.parts:
            st.slider(
                f"{part}, % a year", low, high, step=RATE_STEP,
                key=f"sc_rate_{slug(part)}", format="%.1f %%", on_change=on_region, args=(ctx, part),
            )  # fmt: skip
    st.select_slider(
        "Start year", urlstate.start_years(frame), key="sc_start", on_change=on_years, args=(ctx,)
    )
    st.slider(
        "Target year", min(urlstate.start_years(frame)) + 1, urlstate.max_target_year(frame),
        key="sc_end", on_change=on_years, args=(ctx,),
        help=f"{coverage(frame)}; later years are extrapolated.",
    )  # fmt: skip
    if scenario.end_year and scenario.end_year > frame.last_year:
        st.caption(f"{frame.last_year + 1}–{scenario.end_year}: extrapolation beyond the report.")
    if st.toggle("One-off shock", key="sc_shock_on", on_change=on_shock, args=(ctx,)):
        assert scenario.start_year is not None and scenario.end_year is not None
        st.slider(
            "Shock year", scenario.start_year + 1, max(scenario.end_year, scenario.start_year + 2),
            key="sc_shock_year", on_change=on_shock, args=(ctx,),
        )  # fmt: skip
        st.slider(
            "Shock, % of the market from that year on", SHOCK_LIMITS_PCT[0], 50.0, step=1.0,
            key="sc_shock_pct", format="%+.0f %%", on_change=on_shock, args=(ctx,),
        )  # fmt: skip

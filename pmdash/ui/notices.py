"""Boxes that explain the data: the basis legend, a dimension the source names but
does not size, a dimension resting on assumptions, the first-run empty state."""

from __future__ import annotations

import streamlit as st

from pmdash.formatting import dimension_label, plain
from pmdash.model import Market
from pmdash.ui.display import LONG_TEXT


def first_market_notice() -> None:
    """The empty state of a fresh install: what to do first, in two steps."""
    with st.container(border=True):
        st.markdown("#### :material/inventory_2: No market yet")
        st.markdown(
            "pmdash shows a market once its figures are imported. **Download the template** "
            "below, fill in one figure a row (or export them from your sizing model), then "
            "**import the file**: every problem is listed with its row and column before "
            "anything is saved. The other pages open as soon as one market is in.  \n"
            "From a terminal: `pmdash import data/sources/personalized-medicine` loads the "
            "sample report."
        )


def basis_legend() -> None:
    """How reported, computed and assumed figures look everywhere in the app."""
    st.caption(
        "● **Reported**: stated by the source (solid) · ○ **Computed**: derived here from "
        "reported figures (hollow or lighter) · ◇ **Assumed**: entered by an analyst "
        "(dashed or hatched)"
    )


def not_reported_notice(market: Market, dimension: str, segments: list[str]) -> None:
    """What the report says about a dimension it names but does not size."""
    names = ", ".join(segments) if segments else "no segments"
    st.info(
        f"**{plain(dimension_label(dimension))}: not reported by the source.** "
        f"{plain(market.source_label(market.meta.primary_source).split(' — ')[0])} names "
        f"{len(segments)} segments ({plain(names, LONG_TEXT)}) but gives no size or share for any of them. "
        "Enter assumptions below to see them charted; they are stored and shown as **Assumed**, "
        "apart from the reported figures.",
        icon=":material/visibility_off:",
    )


def assumed_notice(dimension: str) -> None:
    """A badge-like warning that the dimension's figures rest on an analyst's assumptions."""
    st.warning(
        f"**Assumed**: the {plain(dimension_label(dimension).lower())} figures below are an analyst's "
        "assumptions, not the source's (hatched bars, ◇ in the table).",
        icon=":material/edit_note:",
    )

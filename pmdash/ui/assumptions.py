"""The assumption editor: an analyst's figures for a dimension the source does not
size, saved as basis ``assumed`` beside the reported ones."""

from __future__ import annotations

import streamlit as st

from pmdash.assumptions import (
    EDITOR_METRICS,
    blank_editor,
    clear_assumptions,
    editor_rows,
    has_assumptions,
    replace_assumptions,
)
from pmdash.formatting import dimension_label, plain
from pmdash.model import Market
from pmdash.problems import InvalidInput
from pmdash.ui.data import data_store
from pmdash.ui.grids import problems_table


def assumption_editor(market: Market, dimension: str) -> None:
    """Enter, save and clear assumptions for one dimension (stored as basis=assumed)."""
    key = f"assume_{dimension}"
    current = editor_rows(market, dimension)
    start = current if len(current) else blank_editor(market, dimension)
    edited = st.data_editor(
        start, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "segment": st.column_config.TextColumn("Segment", required=True),
            "year": st.column_config.NumberColumn("Year", format="%d", min_value=1900, max_value=2200, step=1),
            "metric": st.column_config.SelectboxColumn("Metric", options=list(EDITOR_METRICS), required=True),
            "value": st.column_config.NumberColumn("Value (USD bn or %)", format="%.2f"),
            "note": st.column_config.TextColumn("Note (why you assume it)"),
        },
    )  # fmt: skip
    save, clear, _ = st.columns([1, 1, 3])
    if save.button("💾 Save assumptions", key=f"{key}_save", type="primary", width="stretch"):
        try:
            updated = replace_assumptions(market, dimension, edited)
        except InvalidInput as exc:
            st.error(
                f"Not saved: {len(exc.problems)} problem(s). Rows are numbered from 1 as in the editor."
            )
            problems_table(exc.problems)
        else:
            data_store().save(updated)
            st.session_state["assumptions_saved"] = dimension
            st.rerun()
    if clear.button(
        "🗑️ Clear",
        key=f"{key}_clear",
        width="stretch",
        disabled=not has_assumptions(market, dimension),
    ):
        data_store().save(clear_assumptions(market, dimension))
        st.session_state.pop(key, None)
        st.rerun()
    if st.session_state.pop("assumptions_saved", None) == dimension:
        st.toast(f"Assumptions for {plain(dimension_label(dimension).lower())} saved.", icon="✅")

"""Saved scenarios side by side: a table and their paths on one chart."""

from __future__ import annotations

import streamlit as st

from pmdash.charts import scenario as charts
from pmdash.scenarios import Scenario
from pmdash.tables import studio as pure
from pmdash.ui.charts import unmarked
from pmdash.ui.display import MISSING
from pmdash.ui.grids import show_table
from pmdash.ui.studio.state import Context


def comparison(ctx: Context, named: dict[str, Scenario]) -> None:
    """The named scenarios side by side: a table, then their paths against "As reported"."""
    figures, frame = ctx.market.figures, ctx.frame
    table = pure.comparison_table(figures, named, frame)
    show_table(table, hide_index=True, width="stretch", placeholder=MISSING)
    reported, projections = pure.comparison_paths(figures, named, frame)
    st.plotly_chart(
        unmarked(charts.comparison_chart(projections, reported, frame.last_year)),
        theme=None,
        config={"displayModeBar": False},
    )

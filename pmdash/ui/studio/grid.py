"""The sensitivity grid below the studio: two of the scenario's numbers moved together,
the market in each cell, the scenario's own cell outlined; CSV and XLSX downloads."""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go
import streamlit as st

from pmdash import urlstate
from pmdash.formatting import plain, shown_text, usd_bn
from pmdash.scenarios import PRESET_LABELS, slug
from pmdash.ui import cache
from pmdash.ui.charts import plot
from pmdash.ui.studio.state import Context, current, key
from pmdash.uncertainty.sensitivity import (
    GROWTH,
    SPANS_PCT,
    YEAR,
    Grid,
    GridError,
    GridSpec,
    grid_csv,
    grid_xlsx,
)

GRID_OPEN: Final = "sc_grid_open"
ROWS: Final = "sc_grid_rows"
COLUMNS: Final = "sc_grid_cols"
SPAN: Final = "sc_grid_span"
XLSX_MIME: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def seed(spec: GridSpec) -> None:
    """Open the panel on what a link asks."""
    st.session_state[GRID_OPEN] = True
    st.session_state[ROWS] = spec.rows
    st.session_state[COLUMNS] = spec.columns
    st.session_state[SPAN] = spec.span_pct


def grid_panel(ctx: Context) -> GridSpec | None:
    """The sensitivity grid; what it shows (``None`` while closed)."""
    box = st.expander(
        "Sensitivity grid: the market as two numbers move", icon=":material/grid_on:",
        key=GRID_OPEN, on_change="rerun",
    )  # fmt: skip
    if not box.open:
        return None
    regions = list(ctx.frame.parts) if ctx.frame.dimension != "total" else []
    every = "Growth, every region" if regions else "Growth of the market"
    with box:
        rows_col, columns_col, span_col = st.columns([1.3, 1.3, 1.4], vertical_alignment="bottom")
        if st.session_state.get(ROWS) not in (GROWTH, *regions):
            st.session_state[ROWS] = GROWTH
        rows = rows_col.selectbox(
            "Rows", [GROWTH, *regions], key=ROWS,
            format_func=lambda v: every if v == GROWTH else f"Growth of {shown_text(v)}",
        )  # fmt: skip
        column_options = [YEAR, *(r for r in regions if r != rows)]
        if st.session_state.get(COLUMNS) not in column_options:
            st.session_state[COLUMNS] = YEAR
        columns = columns_col.selectbox(
            "Columns", column_options, key=COLUMNS,
            format_func=lambda v: "Target year" if v == YEAR else f"Growth of {shown_text(v)}",
        )  # fmt: skip
        if st.session_state.get(SPAN) not in SPANS_PCT:
            st.session_state[SPAN] = GridSpec().span_pct
        span = span_col.select_slider(
            "Range around the scenario", list(SPANS_PCT), key=SPAN,
            format_func=lambda v: f"± {v:g} pts",
        )  # fmt: skip
        spec = GridSpec(str(rows), str(columns), float(span))
        found, figure = cache.sensitivity_figure(
            *key(ctx), current(), spec, urlstate.max_target_year(ctx.frame)
        )
        if isinstance(found, GridError):
            st.warning(plain(found.message, 400), icon=":material/block:")
            return spec
        assert figure is not None  # built with every grid
        _show(ctx, found, figure)
    return spec


def _show(ctx: Context, grid: Grid, figure: go.Figure) -> None:
    row, column = grid.current
    st.caption(
        f"{grid.title}: each cell is the market under the scenario with "
        f"{plain(grid.rows.noun)} at the row's value and {plain(grid.columns.noun)} at the "
        f"column's. The outlined cell is the scenario itself ({plain(grid.rows.labels[row])}, "
        f"{plain(grid.columns.labels[column])}): {usd_bn(grid.current_usd_bn)}."
    )
    plot(figure, key="sc_grid_chart")
    scenario = current()
    stem = f"{ctx.market.id}-{slug(PRESET_LABELS[scenario.preset])}-sensitivity"
    csv_col, xlsx_col, _ = st.columns([1, 1, 2])
    csv_col.download_button(
        "Grid (CSV)", lambda: grid_csv(grid), file_name=f"{stem}.csv", mime="text/csv",
        key="sc_grid_csv", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip
    xlsx_col.download_button(
        "Grid (XLSX)", lambda: grid_xlsx(grid), file_name=f"{stem}.xlsx", mime=XLSX_MIME,
        key="sc_grid_xlsx", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip

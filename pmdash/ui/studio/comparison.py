"""Saved scenarios side by side: a table and their paths on one chart."""

from __future__ import annotations

from pmdash.charts import scenario as charts
from pmdash.scenarios import Scenario
from pmdash.tables import studio as pure
from pmdash.ui.charts import plot
from pmdash.ui.grids import compare_grid
from pmdash.ui.studio.state import Context


def comparison(ctx: Context, named: dict[str, Scenario]) -> None:
    """The named scenarios side by side: a table, then their paths against "As reported"."""
    figures, frame = ctx.market.figures, ctx.frame
    compare_grid(pure.comparison_table(figures, named, frame), key="sc_compare_table")
    reported, projections = pure.comparison_paths(figures, named, frame)
    plot(
        charts.comparison_chart(projections, reported, frame.last_year),
        key="sc_compare_chart",
        config={"displayModeBar": False},
    )

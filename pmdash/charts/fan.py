"""The Monte Carlo fan of a scenario's market total: P5–P95 and P25–P75 around the
median, with the scenario's own path. Takes :func:`pmdash.uncertainty.percentiles`
rows of one segment; no I/O, no Streamlit. The studio draws the same fan in the
browser (``studio_island``); this one is for the brief and exports."""

from __future__ import annotations

from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.scenario import MONEY_HOVER, shade_extrapolation
from pmdash.charts.theme import SCENARIO_COLOR, layout
from pmdash.charts.weights import band_between
from pmdash.formatting import USD_BN_AXIS, USD_TICKS

OUTER_FILL: Final = "rgba(213, 94, 0, 0.12)"
INNER_FILL: Final = "rgba(213, 94, 0, 0.26)"


def fan_chart(
    band: pd.DataFrame, path: pd.Series, last_year: int, *, label: str, height: int = 380
) -> go.Figure:
    """``band``: year, p5 … p95 of the total (USD bn); ``path``: the scenario's total by year."""
    fig = go.Figure()
    band_between(fig, band, "p5", "p95", OUTER_FILL, "P5–P95 (90 % of paths)")
    band_between(fig, band, "p25", "p75", INNER_FILL, "P25–P75 (half of the paths)")
    fig.add_scatter(
        x=band["year"], y=band["p50"].round(3), mode="lines", name="Median path",
        line={"color": SCENARIO_COLOR, "width": 1.5, "dash": "dash"}, hovertemplate=MONEY_HOVER,
    )  # fmt: skip
    fig.add_scatter(
        x=list(path.index), y=path.round(3).tolist(), mode="lines+markers", name=label,
        line={"color": SCENARIO_COLOR, "width": 3}, marker={"size": 5},
        hovertemplate=MONEY_HOVER,
    )  # fmt: skip
    shade_extrapolation(fig, last_year, int(band["year"].max()))
    layout(
        fig, y_title=USD_BN_AXIS, height=height,
        export_title="Market total under the scenario, with the range of simulated paths (USD bn)",
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS)
    fig.update_layout(margin={"b": 110})
    return fig

"""The figure of weighted scenarios: each scenario's path, the expected market and its range.

Takes :class:`pmdash.uncertainty.Weighted` and the scenarios' totals; no I/O, no Streamlit.
"""

from __future__ import annotations

import html
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.scenario import MONEY_HOVER, REPORTED_COLOR, shade_extrapolation
from pmdash.charts.theme import SCENARIO_COLOR, layout
from pmdash.formatting import USD_BN_AXIS, USD_TICKS, pct, usd_bn
from pmdash.uncertainty.weights import Weighted

RANGE_FILL: Final = "rgba(0, 114, 178, 0.10)"
QUANTILE_FILL: Final = "rgba(0, 114, 178, 0.22)"


def band_between(
    fig: go.Figure, paths: pd.DataFrame, low: str, high: str, fill: str, name: str
) -> None:
    """A filled band between two columns of ``paths`` (by ``year``); one legend entry."""
    fig.add_scatter(
        x=paths["year"], y=paths[high].round(3), mode="lines", line={"width": 0},
        hoverinfo="skip", showlegend=False,
    )  # fmt: skip
    fig.add_scatter(
        x=paths["year"], y=paths[low].round(3), mode="lines", line={"width": 0},
        fill="tonexty", fillcolor=fill, name=name, customdata=paths[high].round(1),
        hovertemplate=f"{name}, %{{x}}<br>USD %{{y:,.1f}}–%{{customdata:,.1f}} bn<extra></extra>",
    )  # fmt: skip


def weighted_chart(weighted: Weighted, last_year: int, height: int = 420) -> go.Figure:
    """The expected market (bold) inside the scenarios' range (and P10–P90 where it
    means something), each weighted scenario dotted with its probability."""
    paths = weighted.paths
    fig = go.Figure()
    band_between(fig, paths, "min_usd_bn", "max_usd_bn", RANGE_FILL, "Range of the scenarios")
    if weighted.has_quantiles:
        band_between(fig, paths, "p10_usd_bn", "p90_usd_bn", QUANTILE_FILL, "P10–P90")
    for name, shown in weighted.totals.items():
        fig.add_scatter(
            x=list(shown.index), y=shown.round(3).tolist(), mode="lines",
            name=f"{html.escape(name)} ({pct(weighted.probabilities[name])})",
            line={"color": REPORTED_COLOR, "width": 1.5, "dash": "dot"},
            hovertemplate=MONEY_HOVER,
        )  # fmt: skip
    end = weighted.last()
    fig.add_scatter(
        x=paths["year"], y=paths["expected_usd_bn"].round(3), mode="lines+markers",
        name=f"Expected: {usd_bn(end['expected_usd_bn'])} in {int(end['year'])}",
        line={"color": SCENARIO_COLOR, "width": 3.5}, marker={"size": 5},
        hovertemplate="<b>Expected</b>, %{x}<br>USD %{y:,.1f} bn<extra></extra>",
    )  # fmt: skip
    shade_extrapolation(fig, last_year, int(paths["year"].max()))
    layout(
        fig, y_title=USD_BN_AXIS, height=height,
        export_title="Expected market size over weighted scenarios, with their range (USD bn)",
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS)
    fig.update_layout(margin={"b": 110})
    return fig

"""The sensitivity grid as a heatmap: each cell the market in USD bn, the scenario outlined.

Built from :class:`pmdash.uncertainty.sensitivity.Grid`; no I/O, no Streamlit. The
cells are read by their labels (``USD 1,094.8 bn``); the colour only ranks them, on
one blue scale from the house palette, so the scenario's orange outline stands out.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import plotly.graph_objects as go

from pmdash.charts.theme import INK, SCENARIO_COLOR, layout
from pmdash.formatting import chart_text, usd_bn
from pmdash.uncertainty.sensitivity import Grid

SCALE: Final = [[0.0, "#F3F7FC"], [0.5, "#9CC7E8"], [1.0, "#0072B2"]]
CELL_HEIGHT_PX: Final = 38


def sensitivity_heatmap(grid: Grid, *, height: int | None = None) -> go.Figure:
    """The grid as a heatmap, ``USD … bn`` in every cell, the scenario's cell outlined
    and named in the legend."""
    rows, columns = grid.rows, grid.columns
    x = list(range(len(columns.values)))
    y = list(range(len(rows.values)))
    text = [[usd_bn(float(v)) for v in row] for row in grid.sizes_usd_bn]
    hover = [
        [
            f"{chart_text(rows.title)}: {r}<br>{chart_text(columns.title)}: {c}"
            for c in columns.labels
        ]
        for r in rows.labels
    ]
    fig = go.Figure(
        go.Heatmap(
            z=np.round(grid.sizes_usd_bn, 3),
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            customdata=hover,
            colorscale=SCALE,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{customdata}<br><b>%{text}</b><extra></extra>",
        )
    )
    row, column = grid.current
    fig.add_shape(
        type="rect", x0=column - 0.5, x1=column + 0.5, y0=row - 0.5, y1=row + 0.5,
        line={"color": SCENARIO_COLOR, "width": 3},
    )  # fmt: skip
    # A legend entry for the outline: the mark explains itself on a slide too.
    fig.add_scatter(
        x=[None], y=[None], mode="markers", name=f"The scenario: {usd_bn(grid.current_usd_bn)}",
        marker={"symbol": "square-open", "size": 14, "color": SCENARIO_COLOR, "line": {"width": 3}},
    )  # fmt: skip
    layout(
        fig, y_title=chart_text(rows.title), height=height or 140 + CELL_HEIGHT_PX * len(y),
        export_title=chart_text(f"{grid.title}: how it moves with {rows.noun} and {columns.noun}", None),
    )  # fmt: skip
    fig.update_xaxes(
        title_text=chart_text(columns.title), tickvals=x, ticktext=list(columns.labels),
        range=[-0.5, len(x) - 0.5], showgrid=False, zeroline=False, side="bottom",
    )  # fmt: skip
    fig.update_yaxes(
        tickvals=y, ticktext=list(rows.labels), range=[-0.5, len(y) - 0.5],
        showgrid=False, zeroline=False, rangemode=None,
    )  # fmt: skip
    fig.update_layout(showlegend=True, font={"color": INK})
    return fig

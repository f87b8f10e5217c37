"""Publisher comparison (triangulation): every estimate of the market on one time axis.

Scope is never hidden: publishers sizing *personalized* medicine and those
sizing *precision* medicine get different colours, because their markets differ.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.theme import TOTAL_COLOR, layout
from pmdash.formatting import USD_TICKS, Bold, hover, pct, usd_bn

HOVER: Final = "%{customdata}<extra></extra>"
SCOPE_COLORS: Final = {
    "personalized medicine": "#0072B2",
    "precision medicine": "#E69F00",
}
OTHER_SCOPE: Final = "#7F7F7F"
LOG_TICKS: Final = (20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
SYMBOLS: Final = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "pentagon",
    "hexagon",
    "triangle-down",
    "cross",
)


def scope_color(scope: object) -> str:
    """The colour of a scope (grey when the scope is unknown)."""
    return SCOPE_COLORS.get(str(scope), OTHER_SCOPE)


def estimates_chart(
    estimates: pd.DataFrame, paths: pd.DataFrame, *, log_y: bool = False
) -> go.Figure:
    """Each publisher's stated sizes as points and its stated CAGR as a dashed path.

    ``estimates`` is :func:`pmdash.tables.publisher_estimates`, ``paths``
    :func:`pmdash.tables.cagr_paths`. The market's own source is a large star.
    """
    fig = go.Figure()
    sizes = estimates[estimates["metric"] == "size"]
    labels = list(dict.fromkeys(estimates["label"]))
    for index, label in enumerate(labels):
        own = sizes[sizes["label"] == label]
        rows = estimates[estimates["label"] == label]
        scope, primary = str(rows["scope"].iloc[0]), bool(rows["is_primary"].iloc[0])
        color = TOTAL_COLOR if primary else scope_color(scope)
        group = "primary" if primary else scope
        path = paths[paths["label"] == label]
        if not path.empty:
            fig.add_trace(
                go.Scatter(
                    x=path["year"], y=path["value"], mode="lines", legendgroup=group,
                    showlegend=False, name=f"{label}: stated CAGR",
                    line={"color": color, "dash": "dash", "width": 2.5 if primary else 1.5},
                    customdata=[hover(
                        Bold(f"{label}, {int(y)}"), usd_bn(v),
                        f"On its stated {pct(r, 2)} a year ({p})", "Computed here",
                    ) for y, v, r, p in zip(
                        path["year"], path["value"], path["cagr_pct"], path["period"], strict=True)],
                    hovertemplate=HOVER,
                )
            )  # fmt: skip
        if own.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=own["year"].astype(int), y=own["value"], mode="markers+lines" if primary else "markers",
                name=label + (" — this market's source" if primary else ""),
                legendgroup=group, legendgrouptitle={"text": "This report" if primary else scope.capitalize()},
                line={"color": color, "width": 1, "dash": "dot"},
                marker={
                    "symbol": "star" if primary else SYMBOLS[index % len(SYMBOLS)],
                    "size": 18 if primary else 11, "color": color,
                    "line": {"color": "white", "width": 1},
                },
                customdata=[hover(
                    Bold(f"{label}, {int(y)}"), f"{usd_bn(v)} (reported)", f"Scope: {scope}", n,
                ) for y, v, n in zip(own["year"], own["value"], own["note"], strict=True)],
                hovertemplate=HOVER,
            )
        )  # fmt: skip
    layout(
        fig, y_title="Market size (USD bn" + (", log scale)" if log_y else ")"), height=560,
        export_title="Publishers' estimates of the market (USD bn)",
        source="; ".join(labels),
    )  # fmt: skip
    fig.update_layout(margin={"b": 170})  # the publishers' legend, in rows under the plot
    fig.update_xaxes(dtick=2)
    if log_y:
        fig.update_yaxes(type="log", tickformat=USD_TICKS, rangemode=None, tickvals=LOG_TICKS)
    else:
        fig.update_yaxes(tickformat=USD_TICKS)
    return fig


def spread_chart(spread: pd.DataFrame, year: int, *, log_y: bool = False) -> go.Figure:
    """Each publisher's size in one year as a dot (hollow when projected), median marked."""
    rows = spread.dropna(subset=["size_usd_bn"]).sort_values("size_usd_bn")
    fig = go.Figure()
    for basis, label in (("reported", "Stated for the year"), ("derived", "Projected here")):
        part = rows[rows["basis"] == basis]
        if part.empty:
            continue
        colors = [
            TOTAL_COLOR if p else scope_color(s)
            for s, p in zip(part["scope"], part["is_primary"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=part["size_usd_bn"], y=part["label"], mode="markers", name=label,
                marker={
                    "size": 14, "color": colors if basis == "reported" else "white",
                    "symbol": "circle",
                    "line": {"color": colors, "width": 2.5},
                },
                customdata=[hover(Bold(str(n)), usd_bn(v), f"Scope: {s}", m) for n, v, s, m in zip(
                    part["label"], part["size_usd_bn"], part["scope"], part["method"], strict=True)],
                hovertemplate=HOVER,
            )
        )  # fmt: skip
    if len(rows):
        median = float(rows["size_usd_bn"].median())
        fig.add_vline(
            x=median, line={"color": TOTAL_COLOR, "dash": "dot"},
            annotation={"text": f"median {usd_bn(median)}"}, annotation_position="top",
        )  # fmt: skip
    layout(
        fig, y_title="", height=max(300, 46 * len(rows) + 140),
        export_title=f"Publishers' estimates of the market in {year} (USD bn)",
        source="; ".join(str(v) for v in rows["label"]),
    )  # fmt: skip
    fig.update_xaxes(
        title_text=f"Market size in {year} (USD bn" + (", log scale)" if log_y else ")"),
        type="log" if log_y else "linear", tickformat=USD_TICKS, dtick=None,
        tickvals=LOG_TICKS if log_y else None,
    )  # fmt: skip
    fig.update_yaxes(rangemode=None)
    return fig

"""Figures of one market as a whole: its size over time, and each segment's growth.

Builders take page-ready tables (:mod:`pmdash.tables`) and return plotly figures;
nothing here reads files or knows about Streamlit. Reported figures are drawn
solid, computed ones hollow or lighter, assumptions dashed or hatched
(:mod:`pmdash.charts.basis`). The segment views (stacked, one year, lines, donut)
are in :mod:`pmdash.charts.segments` and importable from here as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.basis import GREY, HOVER, MARKER_NAME, basis_marker, basis_text
from pmdash.charts.segments import (
    SHARE_AXIS,
    USD_AXIS,
    Kind,
    Mode,
    ViewChart,
    segment_lines,
    share_donut,
    stacked_chart,
    view_chart,
    view_sources,
    view_title,
    year_bars,
)
from pmdash.charts.theme import SCENARIO_COLOR, TOTAL_COLOR, color_map, layout
from pmdash.formatting import USD_TICKS, Bold, hover, pct, rate, usd_bn, year_span
from pmdash.metrics import grow, total_sizes
from pmdash.model import Market
from pmdash.tables import catalogue

__all__ = [
    "SHARE_AXIS",
    "USD_AXIS",
    "Kind",
    "Mode",
    "ViewChart",
    "basis_marker",
    "basis_text",
    "growth_bars",
    "market_size_chart",
    "segment_colors",
    "segment_lines",
    "share_donut",
    "stacked_chart",
    "view_chart",
    "view_sources",
    "view_title",
    "year_bars",
]


def segment_colors(market: Market, dimension: str) -> dict[str, str]:
    """The colour of each segment of a dimension, stable across pages (catalogue order)."""
    return color_map(catalogue(market, dimension))


def market_size_chart(
    full: pd.DataFrame,
    *,
    source_label: str = "",
    stated_cagr_pct: float | None = None,
    cagr_period: tuple[int, int] | None = None,
) -> go.Figure:
    """The market's size by year: reported points solid, computed points hollow.

    With a stated CAGR, a dashed line shows where that rate would take the market
    from the period's first size, so a gap between stated rate and sizes is visible.
    """
    totals = full[(full["dimension"] == "total") & (full["metric"] == "size")].sort_values("year")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=totals["year"].astype(int),
            y=totals["value"],
            mode="lines",
            line={"color": TOTAL_COLOR, "width": 3},
            name="Market size",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for basis, rows in totals.groupby("basis", sort=False):
        fig.add_trace(
            go.Scatter(
                x=rows["year"].astype(int),
                y=rows["value"],
                mode="markers",
                name=MARKER_NAME.get(str(basis), basis_text(basis)),
                marker=basis_marker(str(basis), TOTAL_COLOR),
                customdata=[
                    hover(
                        Bold(f"Market, {int(y)}"),
                        usd_bn(v),
                        basis_text(basis),
                        f"Source: {source_label}" if source_label else "",
                        note,
                    )
                    for y, v, note in zip(rows["year"], rows["value"], rows["note"], strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
    sizes = total_sizes(full)
    if stated_cagr_pct is not None and cagr_period is not None and cagr_period[0] in sizes.index:
        start, end = cagr_period
        years = list(range(start, end + 1))
        path = [grow(float(sizes[start]), stated_cagr_pct, y - start) for y in years]
        fig.add_trace(
            go.Scatter(
                x=years,
                y=path,
                mode="lines",
                line={"color": SCENARIO_COLOR, "width": 2, "dash": "dash"},
                name=f"At the stated {stated_cagr_pct:g} % a year (from {start})",
                customdata=[
                    hover(
                        Bold(f"{y}: {usd_bn(v)}"),
                        f"{usd_bn(float(sizes[start]))} in {start} grown at the stated "
                        f"{rate(stated_cagr_pct, 2)}",
                        width=60,
                    )
                    for y, v in zip(years, path, strict=True)
                ],
                hovertemplate=HOVER,
            )
        )
        if end in sizes.index:
            fig.add_annotation(
                x=end, y=path[-1], text=f"{usd_bn(path[-1])} at the stated rate",
                showarrow=False, xanchor="right", yanchor="bottom", yshift=6,
                font={"color": SCENARIO_COLOR, "size": 12},
            )  # fmt: skip
            fig.add_annotation(
                x=end, y=float(sizes[end]), text=f"{usd_bn(float(sizes[end]))} reported",
                showarrow=True, arrowcolor=TOTAL_COLOR, ax=-10, ay=45, xanchor="right",
                font={"color": TOTAL_COLOR, "size": 12},
            )  # fmt: skip
    layout(
        fig, y_title=USD_AXIS, height=420, export_title="Market size by year (USD bn)",
        source=source_label,
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS)
    return fig


def growth_bars(
    growth: pd.DataFrame,
    colors: dict[str, str],
    *,
    references: Sequence[tuple[str, float]] = (),
) -> go.Figure:
    """Each segment's implied CAGR as a horizontal bar, with reference rates as lines.

    ``growth`` is :func:`pmdash.tables.region_growth`; ``references`` are
    (label, percent) pairs such as the market's stated CAGR.
    """
    rows = growth.dropna(subset=["cagr_pct"]).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["cagr_pct"],
            y=rows["segment"],
            orientation="h",
            marker={"color": [colors.get(str(s), GREY) for s in rows["segment"]]},
            text=[pct(v, 2) for v in rows["cagr_pct"]],
            textposition="inside",
            insidetextanchor="end",
            customdata=[
                hover(
                    Bold(str(seg)), f"{rate(c)}, {year_span(int(a), int(b))}",
                    f"{usd_bn(s)} → {usd_bn(e)} (reported)",
                )
                for seg, c, a, b, s, e in zip(
                    rows["segment"], rows["cagr_pct"], rows["start_year"], rows["end_year"],
                    rows["start_usd_bn"], rows["end_usd_bn"], strict=True,
                )
            ],
            hovertemplate=HOVER,
            showlegend=False,
        )
    )  # fmt: skip
    # Reference rates are vertical lines named in the legend under the plot: a label
    # drawn beside a line would sit on a bar or the axis at some width.
    dashes = ("dash", "dot", "dashdot")
    for index, (label, value) in enumerate(references):
        line = {
            "color": SCENARIO_COLOR if index == 0 else TOTAL_COLOR,
            "dash": dashes[index % 3], "width": 2,
        }  # fmt: skip
        fig.add_vline(x=value, line=line)
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], mode="lines", line=line, name=f"{label}: {pct(value, 2)}",
                hoverinfo="skip", showlegend=True,
            )
        )  # fmt: skip
    layout(
        fig, y_title="", height=max(260, 70 * len(rows) + 110),
        export_title="Implied growth by segment (% a year)",
    )  # fmt: skip
    fig.update_xaxes(
        title_text="Implied growth (% a year)", ticksuffix=" %", rangemode="tozero", dtick=None
    )
    return fig

"""Figures of a growth scenario: its path against the report, regions, shares, sensitivity.

Builders take the tables of :mod:`pmdash.scenarios` (``project``, ``region_table``,
``sensitivity``, ``publisher_range``) and return plotly figures; no I/O, no
Streamlit. Years past the source's last year are shaded and labelled
"extrapolation"; the source's own stated points are solid markers.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.market import basis_marker
from pmdash.charts.theme import PALETTE, SCENARIO_COLOR, TOTAL_COLOR, layout
from pmdash.formatting import USD_BN_AXIS, USD_TICKS, delta_usd_bn, pct, points, usd_bn
from pmdash.schema import TOTAL_SEGMENT

USD_AXIS: Final = USD_BN_AXIS
REPORTED_COLOR: Final = "#8A93A6"
BAND_COLOR: Final = "rgba(0, 114, 178, 0.10)"
EXTRAPOLATION_FILL: Final = "rgba(31, 42, 68, 0.06)"
BASE_YEAR_COLOR: Final = "#C9CED8"
MONEY_HOVER: Final = "<b>%{fullData.name}</b>, %{x}<br>USD %{y:,.1f} bn<extra></extra>"


def _round(values: pd.Series) -> list[float]:
    """Sizes rounded for the browser (hover shows one decimal): a lighter figure payload."""
    return [round(float(v), 3) for v in values]


def _total(projection: pd.DataFrame) -> pd.DataFrame:
    return projection[projection["segment"] == TOTAL_SEGMENT].sort_values("year")


def _parts(projection: pd.DataFrame) -> pd.DataFrame:
    return projection[projection["segment"] != TOTAL_SEGMENT]


def shade_extrapolation(fig: go.Figure, last_year: int, end_year: int) -> go.Figure:
    """Shade and label the years past the source's last year (in place)."""
    if end_year <= last_year:
        return fig
    fig.add_vrect(
        x0=last_year + 0.5,
        x1=end_year + 0.5,
        fillcolor=EXTRAPOLATION_FILL,
        line_width=0,
        layer="below",
        annotation_text="extrapolation",
        annotation_position="bottom left",
        annotation_font={"size": 12, "color": "#5B6478"},
    )
    return fig


def path_chart(
    projection: pd.DataFrame,
    reported: pd.DataFrame,
    last_year: int,
    *,
    band: pd.DataFrame | None = None,
    label: str = "Scenario",
    height: int = 420,
) -> go.Figure:
    """The market total under the scenario against "As reported", stated points marked.

    ``reported`` is the as-reported projection (``basis`` tells stated points from
    computed ones); ``band`` an optional publishers' range (year, low_usd_bn, high_usd_bn).
    """
    fig = go.Figure()
    scenario, base = _total(projection), _total(reported)
    years = sorted(set(scenario["year"]) | set(base["year"]))
    if band is not None and not band.empty:
        shown = band[band["year"].between(years[0], years[-1])]
        fig.add_scatter(
            x=shown["year"], y=shown["high_usd_bn"], mode="lines", line={"width": 0},
            hoverinfo="skip", showlegend=False,
        )  # fmt: skip
        fig.add_scatter(
            x=shown["year"], y=shown["low_usd_bn"], mode="lines", line={"width": 0},
            fill="tonexty", fillcolor=BAND_COLOR, name="Other publishers (middle half)",
            hovertemplate="%{x}: from USD %{y:,.0f} bn<extra>Other publishers</extra>",
        )  # fmt: skip
    fig.add_scatter(
        x=base["year"], y=_round(base["size_usd_bn"]), name="As reported", mode="lines",
        line={"color": REPORTED_COLOR, "width": 2, "dash": "dot"}, hovertemplate=MONEY_HOVER,
    )  # fmt: skip
    for basis, name in (
        ("reported", "Stated by the source"),
        ("assumed", "Assumed by an analyst"),
        ("derived", "Computed here"),
    ):
        marked = base[base["basis"] == basis]
        if not marked.empty:
            fig.add_scatter(
                x=marked["year"], y=_round(marked["size_usd_bn"]), name=name, mode="markers",
                marker=basis_marker(basis, TOTAL_COLOR), hovertemplate=MONEY_HOVER,
            )  # fmt: skip
    # The end value is named in the legend, not written beside the last point, where it
    # sat on the report's markers whenever the scenario ends near them.
    end = scenario.iloc[-1]
    fig.add_scatter(
        x=scenario["year"], y=_round(scenario["size_usd_bn"]), mode="lines+markers",
        name=f"{html.escape(label)}: {usd_bn(float(end['size_usd_bn']))} in {int(end['year'])}",
        line={"color": SCENARIO_COLOR, "width": 3.5},
        marker={"size": [5] * (len(scenario) - 1) + [11], "color": SCENARIO_COLOR},
        hovertemplate=f"<b>{html.escape(label)}</b>, %{{x}}<br>USD %{{y:,.1f}} bn<extra></extra>",
    )  # fmt: skip
    shade_extrapolation(fig, last_year, int(years[-1]))
    layout(
        fig, y_title=USD_AXIS, height=height,
        export_title=f"Market size under the {label} scenario (USD bn)",
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS)
    fig.update_layout(margin={"b": 110})  # up to three legend rows under the plot
    return fig


def regions_chart(
    projection: pd.DataFrame, colors: Mapping[str, str], last_year: int, height: int = 360
) -> go.Figure:
    """Each region's size under the scenario, stacked to the total."""
    fig = go.Figure()
    for segment, rows in _parts(projection).groupby("segment", sort=False):
        fig.add_scatter(
            x=rows["year"], y=_round(rows["size_usd_bn"]), name=str(segment), mode="lines",
            stackgroup="regions", line={"width": 0.8, "color": colors.get(str(segment))},
            hovertemplate=MONEY_HOVER,
        )  # fmt: skip
    shade_extrapolation(fig, last_year, int(projection["year"].max()))
    fig = layout(
        fig, y_title=USD_AXIS, height=height, export_title="Market size by region (USD bn)"
    )
    fig.update_xaxes(dtick=2 if projection["year"].nunique() > 8 else 1)
    # Stacked areas list their legend bottom-up; keep the catalogue order of every other page.
    fig.update_layout(legend={"traceorder": "normal"}, margin={"b": 90})
    fig.update_yaxes(tickformat=USD_TICKS)
    return fig


def shares_chart(
    table: pd.DataFrame,
    colors: Mapping[str, str],
    start_year: int,
    end_year: int,
    height: int = 360,
) -> go.Figure:
    """Each region's share of the market in the start year (grey) and the target year
    (the region's colour). Each bar says its year in its label: a legend swatch can show
    only one colour, and the target year's bars have one a region."""
    ordered = table.iloc[::-1]
    fig = go.Figure()
    fig.add_bar(
        y=ordered["segment"], x=ordered["start_share_pct"], orientation="h", name=str(start_year),
        marker_color=BASE_YEAR_COLOR, showlegend=False,
        text=[f"{start_year}: {pct(v)}" for v in ordered["start_share_pct"]],
        textposition="outside", hovertemplate="%{y}, " + str(start_year) + ": %{x:.2f} %<extra></extra>",
    )  # fmt: skip
    fig.add_bar(
        y=ordered["segment"], x=ordered["end_share_pct"], orientation="h", name=str(end_year),
        marker_color=[colors.get(str(s), SCENARIO_COLOR) for s in ordered["segment"]],
        showlegend=False,
        text=[f"{end_year}: {pct(v)} ({points(d, 1)})" for v, d in zip(ordered["end_share_pct"], ordered["share_change_pts"], strict=True)],
        textposition="outside", hovertemplate="%{y}, " + str(end_year) + ": %{x:.2f} %<extra></extra>",
    )  # fmt: skip
    fig = layout(
        fig, y_title="", height=height,
        export_title=f"Share of the market by region, {start_year} and {end_year} (%)",
    )  # fmt: skip
    top = float(max(table["start_share_pct"].max(), table["end_share_pct"].max()))
    fig.update_layout(barmode="group", bargap=0.25, showlegend=False, margin={"b": 44})
    fig.update_xaxes(
        title_text=f"Share of the market (%): grey {start_year}, coloured {end_year}",
        range=[0, top * 1.9], dtick=None, ticksuffix=" %",
    )  # fmt: skip
    fig.update_yaxes(rangemode=None)
    return fig


def tornado_chart(
    sensitivity: pd.DataFrame, end_year: int, delta_pct: float = 1.0, height: int = 320
) -> go.Figure:
    """How far the target-year total moves when each region grows ±``delta_pct`` points.

    ``sensitivity`` as from :func:`pmdash.scenarios.sensitivity` (widest swing last,
    so it is drawn on top).
    """
    base = float(sensitivity["base_usd_bn"].iloc[0]) if not sensitivity.empty else 0.0
    fig = go.Figure()
    fig.add_bar(
        y=sensitivity["segment"], x=sensitivity["low_usd_bn"] - base, base=base, orientation="h",
        name=f"−{delta_pct:g} pt", marker_color="#56B4E9",
        text=[delta_usd_bn(v - base) for v in sensitivity["low_usd_bn"]], textposition="outside",
        hovertemplate="%{y} −" + f"{delta_pct:g}" + " pt: USD %{customdata:,.1f} bn<extra></extra>",
        customdata=_round(sensitivity["low_usd_bn"]),
    )  # fmt: skip
    fig.add_bar(
        y=sensitivity["segment"], x=sensitivity["high_usd_bn"] - base, base=base, orientation="h",
        name=f"+{delta_pct:g} pt", marker_color=SCENARIO_COLOR,
        text=[delta_usd_bn(v - base) for v in sensitivity["high_usd_bn"]], textposition="outside",
        hovertemplate="%{y} +" + f"{delta_pct:g}" + " pt: USD %{customdata:,.1f} bn<extra></extra>",
        customdata=_round(sensitivity["high_usd_bn"]),
    )  # fmt: skip
    fig = layout(
        fig, y_title="", height=height,
        export_title=f"Sensitivity of the {end_year} market size to each region's growth (USD bn)",
    )  # fmt: skip
    swing = float((sensitivity["high_usd_bn"] - sensitivity["low_usd_bn"]).abs().max() or 1.0)
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_xaxes(
        title_text=f"Market size in {end_year} ({USD_AXIS}); the line: {usd_bn(base)}",
        dtick=None, tickformat=USD_TICKS, range=[base - swing * 0.85, base + swing * 0.85],
    )  # fmt: skip
    fig.update_yaxes(rangemode=None)
    fig.add_vline(x=base, line_color=TOTAL_COLOR, line_width=1)
    return fig


def comparison_chart(
    projections: Mapping[str, pd.DataFrame],
    reported: pd.DataFrame,
    last_year: int,
    height: int = 400,
) -> go.Figure:
    """The market total of several saved scenarios on one chart, "As reported" dotted."""
    fig = go.Figure()
    base = _total(reported)
    fig.add_scatter(
        x=base["year"], y=base["size_usd_bn"], name="As reported", mode="lines",
        line={"color": REPORTED_COLOR, "width": 2, "dash": "dot"}, hovertemplate=MONEY_HOVER,
    )  # fmt: skip
    end = int(base["year"].max()) if not base.empty else last_year
    for index, (name, projection) in enumerate(projections.items()):
        total = _total(projection)
        end = max(end, int(total["year"].max()))
        fig.add_scatter(
            x=total["year"], y=total["size_usd_bn"], name=html.escape(name), mode="lines+markers",
            line={"color": PALETTE[index % len(PALETTE)], "width": 3}, marker={"size": 5},
            hovertemplate=MONEY_HOVER,
        )  # fmt: skip
    shade_extrapolation(fig, last_year, end)
    layout(fig, y_title=USD_AXIS, height=height, export_title="Saved scenarios compared (USD bn)")
    fig.update_yaxes(tickformat=USD_TICKS)
    fig.update_layout(margin={"b": 90})
    return fig

"""Segments: any dimension × year, as sizes or shares; assumptions where the source is silent."""

import streamlit as st

from pmdash.assumptions import has_assumptions
from pmdash.charts.market import segment_colors, share_donut, stacked_chart
from pmdash.formatting import dimension_label
from pmdash.metrics import total_sizes
from pmdash.tables import catalogue, dimension_years, segment_view, sized_dimensions, unattributed
from pmdash.ui.widgets import (
    assumed_notice,
    assumption_editor,
    basis_legend,
    full_figures,
    not_reported_notice,
    page_start,
    plot,
    png_download,
    segment_table,
)

market, info = page_start("Segments", "Sizes and shares of every dimension the report names.")
full = full_figures(info)
sized = sized_dimensions(full)
dimensions = [d for d in market.dimensions() if d != "total"]
pick, measure, shape = st.columns([2, 1, 1])
dimension = pick.selectbox(
    "Dimension",
    dimensions,
    key="segments_dimension",
    format_func=lambda d: dimension_label(d) + ("" if d in sized else " — not reported"),
)
mode = measure.segmented_control(
    "Show", ["size", "share"], default="size", key="segments_mode",
    format_func={"size": "USD bn", "share": "Share %"}.get,
) or "size"  # fmt: skip
kind = shape.segmented_control(
    "Chart", ["bar", "area"], default="bar", key="segments_kind",
    format_func={"bar": "Bars", "area": "Areas"}.get,
) or "bar"  # fmt: skip

if dimension not in sized:
    not_reported_notice(market, dimension, catalogue(market, dimension))
else:
    if has_assumptions(market, dimension):
        assumed_notice(dimension)
    years = dimension_years(full, dimension)
    if len(years) > 1:
        start, end = st.select_slider(
            "Years", options=years, value=(years[0], years[-1]), key=f"segments_years_{dimension}"
        )
    else:
        start = end = years[0]
        st.caption(f"The source gives {dimension_label(dimension).lower()} figures for {end} only.")
    view = segment_view(market, full, dimension, (start, end))
    unit = "USD bn" if mode == "size" else "% of the market"
    st.subheader(
        f"{dimension_label(dimension)} by year, {start}–{end} ({unit}), and shares in {end}"
    )
    colors = segment_colors(market, dimension)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        fig = stacked_chart(view, colors, mode=mode, kind=kind)
        plot(fig, key="segments_chart")
        png_download(fig, f"{market.id}-{dimension}", key="segments_png")
    with right:
        totals = total_sizes(full)
        donut = share_donut(
            view, end, colors,
            not_attributed_usd_bn=unattributed(view, full, end),
            total_usd_bn=float(totals[end]) if end in totals.index else None,
        )  # fmt: skip
        plot(donut, key="segments_donut")
    basis_legend()
    segment_table(view, dimension)

with st.expander(
    f"Assumptions for {dimension_label(dimension).lower()}", expanded=dimension not in sized
):
    assumption_editor(market, dimension)

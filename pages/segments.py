"""Segments: any dimension × year, as sizes or shares; assumptions where the source is silent.

A move of the years slider (or of the size/share and bars/areas switches) reruns
only the ``segment_panel`` fragment; the figures come from a cache per market version.
The view is in the URL (``?dimension=end_user&from=2024&to=2030&mode=share&chart=area``),
so a copied link reopens it; a bad value is ignored with a notice.
"""

import streamlit as st

from pmdash.assumptions import has_assumptions
from pmdash.formatting import dimension_label
from pmdash.model import Market
from pmdash.store import MarketInfo
from pmdash.tables import catalogue, dimension_years, sized_dimensions
from pmdash.ui.assumptions import assumption_editor
from pmdash.ui.charts import plot, segment_charts, segment_heading
from pmdash.ui.data import full_figures
from pmdash.ui.downloads import png_download
from pmdash.ui.grids import segment_table
from pmdash.ui.notices import assumed_notice, basis_legend, not_reported_notice
from pmdash.ui.page import page_start
from pmdash.ui.params import link_notices, view_changed, view_from_url, write_view
from pmdash.urlstate import SegmentsView, parse_segments, segments_params

market, info = page_start("Segments", "Sizes and shares of every dimension the report names.")
full = full_figures(info)
sized = sized_dimensions(full)
dimensions = [d for d in market.dimensions() if d != "total"]
linked = view_from_url("segments")
if linked is not None:  # a link opened (or the page come back to): it sets the widgets
    view, notices = parse_segments(linked, dimensions, {d: dimension_years(full, d) for d in sized})
    link_notices(notices)
    st.session_state.update(
        segments_dimension=view.dimension, segments_mode=view.mode, segments_kind=view.chart
    )
    if view.start_year is not None:
        st.session_state[f"segments_years_{view.dimension}"] = (view.start_year, view.end_year)
dimension = st.pills(
    "Dimension", dimensions, default=dimensions[0], key="segments_dimension",
    on_change=view_changed("segments"),
    format_func=lambda d: dimension_label(d) + ("" if d in sized else " · not reported"),
) or dimensions[0]  # fmt: skip


@st.fragment
def segment_panel(market: Market, info: MarketInfo, dimension: str, years: list[int]) -> None:
    span, measure, shape = st.columns([4, 2, 2], gap="medium")
    if len(years) > 1:
        start, end = span.select_slider(
            "Years",
            options=years,
            value=(years[0], years[-1]),
            key=f"segments_years_{dimension}",
            on_change=view_changed("segments"),
        )
    else:
        start = end = years[0]
        span.caption(
            f"The source gives {dimension_label(dimension).lower()} figures for {end} only."
        )
    mode = measure.segmented_control(
        "Show", ["size", "share"], default="size", key="segments_mode",
        on_change=view_changed("segments"),
        format_func={"size": "USD bn", "share": "Share %"}.get,
    ) or "size"  # fmt: skip
    kind = (  # one year: one bar a segment, whatever the choice
        shape.segmented_control(
            "Chart", ["bar", "area"], default="bar", key="segments_kind",
            on_change=view_changed("segments"),
            format_func={"bar": "Bars", "area": "Areas"}.get,
        ) if len(years) > 1 else "bar"
    ) or "bar"  # fmt: skip
    write_view("segments", segments_params(SegmentsView(dimension, start, end, mode, kind)))
    view, chart, donut = segment_charts(info, dimension, (start, end), mode, kind)
    st.subheader(segment_heading(view, dimension, mode))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        plot(chart, key="segments_chart")
    with right:
        plot(donut, key="segments_donut")
    legend, download = st.columns([4, 1], vertical_alignment="center")
    with legend:
        basis_legend()
    with download:
        png_download(chart, f"{market.id}-{dimension}", key="segments_png")
    table = st.expander(
        "Table: every figure with its basis and source",
        key="segments_table_open",
        on_change="rerun",
    )
    if table.open:
        with table:
            segment_table(view, dimension)


if dimension not in sized:
    shown = SegmentsView(dimension, mode=st.session_state.get("segments_mode") or "size",
                         chart=st.session_state.get("segments_kind") or "bar")  # fmt: skip
    write_view("segments", segments_params(shown))
    not_reported_notice(market, dimension, catalogue(market, dimension))
else:
    if has_assumptions(market, dimension):
        assumed_notice(dimension)
    segment_panel(market, info, dimension, dimension_years(full, dimension))

editor = st.expander(
    f"Assumptions for {dimension_label(dimension).lower()}",
    expanded=dimension not in sized, key=f"segments_assume_open_{dimension}", on_change="rerun",
)  # fmt: skip
if editor.open:
    with editor:
        assumption_editor(market, dimension)

"""Charts on a page: drawing one, a dimension's cached segment charts, and every
chart of a market by name (for the Data page's PNG picker)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pmdash.charts.market import Kind, Mode, market_size_chart, segment_colors, stacked_chart
from pmdash.charts.triangulation import estimates_chart
from pmdash.formatting import dimension_label
from pmdash.model import Market
from pmdash.store import MarketInfo
from pmdash.tables import (
    cagr_paths,
    dimension_years,
    headline_kpis,
    publisher_estimates,
    segment_view,
    sized_dimensions,
)
from pmdash.ui import cache
from pmdash.ui.data import data_store, full_figures


def plot(fig: go.Figure, key: str) -> None:
    """A chart at full width, with the toolbar's own PNG button kept for quick grabs."""
    st.plotly_chart(
        unmarked(fig), key=key, width="stretch", theme=None, config={"displaylogo": False}
    )


def unmarked(fig: go.Figure) -> go.Figure:
    """``fig`` with no markup in the labels that come from data (trace names, pie
    labels, category axes): plotly draws ``<a href>`` in them as a link. Only ``<``
    and ``>`` are escaped, so a label its chart builder escaped already stays as it is
    and a second pass changes nothing (cached figures are fixed once, in place)."""
    for trace in fig.data:
        for field in ("name", "labels", "x", "y"):
            value = getattr(trace, field, None)
            if isinstance(value, str):
                fixed: object = _defused(value)
                changed = fixed != value
            elif (items := _text_items(value)) is not None:
                fixed = tuple(_defused(v) for v in items)
                changed = fixed != items
            else:
                continue
            if changed:
                setattr(trace, field, fixed)
    return fig


def _text_items(value: object) -> tuple[object, ...] | None:
    """The items of a tuple, list or numpy array of text (plotly keeps a pandas column
    as an array), else None."""
    kind = str(getattr(getattr(value, "dtype", None), "kind", ""))
    if not (
        isinstance(value, Iterable) and (isinstance(value, tuple | list) or kind in ("O", "U", "S"))
    ):
        return None
    items = tuple(value)
    return items if items and isinstance(items[0], str) else None


def _defused(value: object) -> object:
    return value.replace("<", "&lt;").replace(">", "&gt;") if isinstance(value, str) else value


def segment_charts(
    info: MarketInfo, dimension: str, years: tuple[int, int], mode: Mode, kind: Kind
) -> tuple[pd.DataFrame, go.Figure, go.Figure]:
    """A dimension's segments over ``years``: the table, the stacked chart, the end-year donut.

    Cached per market version and inputs, so a slider step back to a range already
    seen costs nothing, and moving only the start year leaves the donut untouched.
    """
    root = str(data_store().root)
    return (
        cache.segment_table_of(root, info.id, info.version, dimension, years),
        cache.stacked_figure(root, info.id, info.version, dimension, years, mode, kind),
        cache.donut_figure(root, info.id, info.version, dimension, years[1]),
    )


def chart_builders(market: Market, info: MarketInfo) -> dict[str, Callable[[], go.Figure]]:
    """The app's charts of a market, by name, built only when called."""
    full = full_figures(info)
    kpis = headline_kpis(market, full, date.today().year)
    builders: dict[str, Callable[[], go.Figure]] = {
        "Market size by year": lambda: market_size_chart(
            full, source_label=market.source_label(market.meta.primary_source),
            stated_cagr_pct=kpis.stated_cagr_pct, cagr_period=kpis.cagr_period,
        ),
    }  # fmt: skip
    for dimension in sized_dimensions(full):
        years = dimension_years(full, dimension)
        view = segment_view(market, full, dimension, (years[0], years[-1]))
        colors = segment_colors(market, dimension)
        label = dimension_label(dimension)
        builders[f"{label} sizes"] = functools.partial(stacked_chart, view, colors, mode="size")
        builders[f"{label} shares"] = functools.partial(stacked_chart, view, colors, mode="share")
    estimates = publisher_estimates(market)
    if estimates["source"].nunique() > 1:
        builders["Publishers compared"] = lambda: estimates_chart(
            estimates, cagr_paths(estimates), log_y=True
        )
    return builders

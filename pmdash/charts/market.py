"""Figures of one market: its size over time, segments stacked, shares, regional growth.

Builders take page-ready tables (:mod:`pmdash.tables`) and return plotly figures;
nothing here reads files or knows about Streamlit. Reported figures are drawn
solid, computed ones hollow or lighter, assumptions dashed or hatched
(:data:`pmdash.charts.theme.BASIS_STYLE`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final, Literal

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.theme import SCENARIO_COLOR, TOTAL_COLOR, color_map, layout
from pmdash.formatting import (
    USD_TICKS,
    Bold,
    basis_label,
    dimension_label,
    hover,
    pct,
    rate,
    usd_bn,
    year_span,
)
from pmdash.metrics import grow, total_sizes
from pmdash.model import Market
from pmdash.tables import catalogue

Mode = Literal["size", "share"]
Kind = Literal["bar", "area"]
ViewChart = Literal["over_time", "one_year", "empty"]
USD_AXIS: Final = "Market size (USD bn)"
SHARE_AXIS: Final = "Share of the market (%)"
NOT_ATTRIBUTED: Final = "Not attributed"
GREY: Final = "#C9CED8"
# Computed bars are lighter, assumed ones hatched: the basis shows without a legend lookup.
BAR_OPACITY: Final = {"reported": 1.0, "derived": 0.55, "assumed": 0.85}
BAR_PATTERN: Final = {"reported": "", "derived": "", "assumed": "/"}


MARKER_NAME: Final = {
    "reported": "Reported by the source",
    "derived": "Computed here (interpolated)",
    "assumed": "Assumed by an analyst",
}


def basis_marker(basis: str, color: str) -> dict[str, object]:
    """Solid for reported, white-filled (hollow) for computed, a hollow diamond for assumed."""
    symbol = "diamond" if basis == "assumed" else "circle"
    filled = basis == "reported"
    return {
        "symbol": symbol,
        "size": 12 if filled else 10,
        "color": color if filled else "white",
        "line": {"color": color, "width": 2},
    }


def segment_colors(market: Market, dimension: str) -> dict[str, str]:
    """The colour of each segment of a dimension, stable across pages (catalogue order)."""
    return color_map(catalogue(market, dimension))


def basis_text(basis: object) -> str:
    """'Reported by the source', 'Computed here' or 'Assumed by an analyst'."""
    return basis_label(basis)


def view_chart(view: pd.DataFrame) -> ViewChart:
    """What kind of chart suits a segment view: 'over_time' when it spans several
    years, 'one_year' when the source sizes the dimension for a single year (bars per
    segment, no time axis, no Bars/Areas choice), 'empty' when it has no figure.

    >>> view_chart(pd.DataFrame({"year": [2024, 2024], "size_usd_bn": [1.0, 2.0]}))
    'one_year'
    """
    years = set(view["year"].dropna().astype(int)) if len(view) else set()
    if not years:
        return "empty"
    return "one_year" if len(years) == 1 else "over_time"


def view_title(view: pd.DataFrame, dimension: str, mode: Mode = "size") -> str:
    """The heading of a segment view: 'End user in 2024 (USD bn)',
    'Region by year, 2024–2034 (% of the market)'."""
    unit = "USD bn" if mode == "size" else "% of the market"
    name = dimension_label(dimension) if dimension else "Segments"
    if view_chart(view) != "over_time":
        years = sorted(set(view["year"].astype(int))) if len(view) else []
        return f"{name} in {years[0]} ({unit})" if years else f"{name} ({unit})"
    first, last = int(view["year"].min()), int(view["year"].max())
    return f"{name} by year, {year_span(first, last)} ({unit})"


def view_sources(view: pd.DataFrame) -> str:
    """The publishers a view's figures come from, for a picture's source line."""
    names = [str(s) for s in dict.fromkeys(view.get("source", pd.Series(dtype=str))) if s]
    return "; ".join(n for n in names if n and n != "nan")


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


def stacked_chart(
    view: pd.DataFrame,
    colors: dict[str, str],
    *,
    mode: Mode = "size",
    kind: Kind = "bar",
    title: str | None = None,
    dimension: str = "",
) -> go.Figure:
    """Segments stacked by year (USD bn or % of the market).

    ``view`` is :func:`pmdash.tables.segment_view`. Bars of computed figures are
    lighter and bars of assumed ones hatched; areas dash the assumed segments.
    A view of one year (:func:`view_chart`) gets :func:`year_bars` whatever ``kind``:
    an area needs two years, and one stacked bar tells less than one bar a segment.
    """
    if view_chart(view) == "one_year":
        return year_bars(view, colors, mode=mode, title=title, dimension=dimension)
    value, basis_column = (
        ("size_usd_bn", "size_basis") if mode == "size" else ("share_pct", "share_basis")
    )
    fig = go.Figure()
    shown: set[str] = set()
    for segment, rows in view.dropna(subset=[value]).groupby("segment", sort=False):
        bases = rows[basis_column].astype(str).tolist()
        shown.update(bases)
        color = colors.get(str(segment), GREY)
        common = {
            "x": rows["year"].astype(int),
            "y": rows[value],
            "name": str(segment),
            "customdata": _hover_data(rows),
            "hovertemplate": HOVER,
        }
        if kind == "bar":
            marker: dict[str, object] = {
                "color": color,
                "opacity": [BAR_OPACITY.get(b, 1.0) for b in bases],
                "line": {"color": "white", "width": 0.5},
            }
            if "assumed" in bases:  # patterns are costly to draw: only where something is hatched
                marker["pattern"] = {  # overlay: white hatching on the bar's own colour
                    "shape": [BAR_PATTERN.get(b, "") for b in bases],
                    "fillmode": "overlay",
                    "fgcolor": "white",
                    "solidity": 0.35,
                }
            fig.add_trace(go.Bar(**common, marker=marker))
        else:
            assumed = "assumed" in bases
            fig.add_trace(
                go.Scatter(
                    **common,
                    mode="lines",
                    stackgroup="one",
                    line={"color": color, "width": 1.5, "dash": "dash" if assumed else "solid"},
                    fillcolor=color,
                )
            )
    if kind == "bar":
        fig.update_layout(barmode="stack", bargap=0.25)
        _basis_keys(fig, shown)
    layout(
        fig, title=title, y_title=USD_AXIS if mode == "size" else SHARE_AXIS, height=430,
        export_title=view_title(view, dimension, mode), source=view_sources(view),
    )  # fmt: skip
    fig.update_layout(margin={"b": 100})  # up to two legend rows under the plot (see _margin)
    if mode == "share":
        fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    else:
        fig.update_yaxes(tickformat=USD_TICKS)
    return fig


def year_bars(
    view: pd.DataFrame,
    colors: dict[str, str],
    *,
    mode: Mode = "size",
    title: str | None = None,
    dimension: str = "",
) -> go.Figure:
    """A dimension sized for one year: one horizontal bar a segment, largest on top,
    each labelled with its value (computed bars lighter, assumed ones hatched)."""
    value, basis_column = (
        ("size_usd_bn", "size_basis") if mode == "size" else ("share_pct", "share_basis")
    )
    rows = view.dropna(subset=[value]).sort_values(value)
    bases = rows[basis_column].astype(str).tolist()
    shown = [usd_bn(v) if mode == "size" else pct(v) for v in rows[value]]
    marker: dict[str, object] = {
        "color": [colors.get(str(s), GREY) for s in rows["segment"]],
        "opacity": [BAR_OPACITY.get(b, 1.0) for b in bases],
    }
    if "assumed" in bases:
        marker["pattern"] = {
            "shape": [BAR_PATTERN.get(b, "") for b in bases], "fillmode": "overlay",
            "fgcolor": "white", "solidity": 0.35,
        }  # fmt: skip
    fig = go.Figure(
        go.Bar(
            x=rows[value], y=[str(s) for s in rows["segment"]], orientation="h",
            marker=marker, text=shown, textposition="auto", cliponaxis=False,
            customdata=_hover_data(rows), hovertemplate=HOVER, showlegend=False,
        )
    )  # fmt: skip
    _basis_keys(fig, set(bases))
    layout(
        fig, title=title, y_title="", height=max(260, 56 * len(rows) + 120),
        export_title=view_title(view, dimension, mode), source=view_sources(view),
    )  # fmt: skip
    top = float(rows[value].max()) if len(rows) else 1.0
    fig.update_xaxes(
        title_text=USD_AXIS if mode == "size" else SHARE_AXIS, dtick=None, type="linear",
        tickformat=USD_TICKS if mode == "size" else None,
        ticksuffix=" %" if mode == "share" else None, range=[0, top * 1.12],
    )  # fmt: skip
    fig.update_yaxes(rangemode=None, type="category")
    return fig


HOVER: Final = "%{customdata}<extra></extra>"


def _hover_data(rows: pd.DataFrame) -> list[str]:
    """One hover text per row: segment and year, size · share, basis, source; any part
    the row lacks is left out."""
    texts = []
    for segment, year, size, share, sb, hb, source in zip(
        rows["segment"], rows["year"], rows["size_usd_bn"], rows["share_pct"],
        rows["size_basis"], rows["share_basis"], rows["source"], strict=True,
    ):  # fmt: skip
        amount, part = _num(size), _num(share)
        figures = " · ".join(
            [
                *([usd_bn(amount)] if amount is not None else []),
                *([f"{pct(part)} of the market"] if part is not None else []),
            ]
        )
        texts.append(
            hover(
                Bold(f"{segment}, {int(year)}"), figures, _basis_pair(sb, hb),
                f"Source: {source}" if source and not _missing(source) else "",
            )
        )  # fmt: skip
    return texts


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(str(value))
    return None if math.isnan(number) else number


def _basis_pair(size_basis: object, share_basis: object) -> str:
    if _missing(size_basis) and _missing(share_basis):
        return ""
    if str(size_basis) == str(share_basis) or _missing(share_basis):
        return basis_text(size_basis)
    if _missing(size_basis):
        return basis_text(share_basis)
    return f"Size {basis_text(size_basis).lower()}, share {basis_text(share_basis).lower()}"


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _basis_keys(fig: go.Figure, shown: set[str]) -> None:
    """Legend entries that explain lighter and hatched bars, when the chart has them."""
    for basis, label in (("derived", "Computed (lighter)"), ("assumed", "Assumed (hatched)")):
        if basis in shown:
            fig.add_trace(
                go.Bar(
                    x=[None], y=[None], name=label, legendgroup="basis",
                    marker={
                        "color": "#7F8896", "opacity": BAR_OPACITY[basis],
                        "pattern": {
                            "shape": BAR_PATTERN[basis], "fillmode": "overlay", "fgcolor": "white"
                        },
                    },
                    hoverinfo="skip",
                )
            )  # fmt: skip


def share_donut(
    view: pd.DataFrame,
    year: int,
    colors: dict[str, str],
    *,
    not_attributed_usd_bn: float | None = None,
    total_usd_bn: float | None = None,
    dimension: str = "",
) -> go.Figure:
    """Each segment's share of the market in one year, as a donut; what the
    segments leave out of the total is a grey slice.

    The hover is one text a slice (plotly hands a pie's hover template its custom
    data as a list of the slice's points, so ``customdata[0]`` would be the whole row).
    """
    rows = view[view["year"] == year].dropna(subset=["share_pct"])
    labels = [str(s) for s in rows["segment"]]
    values = [float(v) for v in rows["share_pct"]]
    texts = _hover_data(rows)
    if not_attributed_usd_bn and total_usd_bn:
        labels.append(NOT_ATTRIBUTED)
        values.append(not_attributed_usd_bn / total_usd_bn * 100.0)
        texts.append(
            hover(
                Bold(f"{NOT_ATTRIBUTED}, {year}"),
                f"{usd_bn(not_attributed_usd_bn)} · {pct(values[-1])} of the market",
                "Total less the named segments",
            )
        )
    fig = go.Figure(
        go.Pie(
            labels=labels,
            values=values,
            hole=0.58,
            sort=False,
            direction="clockwise",
            marker={
                "colors": [colors.get(s, GREY) for s in labels],
                "line": {"color": "white", "width": 2},
            },
            texttemplate="%{percent:.1%}",
            textposition="inside",
            customdata=texts,
            hovertemplate=HOVER,
        )
    )
    centre = f"<b>{year}</b>"
    if total_usd_bn:
        centre += f"<br>{usd_bn(total_usd_bn)}"
    fig.add_annotation(text=centre, showarrow=False, font={"size": 15})
    name = dimension_label(dimension) if dimension else "Segments"
    layout(
        fig, height=430, export_title=f"{name}: shares of the market in {year}",
        source=view_sources(rows),
    )  # fmt: skip
    fig.update_layout(margin={"b": 80})  # legend rows under the donut
    return fig


def segment_lines(
    view: pd.DataFrame, colors: dict[str, str], *, mode: Mode = "size", dimension: str = "region"
) -> go.Figure:
    """One line per segment over the years; reported points solid, computed hollow.
    A view of one year gets :func:`year_bars` (a line needs two points)."""
    if view_chart(view) == "one_year":
        return year_bars(view, colors, mode=mode, dimension=dimension)
    value, basis_column = (
        ("size_usd_bn", "size_basis") if mode == "size" else ("share_pct", "share_basis")
    )
    fig = go.Figure()
    for segment, rows in view.dropna(subset=[value]).groupby("segment", sort=False):
        color = colors.get(str(segment), GREY)
        bases = rows[basis_column].astype(str)
        fig.add_trace(
            go.Scatter(
                x=rows["year"].astype(int),
                y=rows[value],
                mode="lines+markers",
                name=str(segment),
                line={
                    "color": color,
                    "width": 2.5,
                    "dash": "dash" if (bases == "assumed").any() else "solid",
                },
                marker={
                    "symbol": ["diamond" if b == "assumed" else "circle" for b in bases],
                    "size": [11 if b == "reported" else 8 for b in bases],
                    "color": [color if b == "reported" else "white" for b in bases],
                    "line": {"color": color, "width": 2},
                },
                customdata=_hover_data(rows),
                hovertemplate=HOVER,
            )
        )
    layout(
        fig, y_title=USD_AXIS if mode == "size" else SHARE_AXIS, height=420,
        export_title=view_title(view, dimension, mode), source=view_sources(view),
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS if mode == "size" else ".1f")
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

"""Figures of a market's segments: stacked by year, one bar a segment for a single
year, lines over time, shares of one year as a donut.

Builders take :func:`pmdash.tables.segment_view` tables and return plotly figures;
nothing here reads files or knows about Streamlit. Each figure's basis shows in its
styling and hover text (:mod:`pmdash.charts.basis`).
"""

from __future__ import annotations

from typing import Final, Literal

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.basis import BAR_OPACITY, BAR_PATTERN, GREY, HOVER, basis_keys, hover_data
from pmdash.charts.theme import layout
from pmdash.formatting import USD_TICKS, Bold, dimension_label, hover, pct, usd_bn, year_span

Mode = Literal["size", "share"]
Kind = Literal["bar", "area"]
ViewChart = Literal["over_time", "one_year", "empty"]
USD_AXIS: Final = "Market size (USD bn)"
SHARE_AXIS: Final = "Share of the market (%)"
NOT_ATTRIBUTED: Final = "Not attributed"


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
            "customdata": hover_data(rows),
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
        basis_keys(fig, shown)
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
            customdata=hover_data(rows), hovertemplate=HOVER, showlegend=False,
        )
    )  # fmt: skip
    basis_keys(fig, set(bases))
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
    texts = hover_data(rows)
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
                customdata=hover_data(rows),
                hovertemplate=HOVER,
            )
        )
    layout(
        fig, y_title=USD_AXIS if mode == "size" else SHARE_AXIS, height=420,
        export_title=view_title(view, dimension, mode), source=view_sources(view),
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS if mode == "size" else ".1f")
    return fig

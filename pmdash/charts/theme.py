"""One look for every chart: colours per segment, basis markers, layout."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, Literal

import plotly.graph_objects as go

# Colour-blind-safe qualitative palette (Okabe–Ito, then Tableau extras).
PALETTE: Final = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#8C564B", "#7F7F7F",
    "#BCBD22", "#17BECF",
)  # fmt: skip
TOTAL_COLOR: Final = "#1F2A44"
INK: Final = "#1F2A44"
GRID: Final = "#E6E9EF"
GRID_X: Final = "#F1F3F7"
SCENARIO_COLOR: Final = "#D55E00"
FONT: Final = "Inter, 'Segoe UI', Helvetica, Arial, sans-serif"

# How each basis is drawn: reported points are solid, computed ones hollow,
# assumptions dashed. The same mapping labels tables and legends.
BASIS_STYLE: Final = {
    "reported": {"symbol": "circle", "dash": "solid", "label": "Reported"},
    "derived": {"symbol": "circle-open", "dash": "dot", "label": "Computed"},
    "assumed": {"symbol": "diamond-open", "dash": "dash", "label": "Assumed"},
    "scenario": {"symbol": "circle-open", "dash": "solid", "label": "Scenario"},
    "extrapolated": {"symbol": "x-thin-open", "dash": "dashdot", "label": "Extrapolated"},
}


def color_map(segments: Iterable[str]) -> dict[str, str]:
    """A stable colour for each segment, in the order given (the market's catalogue).

    The total is always the same dark navy so it reads as "the market".
    """
    colors = {"All": TOTAL_COLOR}
    index = 0
    for segment in segments:
        if segment in colors:
            continue
        colors[segment] = PALETTE[index % len(PALETTE)]
        index += 1
    return colors


# The look of plotly's "plotly_white" for the chart types used here, and nothing else:
# the full template also styles 3-D scenes, maps, polar and ternary plots, and plotly.js
# pays for those on every draw (a line chart drew in 65 ms with it, 28 ms without).
AXIS: Final = {
    "gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "ticks": "", "title": {"standoff": 15},
    "zerolinecolor": "#EBF0F8", "automargin": True, "zerolinewidth": 2,
}  # fmt: skip
HOUSE_TEMPLATE: Final = go.layout.Template(
    layout={
        "autotypenumbers": "strict", "font": {"color": "#2a3f5f"}, "hovermode": "closest",
        "hoverlabel": {"align": "left"}, "paper_bgcolor": "white", "plot_bgcolor": "white",
        "xaxis": AXIS, "yaxis": AXIS, "title": {"x": 0.05},
        "shapedefaults": {"line": {"color": "#2a3f5f"}},
        "annotationdefaults": {"arrowcolor": "#2a3f5f", "arrowhead": 0, "arrowwidth": 1},
        "colorway": [
            "#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A",
            "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52",
        ],
    },
    data={
        "bar": [{"marker": {"line": {"color": "white", "width": 0.5}}}],
        "pie": [{"automargin": True}],
    },
)  # fmt: skip


MAX_YEAR_TICKS: Final = 12


def year_dtick(first: int, last: int) -> int:
    """A step between year labels that keeps at most ``MAX_YEAR_TICKS`` of them.

    Every year is labelled up to 12 years; beyond that, plotly would turn crowded
    labels on their side and draw the chart twice to make room (2018–2040 with a
    label a year: 100 ms instead of 40 ms in Chromium).
    """
    for step in (1, 2, 5, 10, 20, 50):
        if (last - first) // step + 1 <= MAX_YEAR_TICKS:
            return step
    return 100


def _x_years(fig: go.Figure) -> tuple[int, int] | None:
    """The first and last year on the x axis, if every trace's x values are years."""
    values: list[float] = []
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is None:
            continue
        try:
            values.extend(float(v) for v in x if v is not None)  # legend keys have x=[None]
        except (TypeError, ValueError):
            return None
    if not values or not all(1000 <= v <= 3000 and v == int(v) for v in values):
        return None
    return int(min(values)), int(max(values))


def _margin(fig: go.Figure, title: str | None) -> dict[str, int]:
    """Room for the axes' labels, the mode bar above the plot and a legend below it.

    Plotly widens the margins for labels that do not fit ("automargin") by drawing the
    chart a second time; margins that already fit them save that draw. The top margin
    holds the mode bar (26 px) so it never covers a trace, a label or the legend.
    """
    cartesian = any(trace.type != "pie" for trace in fig.data)
    top = 60 if title else 32
    legend = sum(1 for trace in fig.data if trace.showlegend is not False) > 1
    bottom = (36 if cartesian else 10) + (48 if legend else 0)
    return {"l": 64 if cartesian else 10, "r": 12, "t": top, "b": bottom}


# Legends sit at the bottom of the figure (not of the plot: below the axis's labels and
# title whatever the plot's height), left-aligned, in rows: the mode bar (top right)
# never covers them and at 390 px they wrap instead of running off the side.
LEGEND_BELOW: Final = {
    "orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom",
    "yref": "container", "title": None, "itemsizing": "constant",
}  # fmt: skip


def layout(
    fig: go.Figure,
    *,
    title: str | None = None,
    y_title: str = "",
    height: int = 420,
    export_title: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Apply the house layout to a figure (in place) and return it.

    ``export_title`` and ``source`` are what a PNG of the chart is titled and credited
    with (:func:`pmdash.charts.static.to_png`); the page shows its own heading.
    """
    years = _x_years(fig)
    updates: dict[str, Any] = {
        "template": HOUSE_TEMPLATE,
        "font": {"family": FONT, "size": 13, "color": INK},
        "height": height,
        "margin": _margin(fig, title),
        "legend": LEGEND_BELOW,
        "hoverlabel": {"font": {"family": FONT}},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": GRID},
        "xaxis": {"gridcolor": GRID_X, "dtick": year_dtick(*years) if years else None},
    }
    if years and years[0] == years[1]:  # one year: one category, no stray ticks around it
        updates["xaxis"].update(type="category", dtick=None)
    if title:
        updates["title"] = {"text": title, "x": 0, "font": {"size": 16}}
    fig.update_layout(**updates)
    if export_title or source or title:
        set_export_info(fig, export_title or title or "", source or "")
    return fig


def set_export_info(fig: go.Figure, title: str, source: str) -> go.Figure:
    """Record what a picture of the figure is titled and whom it credits (in place).

    Both are drawn by plotly, which makes ``<a href>`` a link, so ``<`` and ``>`` are
    escaped here (only those: a text its builder escaped already stays as it is).
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    if title:
        meta["export_title"] = _no_tags(title)
    if source:
        meta["export_source"] = _no_tags(source)
    fig.update_layout(meta=meta)
    return fig


def _no_tags(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def export_info(fig: go.Figure) -> tuple[str, str]:
    """The (title, source) recorded by :func:`set_export_info`; '' where none was."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return str(meta.get("export_title", "")), str(meta.get("export_source", ""))


# What st.plotly_chart (or any plotly page) is given: the mode bar only on hover, without
# the selection tools no chart here uses; its picture button is the house PNG export.
CHART_CONFIG: Final = {
    "displaylogo": False,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": [
        "select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "toggleSpikelines",
        "hoverClosestCartesian", "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}  # fmt: skip

Theme = Literal["light", "dark"]
# The dark look: Streamlit's dark background shows through (transparent paper and plot),
# light ink, faint grid lines; navy and white, which vanish on it, are swapped.
DARK_BG: Final = "#0E1117"
DARK_INK: Final = "#FAFAFA"
DARK_TOTAL: Final = "#E6E9EF"
DARK_GRID: Final = "rgba(250, 250, 250, 0.12)"
_DARK_SWAP: Final = {
    TOTAL_COLOR.lower(): DARK_TOTAL, INK.lower(): DARK_INK, "white": DARK_BG,
    "#ffffff": DARK_BG, "#2a3f5f": DARK_INK, GRID.lower(): DARK_GRID, GRID_X.lower(): DARK_GRID,
    "#ebf0f8": DARK_GRID,
}  # fmt: skip


def for_theme(fig: go.Figure, theme: str | None) -> go.Figure:
    """The figure as Streamlit's ``theme`` ('light' or 'dark', e.g. ``st.context.theme.type``)
    shows it: a new figure; the light one is returned as it is.

    Dark: transparent backgrounds, light text and grid, and every colour that only works
    on white (the navy total, white marker fills and outlines) swapped for its dark twin.
    """
    if theme != "dark":
        return fig
    spec = _swap(fig.to_plotly_json())
    layout_spec = spec.setdefault("layout", {})
    layout_spec["paper_bgcolor"] = "rgba(0,0,0,0)"
    layout_spec["plot_bgcolor"] = "rgba(0,0,0,0)"
    layout_spec.setdefault("font", {})["color"] = DARK_INK
    layout_spec["hoverlabel"] = {**layout_spec.get("hoverlabel", {}), "bgcolor": "#262730"}
    for axis in ("xaxis", "yaxis"):
        axis_spec = layout_spec.setdefault(axis, {})
        axis_spec.update(gridcolor=DARK_GRID, linecolor=DARK_GRID, zerolinecolor=DARK_GRID)
    return go.Figure(spec)


def _swap(value: Any) -> Any:
    if isinstance(value, str):
        return _DARK_SWAP.get(value.lower(), value)
    if isinstance(value, dict):
        return {k: (v if k == "template" else _swap(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_swap(v) for v in value]
    return value

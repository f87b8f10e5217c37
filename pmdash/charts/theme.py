"""One look for every chart: colours per segment, basis markers, layout."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import plotly.graph_objects as go

# Colour-blind-safe qualitative palette (Okabe–Ito, then Tableau extras).
PALETTE: Final = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
    "#D55E00", "#F0E442", "#000000", "#8C564B", "#7F7F7F",
    "#BCBD22", "#17BECF",
)  # fmt: skip
TOTAL_COLOR: Final = "#1F2A44"
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
    """Room for the axes' labels and a legend on top from the start.

    Plotly widens the margins for labels that do not fit ("automargin") by drawing the
    chart a second time; margins that already fit them save that draw (25 of 50 ms).
    """
    cartesian = any(trace.type != "pie" for trace in fig.data)
    top = 56 if title else 48 if len(fig.data) > 1 else 24
    return {"l": 70 if cartesian else 10, "r": 10, "t": top, "b": 28 if cartesian else 10}


def layout(
    fig: go.Figure, *, title: str | None = None, y_title: str = "", height: int = 420
) -> go.Figure:
    """Apply the house layout to a figure (in place) and return it."""
    years = _x_years(fig)
    updates: dict[str, Any] = {
        "template": HOUSE_TEMPLATE,
        "font": {"family": FONT, "size": 13, "color": "#1F2A44"},
        "height": height,
        "margin": _margin(fig, title),
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        "hoverlabel": {"font": {"family": FONT}},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": "#E6E9EF"},
        "xaxis": {"gridcolor": "#F1F3F7", "dtick": year_dtick(*years) if years else None},
    }
    if title:
        updates["title"] = {"text": title, "x": 0, "font": {"size": 16}}
    fig.update_layout(**updates)
    return fig

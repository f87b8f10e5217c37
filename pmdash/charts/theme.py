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


def layout(
    fig: go.Figure, *, title: str | None = None, y_title: str = "", height: int = 420
) -> go.Figure:
    """Apply the house layout to a figure (in place) and return it."""
    updates: dict[str, Any] = {
        "template": "plotly_white",
        "font": {"family": FONT, "size": 13, "color": "#1F2A44"},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 56 if title else 24, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        "hoverlabel": {"font": {"family": FONT}},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": "#E6E9EF"},
        "xaxis": {"gridcolor": "#F1F3F7", "dtick": 1},
    }
    if title:
        updates["title"] = {"text": title, "x": 0, "font": {"size": 16}}
    fig.update_layout(**updates)
    return fig

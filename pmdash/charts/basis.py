"""How a figure's basis shows on a chart, and the hover text of a segment's figures.

Reported figures are drawn solid, computed ones hollow or lighter, assumed ones
dashed or hatched (:data:`pmdash.charts.theme.BASIS_STYLE`); the hover names the
basis in words, so nothing depends on reading a legend.
"""

from __future__ import annotations

import math
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.formatting import Bold, basis_label, hover, pct, usd_bn

HOVER: Final = "%{customdata}<extra></extra>"
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


def basis_text(basis: object) -> str:
    """'Reported by the source', 'Computed here' or 'Assumed by an analyst'."""
    return basis_label(basis)


def hover_data(rows: pd.DataFrame) -> list[str]:
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


def basis_keys(fig: go.Figure, shown: set[str]) -> None:
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

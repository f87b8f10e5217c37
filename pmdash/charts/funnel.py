"""Figures of the TAM → SAM → SOM funnel: the funnel for one year and the SOM path.

Builders take :class:`pmdash.uncertainty.Funnel` tables and return plotly figures; no
I/O, no Streamlit. Each stage says where its figure comes from: TAM is computed from
the report, SAM and SOM rest on the analyst's assumed percentages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.theme import SCENARIO_COLOR, TOTAL_COLOR, layout
from pmdash.formatting import USD_BN_AXIS, USD_TICKS, pct, usd_bn

SAM_COLOR: Final = "#0072B2"
STAGES: Final = (
    ("tam_usd_bn", "TAM", "computed", "the market, computed from the report"),
    ("sam_usd_bn", "SAM", "assumed", "what we serve, assumed %"),
    ("som_usd_bn", "SOM", "assumed", "what we can win, assumed share"),
)
STAGE_COLORS: Final = (TOTAL_COLOR, SAM_COLOR, SCENARIO_COLOR)


def stage_labels() -> list[str]:
    """The funnel's three stages as the tables name them: what each is, and its basis."""
    return [f"{short} · {what}" for _, short, _, what in STAGES]


def funnel_chart(row: Mapping[str, float], year: int, height: int = 300) -> go.Figure:
    """TAM, SAM and SOM of one year as a funnel, each with its size and its share of
    the stage above (``row`` as from :meth:`pmdash.uncertainty.Funnel.at`)."""
    values = [float(row[column]) for column, *_ in STAGES]
    shares = ["", *(_share(values[i], values[i - 1]) for i in (1, 2))]
    text = [f"{usd_bn(v)}{share}" for v, share in zip(values, shares, strict=True)]
    fig = go.Figure(
        go.Funnel(
            y=[f"{short} · {basis}" for _, short, basis, _ in STAGES],
            x=[round(v, 3) for v in values], text=text, textinfo="text",
            textposition="auto", textfont={"size": 13}, constraintext="none", cliponaxis=False,
            insidetextfont={"color": "white"}, outsidetextfont={"color": TOTAL_COLOR},
            marker={"color": list(STAGE_COLORS)}, connector={"fillcolor": "#EEF1F6"},
            customdata=[what for *_, what in STAGES],
            hovertemplate="<b>%{customdata}</b><br>%{text}<extra></extra>",
        )
    )  # fmt: skip
    layout(fig, height=height, export_title=f"TAM, SAM and SOM in {year} (USD bn)")
    # Room on the right for the text beside the narrow stages.
    fig.update_layout(margin={"l": 12, "r": 12, "t": 16, "b": 16}, showlegend=False)
    fig.update_xaxes(range=[-values[0] * 0.85, values[0] * 0.85] if values[0] > 0 else None)
    fig.update_yaxes(automargin=True, rangemode=None)
    return fig


def _share(value: float, above: float) -> str:
    return f" · {pct(value / above * 100.0)}" if above > 0 else ""


def som_path_chart(table: pd.DataFrame, height: int = 300) -> go.Figure:
    """The SOM in USD bn year by year (bars), its share of SAM in the hover and the
    first and last bar labelled."""
    years = table["year"].astype(int).tolist()
    som = [round(float(v), 3) for v in table["som_usd_bn"]]
    labels = [usd_bn(v) if i in (0, len(som) - 1) else "" for i, v in enumerate(som)]
    fig = go.Figure()
    fig.add_bar(
        x=years, y=som, name="SOM", marker_color=SCENARIO_COLOR, text=labels,
        textposition="outside", cliponaxis=False, textfont={"size": 13}, constraintext="none",
        customdata=list(zip(table["obtainable_pct"].round(2), table["sam_usd_bn"].round(1),
                            strict=True)),
        hovertemplate="<b>SOM</b>, %{x}<br>USD %{y:,.1f} bn<br>%{customdata[0]:.1f} % of "
        "SAM (USD %{customdata[1]:,.1f} bn)<extra></extra>",
    )  # fmt: skip
    layout(
        fig, y_title=USD_BN_AXIS, height=height,
        export_title="Serviceable obtainable market (SOM) by year (USD bn)",
    )  # fmt: skip
    fig.update_yaxes(tickformat=USD_TICKS if max(som, default=0) >= 10 else ",.1f")
    fig.update_layout(margin={"t": 28, "r": 44}, bargap=0.25)  # room for the last label
    return fig

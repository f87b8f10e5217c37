"""Publisher comparison (triangulation): every estimate of the market on common years.

Scope is never hidden: the market's own source and the publishers of its scope
share one panel; publishers of another scope, when shown, get a panel of their own
beside it, never the same axes. Each line ends in its publisher's name and edition;
a year a publisher does not state is drawn dashed (projected here) and an old or
undated edition is flagged with ⚠ at the line's end.
"""

from __future__ import annotations

import math
from typing import Final

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pmdash.charts.theme import PALETTE, TOTAL_COLOR, layout
from pmdash.formatting import USD_TICKS, Bold, chart_text, hover, usd_bn

HOVER: Final = "%{customdata}<extra></extra>"
SCOPE_COLORS: Final = {
    "personalized medicine": "#0072B2",
    "precision medicine": "#E69F00",
}
OTHER_SCOPE: Final = "#7F7F7F"
FLAG: Final = "⚠"
# Line-end labels at least this far apart on a log axis (log10 units: about 12 px on a 560 px chart).
END_LABEL_GAP_LOG: Final = 0.08
LOG_TICKS: Final = (20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000)
SYMBOLS: Final = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "pentagon",
    "hexagon",
    "triangle-down",
    "cross",
)
# Peers take the palette after the market's own blue (kept for the scope colours).
PEER_COLORS: Final = PALETTE[2:]


def scope_color(scope: object) -> str:
    """The colour of a scope (grey when the scope is unknown)."""
    return SCOPE_COLORS.get(str(scope), OTHER_SCOPE)


def _end_label(label: str, edition: str, age_note: str) -> str:
    """What a line's end says: the publisher (edition) and, when it matters, its age."""
    text = chart_text(label, 40)
    if edition == "unknown":
        text += " (edition ?)"
    return f"{text} {FLAG}" if age_note else text


def estimates_chart(
    estimates: pd.DataFrame, paths: pd.DataFrame, *, log_y: bool = False, compact: bool = False
) -> go.Figure:
    """Each estimate's stated sizes as points and its path over the common years as a line.

    ``estimates`` is :func:`pmdash.tables.publisher_estimates`, ``paths``
    :func:`pmdash.tables.cagr_paths`. The market's own source is a star on a solid
    line; a year a publisher does not state is on a dashed line, *projected here*.
    Publishers of another scope, if in ``estimates``, are drawn in a panel beside.
    ``compact`` (a phone): no labels at the lines' ends (the legend names them, ⚠
    included) and a year tick every four years.
    """
    other = estimates[estimates["status"] == "other scope, not compared"]
    panels = 2 if not other.empty else 1
    own_scope = next(iter(estimates.loc[estimates["is_primary"].astype(bool), "scope"]), "")
    titles = [f"{own_scope.capitalize() or 'This market'} (this market)"]
    if panels == 2:
        scopes = ", ".join(dict.fromkeys(str(s) for s in other["scope"]))
        titles.append(f"{scopes.capitalize()} (not compared)")
    fig = make_subplots(
        rows=1, cols=panels, shared_yaxes=True, horizontal_spacing=0.06,
        subplot_titles=[chart_text(t) for t in titles],
    )  # fmt: skip
    for index, title in enumerate(fig.layout.annotations):  # left-aligned: never cut off
        title.update(x=fig.layout[f"xaxis{index + 1 if index else ''}"].domain[0], xanchor="left")
    labels = list(dict.fromkeys(estimates["label"]))
    for index, label in enumerate(labels):
        rows = estimates[estimates["label"] == label]
        first = rows.iloc[0]
        primary = bool(first["is_primary"])
        col = 2 if first["status"] == "other scope, not compared" else 1
        color = (
            TOTAL_COLOR
            if primary
            else scope_color(first["scope"])
            if col == 2
            else PEER_COLORS[index % len(PEER_COLORS)]
        )
        _add_publisher(
            fig, rows, paths[paths["label"] == label], (color, index, col), log_y, compact
        )
    _spread_end_labels(fig, log_y)
    years = pd.concat([paths["year"], estimates.loc[estimates["metric"] == "size", "year"]])
    if not years.empty:
        first, last = int(years.min()), int(years.max())
        room = 0.5 if compact else max(3.0, (last - first) * (0.45 if panels == 2 else 0.22))
        step = 4 if panels == 2 or compact else 2
        ticks = list(range(first + first % 2, last + 1, step))
        fig.update_xaxes(range=[first - 0.5, last + room], tickvals=ticks)
    layout(
        fig, y_title="Market size (USD bn" + (", log scale)" if log_y else ")"), height=560,
        export_title="Publishers' estimates of the market (USD bn)",
        source="; ".join(str(v) for v in labels),
    )  # fmt: skip
    right = 16 if compact else 170 if panels == 1 else 150  # room for the lines' labels
    fig.update_layout(margin={"b": 150, "r": right}, showlegend=True)
    fig.update_xaxes(gridcolor="#F1F3F7")
    fig.update_annotations(selector={"name": None}, font={"size": 14})  # the panels' titles
    if log_y:
        fig.update_yaxes(type="log", tickformat=USD_TICKS, rangemode=None, tickvals=LOG_TICKS)
    else:
        fig.update_yaxes(tickformat=USD_TICKS, rangemode="tozero")
    return fig


def _add_publisher(
    fig: go.Figure,
    rows: pd.DataFrame,
    path: pd.DataFrame,
    style: tuple[str, int, int],
    log_y: bool,
    compact: bool = False,
) -> None:
    """One estimate: its path (line) and stated sizes (markers), in panel ``col``."""
    color, index, col = style
    first = rows.iloc[0]
    label, primary = str(first["label"]), bool(first["is_primary"])
    shown = chart_text(label, 60)
    about = (
        f"Scope: {first['scope']} · edition {first['edition']}",
        f"Basis: {first['basis']}",
        str(first["age_note"]),
    )
    group = f"{label}-{col}"
    if not path.empty:
        fig.add_trace(
            go.Scatter(
                x=path["year"], y=path["value"], mode="lines", legendgroup=group,
                showlegend=False, name=shown,
                line={"color": color, "dash": "solid" if primary else "dash",
                      "width": 3 if primary else 1.8},
                customdata=[hover(
                    Bold(f"{label}, {int(y)}"), usd_bn(v),
                    m[:1].upper() + m[1:] if h == "derived" else f"{m} (reported)", *about,
                    max_lines=6,
                ) for y, v, h, m in zip(
                    path["year"], path["value"], path["how"], path["method"], strict=True)],
                hovertemplate=HOVER,
            ),
            row=1, col=col,
        )  # fmt: skip
        end = path.iloc[-1]
        fig.add_annotation(
            visible=not compact,
            x=int(end["year"]), y=_annotation_y(float(end["value"]), log_y), xanchor="left",
            xshift=8, text=_end_label(label, str(first["edition"]), str(first["age_note"])),
            showarrow=False, font={"size": 11, "color": color}, name=f"end-{col}",
            row=1, col=col,
        )  # fmt: skip
    sizes = rows[rows["metric"] == "size"]
    if sizes.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=sizes["year"].astype(int), y=sizes["value"], mode="markers",
            name=shown + (" — this market's source" if primary else "")
            + (f" {FLAG}" if first["age_note"] else ""), legendgroup=group,
            marker={
                "symbol": "star" if primary else SYMBOLS[index % len(SYMBOLS)],
                "size": 16 if primary else 11, "color": color,
                "line": {"color": "white", "width": 1},
            },
            customdata=[hover(
                Bold(f"{label}, {int(y)}"), f"{usd_bn(v)} (stated)", *about, n, max_lines=6,
            ) for y, v, n in zip(sizes["year"], sizes["value"], sizes["note"], strict=True)],
            hovertemplate=HOVER,
        ),
        row=1, col=col,
    )  # fmt: skip


def _spread_end_labels(fig: go.Figure, log_y: bool) -> None:
    """Move line-end labels apart (in each panel) so that none is drawn over another."""
    for col in (1, 2):
        notes = sorted(
            (a for a in fig.layout.annotations if a.name == f"end-{col}"), key=lambda a: a.y
        )
        if not notes:
            continue
        span = max(a.y for a in notes) - min(a.y for a in notes)
        gap = END_LABEL_GAP_LOG if log_y else max(span, 1.0) * 0.04
        last = -math.inf
        for note in notes:
            note.y = max(note.y, last + gap)
            last = note.y


def _annotation_y(value: float, log_y: bool) -> float:
    """Plotly places an annotation on a log axis by the value's log10."""
    return math.log10(value) if log_y and value > 0 else value


def spread_chart(spread: pd.DataFrame, year: int, *, log_y: bool = False) -> go.Figure:
    """Each estimate's size in one year as a dot (hollow when projected here), the median
    of the compared publishers marked; other scopes in grey, below, never in the median."""
    rows = spread.dropna(subset=["size_usd_bn"])
    rows = rows.assign(_other=rows["status"] == "other scope, not compared").sort_values(
        ["_other", "size_usd_bn"], ascending=[False, False]
    )
    # Bottom to top: other scopes, then the compared ones; each read smallest first.
    names = [
        f"{chart_text(n, 40)}{' (other scope)' if o else ''}{' ' + FLAG if a else ''}"
        for n, o, a in zip(rows["label"], rows["_other"], rows["age_note"], strict=True)
    ]
    rows = rows.assign(_name=names)
    fig = go.Figure()
    for basis, legend in (("reported", "Stated for the year"), ("derived", "Projected here")):
        part = rows[rows["basis"] == basis]
        if part.empty:
            continue
        colors = [
            TOTAL_COLOR if p else OTHER_SCOPE if o else SCOPE_COLORS["personalized medicine"]
            for p, o in zip(part["is_primary"], part["_other"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=part["size_usd_bn"], y=part["_name"], mode="markers", name=legend,
                marker={
                    "size": 14, "color": colors if basis == "reported" else "white",
                    "symbol": "circle", "line": {"color": colors, "width": 2.5},
                },
                customdata=[hover(
                    Bold(str(n)), usd_bn(v), f"Scope: {s} ({st})", f"Edition {e}", a, m,
                    max_lines=6,
                ) for n, v, s, st, e, a, m in zip(
                    part["label"], part["size_usd_bn"], part["scope"], part["status"],
                    part["edition"], part["age_note"], part["method"], strict=True)],
                hovertemplate=HOVER,
            )
        )  # fmt: skip
    compared = rows[rows["status"] == "compared"]
    if len(compared) >= 2:
        median = float(compared["size_usd_bn"].median())
        fig.add_vline(x=median, line={"color": TOTAL_COLOR, "dash": "dot"})
        fig.add_annotation(
            x=_annotation_y(median, log_y), y=1, xref="x", yref="y domain", yanchor="bottom",
            text=f"median of the {len(compared)} compared: {usd_bn(median)}", showarrow=False,
        )  # fmt: skip
    layout(
        fig, y_title="", height=max(300, 46 * len(rows) + 140),
        export_title=f"Publishers' estimates of the market in {year} (USD bn)",
        source="; ".join(str(v) for v in rows["label"]),
    )  # fmt: skip
    fig.update_xaxes(
        title_text=f"Market size in {year} (USD bn" + (", log scale)" if log_y else ")"),
        type="log" if log_y else "linear", tickformat=USD_TICKS, dtick=None,
        tickvals=LOG_TICKS if log_y else None,
    )  # fmt: skip
    fig.update_yaxes(rangemode=None, categoryorder="array", categoryarray=names)
    fig.update_layout(margin={"t": 40})
    return fig

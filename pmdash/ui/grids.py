"""Read-only tables with people's column names: each one's column specs in one place.

Every table shows a missing number as :data:`~pmdash.ui.display.MISSING` and a
figure's basis as a badge (:data:`BASIS_BADGE`). Every table of the app is drawn by
:func:`show_table`, so what its toolbar copies or downloads as CSV is safe to open in
a spreadsheet.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pmdash.formatting import dimension_label, neutralise, shown_text
from pmdash.problems import Problem
from pmdash.tables import filter_rows
from pmdash.ui.display import MISSING

BASIS_BADGE = {"reported": "● Reported", "derived": "○ Computed", "assumed": "◇ Assumed"}


def show_table(frame: pd.DataFrame, **options: Any) -> None:
    """``st.dataframe`` of a copy whose text cells and column names are safe: the grid's
    own "Download as CSV" and copy write cells raw, so a formula (``=HYPERLINK(…)``,
    ``@SUM(…)``) gets the leading apostrophe the exports give it
    (:func:`~pmdash.formatting.neutralise`), and bidirectional or other control
    characters are dropped (:func:`~pmdash.formatting.shown_text`)."""
    st.dataframe(safe_cells(frame), **options)


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name as :func:`show_table` shows it."""
    out = frame.rename(columns=_safe_cell)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe_cell)
    return out


def _safe_cell(value: object) -> object:
    return shown_text(neutralise(value), None) if isinstance(value, str) else value


def _badge(basis: object) -> str:
    return BASIS_BADGE.get(str(basis), "")


def problems_table(problems: list[Problem]) -> None:
    """Every validation problem with its row and column, errors first."""
    frame = pd.DataFrame(
        [
            {
                "severity": p.severity,
                "row": p.row,
                "column": p.column or "",
                "message": p.message,
                "file": p.file,
            }
            for p in sorted(problems, key=lambda p: (p.severity != "error", p.row or 0))
        ],
        columns=["severity", "row", "column", "message", "file"],
    )
    frame["row"] = frame["row"].astype("Int64")
    show_table(
        frame, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "severity": st.column_config.TextColumn("Severity", width="small"),
            "row": st.column_config.NumberColumn("Row", format="%d", width="small"),
            "column": st.column_config.TextColumn("Column", width="small"),
            "message": st.column_config.TextColumn("Problem", width="large"),
            "file": st.column_config.TextColumn("File", width="small"),
        },
    )  # fmt: skip


def figures_browser(figures: pd.DataFrame, key: str = "figures") -> None:
    """Every figure with its basis and source: search box, basis and dimension filters."""
    search, bases, dims = st.columns([2, 2, 2])
    query = search.text_input(
        "Search", key=f"{key}_query", placeholder="e.g. Europe 2030, interpolated"
    )
    basis = bases.multiselect(
        "Basis", list(BASIS_BADGE), default=list(BASIS_BADGE), key=f"{key}_basis",
        format_func=lambda b: BASIS_BADGE[b],
    )  # fmt: skip
    dimensions = sorted(set(figures["dimension"]))
    chosen = dims.multiselect(
        "Dimension",
        dimensions,
        default=dimensions,
        key=f"{key}_dimension",
        format_func=dimension_label,
    )
    shown = filter_rows(figures, query, basis=basis, dimension=chosen)
    st.caption(f"{len(shown):,} of {len(figures):,} figures")
    show_table(
        shown.assign(basis=shown["basis"].map(_badge)), placeholder=MISSING, hide_index=True,
        width="stretch", height=420,
        column_config={
            "dimension": st.column_config.TextColumn("Dimension", width="small"),
            "segment": st.column_config.TextColumn("Segment"),
            "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
            "metric": st.column_config.TextColumn("Metric", width="small"),
            "period": st.column_config.TextColumn("Period", width="small"),
            "value": st.column_config.NumberColumn("Value", format="%.2f"),
            "unit": st.column_config.TextColumn("Unit", width="small"),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "source": st.column_config.TextColumn("Source"),
            "note": st.column_config.TextColumn("Note", width="large"),
        },
    )  # fmt: skip


def simple_table(
    frame: pd.DataFrame, labels: dict[str, str], key: str, height: int | None = None
) -> None:
    """A read-only table with people's column names (columns not in ``labels`` hidden)."""
    show_table(
        frame, placeholder=MISSING, hide_index=True, width="stretch", key=key, height=height or "auto",
        column_order=list(labels),
        column_config={c: st.column_config.TextColumn(label) for c, label in labels.items()},
    )  # fmt: skip


def cagr_table(cagrs: pd.DataFrame) -> None:
    """Stated vs implied CAGR per publisher, with the gap in points."""
    show_table(
        cagrs, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)", pinned=True),
            "scope": st.column_config.TextColumn("Scope"),
            "is_primary": st.column_config.CheckboxColumn("This report", width="small"),
            "stated_cagr_pct": st.column_config.NumberColumn("Stated CAGR", format="%.2f %%"),
            "stated_period": st.column_config.TextColumn("Stated for", width="small"),
            "implied_cagr_pct": st.column_config.NumberColumn("Implied by its sizes", format="%.2f %%"),
            "implied_period": st.column_config.TextColumn("Sizes of", width="small"),
            "gap_pts": st.column_config.NumberColumn("Gap (points)", format="%+.2f"),
        },
    )  # fmt: skip


def spread_table(summary: pd.DataFrame, spread: pd.DataFrame) -> None:
    """Min / median / max of the publishers' sizes for the year, then each publisher's."""
    show_table(
        summary, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "scope": st.column_config.TextColumn("Scope"),
            "publishers": st.column_config.NumberColumn("Publishers", width="small"),
            "min_usd_bn": st.column_config.NumberColumn("Lowest", format="USD %.1f bn"),
            "median_usd_bn": st.column_config.NumberColumn("Median", format="USD %.1f bn"),
            "max_usd_bn": st.column_config.NumberColumn("Highest", format="USD %.1f bn"),
        },
    )  # fmt: skip
    show_table(
        spread.assign(basis=spread["basis"].map(_badge)), placeholder=MISSING, hide_index=True,
        width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)"),
            "scope": st.column_config.TextColumn("Scope"),
            "is_primary": st.column_config.CheckboxColumn("This report", width="small"),
            "size_usd_bn": st.column_config.NumberColumn("Size (USD bn)", format="USD %.1f bn"),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "method": st.column_config.TextColumn("How", width="large"),
        },
    )  # fmt: skip


def segment_table(view: pd.DataFrame, dimension: str, parent_label: str = "Region") -> None:
    """The segments × years table with sizes, shares and the basis of each."""
    shown = view.assign(
        size_basis=view["size_basis"].map(_badge), share_basis=view["share_basis"].map(_badge)
    )
    has_parent = bool((view["parent"] != "").any())
    show_table(
        shown, placeholder=MISSING, hide_index=True, width="stretch",
        column_order=[
            "segment", *(["parent"] if has_parent else []), "year", "size_usd_bn", "size_basis",
            "share_pct", "share_basis", "source", "note",
        ],
        column_config={
            "segment": st.column_config.TextColumn(dimension_label(dimension), pinned=True),
            "parent": st.column_config.TextColumn(parent_label),
            "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
            "size_usd_bn": st.column_config.NumberColumn("Size (USD bn)", format="USD %.1f bn"),
            "size_basis": st.column_config.TextColumn("Size basis", width=105),
            "share_pct": st.column_config.NumberColumn("Share (%)", format="%.2f %%"),
            "share_basis": st.column_config.TextColumn("Share basis", width=105),
            "source": st.column_config.TextColumn("Source"),
            "note": st.column_config.TextColumn("How it was obtained", width="large"),
        },
    )  # fmt: skip


def growth_table(growth: pd.DataFrame, child_label: str = "Countries named") -> None:
    """Per region: start and end size and share, implied CAGR, trend and the countries named."""
    show_table(
        growth, placeholder=MISSING, hide_index=True, width="stretch",
        column_order=[
            "segment", "start_usd_bn", "end_usd_bn", "start_share_pct", "end_share_pct",
            "cagr_pct", "trend_usd_bn", "named",
        ],
        column_config={
            "segment": st.column_config.TextColumn("Region", pinned=True),
            "start_usd_bn": st.column_config.NumberColumn("First size (USD bn)", format="USD %.1f bn"),
            "end_usd_bn": st.column_config.NumberColumn("Last size (USD bn)", format="USD %.1f bn"),
            "start_share_pct": st.column_config.NumberColumn("First share", format="%.2f %%"),
            "end_share_pct": st.column_config.NumberColumn("Last share", format="%.2f %%"),
            "cagr_pct": st.column_config.NumberColumn("Implied CAGR", format="%.2f %% a year"),
            "trend_usd_bn": st.column_config.LineChartColumn("Size by year", y_min=0),
            "named": st.column_config.TextColumn(child_label, width="medium"),
        },
    )  # fmt: skip

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

from pmdash.formatting import USD_BN_COLUMN_FORMAT, dimension_label, neutralise, plain, shown_text
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
        row_height=72,  # above 4 rem a cell's text wraps, so a long problem reads in full
        column_config={
            "severity": st.column_config.TextColumn("Severity", width="small"),
            "row": st.column_config.NumberColumn("Row", format="%d", width="small"),
            "column": st.column_config.TextColumn("Column", width="small"),
            "message": st.column_config.TextColumn("Problem", width="large"),
            "file": st.column_config.TextColumn("File", width="small"),
        },
    )  # fmt: skip


def figures_browser(figures: pd.DataFrame, key: str = "figures") -> None:
    """Every figure with its basis and source: search box, basis and dimension filters.

    The table is as tall as its rows (up to :data:`FIT_ROWS`), so every figure shows
    and a narrowed search leaves no empty rows; the value comes third, so a phone's
    width shows segment, year and value before anything else.
    """
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
    if shown.empty:
        st.caption("No figure matches. Clear the search or pick more bases and dimensions.")
        return
    show_table(
        shown.assign(basis=shown["basis"].map(_badge)), placeholder=MISSING, hide_index=True,
        width="stretch", height=fit_height(len(shown)), key=f"{key}_table",
        column_order=[
            "segment", "year", "value", "unit", "metric", "period", "dimension", "basis",
            "source", "note",
        ],
        column_config={
            "segment": st.column_config.TextColumn("Segment"),
            "year": st.column_config.NumberColumn("Year", format="%d", width=52),
            "value": st.column_config.NumberColumn("Value", format="%,.2f", width=80),
            "unit": st.column_config.TextColumn("Unit", width=110),
            "metric": st.column_config.TextColumn("Metric", width="small"),
            "period": st.column_config.TextColumn("Period", width="small"),
            "dimension": st.column_config.TextColumn("Dimension", width="small"),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "source": st.column_config.TextColumn("Source", width="large"),
            "note": st.column_config.TextColumn("Note", width="large"),
        },
    )  # fmt: skip


# st.dataframe's rows and header are 35 px; the border adds 2.
ROW_PX = 35
# Rows taller than 64 px let long text wrap onto a second line (Streamlit's rule).
WRAP_ROW_PX = 66
# Up to this many rows a table is as tall as its rows; beyond, it scrolls at that height.
FIT_ROWS = 120


def fit_height(rows: int, row_px: int = ROW_PX) -> int:
    """The height in pixels that shows ``rows`` rows (at most :data:`FIT_ROWS`) and the
    header, and no empty row under them.

    >>> fit_height(3), fit_height(500) == fit_height(FIT_ROWS)
    (142, True)
    """
    return (min(max(rows, 1), FIT_ROWS)) * row_px + ROW_PX + 2


def simple_table(
    frame: pd.DataFrame, labels: dict[str, str], key: str, height: int | None = None
) -> None:
    """A read-only table with people's column names (columns not in ``labels`` hidden),
    as tall as its rows."""
    show_table(
        frame, placeholder=MISSING, hide_index=True, width="stretch", key=key,
        height=height or fit_height(len(frame)), column_order=list(labels),
        column_config={c: st.column_config.TextColumn(label) for c, label in labels.items()},
    )  # fmt: skip


def companies_table(companies: pd.DataFrame, key: str) -> None:
    """The companies the source names; a note every row shares is said once, above."""
    notes = [str(n) for n in companies["note"].dropna().unique() if str(n).strip()]
    labels = {"company": "Company"}
    if len(notes) == 1 and len(companies) > 1 and companies["note"].astype(str).eq(notes[0]).all():
        st.caption(f"Every company below: {plain(notes[0])}.")
    elif notes:
        labels["note"] = "Note"
    simple_table(companies, labels, key=key)


def compare_grid(table: pd.DataFrame, key: str = "compare") -> None:
    """Scenarios side by side, one column a scenario and one row a measure or region:
    a few scenarios fit across a phone, where one column a region ran off the edge."""
    by_row = table.set_index(table.columns[0]).T
    by_row.columns = [str(c) for c in by_row.columns]
    by_row = by_row.reset_index(names="")
    show_table(
        by_row, placeholder=MISSING, hide_index=True, width="stretch", key=key,
        height=fit_height(len(by_row)),
        column_config={"": st.column_config.TextColumn("", pinned=True, width=150)},
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
            "size_usd_bn": st.column_config.NumberColumn("Size (USD bn)", format=USD_BN_COLUMN_FORMAT),
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
            "start_usd_bn": st.column_config.NumberColumn("First size (USD bn)", format=USD_BN_COLUMN_FORMAT),
            "end_usd_bn": st.column_config.NumberColumn("Last size (USD bn)", format=USD_BN_COLUMN_FORMAT),
            "start_share_pct": st.column_config.NumberColumn("First share", format="%.2f %%"),
            "end_share_pct": st.column_config.NumberColumn("Last share", format="%.2f %%"),
            "cagr_pct": st.column_config.NumberColumn("Implied CAGR", format="%.2f %% a year"),
            "trend_usd_bn": st.column_config.LineChartColumn("Size by year", y_min=0),
            "named": st.column_config.TextColumn(child_label, width="medium"),
        },
    )  # fmt: skip

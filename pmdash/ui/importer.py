"""Importing a market file: upload, every problem listed with its row and column,
or a preview and an Import button (asking before it replaces a market). The Import
button serves the report-page flow too (:mod:`pmdash.ui.report_import`)."""

from __future__ import annotations

import streamlit as st

from pmdash.formatting import dimension_label, plain
from pmdash.io import bundle_from_bytes
from pmdash.model import Market
from pmdash.problems import InvalidInput
from pmdash.sniff import xlsx_sheets
from pmdash.ui.data import MARKET_PARAM, data_store
from pmdash.ui.display import MISSING
from pmdash.ui.grids import problems_table, show_table

UPLOAD_TYPES = ["csv", "xlsx", "parquet"]


def display_name(name: str) -> str:
    """An uploaded file's name for messages only (never a path): base name, printable, short.

    >>> display_name("../../etc/passwd.csv")
    'passwd.csv'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable()).strip() or "upload"
    return clean[-80:]


def import_flow() -> None:
    """Upload a market file: every problem listed, or a preview and an Import button."""
    round_ = st.session_state.setdefault("upload_round", 0)
    upload = st.file_uploader(
        "Market file (CSV, XLSX or Parquet, up to 20 MB)", type=UPLOAD_TYPES, key=f"upload_{round_}",
        help="One figure a row, in the interchange format of the template.",
    )  # fmt: skip
    imported_notice("upload")
    if upload is None:
        return
    name = display_name(upload.name)
    try:
        market = bundle_from_bytes(upload.getvalue(), name)
    except InvalidInput as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        st.error(
            f"**{plain(name)}** cannot be imported: {len(errors)} problem(s) to fix. Nothing was saved.",
            icon=":material/error:",
        )
        sheet = _figures_sheet(upload.getvalue(), name)
        if sheet:
            st.caption(f"The figures are read from the workbook's first sheet, '{plain(sheet)}'.")
        problems_table(exc.problems)
        return
    _preview(market)


def _figures_sheet(data: bytes, name: str) -> str:
    """The sheet an XLSX upload's figures come from (the first); "" for other files."""
    sheets = xlsx_sheets(data) if name.lower().endswith(".xlsx") else []
    return sheets[0] if sheets else ""


def _preview(market: Market) -> None:
    figures = market.figures
    years = figures["year"].dropna()
    st.success(
        f"**{plain(market.meta.name)}** ({plain(market.id)}) is valid: {len(figures):,} figures, "
        f"{int(years.min())}–{int(years.max())}, dimensions: "
        f"{plain(', '.join(dimension_label(d) for d in market.dimensions()))}.",
        icon=":material/task_alt:",
    )
    show_table(figures.head(200), placeholder=MISSING, hide_index=True, width="stretch", height=260)
    import_controls(market, "upload")


def import_controls(market: Market, key: str) -> None:
    """The Import button (asking first when it would replace a market): saves the market
    atomically, makes it the active one and starts the ``key`` flow afresh (its
    ``{key}_round`` widgets are new), with :func:`imported_notice` saying so."""
    store = data_store()
    confirmed = True
    if market.id in {m.id for m in store.markets()}:
        confirmed = st.checkbox(
            f"Replace the existing market '{plain(market.id)}' (its figures and assumptions are overwritten)",
            key=f"{key}_replace",
        )
    if st.button(
        "Import",
        type="primary",
        disabled=not confirmed,
        key=f"{key}_import",
        icon=":material/upload:",
    ):
        store.save(market)
        st.session_state[f"{key}_round"] = st.session_state.get(f"{key}_round", 0) + 1
        st.session_state[f"{key}_imported"] = market.meta.name
        st.session_state[MARKET_PARAM] = market.id
        st.query_params[MARKET_PARAM] = market.id
        st.rerun()


def imported_notice(key: str) -> None:
    """Once, after :func:`import_controls` of the ``key`` flow imported a market: which one."""
    done = st.session_state.pop(f"{key}_imported", None)
    if done:
        st.success(
            f"Imported **{plain(done)}**. It is now the active market.",
            icon=":material/check_circle:",
        )

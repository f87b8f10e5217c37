"""Importing a market file: upload, every problem listed with its row and column,
or a preview and an Import button (asking before it replaces a market)."""

from __future__ import annotations

import streamlit as st

from pmdash.formatting import dimension_label, plain
from pmdash.io import bundle_from_bytes
from pmdash.model import Market
from pmdash.problems import InvalidInput
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
    done = st.session_state.pop("imported", None)
    if done:
        st.success(
            f"Imported **{plain(done)}**. It is now the active market.",
            icon=":material/check_circle:",
        )
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
        problems_table(exc.problems)
        return
    _preview(market)


def _preview(market: Market) -> None:
    store = data_store()
    exists = market.id in {m.id for m in store.markets()}
    figures = market.figures
    years = figures["year"].dropna()
    st.success(
        f"**{plain(market.meta.name)}** ({plain(market.id)}) is valid: {len(figures):,} figures, "
        f"{int(years.min())}–{int(years.max())}, dimensions: "
        f"{plain(', '.join(dimension_label(d) for d in market.dimensions()))}.",
        icon=":material/task_alt:",
    )
    show_table(figures.head(200), placeholder=MISSING, hide_index=True, width="stretch", height=260)
    confirmed = True
    if exists:
        confirmed = st.checkbox(
            f"Replace the existing market '{plain(market.id)}' (its figures and assumptions are overwritten)",
            key="upload_replace",
        )
    if st.button(
        "Import",
        type="primary",
        disabled=not confirmed,
        key="upload_import",
        icon=":material/upload:",
    ):
        store.save(market)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
        st.session_state["imported"] = market.meta.name
        st.session_state[MARKET_PARAM] = market.id
        st.query_params[MARKET_PARAM] = market.id
        st.rerun()

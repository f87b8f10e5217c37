"""The active market and its data: which market the page shows, its figures with
every derived one, its audit. The cached loaders themselves are in :mod:`pmdash.ui.cache`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmdash.audit import Finding
from pmdash.formatting import plain
from pmdash.model import Market
from pmdash.store import DataStore, MarketInfo, default_data_dir
from pmdash.triangulation import DEFAULT_MAX_AGE_YEARS
from pmdash.ui.cache import audit_findings, expanded_figures, load_market
from pmdash.ui.router import ensure_routed

MARKET_PARAM = "market"


def data_store() -> DataStore:
    """The datasets the app reads (``PMDASH_DATA_DIR`` or ``data/``)."""
    return DataStore(default_data_dir())


def active_market() -> tuple[Market, MarketInfo]:
    """The market the user picked (``?market=`` or the sidebar), else the first one.

    Shows a designed empty state and stops the page when no market is imported.
    """
    ensure_routed()
    store = data_store()
    markets = store.markets()
    if not markets:
        st.info(
            "No market is imported yet. Open **Data** to upload a market file, or run "
            "`pmdash import data/sources/personalized-medicine`."
        )
        st.stop()
    ids = [m.id for m in markets]
    wanted = st.query_params.get(MARKET_PARAM) or st.session_state.get(MARKET_PARAM) or ids[0]
    if wanted not in ids:
        st.warning(f"There is no market '{plain(wanted, 60)}'; showing {plain(markets[0].name)}.")
        wanted = ids[0]
    st.session_state[MARKET_PARAM] = wanted
    info = next(m for m in markets if m.id == wanted)
    return load_market(store.location, info.id, info.version), info


def full_figures(info: MarketInfo) -> pd.DataFrame:
    """The active market's figures plus every derived one (cached per version)."""
    return expanded_figures(str(data_store().root), info.id, info.version)


def findings_of(info: MarketInfo, max_age_years: int = DEFAULT_MAX_AGE_YEARS) -> list[Finding]:
    """The active market's audit (cached per version and edition-age threshold)."""
    return audit_findings(str(data_store().root), info.id, info.version, max_age_years)

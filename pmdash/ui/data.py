"""Cached access to the datasets for pages. Caches are keyed on the market version,
so an import (which writes a new version) is picked up on the next rerun."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmdash.audit import Finding, audit
from pmdash.formatting import plain
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.store import DataStore, MarketInfo, default_data_dir
from pmdash.ui.router import ensure_routed

MARKET_PARAM = "market"


def data_store() -> DataStore:
    """The datasets the app reads (``PMDASH_DATA_DIR`` or ``data/``)."""
    return DataStore(default_data_dir())


@st.cache_data(show_spinner=False, max_entries=32)
def load_market(root: str, market_id: str, version: str) -> Market:
    """One market, read once per version."""
    del version  # part of the cache key only
    return DataStore(root).load(market_id)


@st.cache_data(show_spinner=False, max_entries=32)
def expanded_figures(root: str, market_id: str, version: str) -> pd.DataFrame:
    """The market's figures plus every derived figure (see pmdash.metrics.expand)."""
    return expand(load_market(root, market_id, version).figures)


@st.cache_data(show_spinner=False, max_entries=32)
def audit_findings(root: str, market_id: str, version: str) -> list[Finding]:
    """The market's consistency audit."""
    return audit(load_market(root, market_id, version))


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

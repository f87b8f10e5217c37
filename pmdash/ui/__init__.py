"""The Streamlit boundary: cached loaders and shared widgets. Only this package imports streamlit."""

from pmdash.ui.data import (
    active_market,
    audit_findings,
    data_store,
    expanded_figures,
    load_market,
)

__all__ = ["active_market", "audit_findings", "data_store", "expanded_figures", "load_market"]

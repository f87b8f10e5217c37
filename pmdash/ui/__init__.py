"""The Streamlit boundary: the only package (with pages/ and app.py) that imports
streamlit. Its modules, one job each, are listed in docs/architecture.md."""

from pmdash.ui.cache import audit_findings, expanded_figures, load_market
from pmdash.ui.data import active_market, data_store

__all__ = ["active_market", "audit_findings", "data_store", "expanded_figures", "load_market"]

"""pmdash: the router. Page config and the list of pages; every page lives in pages/."""

import streamlit as st

from pmdash.ui.errors import run_safely

st.set_page_config(page_title="pmdash", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", url_path="overview", default=True),
    st.Page("pages/segments.py", title="Segments", icon="🧩", url_path="segments"),
    st.Page("pages/regions.py", title="Regions", icon="🌍", url_path="regions"),
    st.Page("pages/scenarios.py", title="Scenarios", icon="🎚️", url_path="scenarios"),
    st.Page("pages/sources.py", title="Sources & audit", icon="🔎", url_path="sources"),
    st.Page("pages/data.py", title="Data", icon="🗂️", url_path="data"),
]

run_safely(st.navigation(PAGES))

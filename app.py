"""pmdash: the router. Page config and the list of pages; every page lives in pages/."""

import streamlit as st

from pmdash.ui.errors import run_safely

st.set_page_config(page_title="pmdash", page_icon=":material/monitoring:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/home:", url_path="overview", default=True),
    st.Page("pages/segments.py", title="Segments", icon=":material/stacked_bar_chart:", url_path="segments"),
    st.Page("pages/regions.py", title="Regions", icon=":material/public:", url_path="regions"),
    st.Page("pages/scenarios.py", title="Scenarios", icon=":material/tune:", url_path="scenarios"),
    st.Page("pages/sources.py", title="Sources & audit", icon=":material/fact_check:", url_path="sources"),
    st.Page("pages/data.py", title="Data", icon=":material/upload_file:", url_path="data"),
]

run_safely(st.navigation(PAGES))

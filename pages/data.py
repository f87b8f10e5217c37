"""Data: templates, importing a market (a market file, or the figures a report page
states, reviewed), the active market, and every export.

The one page that works before any market exists: the template and the import
come first, the market-dependent sections appear once there is a market.
"""

import streamlit as st

from pmdash.formatting import plain
from pmdash.ui.data import findings_of
from pmdash.ui.downloads import (
    PNG_WAIT,
    chart_png_picker,
    market_downloads,
    template_downloads,
)
from pmdash.ui.importer import import_flow
from pmdash.ui.notices import first_market_notice
from pmdash.ui.page import markets_overview, optional_page_start
from pmdash.ui.report_import import report_import_flow

active = optional_page_start(
    "Data", "Bring a market in, pick the one you work on, take the numbers out."
)
if active is None:
    first_market_notice()

st.subheader("1 · Start from the template")
st.caption(
    "One figure a row: market, dimension, segment, year, metric (size in USD bn, share in %, "
    "cagr in % a year), value, and for a CAGR its base year. The CSV template documents every "
    "column; the XLSX one has drop-downs."
)
template_downloads()

st.subheader("2 · Import a market")
# Only the open tab runs: a report page's review reruns as its table is edited.
from_file, from_report = st.tabs(
    ["From a market file", "From a report page"], key="data_import_tab", on_change="rerun"
)
if from_file.open:
    with from_file:
        import_flow()
if from_report.open:
    with from_report:
        report_import_flow()

if active is not None:
    market, info = active
    st.subheader("3 · Markets")
    markets_overview()

    st.subheader(f"4 · Export {plain(market.meta.name)}")
    left, right = st.columns(2, gap="large")
    with left:
        st.caption("The figures in the interchange format, or a formatted workbook (figures "
                   "with computed ones, side tables, sources, audit).")  # fmt: skip
        market_downloads(market, findings_of(info))
    with right:
        st.caption(
            f"Any chart as a PNG at slide resolution, titled and with its source line "
            f"(rendered when you click, {PNG_WAIT})."
        )
        chart_png_picker(market, info)

"""Overview: the market on one screen — headline sizes and growth, one chart, what is wrong."""

from datetime import date

import streamlit as st

from pmdash.audit import headline
from pmdash.charts.market import market_size_chart
from pmdash.tables import headline_kpis
from pmdash.ui.cards import kpi_cards
from pmdash.ui.charts import plot
from pmdash.ui.data import findings_of, full_figures
from pmdash.ui.downloads import png_download
from pmdash.ui.findings import findings_list
from pmdash.ui.notices import basis_legend
from pmdash.ui.page import page_start

market, info = page_start("{market}: market overview")
full = full_figures(info)
kpis = headline_kpis(market, full, today_year=date.today().year)
kpi_cards(kpis)

st.subheader("Market size by year")
fig = market_size_chart(
    full,
    source_label=market.source_label(market.meta.primary_source),
    stated_cagr_pct=kpis.stated_cagr_pct,
    cagr_period=kpis.cagr_period,
)
plot(fig, key="overview_chart")
legend, download = st.columns([4, 1], vertical_alignment="center")
with legend:
    basis_legend()
with download:
    png_download(fig, f"{market.id}-market-size", key="overview_png")

st.subheader("What to watch in the numbers")
findings = headline(findings_of(info), market.meta.primary_source, limit=4)
findings_list(findings, market, columns=2, empty="The audit found no problem in the figures.")
st.page_link(
    "pages/sources.py",
    label="See the full audit, every figure and its source",
    icon=":material/fact_check:",
)

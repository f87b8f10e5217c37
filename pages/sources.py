"""Sources & audit: every figure and where it comes from, the consistency audit,
the report's definitions and companies, and how other publishers size the market."""

import streamlit as st

from pmdash.charts.triangulation import estimates_chart, spread_chart
from pmdash.tables import (
    cagr_paths,
    definitions_table,
    figures_table,
    filter_rows,
    meta_table,
    publisher_cagrs,
    publisher_estimates,
    severity_counts,
    sources_table,
    spread_at,
    spread_summary,
)
from pmdash.ui.charts import plot
from pmdash.ui.data import findings_of, full_figures
from pmdash.ui.downloads import png_download
from pmdash.ui.findings import audit_by_severity
from pmdash.ui.grids import cagr_table, figures_browser, simple_table, spread_table
from pmdash.ui.page import page_start

market, info = page_start(
    "Sources & audit", "Where every number comes from, and whether it holds up."
)
findings = findings_of(info)
counts = severity_counts(findings)
# Only the open tab runs and is sent to the browser: its tables and charts load on demand.
figures_tab, audit_tab, publishers_tab, report_tab, companies_tab = st.tabs(
    [
        "Figures",
        f"Audit ({counts['error']} errors, {counts['warning']} warnings)",
        "Publishers compared",
        "Report & definitions",
        "Companies",
    ],
    key="sources_tab", on_change="rerun",
)  # fmt: skip
if figures_tab.open:
    with figures_tab:
        figures_browser(figures_table(market, full_figures(info)))
if audit_tab.open:
    with audit_tab:
        audit_by_severity(findings, market)
if publishers_tab.open:
    with publishers_tab:
        estimates = publisher_estimates(market)
        log_y = st.toggle("Log scale (estimates differ up to 40×)", value=True, key="sources_log")
        chart = estimates_chart(estimates, cagr_paths(estimates), log_y=log_y)
        plot(chart, key="sources_estimates")
        png_download(chart, f"{market.id}-publishers", key="sources_png")
        st.caption(
            "Points are sizes each publisher states; dashed lines are its stated CAGR drawn from its "
            "own figure. Colour is the publisher's scope: personalized and precision medicine are not "
            "the same market. The star is this market's source."
        )
        st.subheader("Stated vs implied growth, per publisher")
        cagr_table(publisher_cagrs(estimates))
        years = list(range(2018, 2036))
        year = st.select_slider(
            "Compare the sizes in", years, value=2030, key="sources_spread_year"
        )
        spread = spread_at(estimates, year)
        spread_table(spread_summary(spread), spread)
        plot(spread_chart(spread, year, log_y=log_y), key="sources_spread")
if report_tab.open:
    with report_tab:
        simple_table(meta_table(market), {"field": "Field", "value": "Value"}, key="sources_meta")
        st.subheader("Definitions")
        simple_table(
            definitions_table(market),
            {"term": "Term", "dimension": "Dimension", "definition": "Definition"},
            key="sources_definitions",
        )
        st.subheader("Sources")
        sources = sources_table(market)
        simple_table(
            sources,
            {"publisher": "Publisher", "title": "Title", "scope": "Scope", "published": "Published",
             "accessed": "Read on", "figures": "Figures", "url": "Link", "note": "Note"},
            key="sources_sources",
        )  # fmt: skip
if companies_tab.open:
    with companies_tab:
        query = st.text_input(
            "Search companies", key="sources_company_query", placeholder="e.g. Illumina"
        )
        companies = filter_rows(market.companies, query)
        st.caption(f"{len(companies)} of {len(market.companies)} key companies named by the source")
        simple_table(companies, {"company": "Company", "note": "Note"}, key="sources_companies")

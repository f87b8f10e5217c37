"""Sources & audit: every figure and where it comes from, the consistency audit,
the report's definitions and companies, and how other publishers size the market."""

import streamlit as st

from pmdash.tables import (
    definitions_table,
    figures_table,
    filter_rows,
    meta_table,
    severity_counts,
    sources_table,
)
from pmdash.ui.data import findings_of, full_figures
from pmdash.ui.findings import audit_by_severity
from pmdash.ui.grids import companies_table, figures_browser, simple_table
from pmdash.ui.page import page_start
from pmdash.ui.publishers import keep_open_tab, max_age_years, publishers_compared

market, info = page_start(
    "Sources & audit", "Where every number comes from, and whether it holds up."
)
findings = findings_of(info, max_age_years())
counts = severity_counts(findings)
labels = [
    "Figures",
    f"Audit ({counts['error']} errors, {counts['warning']} warnings)",
    "Publishers compared",
    "Report & definitions",
    "Companies",
]
keep_open_tab("sources_tab", labels)  # the audit's counts follow the age threshold
# Only the open tab runs and is sent to the browser: its tables and charts load on demand.
figures_tab, audit_tab, publishers_tab, report_tab, companies_tab = st.tabs(
    labels, key="sources_tab", on_change="rerun"
)
if figures_tab.open:
    with figures_tab:
        figures_browser(figures_table(market, full_figures(info)))
if audit_tab.open:
    with audit_tab:
        audit_by_severity(findings, market)
if publishers_tab.open:
    with publishers_tab:
        publishers_compared(market, info)
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
             "edition_year": "Edition", "currency": "Currency", "price_basis": "Prices",
             "price_base_year": "Price year", "fx_basis": "Exchange rates",
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
        companies_table(companies, key="sources_companies")

"""Regions: sizes, shares and growth by region, the countries named, and the report's claims.

The year shown is in the URL (``?year=2030``), so a copied link reopens it."""

from datetime import date

import streamlit as st

from pmdash.charts.market import growth_bars, segment_colors, segment_lines, share_donut
from pmdash.metrics import total_sizes
from pmdash.tables import (
    claims_table,
    dimension_years,
    headline_kpis,
    region_growth,
    segment_view,
    sized_dimensions,
)
from pmdash.ui.cards import countries_named, region_cards
from pmdash.ui.charts import plot
from pmdash.ui.data import findings_of, full_figures
from pmdash.ui.downloads import png_download
from pmdash.ui.findings import claims_view
from pmdash.ui.grids import growth_table
from pmdash.ui.notices import basis_legend
from pmdash.ui.page import page_start
from pmdash.ui.params import link_notices, view_changed, view_from_url, write_view
from pmdash.urlstate import parse_regions

market, info = page_start("Regions", "Regional sizes, shares and growth over the forecast period.")
full = full_figures(info)
if "region" not in sized_dimensions(full):
    st.info(
        "This market has no regional figures. Open **Segments** for the dimensions it does size.",
        icon=":material/public_off:",
    )
    st.stop()

years = dimension_years(full, "region")
view = segment_view(market, full, "region", (years[0], years[-1]))
growth = region_growth(market, full, "region")
colors = segment_colors(market, "region")
linked = view_from_url("regions")
if linked is not None:  # a link opened (or the page come back to): it sets the year
    st.session_state["regions_year"], notices = parse_regions(linked, years)
    link_notices(notices)
year = st.select_slider(
    "Year", options=years, value=years[-1], key="regions_year", on_change=view_changed("regions")
)
write_view("regions", {"year": str(year)})
cards, shares = st.columns([3, 2], gap="medium")
with cards:
    st.subheader(f"Regions in {year}")
    st.caption("Size (USD bn), share of the market, and implied growth a year.")
    region_cards(growth, view, year, per_row=2)
with shares:
    totals = total_sizes(full)
    plot(share_donut(view, year, colors, total_usd_bn=totals.get(year)), key="regions_donut")

st.subheader(f"Size by region, {years[0]}–{years[-1]} (USD bn)")
lines = segment_lines(view, colors)
plot(lines, key="regions_lines")
legend, download = st.columns([4, 1], vertical_alignment="center")
with legend:
    basis_legend()
with download:
    png_download(lines, f"{market.id}-regions", key="regions_png")

st.subheader("Growth by region")
kpis = headline_kpis(market, full, today_year=date.today().year)
references = [("Market, stated", kpis.stated_cagr_pct), ("Market, implied", kpis.implied_cagr_pct)]
plot(
    growth_bars(growth, colors, references=[r for r in references if r[1] is not None]),
    key="regions_growth",
)
countries_named(growth)
table = st.expander(
    "Table: first and last size and share, implied growth, countries named",
    key="regions_table_open", on_change="rerun",
)  # fmt: skip
if table.open:
    with table:
        growth_table(growth)

st.subheader("What the report claims, next to what its numbers say")
claims_view(claims_table(findings_of(info)))

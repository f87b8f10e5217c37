"""The Sources page's "Publishers compared" tab: like-for-like triangulation.

Its controls (other scopes beside, the edition-age threshold, log scale), the
Consensus in one sentence, the chart of every estimate on common years, the table
of every estimate's scope, edition, basis and growth, and the spread in one year.
The rules are :mod:`pmdash.triangulation`'s; this module only shows them.
"""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from pmdash.formatting import USD_BN_COLUMN_FORMAT, plain
from pmdash.model import Market
from pmdash.store import MarketInfo
from pmdash.triangulation import DEFAULT_MAX_AGE_YEARS
from pmdash.ui import cache
from pmdash.ui.charts import on_phone, plot
from pmdash.ui.data import data_store
from pmdash.ui.display import MISSING
from pmdash.ui.downloads import png_download
from pmdash.ui.grids import BASIS_BADGE, WRAP_ROW_PX, fit_height, show_table

# The widgets' keys, and the keys their values are kept under while the tab is closed
# (Streamlit forgets a widget's state in a run that does not draw it).
OTHER_SCOPES_KEY: Final = "sources_other_scopes"
MAX_AGE_KEY: Final = "sources_max_age"
KEPT: Final = {OTHER_SCOPES_KEY: "sources_other_scopes_kept", MAX_AGE_KEY: "sources_max_age_kept"}
MAX_AGE_LIMIT: Final = 30


def max_age_years() -> int:
    """The edition-age threshold the user set on this page (the audit tab uses it too)."""
    value = st.session_state.get(KEPT[MAX_AGE_KEY], DEFAULT_MAX_AGE_YEARS)
    return int(value) if isinstance(value, int | float) else DEFAULT_MAX_AGE_YEARS


def keep_open_tab(key: str, labels: list[str]) -> None:
    """Keep the open tab open when the tab labels change (a count in one of them moved):
    Streamlit makes tabs with other labels a new widget, which would open on the first
    tab. The open tab is handed to the new widget, found by its label's stem (the text
    before ' (')."""
    seen = f"{key}_labels"
    previous, st.session_state[seen] = st.session_state.get(seen), list(labels)
    value = st.session_state.get(key)
    if previous is None or previous == labels or not isinstance(value, str):
        return
    stem = value.split(" (")[0]
    match = next((label for label in labels if label.split(" (")[0] == stem), None)
    if match is not None:
        st.session_state[key] = match


def _keep(key: str) -> None:
    st.session_state[KEPT[key]] = st.session_state[key]


def _restore(key: str, default: object) -> None:
    """Give the widget the value kept from an earlier visit to the tab."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(KEPT[key], default)


def publishers_compared(market: Market, info: MarketInfo) -> None:
    """The whole tab, for the active market."""
    root, version = str(data_store().root), info.version
    left, middle, right = st.columns([1.3, 1.3, 1])
    _restore(OTHER_SCOPES_KEY, False)
    _restore(MAX_AGE_KEY, DEFAULT_MAX_AGE_YEARS)
    other = left.toggle(
        "Show other scopes beside", key=OTHER_SCOPES_KEY, on_change=_keep,
        args=(OTHER_SCOPES_KEY,),
        help="Publishers that size another market (e.g. precision medicine) in a panel of "
        "their own: shown beside, never in the Consensus or a spread.",
    )  # fmt: skip
    age = middle.number_input(
        "Flag editions older than (years)", min_value=0, max_value=MAX_AGE_LIMIT, step=1,
        key=MAX_AGE_KEY, on_change=_keep, args=(MAX_AGE_KEY,),
        help="Counted from the market's base year; flagged ⚠ on the charts and in the audit.",
    )  # fmt: skip
    log_y = right.toggle(
        "Log scale", value=True, key="sources_log",
        help="The estimates differ up to 40×: on a log scale the small ones stay visible.",
    )  # fmt: skip
    age = int(age)
    result = cache.triangulation(root, market.id, version, age)
    consensus = plain(result.consensus.explanation, limit=600)
    if result.consensus.cagr_pct is None:
        st.warning(consensus, icon=":material/info:")
    else:
        st.info(consensus, icon=":material/groups:")
    chart = cache.estimates_figure(root, market.id, version, log_y, other, age, on_phone())
    plot(chart, key="sources_estimates")
    png_download(chart, f"{market.id}-publishers", key="sources_png")
    st.caption(
        "Only publishers of this market's scope are compared; a year a publisher does not "
        "state is drawn dashed, projected here at its own stated CAGR (else the one its sizes "
        f"imply). ⚠ marks an edition more than {age} years before the market's base year, "
        "or of unknown year. The star is this market's source. Nothing is converted: every "
        "estimate's currency, price basis and exchange-rate basis are in the table below."
    )
    estimates, _, cagrs = cache.publisher_tables(root, market.id, version, other, age)
    st.subheader("Every estimate: scope, edition, basis and growth")
    estimates_table(cagrs)
    years = sorted({int(y) for y in estimates["year"]})
    span = list(range(min(years), max(years) + 1)) if years else [2030]
    default = 2030 if 2030 in span else span[-1]
    year = st.select_slider("Compare the sizes in", span, value=default, key="sources_spread_year")
    summary, spread = cache.spread_tables(root, market.id, version, year, other, age)
    spread_table(summary, spread)
    plot(
        cache.spread_figure(root, market.id, version, year, log_y, other, age),
        key="sources_spread",
    )


def estimates_table(cagrs: pd.DataFrame) -> None:
    """Per estimate: scope and whether it is compared, edition and its flag, basis, and
    stated vs implied CAGR with the rate that projects it."""
    show_table(
        cagrs.drop(columns=["is_primary"]), placeholder=MISSING, hide_index=True,
        width="stretch", row_height=WRAP_ROW_PX, height=fit_height(len(cagrs), WRAP_ROW_PX),
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)", pinned=True, width=180),
            "scope": st.column_config.TextColumn("Scope", width=140),
            "status": st.column_config.TextColumn("In the comparison", width=120),
            "edition": st.column_config.TextColumn("Edition", width=80),
            "age_note": st.column_config.TextColumn("⚠ Flag", width=150),
            "currency": st.column_config.TextColumn("Currency", width=75),
            "prices": st.column_config.TextColumn("Prices", width=95),
            "exchange_rates": st.column_config.TextColumn("Exchange rates", width=110),
            "stated_cagr_pct": st.column_config.NumberColumn("Stated CAGR", format="%.2f %%", width=95),
            "stated_period": st.column_config.TextColumn("Stated for", width=85),
            "implied_cagr_pct": st.column_config.NumberColumn("Implied by sizes", format="%.2f %%", width=110),
            "implied_period": st.column_config.TextColumn("Sizes of", width=85),
            "gap_pts": st.column_config.NumberColumn("Gap (points)", format="%+.2f", width=95),
            "rate": st.column_config.TextColumn("Projected with", width=100),
        },
    )  # fmt: skip


def spread_table(summary: pd.DataFrame, spread: pd.DataFrame) -> None:
    """Lowest / median / highest of the compared publishers in the year (other scopes on
    rows of their own), then each estimate's size and how it was had."""
    show_table(
        summary, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "scope": st.column_config.TextColumn("Scope", width=150),
            "status": st.column_config.TextColumn("In the comparison", width=150),
            "publishers": st.column_config.NumberColumn("Publishers", width="small"),
            "min_usd_bn": st.column_config.NumberColumn("Lowest", format=USD_BN_COLUMN_FORMAT),
            "median_usd_bn": st.column_config.NumberColumn("Median", format=USD_BN_COLUMN_FORMAT),
            "max_usd_bn": st.column_config.NumberColumn("Highest", format=USD_BN_COLUMN_FORMAT),
            "this_report_usd_bn": st.column_config.NumberColumn("This report", format=USD_BN_COLUMN_FORMAT),
            "note": st.column_config.TextColumn("Who", width=300),
        },
    )  # fmt: skip
    badges = spread["basis"].map(lambda b: BASIS_BADGE.get(str(b), ""))
    show_table(
        spread.assign(basis=badges).drop(columns=["is_primary"]), placeholder=MISSING,
        hide_index=True, width="stretch", row_height=WRAP_ROW_PX,
        height=fit_height(len(spread), WRAP_ROW_PX),
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)", pinned=True, width=180),
            "scope": st.column_config.TextColumn("Scope", width=140),
            "status": st.column_config.TextColumn("In the comparison", width=120),
            "edition": st.column_config.TextColumn("Edition", width=80),
            "age_note": st.column_config.TextColumn("⚠ Flag", width=150),
            "size_usd_bn": st.column_config.NumberColumn("Size", format=USD_BN_COLUMN_FORMAT, width=115),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "method": st.column_config.TextColumn("How", width=250),
        },
    )  # fmt: skip

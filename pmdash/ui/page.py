"""The frame of every page: the active market, its sidebar (name, source, period)
and the market picker, the page title; the Data page's list of markets.

Text that comes from data is escaped (:func:`pmdash.formatting.plain`) before it
reaches Markdown; nothing here renders raw HTML.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from pmdash.formatting import dimension_label, plain, shown_text
from pmdash.model import Market
from pmdash.store import MarketInfo
from pmdash.ui.data import MARKET_PARAM, active_market, data_store
from pmdash.ui.display import MISSING
from pmdash.ui.grids import show_table
from pmdash.ui.router import ensure_routed


def page_start(title: str, intro: str = "") -> tuple[Market, MarketInfo]:
    """The active market, the sidebar that names it, and the page title.

    ``{market}`` in the title is replaced by the market's name.
    """
    market, info = active_market()
    sidebar(market, info)
    st.title(title.replace("{market}", plain(market.meta.name)))
    if intro:
        st.caption(intro)
    return market, info


def optional_page_start(title: str, intro: str = "") -> tuple[Market, MarketInfo] | None:
    """:func:`page_start` for a page that also works with no market imported yet:
    then only the title, the intro and an empty sidebar note, and ``None``."""
    if data_store().markets():
        return page_start(title, intro)
    ensure_routed()
    with st.sidebar:
        st.caption("No market imported yet.")
    st.title(title)
    if intro:
        st.caption(intro)
    return None


def sidebar(market: Market, info: MarketInfo) -> None:
    """Active market, its source and period, and a picker when several markets exist."""
    with st.sidebar:
        st.markdown(
            f"**{plain(market.meta.name)}**  \n{plain(market.meta.geography)} · {plain(market.meta.currency)} bn"
        )
        if market.meta.base_year and market.meta.forecast_year:
            st.caption(
                f"Base year {market.meta.base_year} · forecast to {market.meta.forecast_year}"
            )
        if market.meta.primary_source:
            st.caption(f"Source: {plain(market.source_label(market.meta.primary_source))}")
            url = _source_url(market, market.meta.primary_source)
            if url:
                # The one link from data: http(s) only, and it names the site it opens.
                host = urlsplit(url).hostname or url
                st.link_button(f"Open the source · {plain(host, 60)}", url, width="stretch")
        market_picker()


def _source_url(market: Market, source: str) -> str:
    rows = market.sources[market.sources["source"] == source]
    url = str(rows["url"].iloc[0]) if len(rows) else ""
    return url if url.startswith(("https://", "http://")) else ""


# Above this many markets the picker lists the matches of a search, not every market:
# 3,724 options cost 200 KB on every page load.
PICKER_LIMIT: Final = 100


def market_picker(label: str = "Active market", key: str = "market_picker") -> None:
    """A select box of the imported markets (shown only when there are several); with
    more than :data:`PICKER_LIMIT`, a search box narrows it to the markets that match."""
    markets = data_store().markets()
    if len(markets) < 2:
        return
    current = st.session_state.get(MARKET_PARAM, markets[0].id)
    if len(markets) > PICKER_LIMIT:
        query = st.text_input(
            "Find a market", key=f"{key}_find", placeholder="part of a name or id",
            help=f"{len(markets):,} markets imported; the list shows the first "
            f"{PICKER_LIMIT} that match.",
        )  # fmt: skip
        markets = _matching(markets, query.strip().lower(), current)
    ids = [m.id for m in markets]
    names = {m.id: m.name for m in markets}
    st.selectbox(
        label,
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=lambda i: f"{shown_text(names[i])} ({i})",
        key=key,
        on_change=_pick_market,
        args=(key,),
    )


def _matching(markets: list[MarketInfo], query: str, current: str) -> list[MarketInfo]:
    """The active market, then up to PICKER_LIMIT others whose name or id holds ``query``."""
    found = [
        m for m in markets
        if m.id != current and (query in m.name.lower() or query in m.id)
    ][:PICKER_LIMIT]  # fmt: skip
    return [m for m in markets if m.id == current] + found


def _pick_market(key: str) -> None:
    chosen = st.session_state[key]
    st.session_state[MARKET_PARAM] = chosen
    st.query_params[MARKET_PARAM] = chosen


def markets_overview() -> None:
    """Every imported market, and the picker for the active one."""
    markets = data_store().markets()
    frame = pd.DataFrame(
        [
            {
                "name": m.name, "id": m.id,
                "years": f"{m.years[0]}–{m.years[1]}" if m.years else "",
                "dimensions": ", ".join(dimension_label(d) for d in m.dimensions),
                "figures": m.rows,
            }
            for m in markets
        ]
    )  # fmt: skip
    show_table(
        frame, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "name": "Market", "id": "Id", "years": "Years", "dimensions": "Dimensions",
            "figures": st.column_config.NumberColumn("Figures", width="small"),
        },
    )  # fmt: skip
    market_picker("Active market", key="data_market_picker")

"""Metric cards: the headline KPIs, one card a region, the countries each names."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pmdash.formatting import dimension_label, pct, plain, points, usd_bn
from pmdash.tables import Kpis
from pmdash.ui.display import LONG_TEXT


def kpi_cards(kpis: Kpis) -> None:
    """Two rows of three cards: sizes (base, latest, forecast), then growth and the leader."""
    sizes = st.columns(3)
    sizes[0].metric(
        f"Market size {kpis.base_year or ''} · base year", usd_bn(kpis.base_size_usd_bn), border=True,
        help="Total market revenue in the report's base year, USD billions.",
    )  # fmt: skip
    sizes[1].metric(
        f"Latest estimate · {kpis.latest_year or '—'}", usd_bn(kpis.latest_size_usd_bn), border=True,
        help=f"The most recent size the source states for a year up to {date.today().year}.",
    )  # fmt: skip
    sizes[2].metric(
        f"Forecast · {kpis.forecast_year or ''}", usd_bn(kpis.forecast_size_usd_bn), border=True,
        help="The source's size for its last forecast year, USD billions.",
    )  # fmt: skip
    growth = st.columns(3)
    period = f"{kpis.cagr_period[0]}–{kpis.cagr_period[1]}" if kpis.cagr_period else ""
    gap = kpis.cagr_gap_pts
    growth[0].metric(
        f"CAGR as stated · {period}", pct(kpis.stated_cagr_pct, 2) + (" a year" if kpis.stated_cagr_pct else ""),
        border=True,
        delta=f"{points(gap)} above what the sizes imply" if gap is not None and abs(gap) >= 0.05 else None,
        delta_color="inverse", delta_arrow="off",
        help="The growth rate the source states. The note below it is the gap to the rate "
        "its own sizes imply.",
    )  # fmt: skip
    growth[1].metric(
        f"CAGR implied by sizes · {period}",
        pct(kpis.implied_cagr_pct, 2) + (" a year" if kpis.implied_cagr_pct else ""), border=True,
        help="The rate that takes the stated start size to the stated end size.",
    )  # fmt: skip
    growth[2].metric(
        f"Dominant {plain(dimension_label(kpis.dominant_dimension or 'region').lower())}",
        plain(kpis.dominant_segment) if kpis.dominant_segment else "—", border=True,
        delta=f"{pct(kpis.dominant_share_pct)} of the market in {kpis.base_year}"
        if kpis.dominant_share_pct else None,
        delta_color="off", delta_arrow="off",
        help="The segment with the largest share of the market in the base year.",
    )  # fmt: skip


def region_cards(growth: pd.DataFrame, view: pd.DataFrame, year: int, per_row: int = 2) -> None:
    """One card per region: its size in ``year`` (USD bn), its share and its implied growth.

    Short values ('492.2 bn', '45.0 % share · 6.6 %/yr') so two cards fit side by side
    in half of a 1280-px screen; the caption above the cards names the currency.
    """
    rows = view[view["year"] == year].set_index("segment")
    cards = st.columns(per_row)
    for index, row in enumerate(growth.itertuples(index=False)):
        segment = str(row.segment)
        size = _num(rows["size_usd_bn"].get(segment))
        share = _num(rows["share_pct"].get(segment))
        cagr = _num(row.cagr_pct)
        cards[index % len(cards)].metric(
            plain(segment), "—" if size is None else f"{size:,.1f} bn", border=True,
            delta=f"{pct(share)} share · {pct(cagr)}/yr", delta_color="off", delta_arrow="off",
            help=f"{plain(segment)} in {year}: {usd_bn(size)}, {pct(share, 2)} of the market; "
            f"growth its reported start and end sizes imply: {pct(cagr, 2)} a year.",
        )  # fmt: skip


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(str(value))
    return None if number != number else number


def countries_named(growth: pd.DataFrame, label: str = "Countries named") -> None:
    """One line per region: the countries (children) the report names in it."""
    lines = [
        f"**{plain(row.segment)}**: {plain(row.named, LONG_TEXT)}"
        for row in growth.itertuples(index=False)
        if row.named
    ]
    if lines:
        st.caption(f"{label} · " + " · ".join(lines))

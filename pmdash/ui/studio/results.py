"""What the studio shows for the scenario: KPIs, the path chart, the regional tabs."""

from __future__ import annotations

import streamlit as st

from pmdash.formatting import delta_usd_bn, pct, points, usd_bn
from pmdash.scenarios import is_assumed_year
from pmdash.ui import cache
from pmdash.ui.studio.state import Context, current, key, results


def kpis(ctx: Context) -> None:
    """Target-year size, its difference from "As reported" (absolute and %), growth."""
    found = results(ctx)
    result, reported_cagr = found.outcome, found.reported_cagr_pct
    moved = abs(result.delta_usd_bn) >= 0.05  # shown to one decimal: below it reads +0.0
    first, second, third = st.columns(3)
    first.metric(
        f"Market in {result.end_year}", usd_bn(result.end_usd_bn),
        f"{delta_usd_bn(result.delta_usd_bn)} ({pct(result.delta_pct, signed=True)}) vs as reported"
        if moved else "same as reported",
        border=True, delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off",
    )  # fmt: skip
    if result.extrapolated:
        whose = f"extrapolated past {ctx.frame.last_year}"
    elif is_assumed_year(ctx.frame, result.end_year):
        whose = "an analyst's assumption"
    else:
        whose = "the source's own figures"
    second.metric(
        f"As reported, {result.end_year}", usd_bn(result.reported_usd_bn), whose,
        border=True, delta_color="off", delta_arrow="off",
    )  # fmt: skip
    faster = abs(result.cagr_pct - reported_cagr) >= 0.005
    third.metric(
        f"Growth a year, {result.start_year}–{result.end_year}", pct(result.cagr_pct, 2),
        f"{result.cagr_pct - reported_cagr:+.2f} pts vs as reported", border=True,
        delta_color="normal" if faster else "off", delta_arrow="auto" if faster else "off",
    )  # fmt: skip


def path(ctx: Context) -> None:
    """The market total under the scenario against "As reported", optional publishers' band."""
    band = not ctx.market.estimates.empty and bool(st.session_state.get("sc_band"))
    fig = cache.path_figure(*key(ctx), current(), band)
    st.plotly_chart(fig, key="sc_path_chart", theme=None, config={"displayModeBar": False})
    if not ctx.market.estimates.empty:
        st.toggle("Show other publishers' range (middle half of their estimates)", key="sc_band")


def details(ctx: Context) -> None:
    """Each region under the scenario: figures, stacked, shares, or the ±1 point tornado.

    One tab at a time, and only the open one is computed and drawn. The first tab is
    figures, not a chart, so a slider step redraws one chart (the path), not two.
    """
    if ctx.frame.dimension == "total":
        st.caption("The source gives no regional split, so the market grows as one.")
        return
    outcome = results(ctx).outcome
    plain = {"displayModeBar": False}
    cards, regions, shares, tornado = st.tabs(
        ["By region", "Regions, stacked", "Shares", "Sensitivity"],
        key="sc_details", on_change="rerun",
    )  # fmt: skip
    if cards.open:
        with cards:
            region_cards(ctx)
    if regions.open:
        stacked = cache.regions_figure(*key(ctx), current())
        regions.caption(f"Each region's size under the scenario, USD bn, {outcome.start_year}–"
                        f"{outcome.end_year}.")  # fmt: skip
        regions.plotly_chart(stacked, config=plain, theme=None, key="sc_regions_chart")
    if shares.open:
        bars = cache.shares_figure(*key(ctx), current())
        shares.caption(f"Each region's share of the market, {outcome.start_year} (grey) vs "
                       f"{outcome.end_year}, with the change in points.")  # fmt: skip
        shares.plotly_chart(bars, config=plain, theme=None, key="sc_shares_chart")
    if tornado.open:
        tornado.caption(
            f"The {outcome.end_year} market if one region grows 1 point a year slower or faster."
        )
        tornado.plotly_chart(
            cache.tornado_figure(*key(ctx), current()),
            config=plain,
            theme=None,
            key="sc_tornado_chart",
        )


def region_cards(ctx: Context) -> None:
    """One card a region: target-year size, against "As reported", and share of the market."""
    outcome = results(ctx).outcome
    rows = cache.studio_region_rows(*key(ctx), current()).to_dict("records")
    per_row = 2 if len(rows) in (2, 4) else 3  # a card fits "USD 1,094.8 bn" at 1/3 width
    st.caption(
        f"Each region in {outcome.end_year} under the scenario (USD bn), against the same "
        f"region as reported; its share of the market and the change since {outcome.start_year}."
    )
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows[start : start + per_row], strict=False):
            delta = float(row["delta_usd_bn"])
            moved = abs(delta) >= 0.05
            column.metric(
                str(row["segment"]), usd_bn(float(row["end_usd_bn"])),
                f"{delta_usd_bn(delta)} vs as reported" if moved else "same as reported",
                delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off",
                border=True,
                help=f"Share of the market: {pct(float(row['end_share_pct']))} in "
                f"{outcome.end_year}, {points(float(row['share_change_pts']))} since "
                f"{outcome.start_year}.",
            )  # fmt: skip
            column.caption(
                f"{pct(float(row['end_share_pct']))} of the market · "
                f"{points(float(row['share_change_pts']), 1)} since {outcome.start_year}"
            )

"""What the studio shows below the browser-side studio: the regional tabs."""

from __future__ import annotations

import streamlit as st

from pmdash.formatting import delta_usd_bn, pct, plain, points, usd_bn
from pmdash.ui import cache
from pmdash.ui.charts import themed, unmarked
from pmdash.ui.studio.fan import region_band
from pmdash.ui.studio.state import Context, current, key, results


def details(ctx: Context) -> None:
    """Each region under the scenario: figures, stacked, shares, or the ±1 point tornado.

    One tab at a time, and only the open one is computed and drawn (the first is
    figures, not a chart). They follow the studio when the user pauses.
    """
    if ctx.frame.dimension == "total":
        st.caption("The source gives no regional split, so the market grows as one.")
        return
    outcome = results(ctx).outcome
    bare = {"displayModeBar": False}
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
        regions.plotly_chart(
            unmarked(themed(stacked)), config=bare, theme=None, key="sc_regions_chart"
        )
    if shares.open:
        bars = cache.shares_figure(*key(ctx), current())
        shares.caption(f"Each region's share of the market, {outcome.start_year} (grey) vs "
                       f"{outcome.end_year}, with the change in points.")  # fmt: skip
        shares.plotly_chart(unmarked(themed(bars)), config=bare, theme=None, key="sc_shares_chart")
    if tornado.open:
        tornado.caption(
            f"The {outcome.end_year} market if one region grows 1 point a year slower or faster."
        )
        tornado.plotly_chart(
            unmarked(themed(cache.tornado_figure(*key(ctx), current()))),
            config=bare,
            theme=None,
            key="sc_tornado_chart",
        )


def region_cards(ctx: Context) -> None:
    """One card a region: target-year size, against "As reported", and share of the market."""
    outcome = results(ctx).outcome
    rows = cache.studio_region_rows(*key(ctx), current()).to_dict("records")
    per_row = 2 if len(rows) in (2, 4) else 3  # a card fits "USD 1,094.8 bn" at 1/3 width
    st.caption(
        f"The market in {outcome.end_year} under the scenario: {usd_bn(outcome.end_usd_bn)}. "
        f"Each region in {outcome.end_year}, against the same region as reported; its share "
        f"of the market and the change since {outcome.start_year}."
    )
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows[start : start + per_row], strict=False):
            delta = float(row["delta_usd_bn"])
            moved = abs(delta) >= 0.05
            column.metric(
                plain(row["segment"]), usd_bn(float(row["end_usd_bn"])),
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
            band = region_band(key(ctx), current(), str(row["segment"]))
            if band:
                column.caption(band)

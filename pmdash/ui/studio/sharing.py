"""Sharing a scenario: the link that reopens it (also the address bar), the
executive brief (HTML) and the main chart (PNG), built on click."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlencode

import streamlit as st

from pmdash import urlstate
from pmdash.brief import brief_html
from pmdash.charts import scenario as charts
from pmdash.charts.static import to_png
from pmdash.formatting import chart_text
from pmdash.scenarios import PRESET_LABELS, slug
from pmdash.ui import cache
from pmdash.ui.clipboard import copy_button
from pmdash.ui.data import data_store
from pmdash.ui.downloads import brief_downloads, png_button
from pmdash.ui.studio import funnel
from pmdash.ui.studio.fan import fan_view, link_params
from pmdash.ui.studio.library import store
from pmdash.ui.studio.state import Context, current, results, url_extras
from pmdash.ui.studio.weighting import saved_weighted

SHARE_OPEN: Final = "sc_share_open"


def share_link(ctx: Context) -> str:
    """The URL that reopens the current scenario (also written to the address bar)."""
    params = urlstate.to_params(current(), ctx.frame) | link_params()
    market = st.query_params.get("market")
    full = {**params, **url_extras(), **({"market": market} if market else {})}
    if st.query_params.to_dict() != full:
        st.query_params.from_dict(full)
    base = st.context.url or "/scenarios"
    return f"{base}?{urlencode(full)}"


def share_box(ctx: Context, link: str) -> None:
    """The link to the scenario; the executive brief (HTML) and main chart (PNG), built on click."""
    scenario, market = current(), ctx.market
    stem = f"{market.id}-{slug(PRESET_LABELS[scenario.preset])}-{scenario.end_year}"

    settings = funnel.current_funnel()
    fan = fan_view()  # read now: the download's builder runs outside the session

    def brief(light: bool) -> str:
        findings = cache.audit_findings(str(data_store().root), ctx.info.id, ctx.info.version)
        weighted = saved_weighted(ctx, store().list(ctx.info.id))
        return brief_html(
            market, scenario, link=link, findings=findings, light=light, weighted=weighted,
            funnel=settings, fan=fan if fan.on else None,
        )  # fmt: skip

    def png() -> bytes:
        found = results(ctx, scenario)
        fig = charts.path_chart(
            found.projection, found.reported, ctx.frame.last_year,
            label=PRESET_LABELS[scenario.preset],
        )  # fmt: skip
        fig.update_layout(
            title={"text": f"{chart_text(market.meta.name)}: market size, USD bn", "x": 0}
        )
        return to_png(fig)

    # Drawn only when open, so a slider step sends one button, not the box's nine elements.
    box = st.popover(
        "Share and export", icon=":material/ios_share:", key=SHARE_OPEN, on_change="rerun",
        width="stretch", help="A link that reopens this exact scenario, the executive brief "
        "(HTML) and the main chart (PNG).",
    )  # fmt: skip
    if not box.open:
        return
    with box:
        # A text field and a small copy button, not st.code: the code block's
        # highlighter is 1.5 MB of JavaScript.
        st.text_input(
            "Link to this scenario", link,
            help="Copy it with the button below; the address bar holds it too.",
        )  # fmt: skip
        copy_button(link, key="sc_copy_link")
        brief_downloads(brief, stem, key="sc_brief")
        png_button(png, f"{stem}.png", key="sc_png", label="Main chart (PNG)", width="stretch")

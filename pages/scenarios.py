"""Scenario studio: move growth, see the market move; share, save, compare, brief.

The whole scenario lives in the URL (``?preset=headline``, ``?cagr=8.5&to=2034``,
``&cagr_north_america=9``). The studio redraws in the browser on every input; when the
user pauses it reports the scenario, which reruns only the studio fragment.
"""

import streamlit as st

from pmdash.formatting import plain
from pmdash.scenarios import coverage
from pmdash.ui import studio
from pmdash.ui.display import LONG_TEXT
from pmdash.ui.page import page_market
from pmdash.ui.studio import goal

market, info = page_market()  # also the sidebar: market, source, period, picker
ctx = studio.context(market, info)
notices = studio.start(ctx)

st.title("Scenario studio")
st.caption(
    f"{plain(market.meta.name)} · {plain(market.meta.geography)} · USD billions. {coverage(ctx.frame)}; "
    "later years are extrapolation."
)
if notices:
    st.warning(
        "Some settings in the link were ignored:\n\n"
        + "\n".join(f"- {plain(n, LONG_TEXT)}" for n in notices),
        icon=":material/warning:",
    )


@st.fragment
def scenario_panel() -> None:
    studio.island(ctx)
    link = studio.share_link(ctx)
    details, share = st.columns([3, 1], gap="large", vertical_alignment="bottom")
    with share:
        studio.share_box(ctx, link)
    with details:
        st.markdown("**The scenario, region by region**")
    studio.details(ctx)
    goal.panels(ctx)  # goal seek and the sensitivity grid, below the regions


@st.fragment
def library_panel() -> None:
    save, browse = st.columns([1, 2.3], gap="large")
    with save, st.container(border=True):
        st.markdown("**Save this scenario**")
        studio.save_form(ctx)
    with browse:
        st.markdown("**Saved scenarios**")
        studio.saved_list(ctx)


scenario_panel()
st.divider()
st.subheader("Save and compare")
library_panel()

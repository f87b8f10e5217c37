"""Scenario studio: move growth, see the market move; share, save, compare, brief.

The whole scenario lives in the URL (``?preset=headline``, ``?cagr=8.5&to=2034``,
``&cagr_north_america=9``). Slider moves re-run only the studio fragment.
"""

import streamlit as st

from pmdash.scenarios import coverage
from pmdash.ui import active_market, studio

market, info = active_market()
ctx = studio.context(market, info)
notices = studio.start(ctx)

st.title("Scenario studio")
st.caption(
    f"{market.meta.name} · {market.meta.geography} · USD billions. {coverage(ctx.frame)}; "
    "later years are extrapolation."
)
if notices:
    st.warning(
        "Some settings in the link were ignored:\n\n" + "\n".join(f"- {n}" for n in notices),
        icon="⚠️",
    )


@st.fragment
def scenario_panel() -> None:
    studio.preset_control(ctx)
    studio.kpis(ctx)
    controls, chart = st.columns([1, 2.3], gap="large")
    with controls, st.container(border=True):
        studio.sliders(ctx)
    with chart:
        studio.path(ctx)
    studio.details(ctx)
    link = studio.share_link(ctx)
    with chart:
        studio.share_box(ctx, link)


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

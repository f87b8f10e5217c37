"""The TAM → SAM → SOM panel under the studio: the regions and segments served, the
obtainable share's ramp, the funnel of a year and the SOM path in USD.

One :class:`~pmdash.uncertainty.FunnelSettings` (or ``None``: no funnel) in session
state is the truth. A link sets it (:mod:`pmdash.uncertainty.funnel_url`), so does a
saved scenario loaded (:func:`set_funnel`); the widgets' callbacks rebuild it from
what the user set, before the studio fragment reruns, and hand its link parameters
to :func:`~.state.set_url_extras`, so the link the share box writes carries it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

import streamlit as st

from pmdash.charts.funnel import funnel_chart, som_path_chart
from pmdash.formatting import dimension_label, pct, plain, shown_text, usd_bn
from pmdash.scenarios import slug
from pmdash.ui.charts import plot
from pmdash.ui.display import LONG_TEXT
from pmdash.ui.studio.state import Context, current, link_params, results, set_url_extras
from pmdash.uncertainty import (
    FunnelSettings,
    ReportedShares,
    funnel_of,
    funnel_url,
    reported_shares,
)
from pmdash.uncertainty.funnel import CURVE_NOUNS, CURVES, Curve, Funnel

FUNNEL: Final = "sc_funnel"
OWNER: Final = "sc_funnel_market"
NOTICES: Final = "sc_funnel_notices"
OPEN: Final = "sc_funnel_open"
ON: Final = "sc_funnel_on"
REGION: Final = "sc_funnel_region_"  # + the region's slug
DIMENSION: Final = "sc_funnel_dimension"
KEEP: Final = "sc_funnel_keep"
START: Final = "sc_funnel_start"
END: Final = "sc_funnel_end"
CURVE: Final = "sc_funnel_curve"
YEAR: Final = "sc_funnel_year"


def parts_of(ctx: Context) -> tuple[str, ...]:
    """The regions a funnel keeps percentages of (none when the report has no split)."""
    return ctx.frame.parts if ctx.frame.dimension != "total" else ()


def shares_of(ctx: Context) -> dict[str, ReportedShares]:
    """The breakdowns the report states shares for (what a segment filter may use)."""
    return reported_shares(ctx.market.figures)


def current_funnel() -> FunnelSettings | None:
    found = st.session_state.get(FUNNEL)
    return found if isinstance(found, FunnelSettings) else None


def ensure(ctx: Context) -> None:
    """Read the funnel from the link the first time the page shows this market."""
    if st.session_state.get(OWNER) == ctx.info.id:
        return
    scenario = current()
    years = (scenario.start_year or ctx.frame.first_year, scenario.end_year or ctx.frame.last_year)
    settings, notices = funnel_url.parse(link_params(), parts_of(ctx), shares_of(ctx), years)
    st.session_state[OWNER] = ctx.info.id
    st.session_state[NOTICES] = notices
    set_funnel(ctx, settings)


def set_funnel(ctx: Context, settings: FunnelSettings | None) -> None:
    """Make ``settings`` the funnel, and what its widgets show next time they are drawn."""
    st.session_state[FUNNEL] = settings
    for key in [k for k in st.session_state if str(k).startswith("sc_funnel_")]:
        if key not in (OWNER, NOTICES):
            del st.session_state[key]
    if settings is not None:
        st.session_state[OPEN] = True
    set_url_extras("funnel", url_params(ctx))


def url_params(ctx: Context) -> dict[str, str]:
    """The funnel's link parameters (none when it is off)."""
    settings = current_funnel()
    if settings is None:
        return {}
    scenario = current()
    if settings.year is not None and not (
        (scenario.start_year or 0) <= settings.year <= (scenario.end_year or 0)
    ):
        settings = replace(settings, year=None)  # the target year moved before it
    return funnel_url.to_params(settings)


def _write_url(ctx: Context) -> None:
    """The funnel's keys in the address bar, after the scenario's and before ``market``
    (the share box writes them too, from :func:`~.state.url_extras`)."""
    params = url_params(ctx)
    set_url_extras("funnel", params)
    now = st.query_params.to_dict()
    kept = {k: v for k, v in now.items() if not funnel_url.owns(k) and k != "market"}
    wanted = {**kept, **params, **({"market": now["market"]} if "market" in now else {})}
    if now != wanted:
        st.query_params.from_dict(wanted)


def _defaults(ctx: Context, settings: FunnelSettings) -> None:
    """Widget values from the truth, for widgets not drawn since it was set."""
    state = st.session_state
    for part in parts_of(ctx) or ("All",):
        state.setdefault(REGION + slug(part), settings.served_pct(part))
    shares = shares_of(ctx)
    if shares:
        state.setdefault(DIMENSION, settings.keep_dimension or next(iter(shares)))
        state.setdefault(KEEP, list(settings.keep_segments))
    state.setdefault(START, settings.som_start_pct)
    state.setdefault(END, settings.som_end_pct)
    state.setdefault(CURVE, CURVES[settings.curve])
    state.setdefault(YEAR, settings.year or current().end_year)


def _sync(ctx: Context) -> None:
    """Rebuild the funnel from its widgets (their callback: runs before the rerun)."""
    state = st.session_state
    if not state.get(ON):
        state[FUNNEL] = None
        set_url_extras("funnel", {})
        return
    base = current_funnel() or FunnelSettings()
    regions = tuple(
        (part, float(state.get(REGION + slug(part), base.served_pct(part))))
        for part in parts_of(ctx) or ("All",)
    )
    shares = shares_of(ctx)
    dimension = state.get(DIMENSION) or base.keep_dimension
    kept = tuple(state.get(KEEP, base.keep_segments))
    if base.keep_dimension and dimension != base.keep_dimension:
        kept, state[KEEP] = (), []  # another breakdown: its segments are picked afresh
    stated = shares.get(str(dimension))
    kept = tuple(s for s in kept if stated is not None and s in stated.shares_pct)
    curve: Curve = next((c for c, label in CURVES.items() if label == state.get(CURVE)), "linear")
    year = state.get(YEAR)
    state[FUNNEL] = FunnelSettings(
        region_pct=tuple((p, v) for p, v in regions if v != 100.0),
        keep_dimension=dimension if kept else None,
        keep_segments=kept,
        som_start_pct=float(state.get(START, base.som_start_pct)),
        som_end_pct=float(state.get(END, base.som_end_pct)),
        curve=curve,
        year=int(year) if year is not None and year != current().end_year else None,
    )
    set_url_extras("funnel", url_params(ctx))


def panel(ctx: Context) -> None:
    """The funnel in an expander: drawn (and computed) only while it is open."""
    ensure(ctx)
    _write_url(ctx)
    settings = current_funnel()
    box = st.expander(
        "TAM → SAM → SOM: the market we serve, and what we can win",
        expanded=settings is not None, key=OPEN, on_change="rerun",
        icon=":material/filter_alt:",
    )  # fmt: skip
    if not box.open:
        return
    with box:
        for notice in st.session_state.get(NOTICES, []):
            st.warning(plain(notice, LONG_TEXT), icon=":material/warning:")
        st.session_state.setdefault(ON, settings is not None)
        st.toggle(
            "Size our serviceable and obtainable market", key=ON, on_change=_sync, args=(ctx,),
            help="Keep the regions and segments you serve (SAM) and the share of them you "
            "can win, ramping over the years (SOM). Kept in the link and saved with the scenario.",
        )  # fmt: skip
        if settings is None:
            st.caption(
                "TAM is the scenario's market, computed from the report; SAM and SOM are "
                "your assumptions. Switch on to set them."
            )
            return
        _defaults(ctx, settings)
        _controls(ctx)
        found = funnel_of(results(ctx).projection, settings, shares_of(ctx))
        _figures(ctx, settings, found)


def _controls(ctx: Context) -> None:
    parts = parts_of(ctx) or ("All",)
    st.markdown("**SAM: what we serve** · assumed")
    for column, part in zip(st.columns(len(parts)), parts, strict=True):
        label = "The market" if part == "All" else plain(part)
        column.number_input(
            f"{label}, % served", min_value=0.0, max_value=100.0, step=5.0, format="%.0f",
            key=REGION + slug(part), on_change=_sync, args=(ctx,),
        )  # fmt: skip
    shares = shares_of(ctx)
    if shares:
        if len(shares) > 1:
            st.selectbox(
                "Filter by", list(shares), key=DIMENSION, on_change=_sync, args=(ctx,),
                format_func=dimension_label,
            )  # fmt: skip
        stated = shares[str(st.session_state.get(DIMENSION, next(iter(shares))))]
        noun = dimension_label(stated.dimension).lower()
        st.multiselect(
            f"{dimension_label(stated.dimension)} served (reported {stated.year} shares; none "
            f"picked: every {noun})",
            list(stated.shares_pct), key=KEEP, on_change=_sync, args=(ctx,),
            format_func=lambda s: f"{shown_text(s)} ({pct(stated.shares_pct[s])})",
        )  # fmt: skip
    else:
        st.caption("The report states no segment shares, so SAM keeps regions only.")
    scenario = current()
    st.markdown("**SOM: what we can win** · assumed share of SAM")
    first, last, curve, year = st.columns([1, 1, 1.2, 1])
    first.number_input(
        f"{scenario.start_year}, % of SAM", min_value=0.0, max_value=100.0, step=0.5,
        format="%.1f", key=START, on_change=_sync, args=(ctx,),
    )  # fmt: skip
    last.number_input(
        f"{scenario.end_year}, % of SAM", min_value=0.0, max_value=100.0, step=0.5,
        format="%.1f", key=END, on_change=_sync, args=(ctx,),
    )  # fmt: skip
    curve.radio(
        "Ramp", list(CURVES.values()), key=CURVE, on_change=_sync, args=(ctx,), horizontal=True,
        help="Linear: the same step every year. S-curve: slow, then fast, then slow "
        "(a logistic curve; docs/methodology.md).",
    )  # fmt: skip
    assert scenario.start_year is not None and scenario.end_year is not None
    years = list(range(scenario.start_year, scenario.end_year + 1))
    if st.session_state.get(YEAR) not in years:
        st.session_state[YEAR] = years[-1]
    year.selectbox("Funnel year", years, key=YEAR, on_change=_sync, args=(ctx,))


def _figures(ctx: Context, settings: FunnelSettings, found: Funnel) -> None:
    year = int(st.session_state.get(YEAR) or found.table["year"].max())
    row = found.at(year)
    tam, sam, som = st.columns(3)
    tam.metric(
        f"TAM {year} · computed", usd_bn(row["tam_usd_bn"]), border=True,
        help="The scenario's projected market, computed from the report's figures.",
    )  # fmt: skip
    sam.metric(
        f"SAM {year} · assumed", usd_bn(row["sam_usd_bn"]), border=True,
        help="The regions and segments you serve, at the percentages you set.",
    )  # fmt: skip
    som.metric(
        f"SOM {year} · assumed", usd_bn(row["som_usd_bn"]), border=True,
        help="The share of SAM you can win that year, on the ramp you set.",
    )  # fmt: skip
    tam.caption("the scenario's market")
    sam.caption(f"{pct(row['served_pct'])} of TAM" + _filtered(found))
    som.caption(f"{pct(row['obtainable_pct'])} of SAM")
    chart, path = st.columns([1.15, 1])
    with chart:
        plot(funnel_chart(row, year), key="sc_funnel_chart", config={"displayModeBar": False})
    with path:
        plot(som_path_chart(found.table), key="sc_som_chart", config={"displayModeBar": False})
    first, last = found.at(int(found.table["year"].min())), found.at(int(found.table["year"].max()))
    st.caption(
        f"SOM grows from {usd_bn(first['som_usd_bn'])} in {int(first['year'])} to "
        f"{usd_bn(last['som_usd_bn'])} in {int(last['year'])}, along "
        f"{CURVE_NOUNS[settings.curve]}. TAM is computed from the report; SAM and SOM "
        "percentages are assumed."
    )


def _filtered(found: Funnel) -> str:
    if found.filter_pct is None or found.filter_shares is None:
        return ""
    noun = dimension_label(found.filter_shares.dimension).lower()
    return f", {noun} kept: {pct(found.filter_pct)} (reported)"


def load(ctx: Context, params: dict[str, str] | None) -> None:
    """The funnel saved with a scenario (``None``: it had none), as the studio's."""
    scenario = current()
    years = (scenario.start_year or ctx.frame.first_year, scenario.end_year or ctx.frame.last_year)
    settings, notices = funnel_url.parse(params or {}, parts_of(ctx), shares_of(ctx), years)
    st.session_state[NOTICES] = notices
    set_funnel(ctx, settings)

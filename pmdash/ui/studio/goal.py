"""Below the studio: goal seek ("what growth reaches USD X bn by year Y?") with a button
that applies the answer, and the sensitivity grid (:mod:`.grid`).

Each is a panel computed only while open. Their settings live in the URL beside the
scenario's (:mod:`pmdash.uncertainty.goal_url`): a link opens the panels it names.
"Apply" sets the studio's scenario the way a loaded scenario does
(:func:`~pmdash.ui.studio.state.set_scenario`): the browser-side studio, the URL and
the KPI cards then show it.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from pmdash import urlstate
from pmdash.formatting import delta_usd_bn, pct, plain, points, shown_text, usd_bn
from pmdash.scenarios import Scenario
from pmdash.ui.studio import grid
from pmdash.ui.studio.state import Context, current, link_params, set_scenario, set_url_extras
from pmdash.uncertainty import goal_url
from pmdash.uncertainty.goal import Goal, GoalError, GoalQuery, Scope, goal_seek
from pmdash.uncertainty.goal_url import GoalView, Panels

GOAL_OPEN: Final = "sc_goal_open"
SIZE: Final = "sc_goal_size"
YEAR: Final = "sc_goal_year"
WHAT: Final = "sc_goal_what"
SEEDED: Final = "sc_panels_seeded"
MARKET: Final = "market"  # the WHAT option for the market at one rate
REACHED_USD_BN: Final = 0.05  # the scenario reaches the target when it shows the same figure


def panels(ctx: Context) -> None:
    """The goal-seek and sensitivity-grid panels, and their settings in the URL."""
    _seed(ctx)
    goal = goal_panel(ctx)
    spec = grid.grid_panel(ctx)
    _write_url(goal_url.panel_params(Panels(goal, spec)))


def goal_panel(ctx: Context) -> GoalView | None:
    """The goal-seek panel; what it asks (``None`` while closed)."""
    box = st.expander(
        "Goal seek: what growth reaches a target?", icon=":material/flag:", key=GOAL_OPEN,
        on_change="rerun",
    )  # fmt: skip
    if not box.open:
        return None
    scenario = current()
    start = scenario.start_year or ctx.frame.first_year
    latest = urlstate.max_target_year(ctx.frame)
    year_now = st.session_state.get(YEAR)
    if not isinstance(year_now, int) or not start < year_now <= latest:
        st.session_state[YEAR] = min(max(scenario.end_year or latest, start + 1), latest)
    with box:
        size_col, year_col, what_col = st.columns([1.1, 0.8, 2.1], vertical_alignment="bottom")
        target = size_col.number_input(
            "Target, USD bn", min_value=0.0, value=None, step=50.0, format="%.1f", key=SIZE,
            placeholder="e.g. 1500", help="The market size to reach, USD billions.",
        )  # fmt: skip
        year = int(
            year_col.number_input("By", min_value=start + 1, max_value=latest, step=1, key=YEAR)
        )
        options = _options(ctx)
        if st.session_state.get(WHAT) not in options:
            st.session_state[WHAT] = MARKET
        what = what_col.selectbox(
            "What reaches it", list(options), format_func=lambda o: options[o], key=WHAT
        )
        scope, region = _scope(what)
        view = GoalView(target, year, region, scope)
        if target is None:
            st.caption(
                f"Enter a target: the growth a year from {start} that reaches it is worked out "
                "in closed form, against the scenario's own."
            )
            return view
        found = goal_seek(
            ctx.market.figures, GoalQuery(target, year, None, region, scope), base=scenario,
            frame=ctx.frame, max_year=latest,
        )  # fmt: skip
        if isinstance(found, GoalError):
            st.warning(plain(found.message, 400), icon=":material/block:")
        else:
            _answer(ctx, found)
    return view


def _answer(ctx: Context, found: Goal) -> None:
    """The growth needed beside the scenario's, and the button that applies it."""
    span = f"{found.from_year}–{found.to_year}"
    diff = found.cagr_pct - found.current_pct
    mover = plain(found.region) if found.region else "every region"
    if ctx.frame.dimension == "total":
        mover = "the market"
    needed, scenario_now = st.columns(2)
    needed.metric(
        f"Growth needed, {mover}, {span}", f"{pct(found.cagr_pct, 1)} a year",
        f"{points(diff, 1)} vs the scenario's {pct(found.current_pct, 1)}",
        delta_color="off" if abs(diff) < 0.05 else "normal", border=True,
        help="Closed form: the one rate at which the projection reaches the target exactly.",
    )  # fmt: skip
    scenario_now.metric(
        f"The scenario, {found.to_year}", usd_bn(found.current_usd_bn),
        f"{delta_usd_bn(found.current_usd_bn - found.target_usd_bn)} vs the target",
        delta_color="off", border=True,
    )  # fmt: skip
    who = plain(found.subject)
    st.caption(
        f"{who[:1].upper()}{who[1:]} grows from {usd_bn(found.from_usd_bn)} in "
        f"{found.from_year} to {usd_bn(found.target_usd_bn)} in {found.to_year} at "
        f"{pct(found.cagr_pct, 2)} a year. Applying it sets the studio's scenario: the "
        "years to these, the rest of the scenario (other rates, shock) as it is."
    )
    reached = abs(found.current_usd_bn - found.target_usd_bn) < REACHED_USD_BN
    st.button(
        "The scenario reaches this target" if reached else "Apply to the studio",
        key="sc_goal_apply", type="primary", icon=":material/check:", disabled=reached,
        on_click=_apply, args=(ctx, found.scenario),
    )  # fmt: skip


def _apply(ctx: Context, scenario: Scenario) -> None:
    set_scenario(ctx, scenario)


def _options(ctx: Context) -> dict[str, str]:
    """What may reach the target: the market at one rate, a region on its own, or the
    market through one region's growth (plain text: a select box shows no markdown)."""
    options = {MARKET: "The market (every region at one rate)"}
    if ctx.frame.dimension == "total":
        return options
    for part in ctx.frame.parts:
        options[f"region:{part}"] = f"{shown_text(part)} on its own"
    for part in ctx.frame.parts:
        options[f"market_by_region:{part}"] = f"The market, moving only {shown_text(part)}"
    return options


def _scope(what: str) -> tuple[Scope, str | None]:
    if what.startswith("region:"):
        return "region", what.removeprefix("region:")
    if what.startswith("market_by_region:"):
        return "market_by_region", what.removeprefix("market_by_region:")
    return "market", None


def _seed(ctx: Context) -> None:
    """The panels as the link opened them, once per market."""
    if st.session_state.get(SEEDED) == ctx.info.id:
        return
    st.session_state[SEEDED] = ctx.info.id
    values = {str(k).strip().lower(): v for k, v in link_params().items()}
    start = current().start_year or ctx.frame.first_year
    opened, _ = goal_url.parse_panels(values, ctx.frame, start, urlstate.max_target_year(ctx.frame))
    if opened.goal is not None:
        st.session_state[GOAL_OPEN] = True
        st.session_state[SIZE] = opened.goal.target_usd_bn
        if opened.goal.year is not None:
            st.session_state[YEAR] = opened.goal.year
        region = opened.goal.region
        st.session_state[WHAT] = f"{opened.goal.scope}:{region}" if region else MARKET
    if opened.grid is not None:
        grid.seed(opened.grid)


def _write_url(params: dict[str, str]) -> None:
    """The panels' keys in the address bar, after the scenario's and before ``market``."""
    set_url_extras("goal", params)
    now = st.query_params.to_dict()
    kept = {k: v for k, v in now.items() if k not in goal_url.KEYS and k != "market"}
    wanted = {**kept, **params, **({"market": now["market"]} if "market" in now else {})}
    if now != wanted or list(now) != list(wanted):
        st.query_params.from_dict(wanted)

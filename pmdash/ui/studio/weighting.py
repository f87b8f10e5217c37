"""Weighted scenarios in the compare view: give saved scenarios probabilities, see the
expected market and its range, and save the probabilities (the brief shows them).

The maths is :mod:`pmdash.uncertainty.weights`; the probabilities live in the
scenario store, one a saved scenario.
"""

from __future__ import annotations

import math
from typing import Final

import streamlit as st

from pmdash.charts.weights import weighted_chart
from pmdash.formatting import pct, plain, shown_text, usd_bn
from pmdash.scenario_store import Rejected, SavedScenario, ScenarioStore
from pmdash.scenarios import Scenario
from pmdash.ui.charts import plot
from pmdash.ui.display import LONG_TEXT
from pmdash.ui.studio.state import Context
from pmdash.uncertainty import Weighted, expected, normalised, problems
from pmdash.uncertainty.saved import totals_of, weigh_saved
from pmdash.uncertainty.weights import QUANTILES_FROM

PICK: Final = "sc_weigh"
WEIGHT: Final = "sc_weight_"  # + the saved scenario's id


def saved_weighted(ctx: Context, saved: list[SavedScenario]) -> Weighted | list[str] | None:
    """The saved probabilities' weighted view (for the brief): ``None`` without them."""
    return weigh_saved(ctx.market.figures, saved, ctx.frame, ctx.presets)


def weighted_panel(
    ctx: Context, store: ScenarioStore, saved: list[SavedScenario], named: dict[str, Scenario]
) -> None:
    """Pick scenarios, give each a probability, see the expected market and its range."""
    by_name = {item.name: item for item in saved}
    picked_before = st.session_state.get(PICK)
    st.session_state[PICK] = (
        [name for name in picked_before if name in by_name]  # one deleted meanwhile drops out
        if isinstance(picked_before, list)
        else [item.name for item in saved if item.probability_pct is not None]
    )
    picked = st.multiselect(
        "Weigh these scenarios", list(by_name), key=PICK, format_func=shown_text,
        help="Give each a probability; together they must add up to 100 %.",
    )  # fmt: skip
    if len(picked) < 2:
        st.caption("Pick two or more of them to weigh them by their probabilities.")
        return
    columns = st.columns(min(len(picked), 4))
    for index, name in enumerate(picked):
        item = by_name[name]
        key = f"{WEIGHT}{item.id}"
        default = item.probability_pct
        st.session_state.setdefault(key, default if default is not None else 100 / len(picked))
        columns[index % len(columns)].number_input(
            f"{plain(name)}, %", min_value=0.0, max_value=100.0, step=5.0, format="%.1f",
            key=key,
        )  # fmt: skip
    weights = {name: float(st.session_state[f"{WEIGHT}{by_name[name].id}"]) for name in picked}
    found = problems(weights)
    if found:
        st.warning("\n\n".join(plain(p, LONG_TEXT) for p in found), icon=":material/balance:")
        st.button(
            "Normalise to 100 %", key="sc_weigh_normalise", icon=":material/balance:",
            on_click=_normalise, args=(weights, by_name),
        )  # fmt: skip
        return
    totals = totals_of(ctx.market.figures, {n: named[n] for n in picked}, ctx.frame)
    weighted = expected(totals, weights)
    assert isinstance(weighted, Weighted)  # the probabilities were checked above
    _figures(ctx, weighted)
    _save(ctx, store, saved, weights)


def span(low: float, high: float) -> str:
    """Two sizes as one range: 'USD 777.0–1,795.6 bn'."""
    return f"{usd_bn(low).removesuffix(' bn')}–{usd_bn(high).removeprefix('USD ')}"


def _normalise(weights: dict[str, float], by_name: dict[str, SavedScenario]) -> None:
    for name, value in normalised(weights).items():
        st.session_state[f"{WEIGHT}{by_name[name].id}"] = value


def _figures(ctx: Context, weighted: Weighted) -> None:
    end = weighted.last()
    year = int(end["year"])
    mean, spread = st.columns(2)
    mean.metric(f"Expected market {year}", usd_bn(end["expected_usd_bn"]), border=True,
                help="Each scenario's size weighted by its probability.")  # fmt: skip
    spread.metric(
        f"Range {year}", span(end["min_usd_bn"], end["max_usd_bn"]), border=True,
        help="The smallest and largest scenario with a probability above 0 %.",
    )  # fmt: skip
    mean.caption(f"{len(weighted.probabilities)} scenarios weighed")
    if math.isnan(end["p10_usd_bn"]):
        spread.caption(f"P10–P90: from {QUANTILES_FROM} weighed scenarios on (two only repeat "
                       "the range)")  # fmt: skip
    else:
        spread.caption(f"P10–P90: {span(end['p10_usd_bn'], end['p90_usd_bn'])} (the sizes 10 % "
                       "and 90 % of the probability lies below)")  # fmt: skip
    plot(weighted_chart(weighted, ctx.frame.last_year), key="sc_weighted_chart",
         config={"displayModeBar": False})  # fmt: skip
    left_out = weighted.years_left_out
    st.caption(
        "Probabilities are your assumptions; sizes are each scenario's projection."
        + (f" Years not every scenario covers are left out ({left_out[0]}–{left_out[-1]})."
           if left_out else "")
    )  # fmt: skip


def _save(
    ctx: Context, store: ScenarioStore, saved: list[SavedScenario], weights: dict[str, float]
) -> None:
    stored = {item.name: item.probability_pct for item in saved}
    wanted = {name: weights.get(name) for name in stored}
    if wanted == stored:
        st.caption("These probabilities are saved: the brief shows this weighted view.")
        return
    if st.button("Save probabilities", key="sc_weigh_save", icon=":material/save:"):
        done = store.set_probabilities(ctx.info.id, wanted)
        if isinstance(done, Rejected):
            st.error(plain(done.message, LONG_TEXT))
            return
        st.rerun(scope="fragment")
    shown = ", ".join(f"{plain(n)} {pct(p)}" for n, p in weights.items())
    st.caption(f"Not saved yet ({shown}): save them for the brief and for everyone.")

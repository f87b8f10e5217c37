"""The saved-scenario library: save (asking before an overwrite, with the funnel
settings), load, delete, pick 2–4 to compare, and weigh them by probabilities."""

from __future__ import annotations

from typing import Final

import pandas as pd
import streamlit as st

from pmdash import urlstate
from pmdash.formatting import pct, plain, shown_text
from pmdash.scenario_store import Draft, Rejected, SavedScenario, ScenarioStore, database_url
from pmdash.scenarios import PRESET_LABELS, Scenario
from pmdash.ui import cache
from pmdash.ui.auth import current_user
from pmdash.ui.data import data_store
from pmdash.ui.display import LONG_TEXT, MISSING
from pmdash.ui.grids import show_table
from pmdash.ui.studio import funnel
from pmdash.ui.studio.comparison import comparison
from pmdash.ui.studio.state import NOTICES, Context, current, set_scenario
from pmdash.ui.studio.weighting import weighted_panel

COMPARE_MAX: Final = 4
NAME: Final = "sc_name"
AUTHOR: Final = "sc_author"
NOTE: Final = "sc_note"


def store() -> ScenarioStore:
    """The saved-scenario database of the data folder."""
    return cache.scenario_store(database_url(data_store().root))


def save_form(ctx: Context) -> None:
    """Name, author and note; a taken name asks before it overwrites.

    After a save the name and the note are emptied (the next scenario is another
    one); the author stays. The placeholders suggest a name from the scenario.
    """
    scenario = current()
    with st.form("sc_save", clear_on_submit=False, border=False):
        st.text_input(
            "Name", max_chars=80, key=NAME, placeholder=f"e.g. {suggested_name(scenario)}"
        )
        signed_in = current_user()  # with st.login configured, saves record who saved them
        st.text_input(
            "Your name", value=signed_in, max_chars=80, key=AUTHOR, disabled=bool(signed_in)
        )
        st.text_area(
            "Note", max_chars=2000, height=80, key=NOTE,
            placeholder="What this scenario assumes, and why",
        )  # fmt: skip
        st.form_submit_button(
            "Save scenario", type="primary", icon=":material/save:", on_click=_on_save, args=(ctx,)
        )
    kind, message = st.session_state.pop("sc_flash", ("", ""))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)
    pending = st.session_state.get("sc_pending")
    if isinstance(pending, Draft):
        st.warning(f"{message or 'That name is taken.'} Replace it with the current scenario?")
        yes, no = st.columns(2)
        yes.button(
            "Overwrite", key="sc_overwrite", type="primary", on_click=_on_overwrite, args=(ctx,)
        )
        no.button("Cancel", key="sc_keep", on_click=st.session_state.pop, args=("sc_pending", None))


def suggested_name(scenario: Scenario) -> str:
    """A name that says what the scenario is: its preset (or its rate) and its years.

    >>> suggested_name(Scenario("custom", start_year=2024, end_year=2034, cagr_pct=9.0))
    'Custom 9.0 % a year, 2024–2034'
    """
    label = PRESET_LABELS[scenario.preset]
    if scenario.preset == "custom" and scenario.cagr_pct is not None:
        label += f" {scenario.cagr_pct:.1f} % a year"
    if scenario.start_year and scenario.end_year:
        label += f", {scenario.start_year}–{scenario.end_year}"
    return label


def _on_save(ctx: Context) -> None:
    state = st.session_state
    author = current_user() or str(state.get(AUTHOR, ""))
    draft = Draft(
        str(state.get(NAME, "")), urlstate.to_params(current(), ctx.frame), author,
        str(state.get(NOTE, "")), funnel=funnel.url_params(ctx) or None,
    )  # fmt: skip
    saved = store().save(ctx.info.id, draft)
    _report(saved)
    if isinstance(saved, Rejected):
        if saved.duplicate:
            state["sc_pending"] = draft
        return
    _clear_form()


def _clear_form() -> None:
    st.session_state[NAME] = ""
    st.session_state[NOTE] = ""


def _report(saved: SavedScenario | Rejected) -> None:
    if isinstance(saved, Rejected):
        st.session_state["sc_flash"] = (
            "duplicate" if saved.duplicate else "error",
            plain(saved.message, LONG_TEXT),
        )
        return
    version = f" (version {saved.version})" if saved.version > 1 else ""
    st.session_state["sc_flash"] = ("success", f"Saved **{plain(saved.name)}**{version}.")


def _on_overwrite(ctx: Context) -> None:
    pending = st.session_state.pop("sc_pending", None)
    if isinstance(pending, Draft):
        saved = store().save(ctx.info.id, pending, overwrite=True)
        _report(saved)
        if not isinstance(saved, Rejected):
            _clear_form()


def saved_list(ctx: Context) -> None:
    """The market's saved scenarios: load, delete (confirmed), compare 2–4."""
    saved = store().list(ctx.info.id)
    if store().problem:  # a corrupt or locked database: say why, the dashboards go on
        st.warning(store().problem)
        return
    if not saved:
        st.info("No saved scenarios yet for this market. Name the current one and save it.")
        return
    rows = []
    named: dict[str, Scenario] = {}
    funnels = {item.name: item.funnel for item in saved}
    for item in saved:
        scenario, _ = urlstate.parse(item.params, ctx.frame, ctx.presets)
        named[item.name] = scenario
        rows.append(
            {
                "Name": item.name,
                "By": item.author,
                "Saved": item.updated_at.strftime("%Y-%m-%d %H:%M"),
                "Note": item.note,
                "Probability": pct(item.probability_pct)
                if item.probability_pct is not None
                else "",
            }
        )
    show_table(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        key="sc_saved_table",
        placeholder=MISSING,
    )
    choice = st.selectbox("Saved scenario", list(named), key="sc_pick", format_func=shown_text)
    a, b = st.columns(2)
    if choice:
        a.button(
            "Load", key="sc_load", width="stretch", on_click=_on_load,
            args=(ctx, named[choice], funnels[choice]),
        )  # fmt: skip
    if st.session_state.pop("sc_reload", False):
        st.rerun()  # the whole page, so the studio fragment shows the loaded scenario
    if b.button("Delete…", key="sc_delete", width="stretch"):
        st.session_state["sc_confirm"] = choice
    if st.session_state.get("sc_confirm") == choice and choice:
        st.warning(f"Delete **{plain(choice)}** for everyone? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete", key="sc_delete_yes", type="primary", width="stretch"):
            store().delete(ctx.info.id, choice)
            st.session_state["sc_confirm"] = None
            st.rerun(scope="fragment")
        if no.button("Keep it", key="sc_delete_no", width="stretch"):
            st.session_state["sc_confirm"] = None
            st.rerun(scope="fragment")
    picked = st.multiselect(
        "Compare (2–4)",
        list(named),
        max_selections=COMPARE_MAX,
        key="sc_compare",
        format_func=shown_text,
    )
    if len(picked) >= 2:
        comparison(ctx, {name: named[name] for name in picked})
    st.markdown("**Weighted scenarios**")
    weighted_panel(ctx, store(), saved, named)


def _on_load(ctx: Context, scenario: Scenario, params: dict[str, str] | None) -> None:
    set_scenario(ctx, scenario)
    funnel.load(ctx, params)
    st.session_state[NOTICES] = []
    st.session_state["sc_reload"] = True

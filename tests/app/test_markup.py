"""Hostile names, notes, scenario names and links on every page: no link, image,
colour or reversed text comes out of them (issue 14, items 1 and 2), and the tables
hand a spreadsheet no formula (item 3). Each page runs through the real router."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.model import Market
from pmdash.scenario_store import Draft, ScenarioStore
from pmdash.store import DataStore
from pmdash.ui.router import PAGES
from tests.conftest import ROOT
from tests.corpus.hostile import (
    DEFAULT_IMAGE_HOST,
    HOSTILE_ID,
    hostile_market,
    hostile_scenario_names,
    hostile_urls,
)
from tests.markup import page_injections

PAGE_PATHS = [path for *_, path in PAGES]


@pytest.fixture
def hostile(data_dir: Path, seed_market: Market) -> Market:
    """The hostile market in the store beside the shipped one, with hostile saved scenarios."""
    market = hostile_market(seed_market)
    DataStore(data_dir).save(market)
    store = ScenarioStore(os.environ["PMDASH_DATABASE_URL"])
    for name in hostile_scenario_names():
        store.save(HOSTILE_ID, Draft(name, {"cagr": "9"}, author=name, note=name))
    return market


def open_page(page: str, **params: str) -> AppTest:
    os.environ["PMDASH_DEFAULT_PAGE"] = page
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    return at.run()


def views(page: str, at: AppTest) -> Iterator[AppTest]:
    """The page as first drawn, then each tab, dimension or panel that draws more."""
    yield at
    if page == "sources":
        for label in [t.label for t in at.tabs][1:]:
            at.session_state["sources_tab"] = label
            yield at.run()
    elif page == "segments":
        for dimension in ("end_user", "product", "application", "country"):
            at.session_state["segments_dimension"] = dimension
            yield at.run()
    elif page == "regions":
        at.session_state["regions_table_open"] = True
        yield at.run()
    elif page == "scenarios":
        at.session_state["sc_details"] = "Regions, stacked"
        yield at.run()
        at.toggle(key="sc_each").set_value(True).run()
        yield at


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_hostile_text_in_a_market_makes_no_markup(hostile: Market, page: str) -> None:
    for view in views(page, open_page(page, market=HOSTILE_ID)):
        assert not view.exception, view.exception[0].value
        assert page_injections(view, DEFAULT_IMAGE_HOST) == []


@pytest.mark.parametrize(("page", "params"), hostile_urls(), ids=lambda v: str(v)[:40])
def test_a_crafted_link_makes_a_notice_not_markup(
    data_dir: Path, page: str, params: dict[str, str]
) -> None:
    at = open_page(page, **params)
    assert not at.exception
    assert at.warning, "the ignored parameter is reported"
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []


def test_saved_scenario_names_stay_text_when_listed_deleted_and_saved(hostile: Market) -> None:
    at = open_page("scenarios", market=HOSTILE_ID)
    names = hostile_scenario_names()
    for name in names:
        at.selectbox(key="sc_pick").set_value(name).run()
        at.button(key="sc_delete").click().run()
        assert any("for everyone" in w.value for w in at.warning)
        assert page_injections(at, DEFAULT_IMAGE_HOST) == []
    at.multiselect(key="sc_compare").set_value(names[:3]).run()
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []
    for name in (names[0] + " 2", names[0]):  # a new name, then a taken one
        at.text_input(key="sc_name").input(name)
        next(b for b in at.button if b.label == "Save scenario").click().run()
        assert at.success or at.warning
        assert page_injections(at, DEFAULT_IMAGE_HOST) == []


def test_the_grids_hand_a_spreadsheet_no_formula(hostile: Market) -> None:
    at = open_page("sources", market=HOSTILE_ID)
    at.session_state["sources_tab"] = "Companies"
    at.run()
    companies = next(d.value for d in at.dataframe if "company" in d.value.columns)
    cells = [str(c) for c in [*companies["company"], *companies["note"]]]
    assert '\'=HYPERLINK("https://evil.example/f","Open")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]

"""Hostile names, notes, scenario names and links on every page: no link, image,
colour or reversed text comes out of them (issue 14, items 1 and 2), and the tables
hand a spreadsheet no formula (item 3). Each page runs through the real router."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pmdash.model import Market
from tests.corpus.hostile_market import (
    DEFAULT_IMAGE_HOST,
    HOSTILE_ID,
    hostile_scenario_names,
    hostile_urls,
)
from tests.markup import (
    PAGE_PATHS,
    open_page,
    page_injections,
    scenario_library_views,
    store_hostile,
    views,
)


@pytest.fixture(autouse=True)
def _page_setting_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """open_page() names the page in PMDASH_DEFAULT_PAGE; gone again after each test."""
    monkeypatch.setenv("PMDASH_DEFAULT_PAGE", "overview")


@pytest.fixture
def hostile(data_dir: Path, seed_market: Market) -> Market:
    """The hostile market in the store beside the shipped one, with hostile saved scenarios."""
    return store_hostile(data_dir, os.environ["PMDASH_DATABASE_URL"], seed_market)


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
    confirmations = saves = 0
    for at in scenario_library_views():  # one AppTest, checked after every step
        assert not at.exception
        assert page_injections(at, DEFAULT_IMAGE_HOST) == []
        confirmations += any("for everyone" in w.value for w in at.warning)
        saves += any("Saved" in s.value for s in at.success)
    assert confirmations >= len(hostile_scenario_names()) and saves == 1


def test_the_grids_hand_a_spreadsheet_no_formula(hostile: Market) -> None:
    at = open_page("sources", market=HOSTILE_ID)
    at.session_state["sources_tab"] = "Companies"
    at.run()
    companies = next(d.value for d in at.dataframe if "company" in d.value.columns)
    cells = [str(c) for c in [*companies["company"], *companies["note"]]]
    assert '\'=HYPERLINK("https://evil.example/f","Open")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]

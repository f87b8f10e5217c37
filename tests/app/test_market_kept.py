"""Moving between pages keeps the market: in what the page shows, in its URL, and in
every link a page makes (CONTRACT: every page takes ``?market=ID``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore
from tests.conftest import ROOT

PAGES = ["overview", "segments", "regions", "scenarios", "sources", "data"]


def _start(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    return at.run()


def _by_sidebar(at: AppTest, page: str) -> AppTest:
    """What a click in the sidebar's page list does: the query string is dropped."""
    at.query_params.clear()
    return at.switch_page(f"pages/{page}.py").run()


def _sidebar_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_the_sidebar_keeps_the_second_market_in_the_url_and_on_the_page(
    store_with_both: DataStore, page: str
) -> None:
    at = _by_sidebar(_start(market="sample-robotics"), page)
    assert not at.exception, at.exception
    assert at.query_params["market"] == "sample-robotics"
    assert "Sample robotics" in _sidebar_text(at)


def test_a_studio_link_made_after_moving_reopens_the_second_market(
    store_with_both: DataStore,
) -> None:
    at = _by_sidebar(_start(market="sample-robotics"), "scenarios")
    kpi = _kpi(at)
    reopened = _start(**{k: str(v) for k, v in at.query_params.items()})
    reopened = reopened.switch_page("pages/scenarios.py").run()
    assert reopened.query_params["market"] == "sample-robotics" and _kpi(reopened) == kpi
    assert "2030" in kpi  # the sample market's horizon, not personalized medicine's 2034


def _kpi(at: AppTest) -> str:
    """The market in the target year, as the studio writes it above the region cards."""
    return next(c.value for c in at.caption if c.value.startswith("The market in "))


def test_a_page_opened_without_a_market_names_the_one_it_shows(store_with_both: DataStore) -> None:
    at = _start()
    assert at.query_params["market"] == "personalized-medicine"


def test_a_market_that_no_longer_exists_is_named_and_the_default_shown(
    data_dir: Path,
) -> None:
    at = _start(market="sample-robotics")
    notice = next(w.value for w in at.warning if "no market" in w.value)
    assert "robotics" in notice and "Personalized medicine" in notice
    assert at.query_params["market"] == "personalized-medicine"


def test_the_studio_has_the_market_panel_of_every_other_page(data_dir: Path) -> None:
    at = _by_sidebar(_start(), "scenarios")
    assert "Personalized" in _sidebar_text(at)
    assert any(c.value.startswith("Source:") for c in at.sidebar.caption)


def test_picking_the_other_market_in_the_studio_sidebar_shows_it(
    store_with_both: DataStore,
) -> None:
    at = _by_sidebar(_start(), "scenarios")
    assert "2034" in _kpi(at)
    at.sidebar.selectbox(key="market_picker").set_value("sample-robotics").run()
    assert not at.exception
    assert "2030" in _kpi(at)
    assert at.query_params["market"] == "sample-robotics"

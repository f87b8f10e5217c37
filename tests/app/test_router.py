"""The router: every page reachable, unknown URL parameters reported, errors friendly."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.ui.params import ignored_params
from tests.conftest import ROOT

PAGES = ["overview", "segments", "regions", "scenarios", "sources", "data"]


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def open_page(page: str, **params: str) -> AppTest:
    """Run ``page`` through the real router (AppTest.switch_page would bypass it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PMDASH_DEFAULT_PAGE", page)
        at = app()
        at.query_params.update(params)
        return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_shipped_data(data_dir: Path, page: str) -> None:
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", [p for p in PAGES if p != "scenarios"])
def test_unknown_parameters_are_reported_not_fatal(data_dir: Path, page: str) -> None:
    at = open_page(page, colour="blue", market="personalized-medicine")
    assert not at.exception
    assert any("colour" in w.value for w in at.warning)


def test_an_unknown_market_falls_back_with_a_notice(data_dir: Path) -> None:
    at = app()
    at.query_params["market"] = "[evil](javascript:alert(1))"
    at.run()
    assert not at.exception
    notice = next(w.value for w in at.warning if "no market" in w.value)
    assert "\\[evil\\]" in notice  # shown as typed, not as a link


def test_only_market_is_understood_by_analyst_pages() -> None:
    assert ignored_params("segments", ["market", "x", "cagr"]) == ["cagr", "x"]
    assert ignored_params("scenarios", ["cagr", "x"]) == []


def test_a_failing_page_shows_a_friendly_message_not_a_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PMDASH_DEBUG")
    monkeypatch.setattr("pmdash.store.DataStore.load", _broken)
    at = app()
    at.run()
    assert not at.exception
    assert any("incident" in e.value for e in at.error)


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError("simulated failure")

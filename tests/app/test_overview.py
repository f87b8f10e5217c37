"""The overview page: headline KPIs, the market chart and the top findings."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(page: str = "pages/overview.py", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


def shown(markdown: str) -> str:
    """Markdown as a reader sees it: data text arrives escaped (pmdash.formatting.plain)."""
    return markdown.replace("\\", "")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_headline_sizes_and_both_cagrs(data_dir: Path) -> None:
    at = run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Market size 2024 · base year"] == "USD 578.1 bn"
    assert shown["Latest estimate · 2025"] == "USD 616.3 bn"
    assert shown["Forecast · 2034"] == "USD 1,094.8 bn"
    assert shown["CAGR as stated · 2025–2034"] == "11.37 % a year"
    assert shown["CAGR implied by sizes · 2025–2034"] == "6.59 % a year"
    assert shown["Dominant region"] == "North America"


def test_overview_shows_the_gap_between_stated_and_implied_cagr(data_dir: Path) -> None:
    at = run()
    stated = next(m for m in at.metric if m.label.startswith("CAGR as stated"))
    assert "+4.78 pts" in stated.proto.delta


def test_overview_lists_the_cagr_error_and_links_to_sources(data_dir: Path) -> None:
    at = run()
    assert any("11.37" in shown(e.value) and "6.59" in shown(e.value) for e in at.error)
    links = at.get("page_link")
    assert any("sources" in str(link.proto.page) for link in links)


def test_overview_charts_the_market(data_dir: Path) -> None:
    at = run()
    assert len(at.get("plotly_chart")) == 1


def test_overview_of_the_sample_market(store_with_both: DataStore) -> None:
    at = run(market="sample-robotics")
    assert not at.exception
    shown = metrics(at)
    assert shown["Market size 2020 · base year"] == "USD 40.0 bn"
    assert shown["Forecast · 2030"] == "USD 100.0 bn"
    assert shown["CAGR as stated · 2025–2030"] == "10.76 % a year"


def test_sidebar_picker_switches_market(store_with_both: DataStore) -> None:
    at = run()
    at.sidebar.selectbox(key="market_picker").set_value("sample-robotics").run()
    assert metrics(at)["Forecast · 2030"] == "USD 100.0 bn"


def test_with_many_markets_the_picker_lists_the_matches_of_a_search(
    store_with_both: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmdash.ui.page as page

    monkeypatch.setattr(page, "PICKER_LIMIT", 1)
    at = run()
    assert at.sidebar.text_input(key="market_picker_find").value == ""
    at.sidebar.text_input(key="market_picker_find").input("no such market").run()
    picker = at.sidebar.selectbox(key="market_picker")
    assert picker.options == ["Personalized medicine (personalized-medicine)"]  # the active one
    at.sidebar.text_input(key="market_picker_find").input("ROBOT").run()
    picker = at.sidebar.selectbox(key="market_picker")
    assert picker.options[1:] == ["Sample robotics (sample-robotics)"]
    picker.set_value("sample-robotics").run()
    assert metrics(at)["Forecast · 2030"] == "USD 100.0 bn"


def test_an_empty_data_directory_shows_a_designed_empty_state(
    tmp_path: Path, monkeypatch: object
) -> None:
    monkeypatch.setenv("PMDASH_DATA_DIR", str(tmp_path / "empty"))  # type: ignore[attr-defined]
    at = run()
    assert not at.exception
    assert any("No market is imported yet" in i.value for i in at.info)


def test_what_to_watch_counts_this_reports_findings_and_sets_other_publishers_apart(
    data_dir: Path,
) -> None:
    at = run()
    assert any(
        c.value.startswith("This report") and "1 error, 1 warning" in c.value for c in at.caption
    )
    main = [e.value for e in at.main.error if not _in_expander(at, e)]
    assert main and all("11.1 %" not in shown(v) for v in main)  # MarketsandMarkets' CAGR
    others = next(x for x in at.expander if x.label.startswith("Other publishers"))
    # MarketsandMarkets' 11.1 % is a warning now: it matches its sizes counted 2025–2030.
    assert any("11.1" in shown(e.value) for e in others.warning)


def _in_expander(at: AppTest, element: object) -> bool:
    return any(element in x.error for x in at.expander)

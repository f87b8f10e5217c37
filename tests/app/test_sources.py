"""The sources page: figures with basis and source, the audit, publishers, companies."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore
from tests.app.test_overview import run


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open a tab (only the open tab is rendered) by the start of its label."""
    at.session_state["sources_tab"] = next(t.label for t in at.tabs if t.label.startswith(label))
    return at.run()


def test_every_figure_is_listed_and_search_narrows_it(data_dir: Path) -> None:
    at = run("pages/sources.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == 108
    at.text_input(key="figures_query").set_value("Europe 2030").run()
    found = at.dataframe[0].value
    assert set(found["segment"]) == {"Europe"} and set(found["year"]) == {2030}


def test_basis_filter_keeps_only_reported_figures(data_dir: Path) -> None:
    at = run("pages/sources.py")
    at.multiselect(key="figures_basis").set_value(["reported"]).run()
    assert len(at.dataframe[0].value) == 20
    assert set(at.dataframe[0].value["basis"]) == {"● Reported"}


def test_audit_is_grouped_by_severity(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Audit")
    labels = [e.label for e in at.expander]
    assert labels[0].startswith("Errors (2)") and labels[1].startswith("Warnings (4)")


def test_publisher_spread_follows_the_year(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    summary = next(d.value for d in at.dataframe if "median_usd_bn" in d.value.columns)
    assert summary.iloc[0]["publishers"] == 6
    at.select_slider(key="sources_spread_year").set_value(2024).run()
    spread = next(d.value for d in at.dataframe if "method" in d.value.columns).set_index("label")
    assert spread.loc["MarketsandMarkets (2025)", "size_usd_bn"] == 145.53
    assert spread.loc["Cervicorn Consulting (2025)", "size_usd_bn"] == 578.14


def test_companies_are_searchable(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Companies")
    at.text_input(key="sources_company_query").set_value("illumina").run()
    companies = next(d.value for d in at.dataframe if "company" in d.value.columns)
    assert list(companies["company"]) == ["Illumina, Inc."]


def test_sources_of_the_sample_market(store_with_both: DataStore) -> None:
    at = run("pages/sources.py", market="sample-robotics")
    assert not at.exception
    assert len(at.dataframe[0].value) > 15


def test_only_the_open_tab_is_rendered(data_dir: Path) -> None:
    at = run("pages/sources.py")
    assert len(at.dataframe) == 1 and not at.get("plotly_chart")
    at = open_tab(at, "Publishers")
    assert len(at.get("plotly_chart")) == 2

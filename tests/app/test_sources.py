"""The sources page: figures with basis and source, the audit, publishers, companies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore
from tests.app.test_overview import run, shown


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
    # One error (Cervicorn's 11.37 %); MarketsandMarkets' 11.1 % is now a warning (it matches
    # 2025–2030), and the two compared publishers' unstated price and exchange-rate bases
    # are warnings of their own.
    assert labels[0].startswith("Errors (1)") and labels[1].startswith("Warnings (7)")


def _summary(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "median_usd_bn" in d.value.columns)


def _spread(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "method" in d.value.columns).set_index("label")


def test_publisher_spread_follows_the_year(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    summary = _summary(at)
    # Personalized medicine only (Grand View and Precedence), no "all publishers" row.
    assert summary["scope"].tolist() == ["personalized medicine"]
    assert summary.iloc[0]["publishers"] == 2
    at.select_slider(key="sources_spread_year").set_value(2024).run()
    spread = _spread(at)
    assert "MarketsandMarkets (2025)" not in spread.index  # precision medicine: not compared
    assert spread.loc["Cervicorn Consulting (2025)", "size_usd_bn"] == 578.14


def test_the_consensus_names_its_publishers(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    (note,) = [i.value for i in at.info]
    assert shown(note).startswith("Consensus: 8.91 % a year, the median of 2 other publishers")


def test_other_scopes_are_shown_beside_on_request(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    at.toggle(key="sources_other_scopes").set_value(True).run()
    summary = _summary(at).set_index("scope")
    assert summary.loc["personalized medicine", "publishers"] == 2  # never merged
    assert summary.loc["precision medicine", "status"] == "other scope, not compared"
    spread = _spread(at)
    assert spread.loc["MarketsandMarkets (2025)", "status"] == "other scope, not compared"


def test_the_age_threshold_flags_editions_and_reaches_the_audit(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    assert _spread(at).loc["Grand View Research (2021)", "age_note"] == ""
    at.number_input(key="sources_max_age").set_value(2).run()
    assert _spread(at).loc["Grand View Research (2021)", "age_note"] == (
        "old edition: 2021, 3 years before 2024"
    )
    at = open_tab(at, "Audit")  # the threshold is kept while its tab is closed
    assert at.tabs[1].label.startswith("Audit (1 errors, 8 warnings)")


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

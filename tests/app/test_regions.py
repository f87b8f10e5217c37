"""The regions page: sizes, shares and growth per region, countries and claims."""

from __future__ import annotations

from pathlib import Path

from pmdash.store import DataStore
from tests.app.test_overview import metrics, run, shown


def test_regions_cards_follow_the_year_slider(data_dir: Path) -> None:
    at = run("pages/regions.py")
    assert not at.exception
    assert metrics(at)["North America"] == "492.2 bn"
    at.select_slider(key="regions_year").set_value(2030).run()
    assert metrics(at)["Europe"] == "243.6 bn"
    europe = next(m for m in at.metric if m.label == "Europe")
    assert europe.proto.delta.startswith("28.7 % share")


def test_growth_table_names_the_countries_of_each_region(data_dir: Path) -> None:
    at = run("pages/regions.py")
    assert any("United Kingdom, Germany, France" in shown(c.value) for c in at.caption)
    at.session_state["regions_table_open"] = True
    at.run()
    growth = at.dataframe[0].value.set_index("segment")
    assert growth.loc["Europe", "named"] == "United Kingdom, Germany, France"
    assert round(growth.loc["Asia-Pacific", "cagr_pct"], 2) == 6.59


def test_claims_sit_next_to_what_the_numbers_say(data_dir: Path) -> None:
    at = run("pages/regions.py")
    assert any("North America is the largest region" in shown(s.value) for s in at.success)
    assert any("Asia-Pacific is the fastest-growing region" in shown(w.value) for w in at.warning)


def test_regions_of_the_sample_market(store_with_both: DataStore) -> None:
    at = run("pages/regions.py", market="sample-robotics")
    assert not at.exception
    assert set(metrics(at)) == {"Americas", "EMEA", "APAC"}
    assert metrics(at)["APAC"] == "45.0 bn"

"""The scenario studio page in Streamlit's AppTest: URL in, KPIs out, widgets drive both."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.model import Market
from pmdash.store import DataStore

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "scenarios.py")


def _open(data_dir: Path, **params: str) -> AppTest:
    del data_dir  # sets PMDASH_DATA_DIR and PMDASH_DATABASE_URL
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _kpi(at: AppTest) -> str:
    return str(at.metric[0].value)


def test_the_page_opens_as_reported(data_dir: Path) -> None:
    at = _open(data_dir)
    assert not at.exception
    assert at.metric[0].label == "Market in 2034" and _kpi(at) == "USD 1,094.8 bn"
    assert at.session_state["sc_preset"] == "reported"


def test_a_shared_link_reproduces_the_scenario(data_dir: Path) -> None:
    at = _open(data_dir, cagr="8.5", to="2034")
    assert not at.exception and not at.warning
    assert _kpi(at) == "USD 1,307.2 bn"
    assert at.slider(key="sc_cagr").value == 8.5
    assert at.session_state["sc_preset"] == "custom"


def test_moving_the_growth_slider_changes_the_kpi_and_the_url(data_dir: Path) -> None:
    at = _open(data_dir)
    at.slider(key="sc_cagr").set_value(10.0).run()
    assert not at.exception
    assert _kpi(at) == "USD 1,499.5 bn"
    assert at.session_state["sc_preset"] == "custom"
    assert at.query_params["cagr"] == "10"


def test_a_preset_sets_the_sliders(data_dir: Path) -> None:
    at = _open(data_dir)
    at.button_group(key="sc_preset").set_value("headline").run()
    assert not at.exception
    assert at.slider(key="sc_cagr").value == pytest.approx(11.4)
    assert at.select_slider(key="sc_start").value == 2025
    assert _kpi(at) == "USD 1,624.3 bn"
    assert at.query_params["preset"] == "headline"


def test_a_region_slider_overrides_one_region(data_dir: Path) -> None:
    at = _open(data_dir)
    at.toggle(key="sc_each").set_value(True).run()
    before = _kpi(at)
    at.slider(key="sc_rate_asia_pacific").set_value(12.0).run()
    assert not at.exception
    assert _kpi(at) != before
    assert at.query_params["cagr_asia_pacific"] == "12"
    assert "cagr" not in at.query_params


def test_a_later_target_year_is_marked_as_extrapolation(data_dir: Path) -> None:
    at = _open(data_dir, to="2040")
    assert at.metric[0].label == "Market in 2040"
    assert any("extrapolation" in c.value for c in at.caption)


def test_bad_link_values_give_a_warning_not_an_exception(data_dir: Path) -> None:
    at = _open(data_dir, cagr="lots", to="1900", cagr_mars="3", preset="rosy", shock="-10")
    assert not at.exception
    text = at.warning[0].value
    for key in ("cagr=lots", "to=1900", "cagr_mars=3", "preset=rosy", "shock=-10"):
        assert key in text
    assert _kpi(at) == "USD 1,094.8 bn"


def test_the_sample_market_works(data_dir: Path, store_with_both: DataStore) -> None:
    at = _open(data_dir, market="sample-robotics", cagr_apac="15")
    assert not at.exception and not at.warning
    assert at.metric[0].label == "Market in 2030"
    assert at.query_params["market"] == "sample-robotics"
    labels = [s.label for s in at.slider]
    at.toggle(key="sc_each").set_value(True).run()
    assert "APAC, % a year" in [s.label for s in at.slider] and labels


def _save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="sc_name").input(name)
    at.text_input(key="sc_author").input("Ann")
    return next(b for b in at.button if b.label == "Save scenario").click().run()


def test_save_lists_the_scenario_and_a_taken_name_asks_to_overwrite(data_dir: Path) -> None:
    at = _save(_open(data_dir, cagr="9"), "APAC push")
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)
    assert at.selectbox(key="sc_pick").options == ["APAC push"]
    at = _save(at, "APAC push")
    assert any("already exists" in w.value for w in at.warning)
    at.button(key="sc_overwrite").click().run()
    assert any("version 2" in s.value for s in at.success)


def test_an_invalid_name_is_explained(data_dir: Path) -> None:
    at = _save(_open(data_dir), "   ")
    assert any("Give the scenario a name" in e.value for e in at.error)


def test_loading_a_saved_scenario_sets_the_sliders(data_dir: Path) -> None:
    from pmdash.scenario_store import Draft, ScenarioStore

    ScenarioStore().save("personalized-medicine", Draft("Slow", {"preset": "custom", "cagr": "3"}))
    at = _open(data_dir)
    at.button(key="sc_load").click().run()
    assert not at.exception
    assert at.slider(key="sc_cagr").value == 3.0
    assert at.query_params["cagr"] == "3"


def test_only_the_open_detail_tab_is_drawn(data_dir: Path) -> None:
    at = _open(data_dir)
    assert [t.label for t in at.tabs] == ["By region", "Regions, stacked", "Shares", "Sensitivity"]
    assert len(at.get("plotly_chart")) == 1  # the path; the open tab is figures, not a chart
    at.session_state["sc_details"] = "Regions, stacked"
    at.run()
    assert len(at.get("plotly_chart")) == 2
    at.session_state["sc_details"] = "Sensitivity"
    at.run()
    charts = at.get("plotly_chart")
    assert len(charts) == 2 and "+1 pt" in charts[-1].proto.spec


def _region_card(at: AppTest, region: str) -> tuple[str, str]:
    card = next(m for m in at.metric if m.label == region)
    return str(card.value), str(card.proto.delta)


def test_region_cards_follow_the_slider(data_dir: Path) -> None:
    at = _open(data_dir)
    assert _region_card(at, "North America") == ("USD 492.2 bn", "same as reported")
    assert any("45.0 % of the market" in c.value for c in at.caption)
    at.slider(key="sc_cagr").set_value(10.0).run()
    value, delta = _region_card(at, "North America")
    assert value != "USD 492.2 bn" and delta.endswith("bn vs as reported") and delta[0] == "+"


def test_without_chromium_the_png_button_says_why(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmdash.ui.cache as cache

    monkeypatch.setattr(cache, "png_unavailable", lambda: "PNG export needs Chromium")
    at = _open(data_dir)
    assert not at.get("download_button")  # the share box draws only when opened
    at.session_state["sc_share_open"] = True
    at.run()
    png = next(b for b in at.get("download_button") if b.proto.label == "Main chart (PNG)")
    assert png.proto.disabled
    assert any("PNG export needs Chromium" in c.value for c in at.caption)


def test_assumed_sizes_are_called_assumptions(data_dir: Path, seed_market: Market) -> None:
    figures = seed_market.figures.copy()
    figures.loc[(figures["metric"] == "size") & (figures["year"] == 2034), "basis"] = "assumed"
    DataStore(data_dir).save(replace(seed_market, figures=figures))  # replaces the shipped one
    at = _open(data_dir)
    assert not at.exception
    assert "2034 is an analyst's assumption, not the source's" in at.caption[0].value
    assert at.metric[1].label == "As reported, 2034"
    assert at.metric[1].delta == "an analyst's assumption"

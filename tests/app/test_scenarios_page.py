"""The scenario studio page in Streamlit's AppTest: URL in, scenario and figures out.

AppTest runs no JavaScript: the browser-side studio is checked through what Python
hands it (spec, scenario, revision) and by setting its reported value, as the
browser does when the user pauses; the figures are Python's (region cards, URL)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.model import Market
from pmdash.scenario_store import ScenarioStore
from pmdash.store import DataStore

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "scenarios.py")


def _open(data_dir: Path, **params: str) -> AppTest:
    del data_dir  # sets PMDASH_DATA_DIR and PMDASH_DATABASE_URL
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _kpi(at: AppTest) -> str:
    """The market in the target year, as Python writes it above the region cards."""
    caption = next(c.value for c in at.caption if c.value.startswith("The market in "))
    return caption.split(": ", 1)[1].split(". ", 1)[0]


def _island(at: AppTest) -> dict[str, Any]:
    """What Python handed the browser-side studio: the spec, the scenario, the revision."""
    (element,) = at.get("bidi_component")
    data: dict[str, Any] = json.loads(element.proto.json)
    return data


def _pause(at: AppTest, **params: str) -> AppTest:
    """The browser reporting the scenario the user set, as it does when they pause."""
    rev = _island(at)["rev"]
    seq = (
        at.session_state["sc_studio_applied"][1] + 1
        if "sc_studio_applied" in at.session_state
        else 1
    )
    at.session_state["sc_studio"] = {"scenario": {"params": params, "seq": seq, "rev": rev}}
    return at.run()


def test_the_page_opens_as_reported(data_dir: Path) -> None:
    at = _open(data_dir)
    assert not at.exception
    assert _kpi(at) == "USD 1,094.8 bn"
    scenario = _island(at)["scenario"]
    assert scenario["preset"] == "reported" and scenario["cagr"] is None
    assert (scenario["start"], scenario["end"]) == (2024, 2034)


def test_the_studio_gets_the_market_s_spec(data_dir: Path) -> None:
    spec = _island(_open(data_dir))["spec"]
    assert [p["name"] for p in spec["parts"]] == [
        "North America",
        "Europe",
        "Asia-Pacific",
        "LAMEA",
    ]
    assert [p["name"] for p in spec["presets"]] == [
        "reported", "headline", "conservative", "optimistic", "consensus",
    ]  # fmt: skip
    assert spec["years"] == {
        "first": 2024, "last": 2034, "starts": list(range(2024, 2034)), "max_target": 2040,
    }  # fmt: skip


def test_a_shared_link_reproduces_the_scenario(data_dir: Path) -> None:
    at = _open(data_dir, cagr="8.5", to="2034")
    assert not at.exception and not at.warning
    assert _kpi(at) == "USD 1,307.2 bn"
    scenario = _island(at)["scenario"]
    assert scenario["cagr"] == 8.5 and scenario["preset"] == "custom"


def test_a_paused_studio_sets_the_scenario_the_url_and_the_cards(data_dir: Path) -> None:
    at = _pause(_open(data_dir), preset="custom", **{"from": "2024", "to": "2034"}, cagr="10")
    assert not at.exception
    assert _kpi(at) == "USD 1,499.5 bn"
    assert at.query_params["cagr"] == "10" and at.query_params["preset"] == "custom"


def test_the_browser_is_not_sent_back_its_own_scenario(data_dir: Path) -> None:
    at = _open(data_dir)
    rev = _island(at)["rev"]
    at = _pause(at, preset="custom", cagr="10")
    # Same revision: the studio in the browser keeps what the user is moving.
    assert _island(at)["rev"] == rev
    at.run()  # the report stays in the widget's state; it is taken once
    assert _kpi(at) == "USD 1,499.5 bn"


def test_a_report_from_before_a_loaded_scenario_is_ignored(data_dir: Path) -> None:
    from pmdash.scenario_store import Draft, ScenarioStore

    ScenarioStore().save("personalized-medicine", Draft("Slow", {"preset": "custom", "cagr": "3"}))
    at = _open(data_dir)
    stale = {"params": {"preset": "custom", "cagr": "12"}, "seq": 99, "rev": _island(at)["rev"]}
    at.button(key="sc_load").click().run()
    at.session_state["sc_studio"] = {"scenario": stale}
    at.run()
    assert at.query_params["cagr"] == "3"
    assert _island(at)["scenario"]["cagr"] == 3.0


def test_a_preset_from_the_studio_keeps_its_name(data_dir: Path) -> None:
    at = _pause(_open(data_dir), preset="headline", **{"from": "2025", "to": "2034"}, cagr="11.37")
    assert not at.exception
    assert _kpi(at) == "USD 1,624.3 bn"
    assert at.query_params["preset"] == "headline"
    assert _island(at)["scenario"]["preset"] == "headline"


def test_one_region_s_own_rate_is_kept(data_dir: Path) -> None:
    at = _open(data_dir)
    at = _pause(at, preset="custom", cagr_asia_pacific="12")
    assert not at.exception
    assert _kpi(at) != "USD 1,094.8 bn"
    assert at.query_params["cagr_asia_pacific"] == "12"
    assert "cagr" not in at.query_params
    at = _pause(at, preset="custom", cagr="8", cagr_asia_pacific="12")
    assert at.query_params["cagr_asia_pacific"] == "12" and at.query_params["cagr"] == "8"


def test_a_later_target_year_is_marked_as_extrapolation(data_dir: Path) -> None:
    at = _open(data_dir, to="2040")
    assert _island(at)["scenario"]["end"] == 2040
    assert _kpi(at) == "USD 1,606.0 bn"
    assert any("later years are extrapolation" in c.value for c in at.caption)


def test_bad_link_values_give_a_warning_not_an_exception(data_dir: Path) -> None:
    at = _open(data_dir, cagr="lots", to="1900", cagr_mars="3", preset="rosy", shock="-10")
    assert not at.exception
    text = at.warning[0].value.replace("\\", "")  # markdown escapes removed
    for key in ("cagr=lots", "to=1900", "cagr_mars=3", "preset=rosy", "shock=-10"):
        assert key in text
    assert _kpi(at) == "USD 1,094.8 bn"


def test_the_sample_market_works(data_dir: Path, store_with_both: DataStore) -> None:
    at = _open(data_dir, market="sample-robotics", cagr_apac="15")
    assert not at.exception and not at.warning
    assert _kpi(at).startswith("USD ") and "The market in 2030" in at.caption[1].value
    assert at.query_params["market"] == "sample-robotics"
    spec = _island(at)["spec"]
    assert spec["market"]["id"] == "sample-robotics" and "APAC" in [
        p["name"] for p in spec["parts"]
    ]
    assert _island(at)["scenario"]["rates"] == {"APAC": 15.0}


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


def test_loading_a_saved_scenario_sets_the_studio(data_dir: Path) -> None:
    from pmdash.scenario_store import Draft, ScenarioStore

    ScenarioStore().save("personalized-medicine", Draft("Slow", {"preset": "custom", "cagr": "3"}))
    at = _open(data_dir)
    rev = _island(at)["rev"]
    at.button(key="sc_load").click().run()
    assert not at.exception
    assert _island(at)["scenario"]["cagr"] == 3.0
    assert _island(at)["rev"] > rev  # a new revision: the browser shows the loaded scenario
    assert at.query_params["cagr"] == "3"


def test_only_the_open_detail_tab_is_drawn(data_dir: Path) -> None:
    at = _open(data_dir)
    assert [t.label for t in at.tabs] == ["By region", "Regions, stacked", "Shares", "Sensitivity"]
    assert len(at.get("plotly_chart")) == 0  # the path is the studio's; the tab is figures
    at.session_state["sc_details"] = "Regions, stacked"
    at.run()
    assert len(at.get("plotly_chart")) == 1
    at.session_state["sc_details"] = "Sensitivity"
    at.run()
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and "+1 pt" in charts[-1].proto.spec


def _region_card(at: AppTest, region: str) -> tuple[str, str]:
    card = next(m for m in at.metric if m.label == region)
    return str(card.value), str(card.proto.delta)


def test_region_cards_follow_the_studio(data_dir: Path) -> None:
    at = _open(data_dir)
    assert _region_card(at, "North America") == ("USD 492.2 bn", "same as reported")
    assert any("45.0 % of the market" in c.value for c in at.caption)
    at = _pause(at, preset="custom", cagr="10")
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
    # The studio's "As reported, 2034" card reads "an analyst's assumption" for these years.
    assert 2034 in _island(at)["spec"]["assumed"]


def test_after_a_save_the_form_is_empty_for_the_next_scenario(data_dir: Path) -> None:
    at = _open(data_dir, preset="conservative")
    at.text_area(key="sc_note").input("2 pts below")
    at = _save(at, "Downside")
    assert any("Saved" in s.value for s in at.success)
    assert at.text_input(key="sc_name").value == "" and at.text_area(key="sc_note").value == ""
    assert at.text_input(key="sc_author").value == "Ann"
    assert "Conservative" in at.text_input(key="sc_name").placeholder
    at = _save(at, "Headline")
    saved = {s.name: s.note for s in ScenarioStore().list("personalized-medicine")}
    assert saved == {"Downside": "2 pts below", "Headline": ""}


def test_a_refused_name_keeps_what_was_typed(data_dir: Path) -> None:
    at = _open(data_dir)
    at.text_area(key="sc_note").input("keep me")
    at = _save(at, "   ")
    assert at.text_area(key="sc_note").value == "keep me"


def test_a_corrupt_scenario_database_leaves_the_page_working_and_says_why(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("PMDASH_DATABASE_URL", f"sqlite:///{corrupt}")
    at = _open(data_dir)
    assert not at.exception
    assert _kpi(at)  # the scenario and its figures are there
    assert any("cannot be used (file is not a database)" in w.value for w in at.warning)

"""The studio's TAM → SAM → SOM panel and the weighted compare view, in AppTest:
settings from the link, the widgets, the figures, saving and loading."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from pmdash.scenario_store import Draft, ScenarioStore
from tests.corpus.hostile_market import DEFAULT_IMAGE_HOST, hostile_scenario_names
from tests.markup import page_injections

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "scenarios.py")
MARKET = "personalized-medicine"


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


def test_the_funnel_is_closed_and_off_until_asked_for(data_dir: Path) -> None:
    at = _open()
    assert not at.exception
    assert "sc_funnel_on" not in at.session_state  # closed: nothing drawn or computed
    assert not [m for m in at.metric if m.label.startswith("SOM")]
    assert not any(k.startswith(("sam_", "som_")) for k in at.query_params)


def test_a_link_opens_the_funnel_with_its_settings(data_dir: Path) -> None:
    at = _open(sam_europe="50", keep_end_user="hospitals", som_start="1", som_end="5")
    assert not at.exception and not at.warning
    # TAM 2034 as reported 1,094.8; Europe 314.4 kept at half → 937.6 served; hospitals 41 %.
    assert _metric(at, "TAM 2034 · computed") == "USD 1,094.8 bn"
    assert _metric(at, "SAM 2034 · assumed") == "USD 384.4 bn"
    assert _metric(at, "SOM 2034 · assumed") == "USD 19.2 bn"
    assert at.number_input(key="sc_funnel_region_europe").value == 50.0
    assert at.multiselect(key="sc_funnel_keep").value == ["Hospitals"]
    assert at.query_params["sam_europe"] == "50"  # the share link keeps them


def test_switching_on_and_setting_the_panel_moves_the_figures_and_the_link(
    data_dir: Path,
) -> None:
    at = _open()
    at.session_state["sc_funnel_open"] = True
    at.run()
    at.toggle(key="sc_funnel_on").set_value(True).run()
    assert _metric(at, "SOM 2034 · assumed") == "USD 54.7 bn"  # 5 % of the whole market
    at.number_input(key="sc_funnel_region_north_america").set_value(0.0).run()
    at.number_input(key="sc_funnel_end").set_value(10.0).run()
    assert _metric(at, "SAM 2034 · assumed") == "USD 602.6 bn"
    assert _metric(at, "SOM 2034 · assumed") == "USD 60.3 bn"
    assert at.query_params["sam_north_america"] == "0"
    assert at.query_params["som_end"] == "10"
    at.radio(key="sc_funnel_curve").set_value("S-curve").run()
    assert at.query_params["som_curve"] == "s"


def test_bad_funnel_values_in_a_link_are_ignored_with_a_notice(data_dir: Path) -> None:
    at = _open(sam_mars="50", som_end="250", keep_product="drugs")
    assert not at.exception
    shown = " ".join(w.value for w in at.warning).replace("\\", "")  # markdown escapes off
    assert 'Ignored "sam_mars=50": no such region' in shown
    assert 'Ignored "som_end=250": outside 0 to 100 %' in shown
    assert 'Ignored "keep_product=drugs": the report states no shares for it' in shown
    assert _metric(at, "SOM 2034 · assumed") == "USD 54.7 bn"  # the defaults instead


def test_a_saved_scenario_keeps_its_funnel_and_loading_restores_it(data_dir: Path) -> None:
    at = _open(sam_europe="0", som_end="8")
    at.text_input(key="sc_name").input("Ours")
    at.button(key="FormSubmitter:sc_save-Save scenario").click().run()
    (saved,) = ScenarioStore().list(MARKET)
    assert saved.funnel is not None and saved.funnel["sam_europe"] == "0"
    fresh = _open()
    fresh.button(key="sc_load").click().run()
    assert fresh.query_params["som_end"] == "8"
    assert fresh.number_input(key="sc_funnel_region_europe").value == 0.0


def _two_saved() -> None:
    store = ScenarioStore()
    store.save(MARKET, Draft("Slow", {"preset": "custom", "cagr": "3"}))
    store.save(MARKET, Draft("Fast", {"preset": "custom", "cagr": "12"}))


def test_probabilities_give_the_expected_market_and_its_range(data_dir: Path) -> None:
    _two_saved()
    at = _open()
    at.multiselect(key="sc_weigh").set_value(["Slow", "Fast"]).run()
    ids = {s.name: s.id for s in ScenarioStore().list(MARKET)}
    at.number_input(key=f"sc_weight_{ids['Slow']}").set_value(25.0).run()
    at.number_input(key=f"sc_weight_{ids['Fast']}").set_value(75.0).run()
    assert not at.exception
    # 578.14 × 1.03^10 = 776.97 and × 1.12^10 = 1,795.62: 0.25 × 776.97 + 0.75 × 1,795.62.
    assert _metric(at, "Expected market 2034") == "USD 1,541.0 bn"
    assert _metric(at, "Range 2034") == "USD 777.0–1,795.6 bn"
    captions = " ".join(c.value for c in at.caption)
    assert "P10–P90: from 3 weighed scenarios on" in captions  # two only repeat the range
    at.button(key="sc_weigh_save").click().run()
    assert {s.name: s.probability_pct for s in ScenarioStore().list(MARKET)} == {
        "Slow": 25.0,
        "Fast": 75.0,
    }


def test_probabilities_that_miss_100_are_explained_and_can_be_normalised(
    data_dir: Path,
) -> None:
    _two_saved()
    at = _open()
    at.multiselect(key="sc_weigh").set_value(["Slow", "Fast"]).run()
    ids = {s.name: s.id for s in ScenarioStore().list(MARKET)}
    at.number_input(key=f"sc_weight_{ids['Slow']}").set_value(30.0).run()
    at.number_input(key=f"sc_weight_{ids['Fast']}").set_value(60.0).run()
    assert "add up to 90 %, not 100 %" in " ".join(w.value for w in at.warning)
    at.button(key="sc_weigh_normalise").click().run()
    assert at.number_input(key=f"sc_weight_{ids['Slow']}").value == 33.3
    assert at.number_input(key=f"sc_weight_{ids['Fast']}").value == 66.7
    assert _metric(at, "Expected market 2034").startswith("USD ")


def test_hostile_scenario_names_stay_text_when_weighed(data_dir: Path) -> None:
    names = hostile_scenario_names()[:3]
    store = ScenarioStore()
    for index, name in enumerate(names):
        store.save(MARKET, Draft(name, {"preset": "custom", "cagr": str(4 + index)}))
    at = _open()
    at.multiselect(key="sc_weigh").set_value(names).run()
    assert not at.exception
    for item in ScenarioStore().list(MARKET):
        at.number_input(key=f"sc_weight_{item.id}").set_value(30.0)
    at.run()
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []
    at.button(key="sc_weigh_normalise").click().run()
    assert _metric(at, "Expected market 2034").startswith("USD ")
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []

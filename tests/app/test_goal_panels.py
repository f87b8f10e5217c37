"""The studio's goal-seek and sensitivity-grid panels in AppTest: a link opens them, a
typed target gives the growth needed, Apply makes it the studio's scenario."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.model import Market
from pmdash.scenarios import frame_of, slug
from tests.corpus.hostile_market import DEFAULT_IMAGE_HOST, HOSTILE_ID
from tests.markup import open_page, page_injections, store_hostile

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "scenarios.py")


def _open(data_dir: Path, **params: str) -> AppTest:
    del data_dir  # sets PMDASH_DATA_DIR and PMDASH_DATABASE_URL
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _kpi(at: AppTest) -> str:
    caption = next(c.value for c in at.caption if c.value.startswith("The market in "))
    return caption.split(": ", 1)[1].split(". ", 1)[0]


def _island(at: AppTest) -> dict[str, Any]:
    (element,) = at.get("bidi_component")
    data: dict[str, Any] = json.loads(element.proto.json)
    return data


def _shown(text: str) -> str:
    """Markdown as the reader sees it (the page escapes text before markdown)."""
    return text.replace("\\", "")


def _metric(at: AppTest, starts: str) -> tuple[str, str]:
    found = next(m for m in at.metric if _shown(m.label).startswith(starts))
    return found.value, found.delta


def test_the_panels_start_closed_and_cost_nothing(data_dir: Path) -> None:
    at = _open(data_dir)
    assert not at.exception
    assert not [m for m in at.metric if m.label.startswith("Growth needed")]
    assert "goal" not in at.query_params and "grid_rows" not in at.query_params


def test_a_typed_target_gives_the_growth_needed(data_dir: Path) -> None:
    at = _open(data_dir)
    at.session_state["sc_goal_open"] = True
    at.run()
    at.number_input(key="sc_goal_size").set_value(1500.0).run()
    assert not at.exception
    assert _metric(at, "Growth needed") == (
        "10.0 % a year", "+3.4 pts vs the scenario's 6.6 %",
    )  # fmt: skip
    assert _metric(at, "The scenario, 2034") == ("USD 1,094.8 bn", "-405.2 bn vs the target")
    assert at.query_params["goal"] == "1500" and at.query_params["goal_year"] == "2034"


def test_apply_makes_the_answer_the_studio_s_scenario(data_dir: Path) -> None:
    at = _open(data_dir, goal="1500", goal_year="2034")
    rev = _island(at)["rev"]
    at.button(key="sc_goal_apply").click().run()
    assert not at.exception
    assert _kpi(at) == "USD 1,500.0 bn"
    scenario = _island(at)
    assert scenario["rev"] == rev + 1  # the browser-side studio is told to show it
    assert scenario["scenario"]["cagr"] == pytest.approx(10.003328, abs=1e-6)
    assert at.query_params["cagr"].startswith("10.0033") and at.query_params["preset"] == "custom"
    assert at.query_params["goal"] == "1500"  # the goal stays in the link
    assert at.button(key="sc_goal_apply").label == "The scenario reaches this target"


def test_a_region_goal_applies_to_that_region_only(data_dir: Path) -> None:
    at = _open(data_dir, goal="300", goal_year="2034", goal_region="asia_pacific", goal_of="region")
    value, _ = _metric(at, "Growth needed, Asia-Pacific")
    assert value == "11.5 % a year"
    at.button(key="sc_goal_apply").click().run()
    assert "cagr_asia_pacific" in at.query_params and "cagr" not in at.query_params
    card = next(m for m in at.metric if m.label.replace("\\", "") == "Asia-Pacific")
    assert card.value == "USD 300.0 bn"


def test_a_target_out_of_reach_says_why(data_dir: Path) -> None:
    at = _open(data_dir, goal="100000", goal_year="2030")
    assert not at.exception
    (warning,) = [_shown(w.value) for w in at.warning if "beyond reach" in w.value]
    assert (
        "at 40 % a year (the highest the studio allows), the market is USD 4,353.1 bn." in warning
    )
    assert not [b for b in at.button if b.key == "sc_goal_apply"]


def test_bad_panel_settings_in_a_link_are_named(data_dir: Path) -> None:
    at = _open(data_dir, goal="lots", grid_span="7")
    assert not at.exception
    (notice,) = [_shown(w.value) for w in at.warning]
    assert 'Ignored "goal=lots"' in notice and 'Ignored "grid_span=7"' in notice


def test_the_grid_from_a_link_marks_the_scenario_and_exports(data_dir: Path) -> None:
    at = _open(data_dir, cagr="8.5", grid_rows="growth", grid_cols="year", grid_span="2")
    assert not at.exception
    caption = next(_shown(c.value) for c in at.caption if c.value.startswith("The market by year"))
    assert "The outlined cell is the scenario itself (8.5 %, 2034): USD 1,307.2 bn." in caption
    chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert chart["data"][0]["text"][4][4] == "USD 1,307.2 bn"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Grid (CSV)" in labels and "Grid (XLSX)" in labels


def test_the_grid_follows_its_controls_into_the_url(data_dir: Path) -> None:
    at = _open(data_dir, grid_rows="growth")
    at.selectbox(key="sc_grid_rows").set_value("Europe").run()
    at.selectbox(key="sc_grid_cols").set_value("LAMEA").run()
    assert not at.exception
    assert (at.query_params["grid_rows"], at.query_params["grid_cols"]) == ("europe", "lamea")
    caption = next(
        _shown(c.value) for c in at.caption if c.value.startswith("The market in 2034, USD bn")
    )
    assert "Europe's growth" in caption and "LAMEA's growth" in caption


def test_hostile_region_names_in_the_panels_stay_text(
    data_dir: Path, seed_market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PMDASH_DEFAULT_PAGE", "overview")
    market = store_hostile(data_dir, os.environ["PMDASH_DATABASE_URL"], seed_market)
    regions = frame_of(market.figures).parts
    assert len(regions) >= 2
    link = {
        "market": HOSTILE_ID, "goal": "5000", "goal_year": "2034",
        "goal_region": slug(regions[0]), "goal_of": "market",
        "grid_rows": slug(regions[0]), "grid_cols": slug(regions[1]),
    }  # fmt: skip
    at = open_page("scenarios", **link)
    assert not at.exception
    assert any(m.label.startswith("Growth needed") for m in at.metric) or at.warning
    assert at.get("plotly_chart")
    assert page_injections(at, DEFAULT_IMAGE_HOST) == []

"""The segments page: any dimension, a year range, sizes or shares, and assumptions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from pmdash.store import DataStore
from tests.app.test_overview import run


def table(at: AppTest) -> pd.DataFrame:
    """The segment table, opening its expander first (it renders only when open)."""
    if not at.session_state["segments_table_open"]:
        at.session_state["segments_table_open"] = True
        at.run()
    return at.dataframe[0].value


def test_segments_shows_every_dimension_and_marks_the_unsized(data_dir: Path) -> None:
    at = run("pages/segments.py")
    assert not at.exception
    picker = at.button_group(key="segments_dimension")
    assert picker.options == [
        "Region", "Country · not reported", "End user",
        "Product · not reported", "Application · not reported",
    ]  # fmt: skip


def test_region_table_covers_the_year_range(data_dir: Path) -> None:
    at = run("pages/segments.py")
    assert sorted(set(table(at)["year"])) == list(range(2024, 2035))
    at.select_slider(key="segments_years_region").set_value((2028, 2030)).run()
    assert sorted(set(table(at)["year"])) == [2028, 2029, 2030]


def test_europe_2030_size_and_share_are_in_the_table(data_dir: Path) -> None:
    at = run("pages/segments.py")
    rows = table(at)
    europe = rows[(rows["segment"] == "Europe") & (rows["year"] == 2030)].iloc[0]
    assert round(europe["size_usd_bn"], 1) == 243.6
    assert round(europe["share_pct"], 1) == 28.7
    assert "Computed" in europe["size_basis"]


def test_switching_to_end_user_shows_its_2024_shares(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.button_group(key="segments_dimension").set_value("end_user").run()
    rows = table(at)
    assert set(rows["segment"]) == {
        "Hospitals",
        "Diagnostic Centers",
        "Research & Academic Institutes",
        "Others",
    }
    assert rows.set_index("segment").loc["Hospitals", "share_pct"] == 41.0


def test_share_mode_redraws_the_chart_in_percent(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.segmented_control(key="segments_mode").set_value("share").run()
    assert not at.exception
    chart = at.get("plotly_chart")[0]
    assert "Share of the market" in chart.proto.spec


def test_an_unsized_dimension_says_not_reported_and_offers_the_editor(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.button_group(key="segments_dimension").set_value("product").run()
    assert any("not reported by the source" in i.value for i in at.info)
    editor = at.data_editor[0].value
    assert list(editor["segment"]) == [
        "Personalized Medicine Therapeutics",
        "Personalized Medicine Diagnostics",
    ]


def test_saved_assumptions_are_charted_as_assumed_and_survive_a_reload(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.button_group(key="segments_dimension").set_value("product").run()
    at.session_state["assume_product"] = {
        "edited_rows": {"0": {"value": 60.0}, "1": {"value": 40.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="assume_product_save").click().run()
    assert not at.exception
    market = DataStore(data_dir).load("personalized-medicine")
    assumed = market.figures[market.figures["basis"] == "assumed"]
    assert sorted(assumed["value"]) == [40.0, 60.0]
    assert any("Assumed" in w.value for w in at.warning)
    assert "◇ Assumed" in set(table(at)["share_basis"])


def test_invalid_assumptions_are_listed_with_row_and_column(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.button_group(key="segments_dimension").set_value("product").run()
    at.session_state["assume_product"] = {
        "edited_rows": {"0": {"value": 80.0}, "1": {"value": 140.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="assume_product_save").click().run()
    assert any("Not saved" in e.value for e in at.error)
    problems = at.dataframe[-1].value
    assert {"row", "column", "message"} <= set(problems.columns)
    assert 2 in set(problems["row"])
    assert (DataStore(data_dir).load("personalized-medicine").figures["basis"] != "assumed").all()


def test_sample_market_shows_its_own_dimensions(store_with_both: DataStore) -> None:
    at = run("pages/segments.py", market="sample-robotics")
    assert not at.exception
    assert at.button_group(key="segments_dimension").options == ["Region", "Country", "Robot type"]
    at.button_group(key="segments_dimension").set_value("robot_type").run()
    assert set(table(at)["segment"]) == {"Industrial arms", "Collaborative", "Mobile"}


def test_the_table_and_the_editor_render_only_when_opened(data_dir: Path) -> None:
    at = run("pages/segments.py")
    assert len(at.dataframe) == 0 and len(at.data_editor) == 0
    assert [e.label for e in at.expander] == [
        "Table: every figure with its basis and source",
        "Assumptions for region",
    ]


def test_a_year_step_reruns_only_the_segment_panel(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.select_slider(key="segments_years_region").set_value((2026, 2034)).run()
    assert not at.exception
    assert "2026–2034" in at.subheader[0].value

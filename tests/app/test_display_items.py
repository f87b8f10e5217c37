"""Issue 15's display items, page by page: what an analyst or executive sees."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pmdash.charts.theme import export_info
from pmdash.store import DataStore
from pmdash.ui import charts as ui_charts
from pmdash.ui.downloads import PNG_HELP
from pmdash.ui.grids import FIT_ROWS, fit_height
from tests.app.test_overview import run
from tests.app.test_sources import open_tab

ROOT = Path(__file__).resolve().parents[2]
# Pictographs, dingbats and the variation selector that makes a symbol an emoji: they
# draw as empty boxes on a machine without an emoji font.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


def end_user(kind: str = "bar") -> object:
    at = run("pages/segments.py")
    at.session_state["segments_kind"] = kind
    at.session_state["segments_dimension"] = "end_user"
    return at.run()


@pytest.mark.parametrize("kind", ["bar", "area"])
def test_a_dimension_sized_for_one_year_gets_one_bar_a_segment(data_dir: Path, kind: str) -> None:
    at = end_user(kind)
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = [t for t in spec["data"] if t["type"] == "bar" and t.get("orientation") == "h"]
    assert len(bars) == 1 and len(bars[0]["y"]) == 4  # Hospitals, Diagnostic centers, …


def test_a_one_year_heading_names_the_year_once(data_dir: Path) -> None:
    headings = [h.value for h in end_user().subheader]
    assert headings == ["End user in 2024 (USD bn), and its shares"]


def test_a_one_year_view_offers_no_bars_or_areas_choice(data_dir: Path) -> None:
    keys = [group.key for group in end_user().get("button_group")]
    assert "segments_kind" not in keys and "segments_mode" in keys


def test_a_view_over_years_keeps_its_span_in_the_heading(data_dir: Path) -> None:
    at = run("pages/segments.py")
    assert at.subheader[0].value == "Region by year, 2024–2034 (USD bn), and shares in 2034"


@pytest.mark.parametrize(
    "page", ["pages/overview.py", "pages/segments.py", "pages/regions.py", "pages/data.py"]
)
def test_no_button_label_needs_an_emoji_font(data_dir: Path, page: str) -> None:
    at = run(page)
    if page.endswith("segments.py"):  # the assumption editor's buttons
        at.session_state["segments_dimension"] = "product"
        at.run()
    labels = [b.proto.label for b in [*at.get("button"), *at.get("download_button")]]
    assert labels and not [label for label in labels if EMOJI.search(label)]


def test_the_assumption_editor_shows_a_dash_not_none_in_empty_cells(data_dir: Path) -> None:
    at = run("pages/segments.py")
    at.session_state["segments_dimension"] = "product"
    at.run()
    editor = next(e for e in at.dataframe if e.proto.editing_mode)
    assert editor.proto.placeholder == "—"


def test_the_figures_table_shows_segment_year_and_value_first(data_dir: Path) -> None:
    table = run("pages/sources.py").dataframe[0]
    assert list(table.proto.column_order)[:3] == ["segment", "year", "value"]


def test_a_table_is_as_tall_as_its_rows_up_to_a_limit() -> None:
    assert fit_height(3) == 4 * 35 + 2  # three rows and the header: no blank rows
    assert fit_height(108) == 109 * 35 + 2  # every figure of the shipped market
    assert fit_height(10_000) == fit_height(FIT_ROWS)
    assert fit_height(0) == fit_height(1)


def test_a_note_every_company_shares_is_said_once(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Companies")
    table = next(d for d in at.dataframe if "company" in d.value.columns)
    assert list(table.proto.column_order) == ["company"]
    assert any("listed among key companies" in c.value for c in at.caption)


def test_region_cards_read_from_the_largest_region_down(data_dir: Path) -> None:
    at = run("pages/regions.py")
    cards = [(m.label, float(m.value.removesuffix(" bn").replace(",", ""))) for m in at.metric]
    sizes = [size for _, size in cards]
    assert len(cards) == 4 and sizes == sorted(sizes, reverse=True)


def test_toggle_labels_fit_a_phone(data_dir: Path) -> None:
    at = open_tab(run("pages/sources.py"), "Publishers")
    scenarios = run("pages/scenarios.py")
    labels = [t.label for t in [*at.toggle, *scenarios.toggle]]
    assert labels and max(len(label) for label in labels) <= 28


def test_every_chart_of_the_png_picker_has_a_title_naming_it_and_a_source(
    data_dir: Path,
) -> None:
    store = DataStore(data_dir)
    info = next(m for m in store.markets() if m.id == "personalized-medicine")
    builders = ui_charts.chart_builders(store.load(info.id), info)
    for name, build in builders.items():
        title, source = export_info(build())
        assert title and source, name
        assert name.split()[0] in title, (name, title)  # 'End user sizes' → 'End user in 2024'


def test_the_png_button_promises_what_the_renderer_measures() -> None:
    assert "3 s" not in PNG_HELP and "second" in PNG_HELP


def test_the_theme_follows_the_system_setting() -> None:
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert "base" not in theme and "backgroundColor" not in theme
    assert theme["light"]["backgroundColor"] == "#FFFFFF"
    assert theme["dark"]["backgroundColor"] == "#0E1117"


def test_the_studio_offers_a_light_brief_beside_the_interactive_one(data_dir: Path) -> None:
    at = run("pages/scenarios.py")
    at.session_state["sc_share_open"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Executive brief (HTML)" in labels and "Light brief for email (HTML)" in labels


def test_the_compare_table_puts_scenarios_across_and_regions_down() -> None:
    def page() -> None:
        import pandas as pd

        from pmdash.ui.grids import compare_grid

        compare_grid(
            pd.DataFrame(
                {
                    "Scenario": ["Base", "Bold"],
                    "Market, target year": ["USD 1,094.8 bn", "USD 1,300.0 bn"],
                    "North America": ["USD 492.2 bn", "USD 580.0 bn"],
                    "Europe": ["USD 314.4 bn", "USD 370.0 bn"],
                }
            )
        )

    at = AppTest.from_function(page).run()
    table = at.dataframe[0].value
    assert list(table.columns) == ["", "Base", "Bold"]
    assert list(table[""]) == ["Market, target year", "North America", "Europe"]

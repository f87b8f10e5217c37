"""The house look: one-year views, legends under the plot, the dark theme, pictures'
titles and source lines."""

from __future__ import annotations

import pandas as pd
import pytest

from pmdash.charts.market import market_size_chart, stacked_chart, view_chart, view_title
from pmdash.charts.scenario import path_chart, shares_chart, tornado_chart
from pmdash.charts.static import for_export
from pmdash.charts.theme import CHART_CONFIG, DARK_TOTAL, TOTAL_COLOR, export_info, for_theme
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.scenarios import Scenario, as_reported, frame_of, project, region_table, sensitivity
from pmdash.tables import segment_view


@pytest.fixture(scope="module")
def end_users(seed_market: Market) -> pd.DataFrame:
    full = expand(seed_market.figures)
    return segment_view(seed_market, full, "end_user", (2024, 2024))


def test_a_dimension_sized_for_one_year_gets_one_bar_a_segment(end_users: pd.DataFrame) -> None:
    assert view_chart(end_users) == "one_year"
    for kind in ("bar", "area"):  # an area of one year drew an empty chart
        fig = stacked_chart(end_users, {}, kind=kind, dimension="end_user")  # type: ignore[arg-type]
        bars = fig.to_dict()["data"][0]
        assert bars["type"] == "bar" and bars["orientation"] == "h"
        assert len(bars["y"]) == end_users["segment"].nunique()
    assert view_title(end_users, "end_user") == "End user in 2024 (USD bn)"


def test_legends_sit_under_the_plot_clear_of_the_mode_bar(seed_market: Market) -> None:
    fig = market_size_chart(
        expand(seed_market.figures), stated_cagr_pct=11.37, cagr_period=(2025, 2034)
    )
    legend = fig.to_dict()["layout"]["legend"]
    # At the very bottom of the figure (container coordinates), under the axis labels,
    # while the top margin holds the mode bar.
    assert legend["orientation"] == "h" and legend["yref"] == "container"
    assert legend["y"] == 0 and legend["yanchor"] == "bottom"
    assert "lasso2d" in CHART_CONFIG["modeBarButtonsToRemove"]


def _scenario(market: Market, preset_cagr: float) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    frame = frame_of(market.figures)
    scenario = Scenario(cagr_pct=preset_cagr)
    projection = project(market.figures, scenario, frame)
    return projection, project(market.figures, as_reported(scenario, frame), frame), frame.last_year


def test_the_path_names_its_end_value_in_the_legend_not_on_the_markers(seed_market: Market) -> None:
    projection, reported, last = _scenario(seed_market, 5.0)
    fig = path_chart(projection, reported, last, label="Conservative").to_dict()
    assert not fig["layout"].get("annotations")
    assert any(t["name"].startswith("Conservative: USD ") for t in fig["data"])


def test_share_bars_say_their_year_instead_of_a_one_colour_swatch(seed_market: Market) -> None:
    projection, _, _ = _scenario(seed_market, 9.0)
    fig = shares_chart(region_table(projection), {}, 2024, 2036).to_dict()
    assert fig["layout"]["showlegend"] is False
    assert all(text.startswith("2036: ") for text in fig["data"][1]["text"])


def test_sensitivity_axis_has_units_and_separators(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    sens = sensitivity(seed_market.figures, Scenario(), frame=frame)
    axis = tornado_chart(sens, 2034).to_dict()["layout"]["xaxis"]
    assert axis["tickformat"] == ",.0f" and "USD bn" in axis["title"]["text"]


def test_dark_theme_swaps_colours_that_vanish_on_a_dark_page(seed_market: Market) -> None:
    light = market_size_chart(
        expand(seed_market.figures), source_label="Cervicorn Consulting (2025)"
    )
    dark = for_theme(light, "dark").to_dict()
    assert dark["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    colors = [t.get("line", {}).get("color") for t in dark["data"]]
    assert TOTAL_COLOR not in colors and colors[0] in (DARK_TOTAL, "#FAFAFA")
    assert for_theme(light, "light") is light


def test_every_picture_has_a_title_and_names_its_source(seed_market: Market) -> None:
    fig = market_size_chart(expand(seed_market.figures), source_label="Cervicorn Consulting (2025)")
    assert export_info(fig) == ("Market size by year (USD bn)", "Cervicorn Consulting (2025)")
    picture = for_export(fig).to_dict()["layout"]
    assert picture["title"]["text"] == "Market size by year (USD bn)"
    credit = picture["title"]["subtitle"]["text"]  # under the title, clear of wrapped legends
    assert credit.startswith("Source: Cervicorn Consulting (2025)")
    assert "title" not in fig.to_dict()["layout"] or not fig.layout.title.text  # page unchanged

"""Scenario figures: the computed points are hollow, payloads are rounded, regions keep
the catalogue colours of every other page."""

from __future__ import annotations

import re

import pandas as pd

from pmdash.charts.market import segment_colors
from pmdash.charts.scenario import (
    comparison_chart,
    path_chart,
    regions_chart,
    shares_chart,
    tornado_chart,
)
from pmdash.charts.static import for_export
from pmdash.charts.theme import DARK_INK, TOTAL_COLOR, for_theme, set_export_info
from pmdash.model import Market
from pmdash.scenarios import (
    Scenario,
    as_reported,
    frame_of,
    project,
    region_table,
    sensitivity,
)


def _path(market: Market, scenario: Scenario) -> dict:  # type: ignore[type-arg]
    frame = frame_of(market.figures)
    projection = project(market.figures, scenario, frame)
    reported = project(market.figures, as_reported(scenario, frame), frame)
    return path_chart(projection, reported, frame.last_year).to_dict()


def test_computed_points_of_the_path_are_hollow_with_a_coloured_outline(
    seed_market: Market,
) -> None:
    traces = {t["name"]: t for t in _path(seed_market, Scenario(cagr_pct=9.0))["data"]}
    computed = traces["Computed here"]["marker"]
    assert computed["color"] == "white" and computed["line"]["color"] not in ("white", None)
    assert traces["Stated by the source"]["marker"]["color"] != "white"


def test_the_scenario_line_is_never_named_like_the_reported_line(seed_market: Market) -> None:
    names = [t["name"] for t in _path(seed_market, Scenario())["data"]]
    assert names.count("As reported") == 1


def test_path_sizes_are_rounded_for_the_browser(seed_market: Market) -> None:
    for trace in _path(seed_market, Scenario(cagr_pct=9.123))["data"]:
        assert all(round(y, 3) == y for y in trace["y"])


def test_regions_keep_the_catalogue_colours(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    colors = segment_colors(seed_market, "region")
    projection = project(seed_market.figures, Scenario(cagr_pct=9.0), frame)
    traces = regions_chart(projection, colors, frame.last_year).to_dict()["data"]
    assert {t["name"]: t["line"]["color"] for t in traces} == {p: colors[p] for p in frame.parts}


def _studio(market: Market, scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    frame = frame_of(market.figures)
    projection = project(market.figures, scenario, frame)
    reported = project(market.figures, as_reported(scenario, frame), frame)
    return projection, reported, frame.last_year


def test_the_end_value_is_named_in_the_legend_not_written_on_the_markers(
    seed_market: Market,
) -> None:
    conservative = Scenario("conservative", cagr_pct=5.0)
    projection, reported, last = _studio(seed_market, conservative)
    fig = path_chart(projection, reported, last, label="Conservative").to_dict()
    assert not any("text" in str(t.get("mode", "")) for t in fig["data"])
    assert not fig["layout"].get("annotations")
    names = [t.get("name", "") for t in fig["data"]]
    assert any(re.fullmatch(r"Conservative: USD [\d,]+\.\d bn in 2034", n) for n in names)


def test_the_shares_chart_has_no_legend_swatch_that_takes_a_region_colour(
    seed_market: Market,
) -> None:
    projection, _, _ = _studio(seed_market, Scenario(cagr_pct=9.0))
    table = region_table(projection)
    fig = shares_chart(table, segment_colors(seed_market, "region"), 2024, 2034).to_dict()
    assert all(t.get("showlegend") is False for t in fig["data"])
    assert all(text.startswith(("2024: ", "2034: ")) for t in fig["data"] for text in t["text"])
    assert fig["layout"]["xaxis"]["ticksuffix"] == " %"
    assert "pts)" in fig["data"][1]["text"][0] and "-0.0" not in str(fig["data"][1]["text"])


def test_sensitivity_and_compare_charts_say_their_unit_with_grouped_ticks(
    seed_market: Market,
) -> None:
    projection, reported, last = _studio(seed_market, Scenario(cagr_pct=9.0))
    tornado = tornado_chart(sensitivity(seed_market.figures, Scenario(cagr_pct=9.0)), 2034)
    compare = comparison_chart({"Push": projection}, reported, last)
    assert "USD bn" in tornado.layout.xaxis.title.text and tornado.layout.xaxis.tickformat == ",.0f"
    assert compare.layout.yaxis.title.text == "USD bn" and compare.layout.yaxis.tickformat == ",.0f"


def test_legends_sit_below_the_plot_clear_of_the_mode_bar(seed_market: Market) -> None:
    projection, reported, last = _studio(seed_market, Scenario(cagr_pct=9.0))
    legend = path_chart(projection, reported, last).to_dict()["layout"]["legend"]
    assert (legend["orientation"], legend["yref"], legend["y"], legend["yanchor"]) == (
        "h",
        "container",
        0,
        "bottom",
    )


def test_the_dark_theme_drops_white_backgrounds_and_navy_ink(seed_market: Market) -> None:
    projection, reported, last = _studio(seed_market, Scenario(cagr_pct=9.0))
    light = path_chart(projection, reported, last)
    dark = for_theme(light, "dark").to_dict()
    assert dark["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert dark["layout"]["font"]["color"] == DARK_INK
    assert TOTAL_COLOR.lower() not in str(dark["data"]).lower()
    assert for_theme(light, "light") is light


def test_a_picture_gets_a_title_and_a_source_line_and_the_figure_is_untouched(
    seed_market: Market,
) -> None:
    projection, reported, last = _studio(seed_market, Scenario(cagr_pct=9.0))
    fig = set_export_info(path_chart(projection, reported, last), "Market", "Cervicorn (2025)")
    before = fig.to_dict()
    picture = for_export(fig, 1200, 600).to_dict()["layout"]
    assert picture["title"]["text"] == "Market"
    assert picture["title"]["subtitle"]["text"] == "Source: Cervicorn (2025) · Chart: pmdash"
    assert picture["paper_bgcolor"] == "white"
    assert fig.to_dict() == before


def test_a_scenario_picture_credits_the_source_it_is_given(seed_market: Market) -> None:
    projection, reported, last = _studio(seed_market, Scenario(cagr_pct=9.0))
    fig = path_chart(projection, reported, last)
    credit = for_export(fig, source="Cervicorn Consulting (2025)").layout.title.subtitle.text
    assert credit == "Source: Cervicorn Consulting (2025) · Chart: pmdash"

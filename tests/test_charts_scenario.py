"""Scenario figures: the computed points are hollow, payloads are rounded, regions keep
the catalogue colours of every other page."""

from __future__ import annotations

from pmdash.charts.market import segment_colors
from pmdash.charts.scenario import path_chart, regions_chart
from pmdash.model import Market
from pmdash.scenarios import Scenario, as_reported, frame_of, project


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

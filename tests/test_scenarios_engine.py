"""The studio's scenario maths: presets, shocks, sensitivity, outcome; page == CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pmdash.charts.scenario import path_chart
from pmdash.cli import app as cli
from pmdash.model import Market
from pmdash.scenarios import (
    PRESET_DELTA_PCT,
    Scenario,
    as_reported,
    available_presets,
    compare,
    coverage,
    frame_of,
    is_assumed_year,
    outcome,
    project,
    publisher_range,
    region_table,
    sensitivity,
    target_total,
)
from pmdash.urlstate import parse


def _total_at(projection: pd.DataFrame, year: int) -> float:
    rows = projection[(projection["segment"] == "All") & (projection["year"] == year)]
    return float(rows["size_usd_bn"].iloc[0])


def test_presets_offered_by_the_seed_market(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    assert list(presets) == ["reported", "headline", "conservative", "optimistic", "consensus"]
    assert presets["consensus"].cagr_pct == pytest.approx(10.64)
    for part, rate in presets["optimistic"].overrides.items():
        assert rate == pytest.approx(frame.implied_pct[part] + PRESET_DELTA_PCT, abs=0.006)


@pytest.mark.parametrize(
    ("preset", "total_2034"),
    [
        ("reported", 1094.83),
        ("headline", 1624.35),
        ("conservative", 905.60),
        ("optimistic", 1318.05),
        ("consensus", 1589.11),
    ],
)
def test_each_preset_gives_its_2034_total(
    seed_market: Market, preset: str, total_2034: float
) -> None:
    frame = frame_of(seed_market.figures)
    scenario = available_presets(seed_market.figures, seed_market.estimates, frame)[preset]  # type: ignore[index]
    assert outcome(seed_market.figures, scenario, frame).end_usd_bn == pytest.approx(
        total_2034, abs=0.01
    )


def test_a_shock_scales_every_year_from_the_shock_year_on(seed_market: Market) -> None:
    figures = seed_market.figures
    base = project(figures, Scenario(cagr_pct=8.0, end_year=2034))
    shocked = project(
        figures, Scenario(cagr_pct=8.0, end_year=2034, shock_year=2027, shock_pct=-10.0)
    )
    ratio = shocked["size_usd_bn"] / base["size_usd_bn"]
    assert ratio[shocked["year"] < 2027].tolist() == pytest.approx(
        [1.0] * int((shocked["year"] < 2027).sum())
    )
    assert ratio[shocked["year"] >= 2027].tolist() == pytest.approx(
        [0.9] * int((shocked["year"] >= 2027).sum())
    )


def test_outcome_compares_with_as_reported_in_the_same_target_year(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    result = outcome(seed_market.figures, Scenario("custom", end_year=2040, cagr_pct=8.5), frame)
    reported = project(seed_market.figures, Scenario(end_year=2040), frame)
    assert result.reported_usd_bn == pytest.approx(_total_at(reported, 2040))
    assert result.delta_pct == pytest.approx((result.end_usd_bn / result.reported_usd_bn - 1) * 100)
    assert result.cagr_pct == pytest.approx(8.5) and result.extrapolated


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario("custom", end_year=2040, cagr_pct=8.5),
        Scenario(
            "custom", start_year=2025, end_year=2030, cagr_pct=3.0, shock_year=2028, shock_pct=-10
        ),
        Scenario("reported", end_year=2034),
    ],
)
def test_outcome_from_given_projections_is_the_same(
    seed_market: Market, scenario: Scenario
) -> None:
    figures, frame = seed_market.figures, frame_of(seed_market.figures)
    given = outcome(
        figures, scenario, frame,
        projection=project(figures, scenario, frame),
        baseline=project(figures, as_reported(scenario, frame), frame),
    )  # fmt: skip
    assert given == outcome(figures, scenario, frame)


def test_sensitivity_is_centred_on_the_scenario_total(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    for scenario in (Scenario(), Scenario(cagr_pct=9.0, end_year=2036)):
        table = sensitivity(seed_market.figures, scenario, frame=frame)
        assert table["base_usd_bn"].iloc[0] == pytest.approx(
            target_total(project(seed_market.figures, scenario, frame))
        )
        assert (table["low_usd_bn"] < table["base_usd_bn"]).all() and (
            table["high_usd_bn"] > table["base_usd_bn"]
        ).all()
        assert table["segment"].iloc[-1] == "North America"  # the largest region swings most


def test_region_table_shares_sum_to_100_in_both_years(seed_market: Market) -> None:
    table = region_table(
        project(
            seed_market.figures, Scenario(cagr_pct=5.0, segment_cagr_pct=(("Asia-Pacific", 12.0),))
        )
    )
    assert table["start_share_pct"].sum() == pytest.approx(100.0)
    assert table["end_share_pct"].sum() == pytest.approx(100.0)
    assert table.set_index("segment").loc["Asia-Pacific", "share_change_pts"] > 0


def test_compare_has_one_row_per_scenario_in_order(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    table = compare(
        seed_market.figures, {"b": Scenario(cagr_pct=4.0), "a": Scenario(cagr_pct=9.0)}, frame
    )
    assert table["name"].tolist() == ["b", "a"]
    parts = table[[f"{p}_usd_bn" for p in frame.parts]].sum(axis=1)
    assert parts.tolist() == pytest.approx(table["end_usd_bn"].tolist())


def test_publisher_range_covers_the_years_asked(seed_market: Market) -> None:
    band = publisher_range(seed_market.estimates, range(2024, 2041))
    assert band["year"].tolist() == list(range(2024, 2041))
    assert (band["low_usd_bn"] <= band["high_usd_bn"]).all()
    assert publisher_range(seed_market.estimates.iloc[0:0], range(2024, 2030)).empty


def test_inputs_are_not_mutated(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    frame = frame_of(seed_market.figures)
    outcome(seed_market.figures, Scenario(cagr_pct=7.0, shock_year=2030, shock_pct=-5.0), frame)
    sensitivity(seed_market.figures, Scenario(cagr_pct=7.0), frame=frame)
    pd.testing.assert_frame_equal(seed_market.figures, before)


@pytest.mark.parametrize(
    ("query", "args"),
    [
        ({}, []),
        ({"cagr": "8.5", "to": "2034"}, ["--cagr", "8.5", "--to-year", "2034"]),
        ({"cagr_north_america": "9", "to": "2040"}, ["--set", "north_america=9", "--to-year", "2040"]),
        ({"cagr": "7", "cagr_asia_pacific": "12.5", "from": "2025", "to": "2036"},
         ["--cagr", "7", "--set", "Asia-Pacific=12.5", "--from-year", "2025", "--to-year", "2036"]),
    ],
)  # fmt: skip
def test_the_page_scenario_matches_pmdash_project_exactly(
    data_dir: Path, seed_market: Market, query: dict[str, str], args: list[str]
) -> None:
    frame = frame_of(seed_market.figures)
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    scenario, notices = parse(query, frame, presets)
    assert notices == []
    page = project(seed_market.figures, scenario, frame)
    result = CliRunner().invoke(
        cli,
        [
            "project",
            "--market",
            "personalized-medicine",
            "--format",
            "json",
            "--data-dir",
            str(data_dir),
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    cli_sizes = {(r["segment"], r["year"]): r["size"] for r in rows}
    page_sizes = {
        (s, int(y)): round(float(v), 6)
        for s, y, v in zip(page["segment"], page["year"], page["size_usd_bn"], strict=True)
    }
    assert cli_sizes == page_sizes


def test_assumed_figures_stay_assumptions_in_the_as_reported_path(seed_market: Market) -> None:
    figures = seed_market.figures.copy()
    later = (figures["metric"] == "size") & (figures["year"] == 2034)
    figures.loc[later, "basis"] = "assumed"  # an analyst's 2034, not the source's
    frame = frame_of(figures)
    assert frame.assumed_years() == (2034, 2034)
    assert is_assumed_year(frame, 2034) and not is_assumed_year(frame, 2024)
    assert coverage(frame) == (
        "The figures run 2024\u20132034; 2034 is an analyst's assumption, not the source's"
    )
    path = project(figures, as_reported(Scenario(), frame), frame)
    basis = path.set_index(["segment", "year"])["basis"]
    assert basis[("All", 2034)] == "assumed" and basis[("Europe", 2034)] == "assumed"
    assert basis[("All", 2024)] == "reported" and basis[("All", 2030)] == "derived"
    names = [trace.name for trace in path_chart(path, path, frame.last_year).data]
    assert "Assumed by an analyst" in names


def test_coverage_names_the_source_when_nothing_is_assumed(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    assert frame.assumed_years() is None
    assert coverage(frame) == "The source's figures run 2024\u20132034"

"""The scenario engine: its laws on the seed market and on hand-made tables, the
studio's presets, shocks, sensitivity and outcome, and the page agreeing with the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmdash.charts.scenario import path_chart
from pmdash.cli import app as cli
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.scenarios import (
    PRESET_DELTA_PCT,
    PRESETS,
    Frame,
    PresetName,
    Scenario,
    as_reported,
    available_presets,
    compare,
    coverage,
    frame_of,
    is_assumed_year,
    outcome,
    preset,
    presets_of,
    project,
    publisher_range,
    region_table,
    sensitivity,
    target_total,
    unavailable_presets,
)
from pmdash.tables import publisher_estimates, spread_at
from pmdash.triangulation import peer_estimates
from pmdash.urlstate import parse
from tests.conftest import figures
from tests.test_metrics import _no_infinity, finite, hostile_figures

REPORTED_2034 = {
    "All": 1094.83,
    "North America": 492.24,
    "Europe": 314.44,
    "Asia-Pacific": 192.03,
    "LAMEA": 96.13,
}


def _at(projection: pd.DataFrame, year: int) -> dict[str, float]:
    rows = projection[projection["year"] == year]
    return dict(zip(rows["segment"], rows["size_usd_bn"], strict=True))


def test_with_no_override_the_projection_is_the_source_own(seed_market: Market) -> None:
    assert _at(project(seed_market.figures, Scenario()), 2034) == pytest.approx(
        REPORTED_2034, abs=1e-9
    )


def test_totals_are_the_sum_of_the_parts_under_a_scenario(seed_market: Market) -> None:
    result = project(seed_market.figures, Scenario(cagr_pct=9.0, end_year=2040))
    at = _at(result, 2040)
    assert at["All"] == pytest.approx(sum(v for k, v in at.items() if k != "All"))


def test_a_global_rate_grows_every_region_from_the_start_year(seed_market: Market) -> None:
    at = _at(project(seed_market.figures, Scenario(cagr_pct=10.0, end_year=2026)), 2026)
    assert at["Europe"] == pytest.approx(166.04 * 1.1**2)


def test_a_region_override_moves_only_that_region(seed_market: Market) -> None:
    base = _at(project(seed_market.figures, Scenario()), 2034)
    pushed = _at(
        project(seed_market.figures, Scenario().with_segment_rate("Asia-Pacific", 12.0)), 2034
    )
    assert pushed["Asia-Pacific"] == pytest.approx(101.41 * 1.12**10)
    assert pushed["Europe"] == pytest.approx(base["Europe"])
    assert pushed["All"] > base["All"]


def test_years_past_the_source_are_marked_extrapolated(seed_market: Market) -> None:
    result = project(seed_market.figures, Scenario(end_year=2040))
    assert set(result[result["year"] > 2034]["basis"]) == {"extrapolated"}
    assert set(result[result["year"] == 2024]["basis"]) == {"reported"}


def test_headline_preset_applies_the_stated_cagr_from_its_base_year(seed_market: Market) -> None:
    headline = preset("headline", seed_market.figures)
    assert headline == Scenario("headline", start_year=2025, end_year=2034, cagr_pct=11.37)
    total_2025 = _at(project(seed_market.figures, headline), 2025)["All"]
    assert target_total(project(seed_market.figures, headline)) == pytest.approx(
        total_2025 * 1.1137**9
    )


def test_conservative_and_optimistic_move_every_region_by_two_points(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    low = preset("conservative", seed_market.figures, frame=frame)
    high = preset("optimistic", seed_market.figures, frame=frame)
    assert low is not None and high is not None
    for part, rate in frame.implied_pct.items():
        assert low.overrides[part] == pytest.approx(rate - 2, abs=0.01)
        assert high.overrides[part] == pytest.approx(rate + 2, abs=0.01)


def test_a_market_without_regions_projects_its_total() -> None:
    table = figures([("total", "All", 2020, "size", 100), ("total", "All", 2025, "size", 150)])
    result = project(table, Scenario(cagr_pct=10.0, end_year=2022))
    assert list(result["segment"]) == ["All"] * 3
    assert result["size_usd_bn"].iloc[-1] == pytest.approx(121.0)


@settings(max_examples=30, deadline=None)
@given(
    factor=st.floats(min_value=0.01, max_value=1000), rate=st.floats(min_value=-20, max_value=40)
)
def test_scaling_every_input_size_scales_every_projected_size(factor: float, rate: float) -> None:
    rows = [
        ("total", "All", 2020, "size", 100),
        ("total", "All", 2030, "size", 180),
        ("region", "A", 2020, "size", 60),
        ("region", "A", 2030, "size", 100),
        ("region", "B", 2020, "size", 40),
        ("region", "B", 2030, "size", 80),
    ]
    scaled = [(d, s, y, m, v * factor) for d, s, y, m, v in rows]
    scenario = Scenario(cagr_pct=rate, end_year=2035)
    one = project(figures(rows), scenario)["size_usd_bn"]
    other = project(figures(scaled), scenario)["size_usd_bn"]
    assert other.to_numpy() == pytest.approx(one.to_numpy() * factor, rel=1e-9)


def _total_at(projection: pd.DataFrame, year: int) -> float:
    rows = projection[(projection["segment"] == "All") & (projection["year"] == year)]
    return float(rows["size_usd_bn"].iloc[0])


def _presets(market: Market, frame: Frame) -> dict[PresetName, Scenario]:
    return available_presets(
        market.figures, market.estimates, frame,
        sources=market.sources, primary_source=market.meta.primary_source,
    )  # fmt: skip


def test_presets_offered_by_the_seed_market(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    presets = _presets(seed_market, frame)
    assert list(presets) == ["reported", "headline", "conservative", "optimistic", "consensus"]
    # Grand View's stated 6.2 % and Precedence's implied 11.61 %: personalized medicine
    # only; the precision-medicine publishers' 10.64 % median is no longer drawn on.
    assert presets["consensus"].cagr_pct == pytest.approx(8.91)
    for part, rate in presets["optimistic"].overrides.items():
        assert rate == pytest.approx(frame.implied_pct[part] + PRESET_DELTA_PCT, abs=0.006)


@pytest.mark.parametrize(
    ("preset", "total_2034"),
    [
        ("reported", 1094.83),
        ("headline", 1624.35),
        ("conservative", 905.60),
        ("optimistic", 1318.05),
        ("consensus", 1357.41),
    ],
)
def test_each_preset_gives_its_2034_total(
    seed_market: Market, preset: str, total_2034: float
) -> None:
    frame = frame_of(seed_market.figures)
    scenario = _presets(seed_market, frame)[preset]  # type: ignore[index]
    assert outcome(seed_market.figures, scenario, frame).end_usd_bn == pytest.approx(
        total_2034, abs=0.01
    )


def test_consensus_needs_the_publishers_scopes(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    without = available_presets(seed_market.figures, seed_market.estimates, frame)
    assert "consensus" not in without
    reasons = unavailable_presets(seed_market.figures, seed_market.estimates, frame)
    assert reasons == {
        "consensus": "Consensus is not offered: the publishers' scopes are not given."
    }


def test_consensus_is_not_offered_with_one_publisher_of_the_scope(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    sources = seed_market.sources.copy()
    sources.loc[sources["source"] == "precedence-2022", "scope"] = "precision medicine"
    offered = preset(
        "consensus", seed_market.figures, seed_market.estimates, frame,
        sources=sources, primary_source="cervicorn-2025",
    )  # fmt: skip
    assert offered is None
    reason = unavailable_presets(
        seed_market.figures, seed_market.estimates, frame,
        sources=sources, primary_source="cervicorn-2025",
    )["consensus"]  # fmt: skip
    assert reason == (
        "Consensus is not offered: only one other publisher of personalized medicine gives a "
        "growth rate (Grand View Research (2021): 6.20 % a year stated (2021–2028)); "
        "it needs at least 2."
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


def test_the_publisher_band_follows_the_sources_page_rule(seed_market: Market) -> None:
    band = publisher_range(peer_estimates(seed_market), range(2024, 2041)).set_index("year")
    assert band.index.tolist() == list(range(2024, 2041))
    for year in (2024, 2030, 2040):
        spread = spread_at(publisher_estimates(seed_market), year)
        others = spread[~spread["is_primary"]]["size_usd_bn"].dropna()
        assert len(others) == 2  # Grand View and Precedence: this market's scope only
        assert band.loc[year, "low_usd_bn"] == pytest.approx(others.quantile(0.25))
        assert band.loc[year, "high_usd_bn"] == pytest.approx(others.quantile(0.75))
        assert band.loc[year, "publishers"] == len(others)


def test_no_publisher_no_band(seed_market: Market) -> None:
    assert publisher_range(seed_market.estimates.iloc[0:0], range(2024, 2030)).empty


def test_inputs_are_not_mutated(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    frame = frame_of(seed_market.figures)
    project(seed_market.figures, Scenario(cagr_pct=5.0, shock_year=2028, shock_pct=-5), frame)
    outcome(seed_market.figures, Scenario(cagr_pct=7.0, shock_year=2030, shock_pct=-5.0), frame)
    sensitivity(seed_market.figures, Scenario(cagr_pct=7.0), frame=frame)
    pd.testing.assert_frame_equal(seed_market.figures, before)


@pytest.mark.parametrize("which", ["seed_market", "sample_market"])
def test_the_frame_reads_the_sizes_that_expand_derives(
    which: str, request: pytest.FixtureRequest
) -> None:
    market: Market = request.getfixturevalue(which)
    frame = frame_of(market.figures)
    full = expand(market.figures)
    sized = full[(full["metric"] == "size") & (full["dimension"] == frame.dimension)]
    expected = sized.pivot_table(index="year", columns="segment", values="value").dropna()
    assert sorted(frame.parts) == sorted(expected.columns)
    pd.testing.assert_frame_equal(
        frame.start_sizes,
        expected[list(frame.parts)].rename_axis(index="year", columns="segment"),
        check_index_type=False,
        check_column_type=False,
    )
    total = full[(full["metric"] == "size") & (full["dimension"] == "total")]
    assert frame.total.to_dict() == dict(zip(total["year"], total["value"], strict=True))


@settings(max_examples=30)
@given(
    values=st.lists(finite, min_size=9, max_size=9),
    rate=finite,
    shock=finite,
    end=st.integers(2021, 2060),
)
def test_every_projection_is_total_on_finite_input(
    values: list[float], rate: float, shock: float, end: int
) -> None:
    table = hostile_figures(values)
    estimates = table.assign(source=["p1", "p1", "p2", "p2", "p3", "p3", "p4", "p4", "p1"])
    estimates["segment"] = "All"
    estimates["dimension"] = "total"
    frame = frame_of(table)
    scenarios = {
        "as reported": Scenario(end_year=end),
        "custom": Scenario(cagr_pct=rate, end_year=end, shock_year=2021, shock_pct=shock),
        **{
            name: scenario
            for name in PRESETS
            if (scenario := preset(name, table, estimates, frame)) is not None
        },
    }
    for scenario in scenarios.values():
        projection = project(table, scenario, frame)
        _no_infinity(projection)
        _no_infinity(region_table(projection))
        _no_infinity(target_total(projection))
        _no_infinity(vars(outcome(table, scenario, frame)))
    _no_infinity(sensitivity(table, scenarios["custom"], frame=frame))
    _no_infinity(compare(table, scenarios, frame))
    _no_infinity(publisher_range(estimates, range(2015, 2041)))


def test_a_stated_cagr_of_1e300_projects_to_not_computable_not_an_error() -> None:
    table = hostile_figures([100, 150, 60, 90, 40, 55, 10, 20, 1e300])
    headline = preset("headline", table)
    assert headline is not None and headline.cagr_pct == 1e300
    projection = project(table, headline)
    assert math.isnan(target_total(projection))
    assert projection[projection["year"] == 2020]["size_usd_bn"].notna().all()


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
    presets = presets_of(seed_market, frame)[0]
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

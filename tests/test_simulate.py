"""The Monte Carlo around a scenario: its laws (hypothesis) and its examples."""

from __future__ import annotations

import dataclasses
import inspect
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.model import Market
from pmdash.scenarios import Scenario, frame_of, project
from pmdash.uncertainty import Settings, chance_of_passing, default_spread, percentiles, simulate
from pmdash.uncertainty import simulate as simulate_module
from pmdash.uncertainty import spread as spread_module
from pmdash.uncertainty.fan_url import FanView, fan_params, parse_fan
from pmdash.uncertainty.simulate import PERCENTILE_COLUMNS, at_rank, triangular, uniforms
from tests.conftest import ROOT, figures

REGIONS = figures(
    [
        ("total", "All", 2024, "size", 100.0),
        ("total", "All", 2030, "size", 160.0),
        ("region", "North", 2024, "size", 60.0),
        ("region", "North", 2030, "size", 90.0),
        ("region", "South", 2024, "size", 30.0),
        ("region", "South", 2030, "size", 50.0),
        ("region", "East", 2024, "size", 10.0),
        ("region", "East", 2030, "size", 20.0),
    ]
)
FRAME = frame_of(REGIONS)

rates = st.floats(-10.0, 25.0, allow_nan=False)
scenarios = st.builds(
    lambda cagr, north, end, shock: Scenario(
        "custom",
        end_year=end,
        cagr_pct=cagr,
        segment_cagr_pct=(("North", north),) if north is not None else (),
        shock_year=2027 if shock else None,
        shock_pct=shock,
    ),
    st.one_of(st.none(), rates),
    st.one_of(st.none(), rates),
    st.integers(2026, 2040),
    st.sampled_from([0.0, -15.0, 10.0]),
)


def _run(scenario: Scenario, **options: float) -> pd.DataFrame:
    base = Settings(draws=2_000)
    chosen = dataclasses.replace(base, **options)  # type: ignore[arg-type]
    return percentiles(simulate(REGIONS, scenario, chosen, FRAME))


@settings(max_examples=40)
@given(scenarios, st.floats(0.0, 1.0), st.integers(0, 2**32 - 1))
def test_zero_spread_is_the_deterministic_projection(
    scenario: Scenario, correlation: float, seed: int
) -> None:
    found = _run(scenario, spread_pts=0.0, correlation=correlation, seed=seed)
    expected = project(REGIONS, scenario, FRAME)
    assert found[["segment", "year"]].equals(expected[["segment", "year"]])
    for column in PERCENTILE_COLUMNS:
        np.testing.assert_allclose(found[column], expected["size_usd_bn"], rtol=1e-9)


def test_zero_spread_as_reported_keeps_the_sources_total() -> None:
    found = _run(Scenario(), spread_pts=0.0)
    expected = project(REGIONS, Scenario(), FRAME)
    assert found["p50"].tolist() == expected["size_usd_bn"].tolist()


@settings(max_examples=30)
@given(scenarios, st.floats(0.1, 8.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_percentiles_are_ordered(
    scenario: Scenario, spread: float, correlation: float, chance: float
) -> None:
    found = _run(scenario, spread_pts=spread, correlation=correlation, shock_probability=chance)[
        list(PERCENTILE_COLUMNS)
    ].to_numpy()
    assert (np.diff(found, axis=1) >= -1e-9 * np.abs(found[:, 1:])).all()


@settings(max_examples=20)
@given(rates, st.floats(0.5, 4.0))
def test_the_median_path_is_close_to_the_deterministic_one(rate: float, spread: float) -> None:
    scenario = Scenario("custom", end_year=2034, cagr_pct=rate)
    found = _run(scenario, spread_pts=spread)
    expected = project(REGIONS, scenario, FRAME)["size_usd_bn"].to_numpy()
    # Symmetric rates, a convex compounding: the median sits a little above, never far.
    np.testing.assert_allclose(found["p50"], expected, rtol=0.02)


@given(st.integers(0, 2**32 - 1))
@settings(max_examples=10)
def test_the_same_seed_draws_the_same_paths(seed: int) -> None:
    scenario = Scenario("custom", cagr_pct=8.0, shock_year=2028, shock_pct=-10.0)
    first = _run(scenario, spread_pts=3.0, correlation=0.4, shock_probability=0.5, seed=seed)
    assert first.equals(
        _run(scenario, spread_pts=3.0, correlation=0.4, shock_probability=0.5, seed=seed)
    )


def test_another_seed_draws_other_paths() -> None:
    scenario = Scenario("custom", cagr_pct=8.0)
    assert not _run(scenario, spread_pts=3.0, seed=1).equals(_run(scenario, spread_pts=3.0, seed=2))


def test_correlation_widens_the_totals_band_and_leaves_each_region_alone() -> None:
    scenario = Scenario("custom", cagr_pct=8.0, end_year=2034)

    def widths(correlation: float) -> pd.Series:
        found = _run(scenario, spread_pts=3.0, correlation=correlation)
        last = found[found["year"] == 2034].set_index("segment")
        return last["p95"] - last["p5"]

    apart, half, together = widths(0.0), widths(0.5), widths(1.0)
    assert apart["All"] < half["All"] < together["All"]
    for region in ("North", "South", "East"):
        assert together[region] == pytest.approx(apart[region], rel=0.05)


def test_with_full_correlation_the_regions_move_together() -> None:
    run = simulate(REGIONS, Scenario("custom", cagr_pct=8.0), Settings(3.0, 2_000, 1, 1.0), FRAME)
    deviation = run.rates - run.rates.mean(axis=1, keepdims=True)
    assert np.allclose(deviation, deviation[0])


def test_a_shock_with_a_chance_hits_that_share_of_the_paths() -> None:
    scenario = Scenario("custom", cagr_pct=0.0, shock_year=2027, shock_pct=-50.0)
    run = simulate(REGIONS, scenario, Settings(0.0, 10_000, 7, 0.0, 0.3), FRAME)
    hit = run.total[-1] < run.total[0]
    assert hit.mean() == pytest.approx(0.3, abs=0.02)
    assert chance_of_passing(run, 99.0, 2030) == 1.0  # every path starts at 100
    assert chance_of_passing(run, 100.5, 2030) == 0.0


def test_chance_of_passing_counts_paths_that_reach_the_size_by_the_year() -> None:
    run = simulate(REGIONS, Scenario("custom", cagr_pct=8.0), Settings(4.0, 10_000), FRAME)
    total_2030 = run.of("All")[-1]
    median = float(np.median(total_2030))
    assert chance_of_passing(run, median, 2030) == pytest.approx(0.5, abs=0.01)
    assert chance_of_passing(run, median, 2026) < 0.01
    with pytest.raises(ValueError, match="outside the simulated years"):
        chance_of_passing(run, median, 2031)


def test_uniforms_are_spread_evenly_and_do_not_repeat_across_streams() -> None:
    u = uniforms(1, 0, 100_000)
    assert u.min() > 0.0 and u.max() < 1.0
    counts, _ = np.histogram(u, bins=10, range=(0, 1))
    assert (abs(counts - 10_000) < 500).all()
    assert abs(np.corrcoef(u, uniforms(1, 1, 100_000))[0, 1]) < 0.01


@pytest.mark.parametrize(
    ("u", "expected"), [(0.5, 8.0), (1e-12, 6.0), (1 - 1e-12, 10.0), (0.125, 7.0), (0.875, 9.0)]
)
def test_triangular_draws_between_low_and_high(u: float, expected: float) -> None:
    assert triangular(np.array([8.0]), 2.0, np.array([u]))[0] == pytest.approx(expected, abs=1e-5)


def test_percentiles_read_between_the_two_nearest_paths() -> None:
    ordered = np.arange(11.0)[None, :]
    assert [float(at_rank(ordered, q)[0]) for q in (5, 50, 95)] == [0.5, 5.0, 9.5]


def test_the_seed_market_takes_its_spread_from_same_scope_publishers(seed_market: Market) -> None:
    spread = default_spread(seed_market)
    assert spread.origin == "publishers"
    # Grand View states 6.2 %; Precedence states none, its sizes imply 11.61 % (2020-2030).
    assert spread.pts == pytest.approx((11.61 - 6.2) / 2, abs=0.05)
    assert "Grand View Research (2021): 6.2 %" in spread.reason
    assert "Precedence Research (2022), implied by its sizes: 11.61 %" in spread.reason
    assert "Emergen" not in spread.reason  # precision medicine: another scope


def test_a_market_without_two_same_scope_estimates_uses_the_setting(seed_market: Market) -> None:
    alone = dataclasses.replace(seed_market, estimates=seed_market.estimates.iloc[0:0])
    spread = default_spread(alone, 1.5)
    assert (spread.pts, spread.origin) == (1.5, "setting")
    assert "only one publisher" in spread.reason  # the market's own source


def test_the_inputs_are_not_mutated() -> None:
    before = REGIONS.copy()
    simulate(REGIONS, Scenario("custom", cagr_pct=9.0), Settings(2.0, 500))
    pd.testing.assert_frame_equal(REGIONS, before)


@pytest.mark.parametrize(
    ("params", "view", "ignored"),
    [
        ({}, FanView(), []),
        ({"mc": "1", "spread": "2", "corr": "0.5", "shock_p": "30"},
         FanView(True, 2.0, 0.5, 30.0), []),
        ({"mc": "1", "pass": "900", "pass_year": "2032"},
         FanView(True, pass_usd_bn=900.0, pass_year=2032), []),
        ({"mc": "maybe"}, FanView(), ["mc"]),
        ({"mc": "1", "corr": "2", "spread": "x"}, FanView(True), ["spread", "corr"]),
        ({"mc": "1", "shock_p": "-5", "pass_year": "soon"}, FanView(True), ["shock_p", "pass_year"]),
    ],
)  # fmt: skip
def test_fan_settings_from_a_link(
    params: dict[str, str], view: FanView, ignored: list[str]
) -> None:
    found, notices = parse_fan(params)
    assert found == view
    assert [n.split('"')[1].split("=")[0] for n in notices] == ignored


@given(
    st.builds(
        FanView,
        on=st.just(True),
        spread_pts=st.one_of(st.none(), st.floats(0, 20)),
        correlation=st.floats(0, 1),
        shock_chance_pct=st.floats(0, 100),
        pass_usd_bn=st.one_of(st.none(), st.floats(0.1, 1e6)),
        pass_year=st.one_of(st.none(), st.integers(2025, 2040)),
    )
)
def test_fan_settings_survive_a_link(view: FanView) -> None:
    assert parse_fan(fan_params(view)) == (view, [])


def test_every_public_function_of_the_monte_carlo_is_in_the_methodology() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"`(\w+)`", "\n".join(x for x in text.splitlines() if x[:1] == "#")))
    for module in (simulate_module, spread_module):
        public = {
            name
            for name, value in vars(module).items()
            if inspect.isfunction(value)
            and not name.startswith("_")
            and value.__module__ == module.__name__
        }
        assert public <= headings, sorted(public - headings)


def test_a_rate_below_minus_100_is_not_computable_as_in_project() -> None:
    scenario = Scenario("custom", cagr_pct=-20.0, segment_cagr_pct=(("East", -99.0),))
    run = simulate(REGIONS, scenario, Settings(5.0, 1_000), FRAME)
    east = run.of("East")
    assert np.isnan(east[1:]).any() and not np.isnan(run.of("North")).any()
    assert np.isnan(run.total[1:]).any()


@settings(max_examples=15)
@given(rates, st.floats(0.5, 6.0), st.integers(0, 2**32 - 1))
def test_the_totals_band_is_widest_when_regions_move_together(
    rate: float, spread: float, seed: int
) -> None:
    scenario = Scenario("custom", cagr_pct=rate, end_year=2034)

    def width(correlation: float) -> float:
        found = _run(scenario, spread_pts=spread, correlation=correlation, seed=seed)
        last = found[(found["year"] == 2034) & (found["segment"] == "All")]
        return float((last["p95"] - last["p5"]).iloc[0])

    assert width(0.0) < width(1.0)

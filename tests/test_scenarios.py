"""The scenario engine's laws on the seed market and on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.model import Market
from pmdash.scenarios import Scenario, frame_of, preset, project, sensitivity, target_total
from tests.conftest import figures

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


def test_a_shock_scales_every_year_from_its_year_on(seed_market: Market) -> None:
    plain = project(seed_market.figures, Scenario(cagr_pct=8.0))
    shocked = project(seed_market.figures, Scenario(cagr_pct=8.0, shock_year=2027, shock_pct=-10.0))
    assert _at(shocked, 2026)["All"] == pytest.approx(_at(plain, 2026)["All"])
    assert _at(shocked, 2030)["All"] == pytest.approx(0.9 * _at(plain, 2030)["All"])


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


def test_sensitivity_is_symmetric_in_order_and_centred_on_the_scenario(seed_market: Market) -> None:
    table = sensitivity(seed_market.figures, Scenario())
    assert list(table["segment"])[-1] == "North America"  # the biggest region swings most
    assert (table["low_usd_bn"] < table["base_usd_bn"]).all()
    assert (table["high_usd_bn"] > table["base_usd_bn"]).all()


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


def test_projection_does_not_mutate_its_input(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    project(seed_market.figures, Scenario(cagr_pct=5.0, shock_year=2028, shock_pct=-5))
    pd.testing.assert_frame_equal(seed_market.figures, before)

"""What the scenario studio shows, computed without Streamlit (pmdash.tables.studio)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.model import Market
from pmdash.scenarios import SHOCK_LIMITS_PCT, Frame, Scenario, frame_of, pinned
from pmdash.tables.studio import (
    DEFAULT_SHOCK_PCT,
    comparison_paths,
    comparison_table,
    region_rows,
    reported_path,
    results_of,
    with_preset,
    with_shock,
    with_years,
)

REGIONS = ["North America", "Europe", "Asia-Pacific", "LAMEA"]


@pytest.fixture(scope="module")
def frame(seed_market: Market) -> Frame:
    return frame_of(seed_market.figures)


def test_as_reported_every_region_is_its_reported_size(seed_market: Market, frame: Frame) -> None:
    rows = region_rows(results_of(seed_market.figures, Scenario(end_year=2034), frame))
    assert list(rows["segment"]) == REGIONS
    assert rows.set_index("segment")["reported_usd_bn"]["North America"] == pytest.approx(492.24)
    assert rows["delta_usd_bn"].abs().max() == pytest.approx(0.0, abs=1e-9)


def test_a_faster_market_shows_each_region_above_its_reported_size(
    seed_market: Market, frame: Frame
) -> None:
    scenario = Scenario("custom", cagr_pct=20.0, end_year=2034)
    rows = region_rows(results_of(seed_market.figures, scenario, frame)).set_index("segment")
    assert (rows["delta_usd_bn"] > 0).all()
    assert rows["delta_usd_bn"]["Europe"] == pytest.approx(
        rows["end_usd_bn"]["Europe"] - rows["reported_usd_bn"]["Europe"]
    )


def test_results_reuse_a_reported_path_handed_in(seed_market: Market, frame: Frame) -> None:
    scenario = Scenario("custom", cagr_pct=9.0, end_year=2034)
    given_path = reported_path(seed_market.figures, frame, 2034)
    found = results_of(seed_market.figures, scenario, frame, given_path)
    assert found.reported is given_path[0]
    assert found.reported_cagr_pct == given_path[1]
    assert found.outcome.end_year == 2034
    assert found.outcome.reported_usd_bn == pytest.approx(1094.83)


def test_a_comparison_reads_one_row_a_scenario_with_a_column_a_region(
    seed_market: Market, frame: Frame
) -> None:
    named = {"Fast": Scenario("custom", cagr_pct=12.0, end_year=2034), "Reported": Scenario()}
    table = comparison_table(seed_market.figures, named, frame)
    assert list(table["Scenario"]) == ["Fast", "Reported"]
    assert list(table.columns[-4:]) == REGIONS
    assert table["Market, target year"].str.startswith("USD ").all()


def test_comparison_paths_run_as_reported_to_the_latest_target_year(
    seed_market: Market, frame: Frame
) -> None:
    named = {
        "Near": Scenario(end_year=2030),
        "Far": Scenario("custom", cagr_pct=8.0, end_year=2038),
    }
    reported, paths = comparison_paths(seed_market.figures, named, frame)
    assert int(reported["year"].max()) == 2038
    assert int(reported["year"].min()) == frame.first_year
    assert list(paths) == ["Near", "Far"]
    assert int(paths["Near"]["year"].max()) == 2030


@pytest.mark.parametrize(
    ("start", "end", "shock", "expected"),
    [
        (2024, 2034, 2028, (2024, 2034, 2028)),  # nothing to move
        (2030, 2026, None, (2030, 2031, None)),  # target before start: a year after it
        (2024, 2034, 2036, (2024, 2034, 2034)),  # shock past the target: at the target
        (2028, 2034, 2026, (2028, 2034, 2029)),  # shock before the start: a year after it
    ],
)
def test_moving_the_years_keeps_target_and_shock_in_order(
    start: int, end: int, shock: int | None, expected: tuple[int, int, int | None]
) -> None:
    before = Scenario("custom", 2024, 2034, shock_year=shock, shock_pct=-5.0 if shock else 0.0)
    after = with_years(before, start, end)
    assert (after.start_year, after.end_year, after.shock_year) == expected


@given(
    start=st.integers(2000, 2050),
    end=st.integers(1990, 2060),
    shock=st.none() | st.integers(1990, 2070),
)
def test_after_any_year_move_start_comes_before_target_and_the_shock_between(
    start: int, end: int, shock: int | None
) -> None:
    moved = with_years(Scenario("custom", shock_year=shock, shock_pct=-5.0), start, end)
    assert moved.end_year is not None and start < moved.end_year
    assert moved.shock_year is None or start < moved.shock_year <= moved.end_year


def test_switching_the_shock_off_clears_it() -> None:
    shocked = Scenario("custom", 2024, 2034, shock_year=2027, shock_pct=-20.0)
    off = with_shock(shocked, False, 2027, -20.0)
    assert (off.shock_year, off.shock_pct) == (None, 0.0)


def test_switching_the_shock_on_starts_from_a_ten_percent_fall_three_years_in() -> None:
    on = with_shock(Scenario("reported", 2024, 2034), True, None, None)
    assert (on.shock_year, on.shock_pct, on.preset) == (2027, DEFAULT_SHOCK_PCT, "custom")


def test_a_shock_year_outside_the_scenario_is_moved_inside_and_its_size_kept_in_limits() -> None:
    on = with_shock(Scenario("custom", 2024, 2030), True, 2040, -500.0)
    assert (on.shock_year, on.shock_pct) == (2030, SHOCK_LIMITS_PCT[0])


def test_a_shock_needs_a_pinned_scenario(frame: Frame) -> None:
    with pytest.raises(ValueError, match="both years"):
        with_shock(Scenario(), True, None, None)
    assert with_shock(pinned(Scenario(), frame), True, None, None).shock_year is not None


def test_a_preset_keeps_the_target_year_the_user_set() -> None:
    chosen = Scenario("headline", start_year=2024, end_year=2034, cagr_pct=10.0)
    picked = with_preset(Scenario("custom", 2024, 2038), chosen)
    assert (picked.preset, picked.cagr_pct, picked.end_year) == ("headline", 10.0, 2038)


def test_a_preset_takes_its_own_target_year_when_the_user_s_is_not_after_its_start() -> None:
    chosen = Scenario("headline", start_year=2030, end_year=2034, cagr_pct=10.0)
    assert with_preset(Scenario("custom", 2024, 2028), chosen).end_year == 2034

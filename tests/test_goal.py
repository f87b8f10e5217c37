"""Goal seek: the growth that reaches a target, closed form, errors as sentences."""

from __future__ import annotations

import dataclasses
import inspect
import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.model import Market
from pmdash.scenarios import RATE_RANGE_PCT, Scenario, frame_of, project
from pmdash.uncertainty import Goal, GoalError, GoalQuery, goal, goal_seek, sensitivity
from pmdash.uncertainty.goal import SCOPES, Scope, reachable
from tests.conftest import ROOT
from tests.conftest import figures as make_figures

PARTS = ("North America", "Europe", "Asia-Pacific", "LAMEA")


def _reached(market: Market, found: Goal) -> float:
    """What projecting the answer gives for the goal's subject in the target year."""
    path = project(market.figures, found.scenario)
    row = path[path["year"] == found.to_year].set_index("segment")["size_usd_bn"]
    return float(row[found.region if found.scope == "region" else "All"])


def _solved(found: Goal | GoalError) -> Goal:
    assert isinstance(found, Goal), found
    return found


@pytest.mark.parametrize(
    ("query", "rate_pct"),
    [
        (GoalQuery(1500.0, 2034), 10.003328),
        (GoalQuery(1094.83, 2034), 6.593658),  # the source's own 2034 total
        (GoalQuery(500.0, 2034, region="europe", scope="region"), 11.654371),
        (GoalQuery(1500.0, 2034, region="Asia-Pacific", scope="market_by_region"), 19.399683),
        (GoalQuery(1500.0, 2034, from_year=2030), 15.323261),
    ],
)
def test_the_growth_that_reaches_a_target(
    seed_market: Market, query: GoalQuery, rate_pct: float
) -> None:
    found = _solved(goal_seek(seed_market.figures, query))
    assert found.cagr_pct == pytest.approx(rate_pct, abs=1e-6)
    assert _reached(seed_market, found) == pytest.approx(query.target_usd_bn, rel=1e-12)


def test_the_market_goal_sets_one_rate_for_every_region(seed_market: Market) -> None:
    base = Scenario(segment_cagr_pct=(("Europe", 3.0),))
    found = _solved(goal_seek(seed_market.figures, GoalQuery(1500.0, 2034), base=base))
    assert found.scenario.cagr_pct == found.cagr_pct and found.scenario.segment_cagr_pct == ()
    assert (found.from_year, found.to_year, found.from_usd_bn) == (2024, 2034, 578.14)


def test_a_region_goal_keeps_the_other_regions_rates(seed_market: Market) -> None:
    base = Scenario(cagr_pct=5.0, start_year=2024, end_year=2030)
    query = GoalQuery(400.0, 2034, region="north_america", scope="region")
    found = _solved(goal_seek(seed_market.figures, query, base=base))
    assert found.scenario.cagr_pct == 5.0
    assert found.scenario.overrides == {"North America": found.cagr_pct}
    assert (found.scenario.start_year, found.scenario.end_year) == (2024, 2034)
    assert found.current_pct == 5.0  # what the scenario asked about gives North America


def test_the_answer_is_compared_with_the_source_by_default(seed_market: Market) -> None:
    found = _solved(goal_seek(seed_market.figures, GoalQuery(1500.0, 2034)))
    assert found.current_usd_bn == pytest.approx(1094.83)
    assert found.current_pct == pytest.approx(6.5937, abs=1e-4)


def test_a_shock_in_the_scenario_is_part_of_the_answer(seed_market: Market) -> None:
    base = Scenario(cagr_pct=8.0, shock_year=2027, shock_pct=-10.0)
    found = _solved(goal_seek(seed_market.figures, GoalQuery(1500.0, 2034), base=base))
    assert found.scenario.shock_pct == -10.0 and found.scenario.shock_year == 2027
    unshocked = _solved(goal_seek(seed_market.figures, GoalQuery(1500.0, 2034)))
    assert found.cagr_pct > unshocked.cagr_pct  # growing back from a 10 % fall takes more
    assert _reached(seed_market, found) == pytest.approx(1500.0, rel=1e-12)


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        (GoalQuery(0.0, 2034), "size", "above zero"),
        (GoalQuery(math.nan, 2034), "size", "above zero"),
        (GoalQuery(1e7, 2034), "size", "beyond reach: even with growth at 40 % a year"),
        (GoalQuery(10.0, 2034), "size", "below reach: even with growth at -20 % a year"),
        (GoalQuery(500.0, 2024), "year", "must come after 2024"),
        (GoalQuery(500.0, 2061), "year", "2060 at the latest"),
        (GoalQuery(500.0, 2034, from_year=2019), "from_year", "2024–2034"),
        (GoalQuery(500.0, 2034, region="Mars", scope="region"), "region", "No region 'Mars'"),
        (
            GoalQuery(900.0, 2034, region="LAMEA", scope="market_by_region"),
            "size",
            "even with LAMEA's growth at -20 % a year",
        ),
    ],
)
def test_a_goal_out_of_reach_says_why(
    seed_market: Market, query: GoalQuery, field: str, says: str
) -> None:
    found = goal_seek(seed_market.figures, query)
    assert isinstance(found, GoalError)
    assert found.field == field and says in found.message


def test_out_of_reach_names_what_the_range_reaches(seed_market: Market) -> None:
    found = goal_seek(seed_market.figures, GoalQuery(10.0, 2034))
    assert isinstance(found, GoalError)
    assert found.message.endswith("the market is USD 62.1 bn.")


def test_a_market_without_regions_has_no_region_goal() -> None:
    total_only = make_figures(
        [("total", "All", 2024, "size", 100), ("total", "All", 2030, "size", 150)]
    )
    query = GoalQuery(200.0, 2030, region="Europe", scope="region")
    found = goal_seek(total_only, query)
    assert isinstance(found, GoalError) and "no regional split" in found.message
    market = _solved(goal_seek(total_only, GoalQuery(200.0, 2030)))
    assert market.cagr_pct == pytest.approx((2.0 ** (1 / 6) - 1) * 100)


def test_goal_seek_leaves_its_input_alone(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    goal_seek(seed_market.figures, GoalQuery(1500.0, 2034, region="Europe", scope="region"))
    pd.testing.assert_frame_equal(seed_market.figures, before)


rates = st.floats(min_value=-5.0, max_value=25.0, allow_nan=False)


@given(
    scope=st.sampled_from(SCOPES),
    region=st.sampled_from(PARTS),
    start=st.integers(2024, 2033),
    years=st.integers(1, 16),
    position=st.floats(min_value=0.0, max_value=1.0),
    common=st.none() | rates,
    own=st.dictionaries(st.sampled_from(PARTS), rates, max_size=4),
    shock=st.sampled_from([0.0, -15.0, 20.0]),
)
def test_goal_seek_then_project_reaches_the_target(
    seed_market: Market,
    scope: Scope,
    region: str,
    start: int,
    years: int,
    position: float,
    common: float | None,
    own: dict[str, float],
    shock: float,
) -> None:
    frame = frame_of(seed_market.figures)
    end = start + years
    base = Scenario(
        "custom", start, end, common, tuple(sorted(own.items())),
        shock_year=start + 1 if shock else None, shock_pct=shock,
    )  # fmt: skip
    # Any target between what the rate range's two ends reach (log-spaced) has an answer.
    ends = reachable(seed_market.figures, GoalQuery(1.0, end, start, region, scope), base=base)
    assert not isinstance(ends, GoalError)
    target = ends[0] * (ends[1] / ends[0]) ** position
    query = GoalQuery(target, end, start, region, scope)
    found = _solved(goal_seek(seed_market.figures, query, base=base, frame=frame))
    assert RATE_RANGE_PCT[0] <= found.cagr_pct <= RATE_RANGE_PCT[1]
    assert _reached(seed_market, found) == pytest.approx(target, rel=1e-9)


def test_every_public_function_of_goal_and_grid_has_a_methodology_entry() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    headings = set(
        re.findall(
            r"`(\w+)`", "\n".join(line for line in text.splitlines() if line.startswith("#"))
        )
    )
    for module in (goal, sensitivity):
        public = {
            name for name, value in vars(module).items()
            if inspect.isfunction(value) and not name.startswith("_") and value.__module__ == module.__name__
        }  # fmt: skip
        assert public - headings == set(), f"document in docs/methodology.md: {public - headings}"


def test_the_size_an_end_of_the_rate_range_reaches_is_itself_reachable(
    seed_market: Market,
) -> None:
    query = GoalQuery(1.0, 2028, 2024, "Asia-Pacific", "region")
    ends = reachable(seed_market.figures, query)
    assert not isinstance(ends, GoalError)
    low, high = ends
    for end in (low, high, high * (1 + 1e-15), low * (1 - 1e-15)):
        found = _solved(
            goal_seek(seed_market.figures, dataclasses.replace(query, target_usd_bn=end))
        )
        assert RATE_RANGE_PCT[0] <= found.cagr_pct <= RATE_RANGE_PCT[1]
    beyond = goal_seek(seed_market.figures, dataclasses.replace(query, target_usd_bn=high * 1.001))
    assert isinstance(beyond, GoalError) and "beyond reach" in beyond.message

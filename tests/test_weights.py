"""Weighted scenarios: probabilities checked and normalised, the expected market and its
range; laws by hypothesis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.charts.weights import weighted_chart
from pmdash.model import Market
from pmdash.scenario_store import SavedScenario
from pmdash.scenarios import available_presets, frame_of
from pmdash.uncertainty import Weighted, expected, normalised, problems
from pmdash.uncertainty.saved import weigh_saved
from pmdash.uncertainty.weights import weighted_quantile

YEARS = pd.Index([2024, 2025, 2026])


def _paths(**sizes: list[float]) -> dict[str, pd.Series]:
    return {name: pd.Series(values, YEARS) for name, values in sizes.items()}


@pytest.mark.parametrize(
    ("probabilities", "fragment"),
    [
        ({"A": 50.0, "B": 40.0}, "add up to 90 %, not 100 %"),
        ({"A": 70.0, "B": 70.0}, "add up to 140 %, not 100 %"),
        ({"A": 100.0, "B": None}, "B has no probability yet."),
        ({"A": -5.0, "B": 105.0}, "A: -5 % is not a probability (give 0–100 %)."),
        ({"A": 0.0, "B": 0.0}, "Every probability is 0 %"),
        ({"A": 100.0}, "Weigh at least two saved scenarios."),
        ({"A": math.nan, "B": 50.0}, "A: nan % is not a probability"),
    ],
)
def test_probabilities_that_cannot_weigh_are_explained(
    probabilities: dict[str, float | None], fragment: str
) -> None:
    assert any(fragment in problem for problem in problems(probabilities))


def test_probabilities_typed_to_a_tenth_pass_within_the_tolerance() -> None:
    assert problems({"A": 33.3, "B": 33.3, "C": 33.4}) == []
    assert problems({"A": 33.3, "B": 33.3, "C": 33.3}) != []  # 99.9: off by 0.1 point


@pytest.mark.parametrize(
    ("given_pct", "want"),
    [
        ({"A": 30.0, "B": 60.0}, {"A": 33.3, "B": 66.7}),
        ({"A": 1.0, "B": 1.0, "C": 1.0}, {"A": 33.4, "B": 33.3, "C": 33.3}),
        ({"A": None, "B": 0.0}, {"A": 50.0, "B": 50.0}),
        ({"A": 20.0, "B": None}, {"A": 100.0, "B": 0.0}),
        ({"A": 25.0, "B": 75.0}, {"A": 25.0, "B": 75.0}),
    ],
)
def test_normalise_scales_to_exactly_100(
    given_pct: dict[str, float | None], want: dict[str, float]
) -> None:
    assert normalised(given_pct) == want


@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=2, max_size=12))
def test_normalised_probabilities_always_pass_and_keep_their_order(values: list[float]) -> None:
    named = {f"s{i}": v for i, v in enumerate(values)}
    scaled = normalised(named)
    assert math.isclose(sum(scaled.values()), 100.0, abs_tol=1e-9)
    assert problems(scaled) == []
    for a in named:
        for b in named:
            if named[a] > named[b] + 1e-9 * max(values):
                assert scaled[a] >= scaled[b]


def test_the_expected_market_is_the_probability_weighted_mean() -> None:
    found = expected(
        _paths(Low=[100.0, 110.0, 120.0], High=[100.0, 130.0, 170.0]), {"Low": 25.0, "High": 75.0}
    )
    assert isinstance(found, Weighted)
    assert found.paths["expected_usd_bn"].tolist() == [100.0, 125.0, 157.5]
    assert found.last()["min_usd_bn"] == 120.0 and found.last()["max_usd_bn"] == 170.0
    assert not found.has_quantiles  # two scenarios: P10/P90 would repeat the range


def test_a_scenario_at_0_percent_is_outside_the_range() -> None:
    found = expected(
        _paths(A=[1.0, 2.0, 3.0], B=[1.0, 5.0, 9.0], C=[1.0, 50.0, 90.0]),
        {"A": 50.0, "B": 50.0, "C": 0.0},
    )
    assert isinstance(found, Weighted)
    assert found.last()["max_usd_bn"] == 9.0


def test_p10_and_p90_come_from_three_scenarios_on() -> None:
    found = expected(
        _paths(Low=[1.0, 1.0, 80.0], Mid=[1.0, 1.0, 100.0], High=[1.0, 1.0, 150.0]),
        {"Low": 20.0, "Mid": 60.0, "High": 20.0},
    )
    assert isinstance(found, Weighted)
    end = found.last()
    assert (end["p10_usd_bn"], end["p90_usd_bn"]) == (80.0, 150.0)
    assert end["expected_usd_bn"] == pytest.approx(106.0)


def test_only_the_years_every_scenario_covers_are_weighed() -> None:
    short = pd.Series([1.0, 2.0], pd.Index([2024, 2025]))
    found = expected({"Short": short, "Long": pd.Series([1.0, 2.0, 3.0], YEARS)}, {
        "Short": 50.0, "Long": 50.0,
    })  # fmt: skip
    assert isinstance(found, Weighted)
    assert found.paths["year"].tolist() == [2024, 2025]
    assert found.years_left_out == (2026,)


def test_unusable_probabilities_come_back_as_problems_not_numbers() -> None:
    assert expected(_paths(A=[1.0] * 3, B=[2.0] * 3), {"A": 50.0}) == ["B has no probability yet."]


sizes = st.floats(0.0, 1e6, allow_nan=False)


@given(
    st.lists(
        st.tuples(st.floats(0.01, 100), st.lists(sizes, min_size=3, max_size=3)),
        min_size=2,
        max_size=6,
    )
)
def test_expected_p10_and_p90_lie_inside_the_range(rows: list[tuple[float, list[float]]]) -> None:
    named = {f"s{i}": pd.Series(values, YEARS) for i, (_, values) in enumerate(rows)}
    weights = normalised({f"s{i}": p for i, (p, _) in enumerate(rows)})
    found = expected(named, weights)
    assert isinstance(found, Weighted)
    paths = found.paths
    tol = 1e-6 * (1 + paths["max_usd_bn"])
    assert (paths["min_usd_bn"] <= paths["expected_usd_bn"] + tol).all()
    assert (paths["expected_usd_bn"] <= paths["max_usd_bn"] + tol).all()
    if found.has_quantiles:
        assert (paths["min_usd_bn"] <= paths["p10_usd_bn"]).all()
        assert (paths["p10_usd_bn"] <= paths["p90_usd_bn"]).all()
        assert (paths["p90_usd_bn"] <= paths["max_usd_bn"]).all()


@given(st.lists(sizes, min_size=1, max_size=8), st.floats(0.0, 1.0))
def test_a_weighted_quantile_is_one_of_the_values(values: list[float], q: float) -> None:
    array = np.array(values)
    assert weighted_quantile(array, np.ones(len(values)), q) in values


def test_inputs_are_not_mutated() -> None:
    paths = _paths(A=[1.0, 2.0, 3.0], B=[3.0, 4.0, 5.0])
    weights: dict[str, float | None] = {"A": 40.0, "B": 60.0}
    before = {k: v.copy() for k, v in paths.items()}, dict(weights)
    expected(paths, weights)
    normalised(weights)
    assert all(paths[k].equals(before[0][k]) for k in paths) and weights == before[1]


def _saved(name: str, params: dict[str, str], pct: float | None) -> SavedScenario:
    now = pd.Timestamp("2026-01-01", tz="UTC").to_pydatetime()
    return SavedScenario(1, "pm", name, "", "", params, now, now, probability_pct=pct)


def test_saved_scenarios_are_weighed_by_their_saved_probabilities(seed_market: Market) -> None:
    frame = frame_of(seed_market.figures)
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    saved = [
        _saved("Slow", {"preset": "custom", "cagr": "3"}, 25.0),
        _saved("Fast", {"preset": "custom", "cagr": "12"}, 75.0),
        _saved("Unweighed", {"preset": "custom", "cagr": "30"}, None),
    ]
    found = weigh_saved(seed_market.figures, saved, frame, presets)
    assert isinstance(found, Weighted)
    assert list(found.probabilities) == ["Slow", "Fast"]
    assert round(found.last()["expected_usd_bn"], 1) == 1541.0  # 0.25·777.0 + 0.75·1,795.6
    assert weigh_saved(seed_market.figures, saved[2:], frame, presets) is None


def test_the_chart_draws_the_expected_path_inside_the_range(seed_market: Market) -> None:
    found = expected(
        _paths(Low=[100.0, 110.0, 120.0], Mid=[100.0, 120.0, 140.0], High=[100.0, 130.0, 170.0]),
        {"Low": 20.0, "Mid": 50.0, "High": 30.0},
    )
    assert isinstance(found, Weighted)
    fig: go.Figure = weighted_chart(found, last_year=2025)
    names = [trace.name for trace in fig.data]
    assert "Range of the scenarios" in names and "P10–P90" in names
    assert "Low (20.0 %)" in names
    assert names[-1] == "Expected: USD 145.0 bn in 2026"
    assert list(fig.data[-1].y) == [100.0, 121.0, 145.0]

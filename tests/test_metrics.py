"""Pure metrics: case tables for the formulas, hypothesis for the laws."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash import metrics as M
from tests.conftest import figures

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize(
    ("start", "end", "years", "expected"),
    [
        (100.0, 121.0, 2, 10.0),
        (100.0, 100.0, 5, 0.0),
        (200.0, 100.0, 1, -50.0),
        (578.14, 1094.83, 10, 6.593658),
        (616.26, 1094.83, 9, 6.593669),
    ],
)
def test_cagr_pct(start: float, end: float, years: int, expected: float) -> None:
    assert M.cagr_pct(start, end, years) == pytest.approx(expected, abs=1e-5)


def test_cagr_of_a_zero_start_is_undefined() -> None:
    assert math.isnan(M.cagr_pct(0.0, 10.0, 3))


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [(1.0, 2.0, 0), (1.0, 2.0, -3), (-0.0, 2.0, 1), (1.0, -1.0, 1), (5e-324, 1e308, 1)],
    ids=["no period", "negative period", "minus zero start", "negative end", "overflow"],
)
def test_a_cagr_that_cannot_be_computed_is_nan(start: float, end: float, years: int) -> None:
    assert math.isnan(M.cagr_pct(start, end, years))


@given(start=positive, rate=st.floats(min_value=-50, max_value=100), years=st.integers(1, 40))
def test_growing_at_the_implied_cagr_reproduces_the_end_value(
    start: float, rate: float, years: int
) -> None:
    end = M.grow(start, rate, years)
    assert M.grow(start, M.cagr_pct(start, end, years), years) == pytest.approx(end, rel=1e-9)


def test_interpolation_fills_the_gap_at_a_constant_rate_and_marks_it_derived() -> None:
    table = figures([("total", "All", 2020, "size", 100), ("total", "All", 2022, "size", 121)])
    filled = M.interpolate_sizes(table)
    assert list(filled["year"]) == [2021]
    assert filled.loc[0, "value"] == pytest.approx(110.0)
    assert set(filled["basis"]) == {"derived"}


@given(v0=positive, v1=positive, gap=st.integers(2, 30))
def test_interpolation_is_monotone_between_its_endpoints(v0: float, v1: float, gap: int) -> None:
    table = figures([("total", "All", 2000, "size", v0), ("total", "All", 2000 + gap, "size", v1)])
    values = [v0, *M.interpolate_sizes(table)["value"], v1]
    steps = [b - a for a, b in itertools.pairwise(values)]
    assert all(s >= -1e-9 for s in steps) or all(s <= 1e-9 for s in steps)


def test_sizes_from_shares_use_the_total_of_that_year() -> None:
    table = figures(
        [("total", "All", 2024, "size", 200), ("end_user", "Hospitals", 2024, "share", 41)]
    )
    derived = M.sizes_from_shares(table)
    assert derived.loc[0, "value"] == pytest.approx(82.0)
    assert derived.loc[0, "basis"] == "derived"


def test_a_stated_size_is_never_replaced_by_a_derived_one() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 200),
            ("region", "EU", 2024, "size", 50),
            ("region", "EU", 2024, "share", 30),
        ]
    )
    assert M.sizes_from_shares(table).empty
    assert M.shares_from_sizes(table).empty


@given(st.lists(positive, min_size=1, max_size=8))
def test_shares_of_a_total_sum_to_100(values: list[float]) -> None:
    parts = pd.DataFrame({"year": 2024, "value": values})
    assert M.shares_of_total(parts).sum() == pytest.approx(100.0)


def test_expand_marks_everything_it_adds_and_leaves_its_input_alone() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100),
            ("total", "All", 2026, "size", 121),
            ("region", "EU", 2024, "size", 40),
            ("region", "EU", 2026, "size", 48.4),
        ]
    )
    before = table.copy()
    full = M.expand(table)
    pd.testing.assert_frame_equal(table, before)
    added = full.merge(table, how="left", indicator=True)
    assert set(added[added["_merge"] == "left_only"]["basis"]) == {"derived"}
    eu_2025 = full[(full["segment"] == "EU") & (full["year"] == 2025) & (full["metric"] == "share")]
    assert eu_2025["value"].iloc[0] == pytest.approx(40.0)


def test_year_on_year_growth() -> None:
    series = pd.DataFrame(
        {"segment": ["A"] * 3, "year": [2020, 2021, 2023], "value": [100.0, 110.0, 133.1]}
    )
    growth = M.yoy_growth(series)["growth_pct"].tolist()
    assert math.isnan(growth[0])
    assert growth[1:] == pytest.approx([10.0, 10.0])


def test_sum_of_parts_shows_the_difference_to_the_total() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100),
            ("region", "A", 2024, "size", 60),
            ("region", "B", 2024, "size", 39),
        ]
    )
    row = M.sum_of_parts(table, "region").iloc[0]
    assert (row["year"], row["parts_usd_bn"], row["difference_usd_bn"]) == (2024, 99.0, -1.0)
    assert row["difference_pct"] == pytest.approx(-1.0)


def test_implied_cagrs_use_first_and_last_stated_size() -> None:
    table = figures([("region", "A", 2020, "size", 100), ("region", "A", 2022, "size", 121)])
    row = M.implied_cagrs(table, "region").iloc[0]
    assert (row["start_year"], row["end_year"]) == (2020, 2022)
    assert row["cagr_pct"] == pytest.approx(10.0)


def test_growth_that_overflows_a_float_is_nan_not_an_error() -> None:
    assert math.isnan(M.grow(1.0, 1e300, 10))
    assert math.isnan(M.grow(100.0, -150.0, 2))  # below −100 % a year is no growth
    assert M.grow(100.0, -100.0, 3) == 0.0


def test_interpolating_from_a_zero_size_is_a_straight_line() -> None:
    table = figures([("total", "All", 2020, "size", 0), ("total", "All", 2022, "size", 10)])
    assert M.interpolate_sizes(table)["value"].tolist() == [5.0]


@pytest.mark.parametrize(
    ("year", "expected", "how", "from_years"),
    [
        (2020, 100.0, "stated", (2020,)),
        (2021, 110.0, "interpolated", (2020, 2022)),
        (2023, 121.0 * 1.05, "projected", (2022,)),
        (2018, 100.0 / 1.05**2, "projected", (2020,)),
    ],
)
def test_a_publisher_size_in_a_year(
    year: int, expected: float, how: str, from_years: tuple[int, ...]
) -> None:
    found = M.size_in_year({2020: 100.0, 2022: 121.0}, year, 5.0)
    assert (found.value, found.how, found.from_years) == (pytest.approx(expected), how, from_years)


def test_a_publisher_size_is_not_computable_without_a_size_or_a_rate() -> None:
    assert M.size_in_year({}, 2024, 5.0).how == ""
    assert math.isnan(M.size_in_year({2020: 100.0}, 2024, math.nan).value)


def test_the_implied_rate_prefers_the_stated_period() -> None:
    sizes = {2018: 50.0, 2020: 100.0, 2022: 121.0}
    assert M.implied_rate(sizes, (2020, 2022)) == (pytest.approx(10.0), (2020, 2022))
    assert M.implied_rate(sizes, (2020, 2030))[1] == (2018, 2022)
    assert math.isnan(M.implied_rate({2020: 1.0})[0])


# Totality: any finite number in, no exception and no infinity out.
EDGES = [0.0, -0.0, 5e-324, 2.2e-308, 1e-300, 1.0, 1e300, 1.7976931348623157e308, -1e308]
finite = st.one_of(st.sampled_from(EDGES), st.floats(allow_nan=False, allow_infinity=False))


def _no_infinity(result: object) -> None:
    """No infinite number anywhere in a float, a frame, a series or a tuple of them."""
    if isinstance(result, pd.DataFrame):
        numbers = result.select_dtypes("number")
        assert not numbers.isin([math.inf, -math.inf]).any().any(), numbers
    elif isinstance(result, pd.Series):
        if pd.api.types.is_numeric_dtype(result):
            assert not result.isin([math.inf, -math.inf]).any(), result
    elif isinstance(result, tuple):
        for item in result:
            _no_infinity(item)
    elif isinstance(result, dict):
        for item in result.values():
            _no_infinity(item)
    elif isinstance(result, float):
        assert not math.isinf(result), result


def hostile_figures(v: list[float]) -> pd.DataFrame:
    """A small market whose every number is drawn: sizes, shares and a stated CAGR."""
    return figures(
        [
            ("total", "All", 2020, "size", v[0]),
            ("total", "All", 2025, "size", v[1]),
            ("region", "A", 2020, "size", v[2]),
            ("region", "A", 2025, "size", v[3]),
            ("region", "B", 2020, "size", v[4]),
            ("region", "B", 2023, "size", v[5]),
            ("region", "C", 2020, "share", v[6]),
            ("end_user", "E", 2025, "share", v[7]),
            ("total", "All", 2025, "cagr", v[8], 2020),
        ]
    )


@settings(max_examples=60)
@given(st.lists(finite, min_size=9, max_size=9), finite, st.integers(-3, 40))
def test_every_metric_is_total_on_finite_input(values: list[float], x: float, n: int) -> None:
    table = hostile_figures(values)
    for result in (
        M.cagr_pct(values[0], values[1], n),
        M.grow(values[0], x, n),
        M.between(values[0], values[1], 0.5),
        M.size_in_year({2020: values[0], 2025: values[1]}, 2020 + n, x),
        M.implied_rate({2020: values[0], 2025: values[1]}, (2020, 2025)),
        M.finite_or_nan(x),
        M.sizes(table),
        M.interpolate_sizes(table),
        M.total_sizes(table),
        M.sizes_from_shares(table),
        M.shares_from_sizes(table),
        M.expand(table),
        M.shares_of_total(M.sizes(table, "region")),
        M.implied_cagrs(table, "region"),
        M.implied_rates(table, "region"),
        M.yoy_growth(M.sizes(table, "region")),
        M.sum_of_parts(table, "region"),
    ):
        _no_infinity(result)

"""Analyst assumptions: validated figure rows with basis=assumed, replaced and cleared."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.assumptions import (
    ANALYST,
    check_assumptions,
    clear_assumptions,
    editor_rows,
    effective_basis,
    has_assumptions,
    replace_assumptions,
)
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.problems import InvalidInput


def rows(*records: tuple[object, ...]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["segment", "year", "metric", "value", "note"])


def test_saved_rows_are_assumed_and_sourced_to_the_analyst(seed_market: Market) -> None:
    updated = replace_assumptions(
        seed_market,
        "product",
        rows(("Personalized Medicine Diagnostics", 2024, "share", 35, "guess")),
    )
    added = updated.figures[updated.figures["basis"] == "assumed"].iloc[0]
    assert (added["dimension"], added["segment"], added["value"], added["source"]) == (
        "product", "Personalized Medicine Diagnostics", 35.0, ANALYST,
    )  # fmt: skip


def test_the_input_market_is_not_changed(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    replace_assumptions(seed_market, "product", rows(("Oncology", 2024, "share", 30, "")))
    pd.testing.assert_frame_equal(seed_market.figures, before)


def test_replacing_drops_the_previous_assumptions_of_that_dimension_only(
    seed_market: Market,
) -> None:
    first = replace_assumptions(seed_market, "product", rows(("A", 2024, "share", 30, "")))
    first = replace_assumptions(first, "application", rows(("Oncology", 2024, "share", 40, "")))
    second = replace_assumptions(first, "product", rows(("B", 2024, "share", 20, "")))
    assumed = second.figures[second.figures["basis"] == "assumed"]
    assert sorted(assumed["segment"]) == ["B", "Oncology"]


def test_clear_removes_assumptions_and_keeps_reported_figures(seed_market: Market) -> None:
    updated = replace_assumptions(seed_market, "product", rows(("A", 2024, "share", 30, "")))
    cleared = clear_assumptions(updated, "product")
    assert not has_assumptions(cleared)
    pd.testing.assert_frame_equal(cleared.figures, seed_market.figures.reset_index(drop=True))


@pytest.mark.parametrize(
    ("record", "column", "fragment"),
    [
        (("A", 2024, "share", 140, ""), "value", "between 0 and 100"),
        (("A", 2024, "size", -5, ""), "value", "negative"),
        (("", 2024, "share", 10, ""), "segment", "empty"),
        (("A", 2024, "cagr", 10, ""), "metric", "size or a share"),
        (("A", "twenty", "share", 10, ""), "year", "not a year"),
    ],
)
def test_problems_name_the_editor_row_and_column(
    seed_market: Market, record: tuple[object, ...], column: str, fragment: str
) -> None:
    _, problems = check_assumptions(
        seed_market, "product", rows(("B", 2024, "share", 10, ""), record)
    )
    assert any(p.row == 2 and p.column == column and fragment in p.message for p in problems), (
        problems
    )


def test_an_assumption_cannot_restate_a_reported_figure(seed_market: Market) -> None:
    with pytest.raises(InvalidInput) as caught:
        replace_assumptions(seed_market, "region", rows(("Europe", 2024, "share", 30, "")))
    assert "already states" in caught.value.problems[0].message


def test_blank_rows_are_ignored(seed_market: Market) -> None:
    typed, problems = check_assumptions(
        seed_market, "product", rows((None, 2024, "share", None, ""))
    )
    assert typed.empty and not problems


def test_editor_rows_round_trip(seed_market: Market) -> None:
    entered = rows(("A", 2024, "share", 30.0, "why"), ("B", 2025, "size", 12.5, ""))
    updated = replace_assumptions(seed_market, "product", entered)
    pd.testing.assert_frame_equal(
        editor_rows(updated, "product"),
        entered.astype({"year": "Int64", "value": float})
        .sort_values(["segment", "metric", "year"])
        .reset_index(drop=True),
        check_dtype=False,
    )


def test_figures_derived_from_assumptions_count_as_assumed(seed_market: Market) -> None:
    updated = replace_assumptions(seed_market, "product", rows(("A", 2024, "share", 30, "")))
    full = expand(updated.figures)
    derived_size = full[(full["segment"] == "A") & (full["metric"] == "size")]
    assert effective_basis(derived_size).tolist() == ["assumed"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100 / 3, allow_nan=False), min_size=1, max_size=3))
def test_valid_shares_always_save_and_clear_restores_the_market(
    seed_market: Market, shares: list[float]
) -> None:
    entered = rows(*((f"S{i}", 2024, "share", v, "") for i, v in enumerate(shares)))
    updated = replace_assumptions(seed_market, "application", entered)
    assert sorted(updated.figures[updated.figures["basis"] == "assumed"]["value"]) == sorted(shares)
    assert len(clear_assumptions(updated).figures) == len(seed_market.figures)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(34, 100, allow_nan=False), min_size=3, max_size=3))
def test_shares_over_100_percent_are_refused(seed_market: Market, shares: list[float]) -> None:
    entered = rows(*((f"S{i}", 2024, "share", v, "") for i, v in enumerate(shares)))
    with pytest.raises(InvalidInput):
        replace_assumptions(seed_market, "application", entered)

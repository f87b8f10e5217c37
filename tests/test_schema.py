"""The interchange format: every problem found, each with its row and column."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.problems import Problem, errors_only
from pmdash.schema import SIZE_RANGE_USD_BN
from pmdash.validate import check_columns, check_figures, figures_schema

HEADER = ["market", "dimension", "segment", "year", "metric", "value", "base_year", "basis"]
GOOD = ["m", "total", "All", "2024", "size", "100", "", "reported"]


def _check(*rows: list[str], header: list[str] = HEADER) -> list[Problem]:
    raw = pd.DataFrame([dict(zip(header, r, strict=True)) for r in rows], columns=header)
    return check_figures(raw, "f.csv")[1]


def _only_error(problems: list[Problem]) -> Problem:
    errors = errors_only(problems)
    assert len(errors) == 1, errors
    return errors[0]


def test_a_valid_table_has_no_problem_and_typed_columns() -> None:
    raw = pd.DataFrame([dict(zip(HEADER, GOOD, strict=True))])
    typed, problems = check_figures(raw, "f.csv")
    assert problems == []
    figures_schema().validate(typed)
    assert typed.loc[0, "value"] == 100.0
    assert typed.loc[0, "year"] == 2024


@pytest.mark.parametrize(
    ("column", "cell", "fragment"),
    [
        ("year", "2024-01-01", "is not a year"),
        ("year", "n/a", "is not a year"),
        ("value", "n/a", "is not a number"),
        ("value", "inf", "not a finite number"),
        ("value", "nan", "not a finite number"),
        ("value", "", "is empty"),
        ("metric", "revenue", "expected one of size, share, cagr"),
        ("basis", "guessed", "expected one of reported, derived, assumed"),
        ("market", "Personalized Medicine", "lower-case letters"),
        ("dimension", "End User", "snake_case"),
        ("segment", "=HYPERLINK(1)", "formula"),
        ("segment", "@SUM(A1)", "formula"),
        ("segment", "x" * 201, "the limit is 200"),
        ("year", "1492", "outside"),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(column: str, cell: str, fragment: str) -> None:
    row = list(GOOD)
    row[HEADER.index(column)] = cell
    problem = _only_error(_check(row))
    assert (problem.row, problem.column) == (2, column)
    assert fragment in problem.message


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (["m", "total", "All", "2024", "size", "-1", "", ""], "value", "cannot be negative"),
        (["m", "region", "EU", "2024", "share", "101", "", ""], "value", "between 0 and 100"),
        (["m", "total", "All", "2034", "cagr", "5", "", ""], "base_year", "needs base_year"),
        (["m", "total", "All", "2034", "cagr", "5", "2034", ""], "base_year", "before year"),
        (["m", "total", "All", "2034", "cagr", "-100", "2025", ""], "value", "impossible"),
        (["m", "total", "All", "2034", "size", "5", "2025", ""], "base_year", "cagr rows only"),
        (["m", "total", "Europe", "2034", "size", "5", "", ""], "segment", "'All'"),
    ],
)
def test_a_rule_breaking_row_is_named(row: list[str], column: str, fragment: str) -> None:
    problem = _only_error(_check(row))
    assert (problem.row, problem.column) == (2, column)
    assert fragment in problem.message


def test_every_problem_is_reported_not_just_the_first() -> None:
    bad_year = ["m", "total", "All", "x", "size", "1", "", ""]
    bad_value = ["m", "region", "EU", "2024", "size", "-5", "", ""]
    bad_metric = ["m", "region", "US", "2024", "volume", "5", "", ""]
    problems = errors_only(_check(bad_year, bad_value, bad_metric))
    assert {p.row for p in problems} == {2, 3, 4}


def test_duplicates_name_every_row_involved() -> None:
    problems = errors_only(_check(GOOD, GOOD, GOOD))
    assert len(problems) == 1
    assert "rows 2, 3, 4" in problems[0].message


def test_thousands_separators_are_read_with_a_notice() -> None:
    row = list(GOOD)
    row[HEADER.index("value")] = "1,094.83"
    raw = pd.DataFrame([dict(zip(HEADER, row, strict=True))])
    typed, problems = check_figures(raw, "f.csv")
    assert typed.loc[0, "value"] == pytest.approx(1094.83)
    assert [p.severity for p in problems] == ["notice"]
    assert "thousands separator" in problems[0].message


def test_shares_over_100_in_total_are_an_error() -> None:
    rows = [["m", "region", s, "2024", "share", "60", "", ""] for s in ("A", "B")]
    problem = _only_error(_check(*rows))
    assert "add up to 120.00 %" in problem.message


def test_missing_and_misspelt_columns_are_named() -> None:
    problems = check_columns(["market", "dimenson", "segment", "year", "metric"], "f.csv")
    messages = {p.column: p.message for p in problems}
    assert "misspelling" in messages["dimension"]
    assert "required column is missing" in messages["value"]


def test_unknown_columns_are_ignored_with_a_notice() -> None:
    problems = check_columns([*HEADER, "comment_by"], "f.csv")
    assert [(p.column, p.severity) for p in problems] == [("comment_by", "notice")]


def test_a_header_without_rows_is_an_error() -> None:
    raw = pd.DataFrame(columns=HEADER)
    assert "no data rows" in _only_error(check_figures(raw, "f.csv")[1]).message


def test_problem_text_names_file_row_and_column() -> None:
    assert (
        str(Problem("f.csv", "is bad", 3, "value")) == "f.csv, row 3, column 'value': error: is bad"
    )


# issue 14: plausible values, digits, direction controls and links


def _value_problems(metric: str, value: str, base_year: str = "") -> list[Problem]:
    year = "2034" if metric == "cagr" else "2024"
    return errors_only(_check(["m", "total", "All", year, metric, value, base_year, ""]))


@pytest.mark.parametrize(
    ("metric", "value", "fragment"),
    [
        ("size", "0", "at least 0.000001"),
        ("size", "-0", "at least 0.000001"),
        ("size", "1e-300", "at least 0.000001"),
        ("size", "1000000.5", "is not plausible"),
        ("size", "1e308", "is not plausible"),
        ("size", "9" * 300, "is not plausible"),
        ("size", "1e309", "not a finite number"),
        ("cagr", "1e300", "is not plausible"),
        ("cagr", "1000.01", "is not plausible"),
        ("cagr", "-100", "impossible"),
        ("share", "100.01", "between 0 and 100"),
    ],
)
def test_an_implausible_value_is_refused_in_its_cell(
    metric: str, value: str, fragment: str
) -> None:
    base_year = "2024" if metric == "cagr" else ""
    problems = _value_problems(metric, value, base_year)
    assert [(p.row, p.column) for p in problems] == [(2, "value")]
    assert fragment in problems[0].message


@pytest.mark.parametrize(
    ("metric", "value"),
    [("size", "0.000001"), ("size", "1000000"), ("size", "5700"), ("cagr", "1000"),
     ("cagr", "-99.9"), ("share", "0"), ("share", "100")],
)  # fmt: skip
def test_the_bounds_themselves_are_accepted(metric: str, value: str) -> None:
    assert _value_problems(metric, value, "2024" if metric == "cagr" else "") == []


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_size_is_accepted_exactly_when_it_lies_in_the_plausible_range(size: float) -> None:
    low, high = SIZE_RANGE_USD_BN
    assert (_value_problems("size", repr(size)) == []) == (low <= size <= high)


def test_minus_zero_reads_as_zero() -> None:
    raw = pd.DataFrame(
        [dict(zip(HEADER, ["m", "region", "EU", "2024", "share", "-0", "", ""], strict=True))]
    )
    typed, problems = check_figures(raw, "f.csv")
    assert problems == [] and math.copysign(1, typed.loc[0, "value"]) == 1.0


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("value", "\u0661\u0662"),
        ("value", "１２"),
        ("value", "1\u06f0"),
        ("year", "\u0662\u0660\u0662\u0664"),
    ],
)
def test_digits_other_than_ascii_are_refused_with_row_and_column(column: str, cell: str) -> None:
    row = list(GOOD)
    row[HEADER.index(column)] = cell
    problem = _only_error(_check(row))
    assert (problem.row, problem.column) == (2, column)
    assert "digits other than 0-9" in problem.message


@pytest.mark.parametrize(
    "control", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)
@pytest.mark.parametrize("column", ["segment", "source", "note"])
def test_a_direction_control_is_refused_in_any_text_column(control: str, column: str) -> None:
    header = [*HEADER, "source", "note"]
    row = [*GOOD, "src", "a note"]
    row[header.index(column)] = f"North{control}America"
    problem = _only_error(_check(row, header=header))
    assert (problem.row, problem.column) == (2, column)
    assert f"U+{ord(control):04X}" in problem.message


@pytest.mark.parametrize(
    "name",
    [
        "[Sign in again](https://evil.example/login)",
        "![px](http://127.0.0.1:9999/p.png)",
        "**bold**",
    ],
)
def test_markup_like_names_stay_data(name: str) -> None:
    row = ["m", "region", name, "2024", "size", "5", "", ""]
    assert errors_only(_check(row)) == []  # the pages show it as plain text


@pytest.mark.parametrize("cell", ["North\nAmerica", "North\tAmerica", "North\u2028America"])
def test_a_name_is_one_line(cell: str) -> None:
    row = ["m", "region", cell, "2024", "size", "5", "", ""]
    assert "line break" in _only_error(_check(row)).message


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("cervicorn-2025", True),
        ("https://example.com/report", True),
        ("HTTP://EXAMPLE.COM", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("vbscript:msgbox", False),
        ("file:///etc/passwd", False),
    ],
)
def test_a_source_that_names_a_scheme_must_be_an_http_link(source: str, ok: bool) -> None:
    header = [*HEADER, "source"]
    problems = errors_only(_check([*GOOD, source], header=header))
    assert (problems == []) == ok, problems
    assert all(p.column == "source" for p in problems)

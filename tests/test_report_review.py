"""Reviewing a report page's proposals before import (pmdash.ui.report_import.review):
the review table, the rows it makes, problems named by its own rows, the audit."""

from __future__ import annotations

import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from pmdash.extract import extract_text
from pmdash.io import parse_figures
from pmdash.schema import COLUMNS
from pmdash.ui.report_import.review import (
    REVIEW_FILE,
    interchange_csv,
    interchange_rows,
    review,
    review_table,
)

PAGE = (
    "The global widget market was valued at USD 100 billion in 2024 and is expected to "
    "reach USD 200 billion by 2030, growing at a CAGR of 18% from 2024 to 2030. "
    "Europe held a 30% share in 2024."
)


def proposals() -> pd.DataFrame:
    return extract_text(PAGE).rows


def test_the_table_numbers_its_rows_from_one_and_shows_the_reviewed_columns() -> None:
    table = review_table(proposals())
    assert list(table.index) == [1, 2, 3, 4]
    assert list(table.columns) == [
        "dimension", "segment", "year", "metric", "value", "base_year", "basis", "note",
    ]  # fmt: skip
    assert table.loc[3, "note"].startswith("The global widget market")


def test_the_table_leaves_the_proposals_untouched() -> None:
    rows = proposals()
    before = rows.copy()
    review_table(rows.assign(note='=HYPERLINK("https://evil.example")'))
    pd.testing.assert_frame_equal(rows, before)


def test_a_formula_or_a_direction_control_in_the_page_is_shown_as_text() -> None:
    rows = proposals().assign(note='=HYPERLINK("https://evil.example","x")')
    rows.loc[0, "segment"] = "Nor\u202eth"
    table = review_table(rows)
    assert set(table["note"]) == {'\'=HYPERLINK("https://evil.example","x")'}
    assert table.loc[1, "segment"] == "North"


def test_a_sentence_longer_than_a_note_holds_is_cut() -> None:
    table = review_table(proposals().assign(note="word " * 1000))
    assert table["note"].str.len().max() == 2000 and table.loc[1, "note"].endswith("…")


def test_one_market_of_a_page_about_two_is_reviewed_alone() -> None:
    page = (
        "The global electric bus market was valued at USD 28.4 billion in 2024. "
        "The global electric truck market was USD 9.7 billion in 2024."
    )
    table = review_table(extract_text(page).rows, "electric-truck")
    assert list(table["value"]) == [9.7]


def test_the_set_once_fields_go_on_every_row_and_an_empty_added_row_is_dropped() -> None:
    table = review_table(proposals())
    table.loc[5] = pd.Series(dtype=object)
    rows = interchange_rows(table, market_id=" widgets ", source="acme-2025")
    assert list(rows.columns) == list(COLUMNS)
    assert list(rows.index) == [1, 2, 3, 4]
    assert set(rows["market"]) == {"widgets"} and set(rows["source"]) == {"acme-2025"}


def test_valid_rows_make_a_market_named_as_asked_and_its_audit() -> None:
    checked = review(review_table(proposals()), market_id="widgets", name="Widgets", source="")
    assert checked.problems == () and checked.market is not None
    assert checked.market.meta.name == "Widgets" and len(checked.market.figures) == 4
    cagr = next(f for f in checked.findings if f.check == "cagr_vs_sizes")
    # 18 % fits neither 2024–2030 (12.25 %) nor a period counted from 2025 (14.87 %).
    assert cagr.severity == "error" and "does not follow" in cagr.message


def test_an_edited_value_changes_the_audit() -> None:
    table = review_table(proposals())
    table.loc[table["metric"] == "cagr", "value"] = 12.25  # 100 → 200 in 6 years, not 18 %
    checked = review(table, market_id="widgets", name="", source="")
    cagr = next(f for f in checked.findings if f.check == "cagr_vs_sizes")
    assert cagr.severity == "info"


def test_problems_name_the_review_tables_own_rows_after_a_drop_and_an_add() -> None:
    table = review_table(proposals()).drop(index=[1])
    table.loc[5] = pd.Series(
        {"dimension": "region", "segment": "Asia", "year": 2024, "metric": "size"}
    )
    checked = review(table, market_id="widgets", name="", source="")
    assert checked.market is None
    assert [(p.file, p.row, p.column) for p in checked.errors] == [(REVIEW_FILE, 5, "value")]


def test_a_bad_market_id_is_one_problem_not_one_a_row() -> None:
    checked = review(review_table(proposals()), market_id="Widgets!", name="", source="")
    market_problems = [p for p in checked.errors if p.column == "market"]
    assert len(market_problems) == 1 and market_problems[0].row is None


def test_a_table_with_every_row_dropped_says_so() -> None:
    table = review_table(proposals()).iloc[0:0]
    checked = review(table, market_id="widgets", name="", source="")
    assert [p.message for p in checked.errors] == [
        "has no figures left; add a row or load the page again"
    ]


def test_the_csv_is_the_interchange_format_and_hands_a_spreadsheet_no_formula() -> None:
    table = review_table(proposals())
    table.loc[1, "note"] = "@SUM(1+1)"
    text = interchange_csv(interchange_rows(table, market_id="w", source="")).decode()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "note"] == "'@SUM(1+1)" and frame.loc[0, "year"] == "2024"


@given(
    st.lists(
        st.tuples(
            st.integers(1990, 2100),
            st.floats(1e-3, 1e5, allow_nan=False).map(lambda v: round(v, 6)),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda r: r[0],
    )
)
def test_the_csv_reads_back_as_the_same_figures(sizes: list[tuple[int, float]]) -> None:
    columns = {"dimension": "total", "segment": "All", "metric": "size", "basis": "reported"}
    table = pd.DataFrame(
        {**columns, "year": [y for y, _ in sizes], "value": [v for _, v in sizes], "note": ""}
    ).astype({"year": "Int64"})
    table["base_year"] = pd.array([None] * len(table), dtype="Int64")
    rows = interchange_rows(table, market_id="m", source="s")
    typed, problems = parse_figures(interchange_csv(rows), "r.csv")
    assert [p for p in problems if p.severity == "error"] == []
    assert list(typed["year"]) == [y for y, _ in sizes]
    assert list(typed["value"]) == [v for _, v in sizes]

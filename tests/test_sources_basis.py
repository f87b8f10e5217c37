"""sources.csv's edition and basis columns are checked like every other cell: each problem
names the file, the row and the column; nothing is guessed or converted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmdash.side_tables import check_side_table
from tests.test_io import _bundle_with

HEADER = "source,publisher,scope,edition_year,currency,price_basis,price_base_year,fx_basis\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "cervicorn-2025,Cervicorn,personalized medicine,2025,USD,constant,,",
            "sources.csv, row 2, column 'price_basis': error: 'constant' is not a price basis; "
            "expected nominal or real (leave it empty when the source does not say)",
        ),
        (
            "cervicorn-2025,Cervicorn,personalized medicine,2025,USD,real,20x4,",
            "sources.csv, row 2, column 'price_base_year': error: '20x4' is not a year",
        ),
        (
            "cervicorn-2025,Cervicorn,personalized medicine,1492,USD,,,",
            "sources.csv, row 2, column 'edition_year': error: 1492 is outside 1900–2200",
        ),
        (
            'cervicorn-2025,Cervicorn,personalized medicine,2025,USD,nominal,,"=HYPERLINK(""x"")"',
            "sources.csv, row 2, column 'fx_basis': error: starts with '='",
        ),
        (
            "cervicorn-2025,Cervicorn,personalized medicine,2025,USD,nominal,,aver\u202eage",
            "sources.csv, row 2, column 'fx_basis': error: contains the direction control U+202E",
        ),
        (
            "cervicorn-2025,Cervicorn,personalized medicine,2025,USD,<b>real</b>,,",
            "sources.csv, row 2, column 'price_basis': error: contains an HTML tag",
        ),
    ],
)
def test_a_basis_cell_is_checked_and_named(tmp_path: Path, row: str, expected: str) -> None:
    errors = _bundle_with(tmp_path, "sources.csv", HEADER + row + "\n")
    assert any(expected in e for e in errors), errors


def test_real_prices_without_a_year_are_a_notice_not_an_error() -> None:
    raw = pd.DataFrame(
        {"source": ["a", "b"], "price_basis": ["Real", "nominal"], "price_base_year": ["", ""]}
    )
    problems = check_side_table("sources", raw, "sources.csv")
    assert [str(p) for p in problems] == [
        "sources.csv, row 2, column 'price_base_year': note: real prices without "
        "price_base_year: in which year's money is not known"
    ]


def test_empty_basis_cells_mean_not_stated_and_pass(tmp_path: Path) -> None:
    raw = pd.DataFrame(
        {
            "source": ["a"], "edition_year": [""], "currency": ["USD"], "price_basis": [""],
            "price_base_year": [""], "fx_basis": [""],
        }
    )  # fmt: skip
    assert check_side_table("sources", raw, "sources.csv") == []

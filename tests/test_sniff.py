"""What a file's bytes are, whatever its name says (pmdash.sniff)."""

from __future__ import annotations

import io
import random
import zipfile

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.io import parse_figures
from pmdash.sniff import kind_problem, sniff, xlsx_sheets


def _workbook() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"market": ["m"]}).to_excel(writer, sheet_name="figures", index=False)
        pd.DataFrame({"note": ["x"]}).to_excel(writer, sheet_name="README", index=False)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


_RNG = random.Random(15)
RANDOM = bytes(_RNG.randrange(1, 256) for _ in range(300))  # no NUL byte


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"market,dimension,segment\nm,total,All\n", "csv"),
        ("Région,Größe\nÎle,1\n".encode("latin-1"), "csv"),
        ("Région,Größe\nÎle,1\n".encode(), "csv"),
        (_workbook(), "xlsx"),
        (b"PAR1\x15\x04PAR1", "parquet"),
        (_zip(), "a ZIP archive without a workbook inside"),
        (b"%PDF-1.7\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "an old Office file (.xls or .doc)"),
        (RANDOM, "binary data"),
    ],
    # Ids of their own: a workbook's bytes hold the time it was written, and the test
    # workers (pytest-xdist) must collect the same ids.
    ids=["csv", "latin-1", "utf-8", "xlsx", "parquet", "zip", "pdf", "png", "ole", "random"],
)
def test_a_file_is_known_by_its_bytes(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_random_bytes_named_csv_get_one_sentence_not_six_missing_columns() -> None:
    frame, problems = parse_figures(RANDOM, "random.csv")
    assert frame.empty and len(problems) == 1
    assert problems[0].message.startswith("is not a CSV, XLSX or Parquet file")
    assert "required column" not in problems[0].message


def test_a_workbook_named_csv_is_told_to_be_renamed() -> None:
    problem = kind_problem(_workbook(), "figures.csv")
    assert problem is not None and "rename it to .xlsx" in problem.message


@pytest.mark.parametrize("name", ["figures.xlsx", "figures.parquet", "figures.txt", "x"])
def test_other_extensions_are_left_to_their_readers(name: str) -> None:
    assert kind_problem(RANDOM, name) is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_any_utf8_text_without_control_characters_is_csv(text: str) -> None:
    assert sniff(text.encode()) in ("csv", "UTF-16 text") or text.startswith(
        ("%PDF-", "GIF8", "Rar!")
    )


def test_a_workbooks_sheets_are_named_in_order() -> None:
    assert xlsx_sheets(_workbook()) == ["figures", "README"]
    assert xlsx_sheets(b"not a workbook") == []

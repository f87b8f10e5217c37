"""Reading market files: encodings, separators, formats, and files that are not what they claim."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pmdash.export import template_csv, template_xlsx, to_csv, to_xlsx
from pmdash.io import bundle_from_bytes, parse_figures, read_bundle
from pmdash.model import Market
from pmdash.problems import InvalidInput, errors_only

CSV = (
    "market,dimension,segment,year,metric,value,base_year\n"
    "m,total,All,2024,size,100,\n"
    "m,total,All,2034,size,200,\n"
    "m,total,All,2034,cagr,7.18,2024\n"
)


def _errors(data: bytes, name: str) -> list[str]:
    return [p.message for p in errors_only(parse_figures(data, name)[1])]


def test_a_plain_csv_reads_cleanly() -> None:
    typed, problems = parse_figures(CSV.encode(), "m.csv")
    assert problems == []
    assert list(typed["value"]) == [100.0, 200.0, 7.18]


def test_a_byte_order_mark_is_read_with_a_notice() -> None:
    typed, problems = parse_figures(b"\xef\xbb\xbf" + CSV.encode(), "m.csv")
    assert len(typed) == 3
    assert [p.severity for p in problems] == ["notice"]


def test_latin1_is_read_with_a_notice() -> None:
    text = CSV.replace("m,total,All,2034,size", "m,region,Amérique,2034,size")
    typed, problems = parse_figures(text.encode("latin-1"), "m.csv")
    assert "Amérique" in set(typed["segment"])
    assert any("Latin-1" in p.message for p in problems)


def test_semicolons_are_read_with_a_notice() -> None:
    typed, problems = parse_figures(CSV.replace(",", ";").encode(), "m.csv")
    assert len(typed) == 3
    assert any("';'" in p.message for p in problems)


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "m.csv", "is empty"),
        (b"   \n", "m.csv", "is empty"),
        (b"PK\x03\x04garbage", "m.xlsx", "not a readable XLSX"),
        (b"not a workbook", "m.xlsx", "not an XLSX workbook"),
        (b"PAR1garbage", "m.parquet", "not a readable Parquet"),
        (b"a,b\n1,2\n", "m.txt", "expected .csv, .xlsx or .parquet"),
        (b"PK\x03\x04\x00\x00", "m.csv", "looks binary"),
    ],
)
def test_unreadable_files_get_one_clear_error(data: bytes, name: str, fragment: str) -> None:
    messages = _errors(data, name)
    assert len(messages) == 1 and fragment in messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "XLSX" in _errors(buffer.getvalue(), "m.xlsx")[0]


def test_files_over_the_cap_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMDASH_MAX_UPLOAD_MB", "1")
    big = CSV.encode() + b"m,total,All,2024,size,1,\n" * 50_000
    assert "the limit is 1 MB" in _errors(big, "m.csv")[0]


def test_xlsx_and_parquet_read_like_csv(tmp_path: Path) -> None:
    frame = pd.read_csv(io.StringIO(CSV))
    xlsx, parquet = io.BytesIO(), io.BytesIO()
    frame.to_excel(xlsx, index=False)
    frame.to_parquet(parquet)
    expected = parse_figures(CSV.encode(), "m.csv")[0]
    for data, name in ((xlsx.getvalue(), "m.xlsx"), (parquet.getvalue(), "m.parquet")):
        typed, problems = parse_figures(data, name)
        assert errors_only(problems) == []
        pd.testing.assert_frame_equal(typed, expected)


def test_parquet_rows_are_numbered_from_one() -> None:
    frame = pd.read_csv(io.StringIO(CSV)).assign(value=["1", "x", "3"])
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    problems = errors_only(parse_figures(buffer.getvalue(), "m.parquet")[1])
    assert [(p.row, p.column) for p in problems] == [(2, "value")]


def test_the_csv_template_is_documented_empty_and_names_every_column() -> None:
    text = template_csv()
    assert "market,dimension,segment,year,metric,value,base_year,basis,source,note" in text
    assert _errors(text.encode(), "template.csv") == ["has a header but no data rows"]


def test_rows_are_numbered_as_file_lines_after_template_comments() -> None:
    data = template_csv() + "m,total,All,2024,size,x,,,,\n"
    problems = errors_only(parse_figures(data.encode(), "t.csv")[1])
    line = data.splitlines().index("m,total,All,2024,size,x,,,,") + 1
    assert [(p.row, p.column) for p in problems] == [(line, "value")]


def test_the_xlsx_template_reads_back_as_empty() -> None:
    assert _errors(template_xlsx(), "template.xlsx") == ["has a header but no data rows"]


def test_a_file_holding_two_markets_is_refused() -> None:
    data = CSV + "other,total,All,2024,size,1,\n"
    with pytest.raises(InvalidInput, match="2 markets"):
        bundle_from_bytes(data.encode(), "m.csv")


def test_exports_read_back_as_the_same_market(seed_market: Market) -> None:
    again = bundle_from_bytes(to_csv(seed_market).encode(), "x.csv")
    pd.testing.assert_frame_equal(again.figures, seed_market.figures)
    workbook = bundle_from_bytes(to_xlsx(seed_market, []), "x.xlsx")
    assert len(workbook.figures) > len(seed_market.figures)  # stated + computed figures
    assert set(workbook.companies["company"]) == set(seed_market.companies["company"])


def test_a_folder_bundle_needs_a_figures_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"no figures\.csv"):
        read_bundle(tmp_path)


def test_exports_neutralise_formula_like_text(seed_market: Market) -> None:
    figures = seed_market.figures.copy()
    figures.loc[0, "note"] = '=HYPERLINK("http://evil")'
    figures.loc[1, "note"] = "@SUM(A1)"
    market = Market(meta=seed_market.meta, figures=figures)
    text = to_csv(market)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(market, [])))["figures"]
    cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "@")) for c in cells)

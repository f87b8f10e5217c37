"""Reading market files: encodings, separators, formats, and files that are not what they claim."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pmdash import readers
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


# issue 14: the side tables and market.toml are checked; every reader stops at the caps

SEED = Path(__file__).resolve().parents[1] / "data" / "sources" / "personalized-medicine"


def _bundle_with(tmp_path: Path, name: str, text: str) -> list[str]:
    """The seed market folder with one file replaced; the errors it gets, as text."""
    folder = tmp_path / "market"
    shutil.copytree(SEED, folder)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_bundle(folder)
    return [str(p) for p in errors_only(caught.value.problems)]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "companies.csv",
            "market,company\npersonalized-medicine,Acme\u202eevil\n",
            "companies.csv, row 2, column 'company': error: contains the direction control U+202E",
        ),
        (
            "segments.csv",
            "market,dimension,segment\npersonalized-medicine,region,Nor\u2067th\n",
            "segments.csv, row 2, column 'segment': error: contains the direction control U+2067",
        ),
        (
            "segments.csv",
            "market,dimension,segment,segment\npersonalized-medicine,region,A,B\n",
            "segments.csv, row 1, column 'segment': error: appears twice in the header",
        ),
        (
            "sources.csv",
            "source,url\ncervicorn-2025,javascript:alert(1)\n",
            "sources.csv, row 2, column 'url': error: is a 'javascript:' link",
        ),
        (
            "sources.csv",
            "source,url\ncervicorn-2025,ftp://example.com/x\n",
            "sources.csv, row 2, column 'url': error: is a 'ftp:' link",
        ),
        (
            "sources.csv",
            "source,url\ncervicorn-2025,www.example.com\n",
            "sources.csv, row 2, column 'url': error: is not a web address",
        ),
        (
            "sources.csv",
            "publisher\nAcme\n",
            "sources.csv, row 1, column 'source': error: required column is missing",
        ),
        (
            "claims.csv",
            "claim,dimension,segment,year\nlargest,Region Name,North America,2024\n",
            "claims.csv, row 2, column 'dimension': error: 'Region Name' is not allowed",
        ),
        (
            "claims.csv",
            "claim,dimension,segment,year\nlargest,region,North America,\u0662\u0660\u0662\u0664\n",
            "claims.csv, row 2, column 'year': error: '٢٠٢٤' is written with digits other than 0-9",
        ),
        (
            "estimates.csv",
            "market,dimension,segment,year,metric,value,source\n"
            "personalized-medicine,total,All,2024,size,1e308,x\n",
            "row 2, column 'value': error: a size over 1,000,000 (USD billions) is not plausible",
        ),
    ],
)
def test_a_side_table_cell_is_checked_and_named(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    errors = _bundle_with(tmp_path, name, text)
    assert any(expected in e for e in errors), errors


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('name = "Personalized\u202e medicine"', "market.toml, column 'name': error: contains the direction control U+202E"),
        ("name = 12", "market.toml, column 'name': error: must be text in quotes, not int"),
        ('name = "Two\\nlines"', "market.toml, column 'name': error: contains a line break"),
        ('base_year = "2024"', "market.toml, column 'base_year': error: must be a year"),
        ("base_year = 1492", "market.toml, column 'base_year': error: 1492 is outside 1900–2200"),
        ("base_year = 2034\nforecast_year = 2024", "base_year must be before forecast_year"),
        ('id = "another-market"', "names market 'another-market', but the figures are of 'personalized-medicine'"),
        ('definitions = "none"', "market.toml, column 'definitions': error: must be a table"),
        ('[definitions]\n"x\u2066y" = "text"', "column 'definitions.x\u2066y': error: the name contains the direction control"),
        ('[definitions]\nsize = 3', "column 'definitions.size': error: must be text in quotes"),
        ('market = "x"', "[market] must be a table"),
    ],
)  # fmt: skip
def test_market_toml_fields_are_checked_by_key(tmp_path: Path, toml: str, expected: str) -> None:
    errors = _bundle_with(tmp_path, "market.toml", toml + "\n")
    assert any(expected in e for e in errors), errors


def test_markup_like_text_in_side_tables_and_market_toml_stays_data(tmp_path: Path) -> None:
    folder = tmp_path / "market"
    shutil.copytree(SEED, folder)
    link = "[Sign in again](https://evil.example/login)"
    (folder / "companies.csv").write_text(f"market,company\npersonalized-medicine,{link}\n")
    (folder / "market.toml").write_text(f'name = "{link}"\nsurprise = 1\n')
    market = read_bundle(folder)
    assert market.meta.name == link and list(market.companies["company"]) == [link]


def test_an_oversized_market_toml_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    errors = _bundle_with(tmp_path, "market.toml", "# " + "x" * (1024 * 1024) + "\n")
    assert any("market.toml: error: is 1,024 KB; the limit is 1,024 KB" in e for e in errors)


def _table(rows: int, columns: int = 6) -> pd.DataFrame:
    header = ["market", "dimension", "segment", "year", "metric", "value"][:columns]
    header += [f"extra_{i}" for i in range(columns - len(header))]
    row = ["m", "region", "East", "2024", "size", "1"] + ["x"] * (columns - 6)
    return pd.DataFrame([[*row[:2], f"S{i}", *row[3:]] for i in range(rows)], columns=header)


def _as(frame: pd.DataFrame, suffix: str) -> bytes:
    buffer = io.BytesIO()
    if suffix == ".csv":
        return frame.to_csv(index=False).encode()
    if suffix == ".xlsx":
        frame.to_excel(buffer, index=False)
    else:
        frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _set_limit(monkeypatch: pytest.MonkeyPatch, name: str, value: int) -> None:
    """Lower one of pmdash.schema's limits in every reader module that uses it."""
    modules = (readers.base, readers.delimited, readers.xlsx, readers.parquet)
    users = [module for module in modules if hasattr(module, name)]
    assert users, name
    for module in users:
        monkeypatch.setattr(module, name, value)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_every_format_takes_the_row_cap_and_refuses_one_more(
    monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    _set_limit(monkeypatch, "MAX_ROWS", 5)
    assert _errors(_as(_table(5), suffix), f"m{suffix}") == []
    (message,) = _errors(_as(_table(6), suffix), f"m{suffix}")
    assert "rows; the limit is 5 a file" in message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_every_format_takes_the_column_cap_and_refuses_one_more(
    monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    _set_limit(monkeypatch, "MAX_COLUMNS", 8)
    assert _errors(_as(_table(2, 8), suffix), f"m{suffix}") == []
    (message,) = _errors(_as(_table(2, 9), suffix), f"m{suffix}")
    assert "columns; the limit is 8" in message


def test_a_csv_reads_quoted_line_breaks_short_rows_and_blank_lines() -> None:
    data = CSV.replace("m,total,All,2024,size,100,", "m,total,All,2024,size,100,\n\n") + (
        'm,region,East,2024,size,5,,,,"two\nlines"\nm,region,West,2024,size,5\n'
    )
    data = data.replace("base_year\n", "base_year,basis,source,note\n")
    typed, problems = parse_figures(data.encode(), "m.csv")
    assert errors_only(problems) == []
    assert list(typed["note"])[-2:] == ["two\nlines", ""]


def test_a_ragged_csv_row_is_named() -> None:
    (message,) = _errors((CSV + "m,total,All,2030,size,1,,,\n").encode(), "m.csv")
    assert message == "is not a readable CSV: row 5 has 9 cells, the header 7"


def test_a_workbook_read_only_by_its_first_sheet_keeps_its_side_sheets(seed_market: Market) -> None:
    workbook = bundle_from_bytes(to_xlsx(seed_market, []), "x.xlsx")
    assert set(workbook.sources["url"]) >= {u for u in seed_market.sources["url"] if u}


def test_the_same_bad_cell_on_many_rows_is_reported_on_each_row() -> None:
    # The cell rules run once per distinct value; every row still gets its own problem.
    lines = ["market,dimension,segment,year,metric,value"]
    lines += [f"m,region,=EVIL(),20x4,size,{v}" for v in ("ten", "ten", "2.5")]
    lines += ["m,region,Europe,2024,size,3", "m,region,=EVIL(),2025,size,ten"]
    _, problems = parse_figures("\n".join(lines).encode(), "repeat.csv")
    cells = sorted((p.column, p.row) for p in problems if p.severity == "error")
    assert cells == [
        ("segment", 2), ("segment", 3), ("segment", 4), ("segment", 6),
        ("value", 2), ("value", 3), ("value", 6),
        ("year", 2), ("year", 3), ("year", 4),
    ]  # fmt: skip

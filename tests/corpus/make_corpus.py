"""Writes the bad-input corpus (tests/corpus/bad/) and the files that are accepted with a
note (tests/corpus/interpreted/). Deterministic; rerun after changing a case:

    python tests/corpus/make_corpus.py

Each case names the message fragment it must produce (and the row/column when the
problem has one) in ``bad/expected.json``. The two very large cases (a 50 MB file and
a 1 M-row file) are not committed; ``big_cases()`` writes them on demand. ``hostile/``
holds the market, links and scenario names of tests/corpus/hostile_market.py.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
INTERPRETED = HERE / "interpreted"
HOSTILE = HERE / "hostile"
HEADER = "market,dimension,segment,year,metric,value,base_year,basis,source,note"
GOOD_ROWS = [
    "acme-widgets,total,All,2024,size,100,,reported,test,",
    "acme-widgets,total,All,2030,size,150,,reported,test,",
    "acme-widgets,region,North,2024,size,60,,reported,test,",
    "acme-widgets,region,South,2024,size,40,,reported,test,",
]


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _with(row: str) -> bytes:
    return _csv(*GOOD_ROWS, row)


def _frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def _xlsx(frame: pd.DataFrame) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: str) -> object:
    try:
        return float(value) if "." in value else int(value)
    except ValueError:
        return value or None


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _xlsx_with_sheet(table: str, frame: pd.DataFrame) -> bytes:
    """A valid figures workbook with one side table as a sheet of its name."""
    book = Workbook()
    figures = book.active
    assert figures is not None
    figures.title = "figures"
    rows = _frame(_csv(*GOOD_ROWS))
    figures.append(list(rows.columns))
    for row in rows.itertuples(index=False):
        figures.append([_cell(v) for v in row])
    side = book.create_sheet(table)
    side.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        side.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_not_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "this archive is not a workbook")
    return buffer.getvalue()


R = len(GOOD_ROWS) + 2  # file row of the appended bad row

# name: (bytes, message fragment, row, column)
CASES: dict[str, tuple[bytes, str, int | None, str | None]] = {
    "missing_value_column.csv": (
        _csv("acme-widgets,total,All,2024,size", header="market,dimension,segment,year,metric"),
        "required column is missing",
        1,
        "value",
    ),
    "misspelt_dimension_column.csv": (
        _csv(
            "acme-widgets,total,All,2024,size,1", header="market,dimenson,segment,year,metric,value"
        ),
        "misspelling",
        1,
        "dimension",
    ),
    "value_not_available.csv": (
        _with("acme-widgets,region,East,2024,size,n/a,,,,"),
        "is not a number",
        R,
        "value",
    ),
    "value_with_currency.csv": (
        _with("acme-widgets,region,East,2024,size,$12,,,,"),
        "is not a number",
        R,
        "value",
    ),
    "value_european_decimal.csv": (
        _with('acme-widgets,region,East,2024,size,"12,5",,,,'),
        "is not a number",
        R,
        "value",
    ),
    "date_as_year.csv": (
        _with("acme-widgets,region,East,2024-01-01,size,12,,,,"),
        "is not a year",
        R,
        "year",
    ),
    "fractional_year.csv": (
        _with("acme-widgets,region,East,2024.5,size,12,,,,"),
        "is not a year",
        R,
        "year",
    ),
    "year_out_of_range.csv": (
        _with("acme-widgets,region,East,1492,size,12,,,,"),
        "outside",
        R,
        "year",
    ),
    "unknown_metric.csv": (
        _with("acme-widgets,region,East,2024,revenue,12,,,,"),
        "expected one of size, share, cagr",
        R,
        "metric",
    ),
    "unknown_basis.csv": (
        _with("acme-widgets,region,East,2024,size,12,,guessed,,"),
        "expected one of reported, derived, assumed",
        R,
        "basis",
    ),
    "negative_size.csv": (
        _with("acme-widgets,region,East,2024,size,-12,,,,"),
        "cannot be negative",
        R,
        "value",
    ),
    "share_over_100.csv": (
        _with("acme-widgets,region,East,2024,share,140,,,,"),
        "between 0 and 100",
        R,
        "value",
    ),
    "negative_share.csv": (
        _with("acme-widgets,region,East,2024,share,-3,,,,"),
        "between 0 and 100",
        R,
        "value",
    ),
    "shares_sum_far_over_100.csv": (
        _csv(
            *GOOD_ROWS,
            "acme-widgets,end_user,A,2024,share,70,,,,",
            "acme-widgets,end_user,B,2024,share,60,,,,",
            "acme-widgets,end_user,C,2024,share,30,,,,",
        ),
        "add up to 160.00 %",
        None,
        "value",
    ),
    "duplicate_rows.csv": (_csv(*GOOD_ROWS, GOOD_ROWS[2]), "duplicate figure", 4, None),
    "cagr_without_base_year.csv": (
        _with("acme-widgets,total,All,2030,cagr,7,,,,"),
        "needs base_year",
        R,
        "base_year",
    ),
    "base_year_after_year.csv": (
        _with("acme-widgets,total,All,2030,cagr,7,2031,,,"),
        "before year",
        R,
        "base_year",
    ),
    "base_year_equals_year.csv": (
        _with("acme-widgets,total,All,2030,cagr,7,2030,,,"),
        "before year",
        R,
        "base_year",
    ),
    "base_year_on_a_size.csv": (
        _with("acme-widgets,region,East,2024,size,12,2020,,,"),
        "cagr rows only",
        R,
        "base_year",
    ),
    "cagr_below_minus_100.csv": (
        _with("acme-widgets,total,All,2030,cagr,-120,2024,,,"),
        "impossible",
        R,
        "value",
    ),
    "total_not_all.csv": (
        _with("acme-widgets,total,Everything,2024,size,12,,,,"),
        "segment 'All'",
        R,
        "segment",
    ),
    "empty.csv": (b"", "is empty", None, None),
    "blank_lines_only.csv": (b"\n\n  \n", "is empty", None, None),
    "header_only.csv": (_csv(), "no data rows", None, None),
    "formula_equals.csv": (
        _with('acme-widgets,region,=HYPERLINK("http://x"),2024,size,12,,,,'),
        "formula",
        R,
        "segment",
    ),
    "formula_plus.csv": (
        _with("acme-widgets,region,+1+1,2024,size,12,,,,"),
        "formula",
        R,
        "segment",
    ),
    "formula_minus.csv": (
        _with("acme-widgets,region,-2+3,2024,size,12,,,,"),
        "formula",
        R,
        "segment",
    ),
    "formula_at.csv": (
        _with("acme-widgets,region,@SUM(A1),2024,size,12,,,,"),
        "formula",
        R,
        "segment",
    ),
    "script_in_segment.csv": (
        _with("acme-widgets,region,<script>alert(1)</script>,2024,size,12,,,,"),
        "HTML tag",
        R,
        "segment",
    ),
    "html_in_source.csv": (
        _with("acme-widgets,region,East,2024,size,12,,,<img src=x onerror=alert(1)>,"),
        "HTML tag",
        R,
        "source",
    ),
    "control_characters.csv": (
        _with("acme-widgets,region,East\x07,2024,size,12,,,,"),
        "control characters",
        R,
        "segment",
    ),
    "very_long_segment.csv": (
        _with("acme-widgets,region," + "x" * 5000 + ",2024,size,12,,,,"),
        "the limit is 200",
        R,
        "segment",
    ),
    "nan_value.csv": (
        _with("acme-widgets,region,East,2024,size,NaN,,,,"),
        "not a finite number",
        R,
        "value",
    ),
    "infinite_value.csv": (
        _with("acme-widgets,region,East,2024,size,inf,,,,"),
        "not a finite number",
        R,
        "value",
    ),
    "two_markets.csv": (
        _with("other-market,region,East,2024,size,12,,,,"),
        "2 markets",
        None,
        "market",
    ),
    "market_id_with_spaces.csv": (
        _csv("Acme Widgets,total,All,2024,size,1,,,,"),
        "lower-case letters",
        2,
        "market",
    ),
    "dimension_not_snake_case.csv": (
        _with("acme-widgets,End User,East,2024,size,12,,,,"),
        "snake_case",
        R,
        "dimension",
    ),
    "empty_segment.csv": (_with("acme-widgets,region,,2024,size,12,,,,"), "is empty", R, "segment"),
    "ragged_row.csv": (
        _with("acme-widgets,region,East,2024,size,12,,,,,extra,cells"),
        "not a readable CSV",
        None,
        None,
    ),
    "png_named_csv.csv": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "looks binary",
        None,
        None,
    ),
    "corrupt.xlsx": (_xlsx(_frame(_csv(*GOOD_ROWS)))[:900], "not a readable XLSX", None, None),
    "zip_not_xlsx.xlsx": (_zip_not_xlsx(), "not a readable XLSX", None, None),
    "text_named_xlsx.xlsx": (_csv(*GOOD_ROWS), "not an XLSX workbook", None, None),
    "xlsx_wrong_columns.xlsx": (
        _xlsx(pd.DataFrame({"Region": ["North"], "Size 2024": ["60"]})),
        "required column is missing",
        1,
        "market",
    ),
    "xlsx_negative_size.xlsx": (
        _xlsx(_frame(_with("acme-widgets,region,East,2024,size,-12,,,,"))),
        "cannot be negative",
        R,
        "value",
    ),
    "xlsx_text_in_year.xlsx": (
        _xlsx(_frame(_with("acme-widgets,region,East,next year,size,12,,,,"))),
        "is not a year",
        R,
        "year",
    ),
    "xlsx_formula_text.xlsx": (
        _xlsx(_frame(_with("acme-widgets,region,@cmd,2024,size,12,,,,"))),
        "formula",
        R,
        "segment",
    ),
    "xlsx_header_only.xlsx": (_xlsx(_frame(_csv())), "no data rows", None, None),
    "parquet_wrong_schema.parquet": (
        _parquet(pd.DataFrame({"a": [1], "b": ["x"]})),
        "required column is missing",
        1,
        "market",
    ),
    "parquet_corrupt.parquet": (
        _parquet(_frame(_csv(*GOOD_ROWS)))[:60],
        "not a readable Parquet",
        None,
        None,
    ),
    "parquet_negative_size.parquet": (
        _parquet(_frame(_with("acme-widgets,region,East,2024,size,-12,,,,"))),
        "cannot be negative",
        R - 1,
        "value",
    ),
    "parquet_duplicates.parquet": (
        _parquet(_frame(_csv(*GOOD_ROWS, GOOD_ROWS[0]))),
        "duplicate figure",
        1,
        None,
    ),
    "parquet_nan_value.parquet": (
        _parquet(_frame(_csv(*GOOD_ROWS)).assign(value=[1.0, float("nan"), 2.0, 3.0])),
        "is empty",
        2,
        "value",
    ),
    # issue 14: implausible values and text that would mislead a reader
    "cagr_1e300.csv": (
        _with("acme-widgets,total,All,2030,cagr,1e300,2024,,,"),
        "is not plausible",
        R,
        "value",
    ),
    "size_1e308.csv": (
        _with("acme-widgets,region,East,2024,size,1e308,,,,"),
        "is not plausible",
        R,
        "value",
    ),
    "size_300_digits.csv": (
        _with("acme-widgets,region,East,2024,size," + "9" * 300 + ",,,,"),
        "is not plausible",
        R,
        "value",
    ),
    "zero_size.csv": (
        _with("acme-widgets,region,East,2024,size,0,,,,"),
        "at least 0.000001",
        R,
        "value",
    ),
    "minus_zero_size.csv": (
        _with("acme-widgets,region,East,2024,size,-0,,,,"),
        "at least 0.000001",
        R,
        "value",
    ),
    "arabic_indic_digits.csv": (
        _with("acme-widgets,region,East,2024,size,\u0661\u0662,,,,"),
        "digits other than 0-9",
        R,
        "value",
    ),
    "fullwidth_digit_year.csv": (
        _with("acme-widgets,region,East,\uff12\uff10\uff12\uff14,size,12,,,,"),
        "digits other than 0-9",
        R,
        "year",
    ),
    "bidi_override_segment.csv": (
        _with("acme-widgets,region,East\u202eredro,2024,size,12,,,,"),
        "direction control U+202E",
        R,
        "segment",
    ),
    "bidi_isolate_note.csv": (
        _with("acme-widgets,region,East,2024,size,12,,,,see \u2066appendix\u2069"),
        "direction control U+2066",
        R,
        "note",
    ),
    "line_break_in_segment.csv": (
        _with('acme-widgets,region,"East\n\n[Sign in](https://evil.example/x)",2024,size,12,,,,'),
        "line break",
        R,
        "segment",
    ),
    "javascript_source.csv": (
        _with("acme-widgets,region,East,2024,size,12,,,javascript:alert(1),"),
        "'javascript:' link",
        R,
        "source",
    ),
    "data_url_source.csv": (
        _with('acme-widgets,region,East,2024,size,12,,,"data:text/html;base64,PHNjcmlwdD4=",'),
        "'data:' link",
        R,
        "source",
    ),
    "xlsx_bidi_company.xlsx": (
        _xlsx_with_sheet(
            "companies", pd.DataFrame({"company": ["Acme \u202eevil"], "source": ["test"]})
        ),
        "direction control U+202E",
        2,
        "company",
    ),
    "xlsx_javascript_source_url.xlsx": (
        _xlsx_with_sheet(
            "sources", pd.DataFrame({"source": ["test"], "url": ["javascript:alert(1)"]})
        ),
        "'javascript:' link",
        2,
        "url",
    ),
    "xlsx_segment_sheet_without_segment.xlsx": (
        _xlsx_with_sheet("segments", pd.DataFrame({"dimension": ["region"], "name": ["x"]})),
        "required column is missing",
        1,
        "segment",
    ),
    "xlsx_claim_year_text.xlsx": (
        _xlsx_with_sheet(
            "claims",
            pd.DataFrame(
                {"claim": ["largest"], "dimension": ["region"], "segment": ["North"], "year": ["x"]}
            ),
        ),
        "'x' is not a year",
        2,
        "year",
    ),
}

INTERPRETED_CASES: dict[str, tuple[bytes, str]] = {
    "utf8_bom.csv": (b"\xef\xbb\xbf" + _csv(*GOOD_ROWS), "byte-order mark"),
    "latin1.csv": (
        _csv(*GOOD_ROWS, "acme-widgets,region,Amérique,2024,size,1,,,,").decode().encode("latin-1"),
        "Latin-1",
    ),
    "semicolons.csv": (_csv(*GOOD_ROWS).replace(b",", b";"), "separated by ';'"),
    "thousands_separators.csv": (
        _with('acme-widgets,region,East,2024,size,"1,094.83",,,,'),
        "thousands separator",
    ),
    "unknown_extra_column.csv": (
        _csv(*(r + ",x" for r in GOOD_ROWS), header=HEADER + ",reviewer"),
        "unknown column",
    ),
}


def big_cases(folder: Path) -> dict[str, tuple[Path, str]]:
    """The two very large cases, written into ``folder``: a 50 MB file and a 1 M-row file."""
    folder.mkdir(parents=True, exist_ok=True)
    fifty = folder / "fifty_megabytes.csv"
    if not fifty.exists():
        row = "acme-widgets,region,East,2024,size,12,,,,padding " + "x" * 200 + "\n"
        with fifty.open("w") as handle:
            handle.write(HEADER + "\n")
            handle.write(row * (50 * 1024 * 1024 // len(row) + 1))
    million = folder / "million_rows.parquet"
    if not million.exists():
        n = 1_000_000
        frame = pd.DataFrame(
            {
                "market": "acme-widgets", "dimension": "country",
                "segment": [f"C{i}" for i in range(n)], "year": 2024, "metric": "size", "value": 1.0,
            }
        )  # fmt: skip
        frame.to_parquet(million, index=False)
    return {
        fifty.name: (fifty, "the limit is 20 MB"),
        million.name: (million, "the limit is 200,000"),
    }


def main() -> None:
    BAD.mkdir(exist_ok=True)
    INTERPRETED.mkdir(exist_ok=True)
    expected = {}
    for name, (data, fragment, row, column) in CASES.items():
        (BAD / name).write_bytes(data)
        expected[name] = {"message": fragment, "row": row, "column": column}
    (BAD / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    notes = {}
    for name, (data, fragment) in INTERPRETED_CASES.items():
        (INTERPRETED / name).write_bytes(data)
        notes[name] = {"message": fragment}
    (INTERPRETED / "expected.json").write_text(json.dumps(notes, indent=2) + "\n")
    write_hostile(HOSTILE)
    print(f"wrote {len(CASES)} bad and {len(INTERPRETED_CASES)} interpreted cases, and hostile/")


def write_hostile(folder: Path) -> None:
    """The hostile market as a bundle, and the crafted links and scenario names, one a line
    (tests/corpus/hostile_market.py; the pages are checked against them in tests/app/test_markup.py)."""
    from pmdash.io import read_bundle
    from tests.corpus.hostile_market import (
        hostile_market,
        hostile_scenario_names,
        hostile_urls,
        write_bundle,
    )

    seed = read_bundle(HERE.parents[1] / "data" / "sources" / "personalized-medicine")
    write_bundle(hostile_market(seed), folder / "market")
    links = [f"/{'' if p == 'overview' else p}?{urlencode(q)}" for p, q in hostile_urls()]
    (folder / "urls.txt").write_text("\n".join(links) + "\n", encoding="utf-8")
    names = [json.dumps(n, ensure_ascii=False) for n in hostile_scenario_names()]
    (folder / "scenario-names.jsonl").write_text("\n".join(names) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

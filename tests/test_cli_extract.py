"""`pmdash extract FILE` as CONTRACT.md defines it: interchange rows as CSV or a JSON array,
questions on stderr, exit 1 naming a bad file, `-o` written atomically, nothing imported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

from pmdash.cli import app
from pmdash.schema import COLUMNS

CORPUS = Path(__file__).parent / "corpus" / "reports"
TWO_MARKETS = CORPUS / "09_two_markets.txt"
QUESTIONS = CORPUS / "17_questions_not_guesses.txt"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_csv_rows_on_stdout_are_interchange_rows() -> None:
    result = run("extract", str(TWO_MARKETS))
    assert result.exit_code == 0, result.stderr
    rows = pd.read_csv(io.StringIO(result.stdout))
    assert list(rows.columns) == list(COLUMNS)
    assert set(rows["basis"]) == {"reported"} and set(rows["source"]) == {TWO_MARKETS.name}
    assert set(rows["market"]) == {"electric-bus", "electric-truck"}
    assert "the page is about 2 markets" in result.stderr


def test_json_is_an_array_of_row_objects_with_the_interchange_columns() -> None:
    result = run("extract", str(CORPUS / "01_valued_then_reach.txt"), "--format", "json")
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [list(COLUMNS)] * 3
    assert rows[2] | {"note": ""} == {
        "market": "smart-glasses", "dimension": "total", "segment": "All", "year": 2032,
        "metric": "cagr", "value": 17.5, "base_year": 2025, "basis": "reported",
        "source": "01_valued_then_reach.txt", "note": "",
    }  # fmt: skip
    assert rows[0]["base_year"] is None and "USD 1.27 billion in 2024" in rows[0]["note"]


def test_market_names_the_pages_main_market() -> None:
    result = run("extract", str(CORPUS / "01_valued_then_reach.txt"), "--market", "ar-glasses")
    assert set(pd.read_csv(io.StringIO(result.stdout))["market"]) == {"ar-glasses"}


def test_questions_go_to_stderr_and_the_rows_stay_clean() -> None:
    result = run("extract", str(QUESTIONS))
    assert result.exit_code == 0
    assert len(pd.read_csv(io.StringIO(result.stdout))) == 1
    assert "question: no year for USD 16.5 billion" in result.stderr
    assert "question: currency INR not converted" in result.stderr
    assert "1 figure(s) proposed (ayurvedic products); 3 question(s)" in result.stderr


def test_output_file_is_written_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "proposals.csv"
    result = run("extract", str(CORPUS / "13_pdf_page.pdf"), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(pd.read_csv(out)) == 6 and [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: error: the file is empty"),
        ("random.md", bytes(range(256)) * 8, "random.md: error: is not a text, Markdown"),
    ],
)
def test_a_bad_file_exits_1_naming_it(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("extract", str(path))
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_50_mb_file_is_refused_from_its_size_alone(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: refused before a byte is read
    result = run("extract", str(path))
    assert result.exit_code == 1 and "huge.txt: the file is 50.0 MB; at most 20 MB" in result.stderr


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nowhere.html"))
    assert result.exit_code == 1 and "nowhere.html: no such file" in result.stderr


def test_an_unknown_format_is_a_usage_error() -> None:
    assert run("extract", str(TWO_MARKETS), "--format", "xml").exit_code == 2

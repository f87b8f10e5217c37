"""The `pmdash` console script as CONTRACT.md defines it: exit codes, stderr, JSON shapes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pmdash.model import Market
from pmdash.scenarios import Scenario, project
from tests.conftest import SAMPLE_FILE, SEED_BUNDLE

PMDASH = shutil.which("pmdash") or "pmdash"


def run(*args: str, data_dir: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    extra = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [PMDASH, *args, *extra],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_validate_accepts_the_seed_bundle() -> None:
    result = run("validate", str(SEED_BUNDLE))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_lists_every_problem_with_file_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "market,dimension,segment,year,metric,value\n"
        "m,total,All,2024,size,-1\n"
        "m,total,All,20x4,size,5\n"
        "m,region,EU,2024,share,140\n"
    )
    result = run("validate", str(bad))
    assert result.returncode == 1
    _no_traceback(result)
    assert "bad.csv, row 2, column 'value'" in result.stderr
    assert "bad.csv, row 3, column 'year'" in result.stderr
    assert "bad.csv, row 4, column 'value'" in result.stderr


def test_validate_of_a_missing_file_exits_1() -> None:
    result = run("validate", "/nonexistent/market.csv")
    assert result.returncode == 1 and "does not exist" in result.stderr
    _no_traceback(result)


def test_a_usage_error_exits_2() -> None:
    assert run("project").returncode == 2
    assert run("no-such-command").returncode == 2


def test_import_adds_a_market_and_markets_lists_it(data_dir: Path) -> None:
    assert run("import", str(SAMPLE_FILE), data_dir=data_dir).returncode == 0
    listed = json.loads(run("markets", "--format", "json", data_dir=data_dir).stdout)
    assert [m["id"] for m in listed] == ["personalized-medicine", "sample-robotics"]
    assert listed[0]["years"] == [2024, 2034]
    assert {"id", "name", "years", "dimensions", "sources"} <= set(listed[0])


def test_an_invalid_import_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "market,dimension,segment,year,metric,value\npersonalized-medicine,total,All,2024,size,oops\n"
    )
    result = run("import", str(bad), data_dir=data_dir)
    assert result.returncode == 1 and "nothing was imported" in result.stderr
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


def test_the_environment_variable_names_the_data_dir(data_dir: Path) -> None:
    result = run("markets", PMDASH_DATA_DIR=str(data_dir))
    assert result.stdout.startswith("personalized-medicine")


def test_audit_json_has_the_contract_fields(data_dir: Path) -> None:
    result = run(
        "audit", "--market", "personalized-medicine", "--format", "json", data_dir=data_dir
    )
    assert result.returncode == 1  # the report's stated CAGR fails the check
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and findings
    for finding in findings:
        assert {"check", "subject", "stated", "computed", "severity", "message"} <= set(finding)
        assert finding["severity"] in {"error", "warning", "info"}
    assert findings[0]["check"] == "cagr_vs_sizes" and findings[0]["stated"] == 11.37


def test_audit_can_be_told_not_to_fail(data_dir: Path) -> None:
    assert run("audit", "--fail-on", "never", data_dir=data_dir).returncode == 0


def test_project_without_overrides_gives_the_source_figures(data_dir: Path) -> None:
    result = run(
        "project", "--market", "personalized-medicine", "--format", "json", data_dir=data_dir
    )
    rows = json.loads(result.stdout)
    assert set(rows[0]) == {"segment", "year", "size"}
    at_2034 = {r["segment"]: r["size"] for r in rows if r["year"] == 2034}
    assert at_2034 == {
        "All": 1094.83,
        "North America": 492.24,
        "Europe": 314.44,
        "Asia-Pacific": 192.03,
        "LAMEA": 96.13,
    }


def test_project_with_a_global_and_a_region_rate(data_dir: Path) -> None:
    result = run(
        "project", "--market", "personalized-medicine", "--cagr", "10", "--set", "Asia-Pacific=12",
        "--to-year", "2040", "--format", "json", data_dir=data_dir,
    )  # fmt: skip
    rows = {(r["segment"], r["year"]): r["size"] for r in json.loads(result.stdout)}
    assert rows[("Europe", 2040)] == pytest.approx(166.04 * 1.1**16, rel=1e-6)
    assert rows[("Asia-Pacific", 2040)] == pytest.approx(101.41 * 1.12**16, rel=1e-6)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--set", "Atlantis=5"), "no region 'Atlantis'"),
        (("--set", "europe=fast"), "not a number"),
        (("--cagr", "-150"), "out of range"),
        (("--from-year", "1990"), "sizes exist for"),
        (("--to-year", "2020"), "must be after"),
    ],
)
def test_project_rejects_bad_values_clearly(
    data_dir: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = run("project", "--market", "personalized-medicine", *args, data_dir=data_dir)
    assert result.returncode == 1 and fragment in result.stderr
    _no_traceback(result)


def test_an_unknown_market_is_named(data_dir: Path) -> None:
    result = run("project", "--market", "nope", data_dir=data_dir)
    assert result.returncode == 1 and "no market 'nope'" in result.stderr


def test_export_csv_goes_to_stdout_in_the_interchange_format(data_dir: Path) -> None:
    result = run(
        "export", "--market", "personalized-medicine", "--format", "csv", data_dir=data_dir
    )
    assert (
        result.stdout.splitlines()[0]
        == "market,dimension,segment,year,metric,value,base_year,basis,source,note"
    )
    assert "1094.83" in result.stdout


def test_export_xlsx_needs_an_output_file_and_writes_formatted_sheets(
    data_dir: Path, tmp_path: Path
) -> None:
    assert (
        run(
            "export", "--market", "personalized-medicine", "--format", "xlsx", data_dir=data_dir
        ).returncode
        == 2
    )
    out = tmp_path / "pm.xlsx"
    result = run(
        "export",
        "--market",
        "personalized-medicine",
        "--format",
        "xlsx",
        "-o",
        str(out),
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    book = load_workbook(out)
    assert {"figures", "sources", "audit", "companies", "about"} <= set(book.sheetnames)
    assert book["figures"]["A1"].font.bold


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_writes_an_empty_documented_file(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"template.{fmt}"
    assert run("template", "--format", fmt, "-o", str(out)).returncode == 0
    validated = run("validate", str(out))
    assert validated.returncode == 1 and "no data rows" in validated.stderr


def test_help_lists_every_contract_command() -> None:
    text = run("--help").stdout
    contract = [
        "validate",
        "import",
        "template",
        "markets",
        "audit",
        "project",
        "extract",
        "export",
    ]
    for command in contract:
        assert command in text


def test_project_with_a_shock_matches_the_engine(data_dir: Path, seed_market: Market) -> None:
    result = run(
        "project", "--market", "personalized-medicine", "--cagr", "8", "--shock-year", "2027",
        "--shock", "-10", "--format", "json", data_dir=data_dir,
    )  # fmt: skip
    rows = {(r["segment"], r["year"]): r["size"] for r in json.loads(result.stdout)}
    engine = project(seed_market.figures, Scenario(cagr_pct=8.0, shock_year=2027, shock_pct=-10.0))
    expected = engine[engine["year"] == 2030].set_index("segment")["size_usd_bn"]
    assert rows[("All", 2030)] == pytest.approx(expected["All"], abs=1e-6)


def test_a_shock_needs_its_year(data_dir: Path) -> None:
    result = run(
        "project", "--market", "personalized-medicine", "--shock", "-10", data_dir=data_dir
    )
    assert result.returncode == 1 and "--shock-year" in result.stderr

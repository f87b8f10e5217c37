"""`pmdash simulate` as a user runs it: the contract's JSON, the deterministic path at
zero spread, clear messages for bad options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run

MARKET = ("--market", "personalized-medicine")
PERCENTILES = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]


def test_zero_spread_gives_exactly_the_projection(data_dir: Path) -> None:
    scenario = ("--cagr", "9", "--set", "asia-pacific=12", "--to-year", "2036")
    simulated = run("simulate", *MARKET, *scenario, "--spread", "0", "--format", "json",
                    data_dir=data_dir)  # fmt: skip
    projected = run("project", *MARKET, *scenario, "--format", "json", data_dir=data_dir)
    assert simulated.returncode == 0, simulated.stderr
    rows, expected = json.loads(simulated.stdout), json.loads(projected.stdout)
    assert [(r["segment"], r["year"]) for r in rows] == [
        (r["segment"], r["year"]) for r in expected
    ]
    for row, exact in zip(rows, expected, strict=True):
        assert [row[p] for p in PERCENTILES] == [exact["size"]] * 7


def test_json_is_the_contracts_percentile_array(data_dir: Path) -> None:
    result = run("simulate", *MARKET, "--draws", "2000", "--seed", "3", "--format", "json",
                 data_dir=data_dir)  # fmt: skip
    rows = json.loads(result.stdout)
    assert set(rows[0]) == {"segment", "year", *PERCENTILES}
    last = [r for r in rows if r["segment"] == "All"][-1]
    assert last["year"] == 2034
    assert last["p5"] < last["p25"] < last["p50"] < last["p75"] < last["p95"]
    again = run("simulate", *MARKET, "--draws", "2000", "--seed", "3", "--format", "json",
                data_dir=data_dir)  # fmt: skip
    assert again.stdout == result.stdout


def test_text_says_where_the_spread_comes_from_and_the_chance(data_dir: Path) -> None:
    result = run("simulate", *MARKET, "--to-year", "2030", "--passes", "850", "--by", "2030",
                 data_dir=data_dir)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "the 3 publishers sizing the same scope" in result.stdout
    assert "Chance the market passes USD 850.0 bn by 2030:" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--spread", "50"), "--spread 50.0: must be between 0 and 20 points"),
        (("--correlation", "1.5"), "--correlation 1.5: must be between 0 and 1"),
        (("--draws", "0"), "--draws 0: must be between 1 and 100,000"),
        (("--seed", "-1"), "--seed -1: must be between 0 and"),
        (("--shock-chance", "120"), "--shock-chance 120.0: must be between 0 and 100 %"),
        (("--set", "Mars=3"), "no region 'Mars'"),
        (("--to-year", "2020"), "--to-year 2020: must be after 2024"),
        (("--passes", "900", "--format", "json"), "--passes is printed with --format text"),
    ],
)
def test_bad_options_exit_1_with_a_clear_message(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("simulate", *MARKET, *args, data_dir=data_dir)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_usage_error_exits_2(data_dir: Path) -> None:
    assert run("simulate", *MARKET, "--draws", "many", data_dir=data_dir).returncode == 2

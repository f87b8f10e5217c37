"""`pmdash goal` and `pmdash project --preset` (CONTRACT.md), through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pmdash import urlstate
from pmdash.cli import app
from pmdash.model import Market
from pmdash.scenarios import frame_of, presets_of, project
from pmdash.store import DataStore

MARKET = ("--market", "personalized-medicine")


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)])


def _json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_goal_json_has_the_contract_keys(data_dir: Path) -> None:
    found = _json(
        run(data_dir, "goal", *MARKET, "--size", "1500", "--year", "2034", "--format", "json")
    )
    assert isinstance(found, dict)
    assert found["cagr_pct"] == pytest.approx(10.003328, abs=1e-6)
    assert (found["from_year"], found["from_size"]) == (2024, 578.14)
    assert found["scope"] == "market" and found["method"] == "closed form"


def test_goal_round_trips_through_project(data_dir: Path) -> None:
    found = _json(
        run(data_dir, "goal", *MARKET, "--size", "1500", "--year", "2034", "--format", "json")
    )
    assert isinstance(found, dict)
    rows = _json(
        run(data_dir, "project", *MARKET, "--cagr", repr(found["cagr_pct"]), "--format", "json")
    )
    assert isinstance(rows, list)
    total = next(r["size"] for r in rows if r["segment"] == "All" and r["year"] == 2034)
    assert total == pytest.approx(1500.0, abs=1e-6)


def test_goal_for_a_region_from_another_year(data_dir: Path) -> None:
    found = _json(
        run(data_dir, "goal", *MARKET, "--size", "300", "--year", "2030", "--from-year", "2026",
            "--region", "asia-pacific", "--format", "json")
    )  # fmt: skip
    assert isinstance(found, dict)
    assert (found["from_year"], found["region"], found["scope"]) == (2026, "Asia-Pacific", "region")
    assert found["from_size"] == pytest.approx(115.23, abs=0.01)


def test_goal_through_one_region(data_dir: Path) -> None:
    found = _json(
        run(data_dir, "goal", *MARKET, "--size", "1500", "--year", "2034", "--via", "LAMEA",
            "--format", "json")
    )  # fmt: skip
    assert isinstance(found, dict)
    assert found["scope"] == "market_by_region" and found["cagr_pct"] > 20


def test_goal_text_reads_as_a_sentence(data_dir: Path) -> None:
    result = run(data_dir, "goal", *MARKET, "--size", "1500", "--year", "2034")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Personalized medicine: the market reaches USD 1,500.0 bn in 2034 growing 10.00 % a year "
        "from 2024 (USD 578.1 bn)."
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--size", "10", "--year", "2034"), "--size: USD 10.0 bn in 2034 is below reach"),
        (
            ("--size", "1e9", "--year", "2034"),
            "bn in 2034 is beyond reach: even with growth at 40 %",
        ),
        (("--size", "-5", "--year", "2034"), "--size: Enter a target size above zero"),
        (("--size", "900", "--year", "2024"), "--year: The target year must come after 2024"),
        (("--size", "900", "--year", "2030", "--from-year", "2010"), "--from-year: No size"),
        (("--size", "900", "--year", "2030", "--region", "Mars"), "--region: No region 'Mars'"),
        (("--size", "900", "--year", "2030", "--via", "Mars"), "--via: No region 'Mars'"),
        (("--size", "9", "--year", "2030", "--via", "Europe", "--region", "LAMEA"), "choose one"),
    ],
)
def test_goal_out_of_reach_exits_1_with_why(
    data_dir: Path, args: tuple[str, ...], says: str
) -> None:
    result = run(data_dir, "goal", *MARKET, *args)
    assert result.exit_code == 1
    assert says in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    "name", ["as-reported", "headline", "conservative", "optimistic", "consensus"]
)
def test_project_preset_is_the_studio_s_preset(
    data_dir: Path, seed_market: Market, name: str
) -> None:
    rows = _json(run(data_dir, "project", *MARKET, "--preset", name, "--format", "json"))
    studio = name.replace("as-reported", "reported")
    frame = frame_of(seed_market.figures)
    presets = presets_of(seed_market, frame)[0]
    scenario, notices = urlstate.parse({"preset": studio}, frame, presets)
    assert notices == [] and scenario.preset == studio
    expected = project(seed_market.figures, scenario, frame)
    assert rows == [
        {"segment": s, "year": int(y), "size": round(float(v), 6)}
        for s, y, v in zip(
            expected["segment"], expected["year"], expected["size_usd_bn"], strict=True
        )
    ]


def test_project_preset_then_cagr_and_set_adjust_it(data_dir: Path, seed_market: Market) -> None:
    rows = _json(
        run(data_dir, "project", *MARKET, "--preset", "headline", "--set", "Europe=3",
            "--to-year", "2030", "--format", "json")
    )  # fmt: skip
    assert isinstance(rows, list)
    frame = frame_of(seed_market.figures)
    presets = presets_of(seed_market, frame)[0]
    link = {"preset": "headline", "cagr_europe": "3", "to": "2030"}
    scenario, _ = urlstate.parse(link, frame, presets)
    expected = project(seed_market.figures, scenario, frame)
    assert [r["size"] for r in rows] == [round(float(v), 6) for v in expected["size_usd_bn"]]
    assert rows[0]["year"] == 2025  # the headline CAGR's own base year


def test_project_preset_with_a_common_rate_replaces_the_preset_s(data_dir: Path) -> None:
    optimistic = _json(
        run(
            data_dir,
            "project",
            *MARKET,
            "--preset",
            "optimistic",
            "--cagr",
            "5",
            "--format",
            "json",
        )
    )
    plain = _json(run(data_dir, "project", *MARKET, "--cagr", "5", "--format", "json"))
    assert optimistic == plain


def test_a_preset_the_market_cannot_offer_exits_1(data_dir: Path, sample_market: Market) -> None:
    DataStore(data_dir).save(sample_market)
    result = run(data_dir, "project", "--market", sample_market.id, "--preset", "consensus")
    assert result.exit_code == 1
    assert (
        "--preset consensus: Consensus is not offered: no other publisher's estimate is recorded."
        in result.stderr
    )


def test_project_preset_consensus_draws_on_the_markets_own_scope_only(data_dir: Path) -> None:
    rows = _json(run(data_dir, "project", *MARKET, "--preset", "consensus", "--format", "json"))
    total = {r["year"]: r["size"] for r in rows if r["segment"] == "All"}
    # 8.91 % a year: Grand View (6.20 % stated) and Precedence (11.61 % implied), not the
    # precision-medicine publishers' 10.64 % (the same number the studio and the audit give).
    assert total[2034] == pytest.approx(1357.41, abs=0.01)


def test_an_unknown_preset_is_a_usage_error(data_dir: Path) -> None:
    assert run(data_dir, "project", *MARKET, "--preset", "bullish").exit_code == 2


def test_goal_through_a_region_says_what_the_region_and_market_do_as_reported(
    data_dir: Path,
) -> None:
    result = run(data_dir, "goal", *MARKET, "--size", "1500", "--year", "2034", "--via", "Europe")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Personalized medicine: the market (only Europe's growth moving) reaches USD 1,500.0 bn "
        "in 2034 growing 15.79 % a year from 2024 (USD 578.1 bn).",
        "As reported: Europe grows 6.59 % a year and the market is USD 1,094.8 bn in 2034.",
    ]

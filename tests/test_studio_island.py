"""The studio's JavaScript projects exactly as Python does: the same cases through both.

Chromium loads ``studio.js`` as a module and runs its ``project`` / ``outcome`` on
1,000+ generated scenarios (regions, shocks, start and target years, extrapolation
past the report) and on every preset; each number must equal
:func:`pmdash.scenarios.project` / :func:`~pmdash.scenarios.outcome` to 1e-9 relative.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pmdash import urlstate
from pmdash.model import Market
from pmdash.scenarios import (
    Scenario,
    as_reported,
    frame_of,
    outcome,
    presets_of,
    project,
)
from pmdash.studio_spec import scenario_json, studio_spec
from pmdash.tables import studio as rules
from pmdash.ui.studio_island import script
from tests.conftest import figures
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

RELATIVE = 1e-9
CASES = 1000


@pytest.fixture(scope="module")
def studio_page() -> Iterator[Any]:
    """A blank Chromium page with the island's script (fan.js + studio.js) as ``window.studio``."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_content("<!doctype html><title>studio</title>")
        page.evaluate(
            """async (source) => {
                const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
                window.studio = await import(url);
            }""",
            script(),
        )
        yield page
        browser.close()


def _browser(page: Any, spec: dict[str, Any], scenarios: list[Scenario]) -> list[dict[str, Any]]:
    """Each scenario's projection and outcome as the browser computes them."""
    result: list[dict[str, Any]] = page.evaluate(
        """([spec, cases]) => cases.map((sc) => {
            const path = window.studio.project(spec, sc);
            const o = window.studio.outcome(spec, sc);
            return {years: path.years, parts: path.parts, shares: path.shares, total: path.total,
                    end: o.last, reported: o.reported, cagr: o.cagr, reportedCagr: o.reportedCagr};
        })""",
        [spec, [scenario_json(s) for s in scenarios]],
    )
    return result


def _close(a: float | None, b: float) -> bool:
    if a is None:  # JSON carries NaN as null
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=RELATIVE, abs_tol=1e-12)


def _assert_same(market: Market, spec: dict[str, Any], page: Any, cases: list[Scenario]) -> None:
    frame = frame_of(market.figures)
    got = _browser(page, spec, cases)
    baselines: dict[int, pd.DataFrame] = {}
    for scenario, js in zip(cases, got, strict=True):
        table = project(market.figures, scenario, frame)
        keys = list(zip(table["segment"], table["year"], strict=True))
        size = dict(zip(keys, table["size_usd_bn"], strict=True))
        share = dict(zip(keys, table["share_pct"], strict=True))
        years = sorted(set(table["year"]))
        assert js["years"] == years, scenario
        for a, year in zip(js["total"], years, strict=True):
            assert _close(a, size["All", year]), (scenario, year, a)
        if frame.dimension != "total":
            for i, part in enumerate(frame.parts):
                for a, b, year in zip(js["parts"][i], js["shares"][i], years, strict=True):
                    assert _close(a, size[part, year]), (scenario, part, year, a)
                    assert _close(b, share[part, year]), (scenario, part, year, b)
        end = scenario.end_year or frame.last_year
        if end not in baselines:
            baselines[end] = project(market.figures, as_reported(scenario, frame), frame)
        result = outcome(market.figures, scenario, frame, projection=table, baseline=baselines[end])
        assert _close(js["end"], result.end_usd_bn), scenario
        assert _close(js["reported"], result.reported_usd_bn), scenario
        assert _close(js["cagr"], result.cagr_pct), scenario


def generated(market: Market, count: int, seed: int) -> list[Scenario]:
    """``count`` valid scenarios: any start and target year (past the report too), a
    global rate or none, some regions' own rates, a shock or none."""
    frame = frame_of(market.figures)
    rng = random.Random(seed)
    starts = urlstate.start_years(frame)
    latest = urlstate.max_target_year(frame)
    low, high = urlstate.RATE_RANGE_PCT
    cases: list[Scenario] = []
    for _ in range(count):
        start = rng.choice(starts)
        end = rng.randint(start + 1, latest)
        cagr = round(rng.uniform(low, high), rng.choice([1, 2, 6])) if rng.random() < 0.6 else None
        rates: dict[str, float] = {}
        if frame.dimension != "total":
            for part in frame.parts:
                if rng.random() < 0.3:
                    rates[part] = round(rng.uniform(low, high), 1)
        shock_year, shock_pct = None, 0.0
        if rng.random() < 0.35:
            shock_year = rng.randint(start + 1, end)
            shock_pct = round(rng.uniform(-90.0, 100.0), 1)
        overrides = tuple(sorted(rates.items()))
        scenario = Scenario("custom", start, end, cagr, overrides, shock_year, shock_pct)
        cases.append(scenario)
    # As reported over every horizon: the source's stated total where it has one.
    cases += [Scenario(start_year=s, end_year=e) for s in starts for e in (s + 1, latest)]
    return cases


def test_the_browser_projects_the_shipped_market_as_python_does(
    studio_page: Any, seed_market: Market
) -> None:
    cases = generated(seed_market, CASES, seed=17)
    assert len(cases) >= 1000
    assert any((s.end_year or 0) > frame_of(seed_market.figures).last_year for s in cases)
    _assert_same(seed_market, studio_spec(seed_market), studio_page, cases)


def test_the_browser_projects_the_sample_market_as_python_does(
    studio_page: Any, sample_market: Market
) -> None:
    _assert_same(
        sample_market, studio_spec(sample_market), studio_page, generated(sample_market, 100, 5)
    )


def test_a_market_without_regions_grows_as_one_in_both(studio_page: Any) -> None:
    rows = figures(
        [
            ("total", "All", 2024, "size", 100.0),
            ("total", "All", 2027, "size", 133.1),
            ("total", "All", 2030, "size", 160.0),
        ]
    )
    market = Market(meta=_meta("one"), figures=rows)
    spec = studio_spec(market)
    assert spec["dimension"] == "total" and [p["name"] for p in spec["parts"]] == ["All"]
    _assert_same(market, spec, studio_page, generated(market, 60, 3))


@pytest.mark.parametrize("market_name", ["seed_market", "sample_market"])
def test_every_preset_gives_the_same_numbers_in_both(
    studio_page: Any, market_name: str, request: pytest.FixtureRequest
) -> None:
    market: Market = request.getfixturevalue(market_name)
    spec = studio_spec(market)
    frame = frame_of(market.figures)
    presets = presets_of(market, frame)[0]
    assert [p["name"] for p in spec["presets"]] == list(presets)
    for entry in spec["presets"]:
        assert entry["scenario"] == scenario_json(presets[entry["name"]])
    _assert_same(market, spec, studio_page, list(presets.values()))


def test_the_browser_writes_the_links_python_reads(studio_page: Any, seed_market: Market) -> None:
    spec = studio_spec(seed_market)
    frame = frame_of(seed_market.figures)
    cases = generated(seed_market, 300, 11)
    params = studio_page.evaluate(
        "([spec, cases]) => cases.map((sc) => window.studio.toParams(spec, sc))",
        [spec, [scenario_json(s) for s in cases]],
    )
    for scenario, written in zip(cases, params, strict=True):
        assert written == urlstate.to_params(scenario, frame)


@pytest.mark.parametrize(
    "value",
    [0.0, -0.04, 0.05, 0.25, 0.35, 1094.83, 1234.45, 1234.55, 999999.95, 12345678.25, -1307.15],
)
def test_the_browser_writes_numbers_as_python_does(studio_page: Any, value: float) -> None:
    from pmdash.formatting import pct, usd_bn

    shown = studio_page.evaluate(
        "(v) => [window.studio.usd(v), window.studio.pct(v, 1), window.studio.pct(v, 2, true)]",
        value,
    )
    python = [usd_bn(value), pct(value), pct(value, 2, signed=True)]
    if round(value, 1) == 0:  # the browser never writes "USD -0.0 bn"
        python[0] = "USD 0.0 bn"
    assert shown == python


def _meta(market_id: str) -> Any:
    from pmdash.model import MarketMeta

    return MarketMeta(id=market_id, name=market_id.title())


def test_the_spec_is_plain_json(seed_market: Market) -> None:
    spec = studio_spec(seed_market)
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec
    assert spec["parts"][0]["key"] == "north_america"
    assert pd.Series(spec["years"]["starts"]).is_monotonic_increasing


def test_the_browser_moves_years_shock_and_presets_by_the_python_rules(
    studio_page: Any, seed_market: Market
) -> None:
    spec = studio_spec(seed_market)
    rng = random.Random(7)
    cases = generated(seed_market, 200, 13)
    moves = [
        (rng.choice(spec["years"]["starts"]), rng.randint(2024, 2040), rng.random() < 0.7)
        for _ in cases
    ]
    got = studio_page.evaluate(
        """([spec, cases, moves]) => cases.map((sc, i) => {
            const [start, end, on] = moves[i];
            const limits = spec.limits.shock, defaults = spec.shock_default;
            return {
                years: window.studio.withYears(sc, start, end),
                shock: window.studio.withShock(sc, on, null, null, limits, defaults),
                presets: spec.presets.map((p) => window.studio.withPreset(sc, p.scenario)),
            };
        })""",
        [spec, [scenario_json(s) for s in cases], moves],
    )
    presets = presets_of(seed_market)[0]
    for scenario, (start, end, on), js in zip(cases, moves, got, strict=True):
        assert js["years"] == scenario_json(rules.with_years(scenario, start, end))
        assert js["shock"] == scenario_json(rules.with_shock(scenario, on, None, None))
        assert js["presets"] == [
            scenario_json(rules.with_preset(scenario, p)) for p in presets.values()
        ]


def test_a_preset_the_market_cannot_offer_is_listed_with_the_reason(
    sample_market: Market,
) -> None:
    spec = studio_spec(sample_market)
    assert spec["unavailable"] == [
        {
            "name": "consensus",
            "label": "Consensus",
            "reason": "Consensus is not offered: no other publisher's estimate is recorded.",
        }
    ]

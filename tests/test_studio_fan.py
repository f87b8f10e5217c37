"""The studio's JavaScript simulates exactly as Python does: the same cases through both.

Chromium loads the island's script (``fan.js`` + ``studio.js``) and runs its
``simulate`` / ``fanOf`` / ``chanceOfPassing`` on generated scenarios and settings
(spread, correlation, a shock with a chance, as reported); every percentile, each
region's P10/P90 and the chance of passing a size must equal
:mod:`pmdash.uncertainty.simulate`'s to 1e-9 relative, from the same seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pmdash.model import Market
from pmdash.scenarios import Scenario, frame_of
from pmdash.studio_spec import fan_json, scenario_json, studio_spec
from pmdash.ui.studio_island import script
from pmdash.uncertainty import Settings, chance_of_passing, end_bands, percentiles, simulate
from pmdash.uncertainty.fan_url import FanView, fan_params
from pmdash.uncertainty.simulate import PERCENTILE_COLUMNS, uniforms
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e

RELATIVE = 1e-9
DRAWS = 2_000


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    """A blank Chromium page with the island's script imported as ``window.studio``."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        tab = browser.new_page()
        tab.set_content("<!doctype html><title>fan</title>")
        tab.evaluate(
            """async (source) => {
                const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
                window.studio = await import(url);
            }""",
            script(),
        )
        yield tab
        browser.close()


def _browser(
    page: Any, spec: dict[str, Any], cases: list[tuple[Scenario, Settings, float, int]]
) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(
        """([spec, cases]) => cases.map(([sc, st, size, upTo]) => {
            const s = window.studio;
            const helpers = {ratesFor: s.ratesFor, yearsOf: s.yearsOf,
                             isAsReported: s.isAsReported};
            const run = s.simulate(spec, sc, st, helpers);
            const last = run.years.length - 1;
            return {
                years: run.years,
                total: s.fanOf(run.total, run.n, run.years),
                parts: run.parts.map((p) => s.fanOf(p, run.n, run.years)),
                ends: run.parts.map((p) => s.yearPercentiles(p, run.n, last, [10, 90])),
                sortedEnds: run.parts.map((p) => {
                    const sorted = s.sortedYear(p, run.n, last);
                    return [s.atRank(sorted, 10), s.atRank(sorted, 90)];
                }),
                chance: s.chanceOfPassing(run, size, upTo),
                lastOnly: s.simulate(spec, sc, st, helpers, null, true).parts.map(
                    (p) => s.yearPercentiles(p, run.n, 0, [10, 90])),
            };
        })""",
        [
            spec,
            [
                [
                    scenario_json(sc),
                    {
                        "spread": st.spread_pts,
                        "draws": st.draws,
                        "seed": st.seed,
                        "correlation": st.correlation,
                        "shock_probability": st.shock_probability,
                    },
                    size,
                    up_to,
                ]
                for sc, st, size, up_to in cases
            ],
        ],
    )
    return result


def _close(a: float | None, b: float) -> bool:
    if a is None:  # JSON carries NaN as null
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=RELATIVE, abs_tol=1e-12)


def _cases(market: Market, count: int, seed: int) -> list[tuple[Scenario, Settings, float, int]]:
    frame = frame_of(market.figures)
    rng = random.Random(seed)
    out = []
    for i in range(count):
        end = rng.randint(frame.first_year + 1, 2040)
        shock = rng.random() < 0.4
        scenario = (
            Scenario(end_year=end)
            if i % 5 == 0
            else Scenario(
                "custom",
                end_year=end,
                cagr_pct=round(rng.uniform(-5, 20), 1) if rng.random() < 0.7 else None,
                segment_cagr_pct=((frame.parts[0], round(rng.uniform(0, 15), 1)),)
                if rng.random() < 0.3
                else (),
                shock_year=rng.randint(frame.first_year + 1, end) if shock else None,
                shock_pct=round(rng.uniform(-40, 30), 1) if shock else 0.0,
            )
        )
        settings = Settings(
            spread_pts=rng.choice([0.0, 0.5, 2.6, round(rng.uniform(0, 10), 1)]),
            draws=DRAWS,
            seed=rng.randrange(2**32),
            correlation=rng.choice([0.0, 1.0, round(rng.random(), 2)]),
            shock_probability=rng.choice([1.0, 0.0, round(rng.random(), 2)]),
        )
        up_to = rng.randint(0, end - frame.first_year)
        out.append((scenario, settings, rng.uniform(400, 2000), up_to))
    return out


@pytest.mark.parametrize("which", ["seed", "sample"])
def test_the_browser_draws_the_same_fan_as_python(
    page: Any, which: str, seed_market: Market, sample_market: Market
) -> None:
    market = seed_market if which == "seed" else sample_market
    frame = frame_of(market.figures)
    cases = _cases(market, 60, seed=18)
    for (scenario, settings, size, up_to), js in zip(
        cases, _browser(page, studio_spec(market, frame), cases), strict=True
    ):
        run = simulate(market.figures, scenario, settings, frame)
        table = percentiles(run)
        assert js["years"] == run.years.tolist()
        for segment, fan in [("All", js["total"])] + (
            list(zip(run.parts, js["parts"], strict=True)) if len(run.segments) > 1 else []
        ):
            rows = table[table["segment"] == segment][list(PERCENTILE_COLUMNS)].to_numpy()
            for got, want in zip(fan, rows, strict=True):
                assert all(_close(a, b) for a, b in zip(got, want, strict=True)), (
                    scenario,
                    settings,
                )
        if len(run.segments) > 1:
            bands = end_bands(run)
            for part, (low, high) in zip(run.parts, js["ends"], strict=True):
                assert _close(low, bands[part][0]) and _close(high, bands[part][1])
            assert js["ends"] == js["sortedEnds"] == js["lastOnly"]  # as the studio reads them
        year = int(run.years[0]) + up_to
        assert js["chance"] == chance_of_passing(run, size, year), (scenario, settings, size)


def test_the_browser_hashes_the_same_uniforms(page: Any) -> None:
    for seed, stream in [(0, 0), (1, 1000), (2**32 - 1, 3000), (123456789, 2003)]:
        js = page.evaluate(
            "([s, t]) => Array.from(window.studio.uniforms(s, t, 500))", [seed, stream]
        )
        assert js == uniforms(seed, stream, 500).tolist()


def test_the_browser_writes_the_fans_link_as_python(page: Any) -> None:
    views = [
        FanView(),
        FanView(on=True),
        FanView(True, 1.5, 0.25, 40.0, 1200.0, 2032),
        FanView(True, 0.0, 1.0, 0.0, 0.5, None),
    ]
    for view in views:
        js = page.evaluate(
            "(f) => window.studio.fanParams(f, window.studio.number)", fan_json(view)
        )
        assert js == fan_params(view)


def test_zero_spread_in_the_browser_is_the_browser_s_own_path(
    page: Any, seed_market: Market
) -> None:
    spec = studio_spec(seed_market)
    scenario = scenario_json(Scenario("custom", end_year=2036, cagr_pct=9.0))
    fan, path = page.evaluate(
        """([spec, sc]) => {
            const s = window.studio;
            const run = s.simulate(spec, sc, {spread: 0, draws: 100, seed: 1, correlation: 0.5,
                shock_probability: 1}, {ratesFor: s.ratesFor, yearsOf: s.yearsOf,
                isAsReported: s.isAsReported});
            return [s.fanOf(run.total, run.n, run.years), s.project(spec, sc).total];
        }""",
        [spec, scenario],
    )
    assert np.array(fan).T.tolist() == [path] * 7


def test_selecting_ranks_reads_what_a_full_sort_reads(page: Any) -> None:
    same = page.evaluate(
        """() => {
            const s = window.studio;
            let seed = 7;
            const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
            const qs = [5, 10, 25, 50, 75, 90, 95];
            for (const n of [1, 2, 3, 25, 100, 1000, 10000]) {
                for (const kind of ["spread", "ties", "equal", "sorted", "reversed"]) {
                    const a = new Float64Array(n).map((_, k) => kind === "spread" ? next()
                        : kind === "ties" ? Math.floor(next() * 5) : kind === "equal" ? 3
                        : kind === "sorted" ? k : n - k);
                    const sorted = a.slice().sort();
                    const want = qs.map((q) => s.atRank(sorted, q));
                    const got = s.yearPercentiles(a, n, 0, qs);
                    if (JSON.stringify(got) !== JSON.stringify(want)) return [n, kind, got, want];
                }
            }
            return true;
        }"""
    )
    assert same is True

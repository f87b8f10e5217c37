"""Browser benchmark of the studio with its uncertainty fan on, against the bare page
and the studio without the fan, in one run (the harness of ``bench_studio.py``).

Each key press on the growth slider recomputes 10,000 paths in the browser (``fan.js``)
and redraws the fan in the same frame; this measures what that costs: key press →
first ``USD …`` figure painted (median and p95 of ``--steps`` presses) and redraws a
second while the thumb is dragged.

    python bench/bench_studio_fan.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_app import serve  # noqa: E402
from bench.bench_data import machine  # noqa: E402
from bench.bench_studio import BARE, STUDIO, Figures, _fmt, measure  # noqa: E402
from pmdash.scenarios import Scenario  # noqa: E402
from pmdash.store import DataStore  # noqa: E402
from pmdash.studio_spec import scenario_json, studio_spec  # noqa: E402
from pmdash.ui.studio_island import script  # noqa: E402
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

FAN_PATH: Final = "scenarios?mc=1&corr=0.3"
# The same studio, timed to the fan's own figure: North America's P10–P90 (the fan is
# drawn the frame after the input's; its band text changes when it is).
FAN_DRAWN: Final = replace(STUDIO, figure=".region-band")
SHOWN: Final = ("step median ms", "step p95 ms", "drag redraws/s", "drag frames/s")


# The fan's own work in the browser, as the studio does it on each input: 10,000 paths,
# the total's percentiles every year and each region's P10/P90 in the target year;
# against studio.js's deterministic project() of the same scenario (same run, same page).
COMPUTE_JS = """([spec, sc, repeat]) => {
  const s = window.studio;
  const helpers = {ratesFor: s.ratesFor, yearsOf: s.yearsOf, isAsReported: s.isAsReported};
  const u = spec.uncertainty;
  const settings = {spread: u.spread.pts, draws: u.draws, seed: u.seed, correlation: 0.3,
                    shock_probability: 1};
  const draws = s.drawsOf(u.seed, u.draws, 0.3, spec.parts.length);  // kept across steps
  const fan = () => {
    const run = s.simulate(spec, sc, settings, helpers, draws, true);
    s.fanOf(run.total, run.n, run.years);
    run.parts.forEach((p) => s.yearPercentiles(p, run.n, 0, [10, 90]));
    s.chanceOfPassing(run, 1100, run.years.length - 1);
  };
  const project = () => { for (let i = 0; i < 100; i++) s.project(spec, sc); };
  const time = (f, per) => {
    f();
    const times = [];
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now(); f(); times.push((performance.now() - t0) / per);
    }
    times.sort((a, b) => a - b);
    return [times[Math.floor(repeat / 2)], times[0]];
  };
  return [time(project, 100), time(fan, 1)];
}"""


def browser_compute(browser: Any, repeat: int) -> tuple[list[float], list[float]]:
    """(median, fastest) ms of project() (one call, timed over 100) and of the fan's work
    as the studio does it on a step (draws kept, regions' target year only)."""
    market = DataStore(ROOT / "data").load("personalized-medicine")
    spec = studio_spec(market)
    scenario = scenario_json(Scenario("custom", start_year=2024, end_year=2034, cagr_pct=9.0))
    page = browser.new_page()
    page.set_content("<!doctype html><title>fan</title>")
    page.evaluate(
        """async (source) => {
            const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
            window.studio = await import(url);
        }""",
        script(),
    )
    base, fan = page.evaluate(COMPUTE_JS, [spec, scenario, repeat])
    page.close()
    return base, fan


def report(bare: Figures, studio: Figures, fan: Figures) -> None:
    print(
        f"{'figure':<16} {'bare':>9} {'studio':>9} {'fan on':>9} {'fan/bare':>9} {'fan/studio':>11}"
    )
    print("-" * 68)
    for name in SHOWN:
        a, b, c = (f.values.get(name) for f in (bare, studio, fan))
        vs_bare = f"{c / a:.2f}x" if a and c is not None else "n/a"
        vs_studio = f"{c / b:.2f}x" if b and c is not None else "n/a"
        print(f"{name:<16} {_fmt(a):>9} {_fmt(b):>9} {_fmt(c):>9} {vs_bare:>9} {vs_studio:>11}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=21, help="key presses per page")
    parser.add_argument("--drag-seconds", type=float, default=3.0)
    parser.add_argument("--compute-only", action="store_true", help="only the fan's JS work")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="pmdash-bench-"))
    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources", ".lock", "*.db"))
    env = {
        **os.environ,
        "PMDASH_DATA_DIR": str(data),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
    }
    print(f"machine: {machine()}")
    print(f"{args.steps} key presses, {args.drag_seconds:g} s of dragging a page; fan: /{FAN_PATH}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            base, work_ms = browser_compute(browser, 30)
            print(f"in the browser, median (fastest) of 30: project {base[0]:.2f} ({base[1]:.2f})"
                  f" ms; the fan's 10,000 paths + percentiles {work_ms[0]:.1f} ({work_ms[1]:.1f})"
                  f" ms = {work_ms[0] / max(base[0], 0.01):.0f}x project")  # fmt: skip
            if args.compute_only:
                return
            with (
                serve("bare", ROOT / "bench" / "bare_app.py", env, work / "bare.log") as bare_app,
                serve("pmdash", ROOT / "app.py", env, work / "app.log") as app,
            ):
                bare = measure(browser, bare_app.url, BARE, "bare", args)
                studio = measure(browser, f"{app.url}/scenarios", STUDIO, "studio", args)
                fan = measure(browser, f"{app.url}/{FAN_PATH}", STUDIO, "fan", args)
                drawn = measure(browser, f"{app.url}/{FAN_PATH}", FAN_DRAWN, "fan drawn", args)
            browser.close()
        report(bare, studio, fan)
        print(f"key press → the fan's P10–P90 painted: median {_fmt(drawn.values['step median ms'])}"
              f" ms, p95 {_fmt(drawn.values['step p95 ms'])} ms")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

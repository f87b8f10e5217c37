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
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_app import serve  # noqa: E402
from bench.bench_data import machine  # noqa: E402
from bench.bench_studio import BARE, STUDIO, Figures, _fmt, measure  # noqa: E402
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

FAN_PATH: Final = "scenarios?mc=1&corr=0.3"
SHOWN: Final = ("step median ms", "step p95 ms", "drag redraws/s", "drag frames/s")


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
            with (
                serve("bare", ROOT / "bench" / "bare_app.py", env, work / "bare.log") as bare_app,
                serve("pmdash", ROOT / "app.py", env, work / "app.log") as app,
            ):
                bare = measure(browser, bare_app.url, BARE, "bare", args)
                studio = measure(browser, f"{app.url}/scenarios", STUDIO, "studio", args)
                fan = measure(browser, f"{app.url}/{FAN_PATH}", STUDIO, "fan", args)
            browser.close()
        report(bare, studio, fan)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Monte Carlo benchmark: 10,000 paths × regions × years, against the deterministic path.

In one run, on the shipped market: ``simulate`` (draws and paths), ``percentiles``
(P5…P95 of every segment and year) and both together, against ``project`` of the
same scenario (the one deterministic path the studio draws), each the median of warm
repeats; the aim is 10,000 paths in at most 50 ms.

    python bench/bench_simulate.py
    python bench/bench_simulate.py --repeat 50 --draws 10000 --to-year 2040
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_data import machine  # noqa: E402
from pmdash.scenarios import Scenario, frame_of, project  # noqa: E402
from pmdash.store import DataStore  # noqa: E402
from pmdash.uncertainty import Settings, default_spread, percentiles, simulate  # noqa: E402

AIM_MS = 50.0


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Median and fastest milliseconds of ``repeat`` warm calls (the fastest is the
    least disturbed by other processes on a shared machine)."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times), min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--to-year", type=int, default=2040)
    parser.add_argument("--market", default="personalized-medicine")
    args = parser.parse_args(argv)
    market = DataStore(ROOT / "data").load(args.market)
    frame = frame_of(market.figures)
    scenario = Scenario("custom", end_year=args.to_year, cagr_pct=9.0, shock_year=2030,
                        shock_pct=-10.0)  # fmt: skip
    spread = default_spread(market).pts
    settings = Settings(spread, args.draws, 1, 0.3, 0.5)
    run = simulate(market.figures, scenario, settings, frame)
    shape = f"{args.draws:,} paths × {len(run.parts)} regions × {len(run.years)} years"
    base = timed(lambda: project(market.figures, scenario, frame), args.repeat)
    paths = timed(lambda: simulate(market.figures, scenario, settings, frame), args.repeat)
    pcts = timed(lambda: percentiles(run), args.repeat)
    both = timed(lambda: percentiles(simulate(market.figures, scenario, settings, frame)),
                 args.repeat)  # fmt: skip
    print(f"machine: {machine()}")
    print(f"{shape}; spread ±{spread:g} pts, correlation 0.3, shock -10 % with a 50 % chance;"
          f" median of {args.repeat} warm runs")  # fmt: skip
    print(f"{'step':<34} {'median ms':>10} {'ratio':>7} {'fastest ms':>11} {'ratio':>7}")
    print("-" * 72)
    for label, (median, fastest) in (
        ("project (deterministic, baseline)", base),
        ("simulate (draws and paths)", paths),
        ("percentiles (P5…P95, every year)", pcts),
        ("simulate + percentiles", both),
    ):
        print(f"{label:<34} {median:>10.2f} {median / base[0]:>6.1f}x {fastest:>11.2f}"
              f" {fastest / base[1]:>6.1f}x")  # fmt: skip
    for label, (median, _) in (("simulate", paths), ("simulate + percentiles", both)):
        verdict = "within" if median <= AIM_MS else "OVER"
        print(f"{label}: median {median:.1f} ms, {verdict} the {AIM_MS:g} ms aim")


if __name__ == "__main__":
    main()

"""Metrics benchmark: a market's scenario frame and projection, pmdash against DuckDB.

In one run, on the shipped market (or ``--market``): ``frame_of`` + ``project`` as the
studio calls them, the same projection written in DuckDB SQL over the same figures
(the in-memory frame and the market's Parquet file), and pmdash before this layer was
vectorised (the ``scenarios.py`` of commit ``BEFORE``, read with ``git show``), each
the median of warm repeats. DuckDB's answer is checked against pmdash's first.

    python bench/bench_metrics.py
    python bench/bench_metrics.py --repeat 500 --market personalized-medicine
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from bench.bench_data import _versions, machine  # noqa: E402
from pmdash.scenarios import Scenario, frame_of, project  # noqa: E402
from pmdash.store import DataStore  # noqa: E402

BEFORE = "b49aed8"  # the last commit with the row-loop scenarios.py
RATE_PCT, END_YEAR = 9.0, 2040

# The studio's custom scenario (every region at RATE_PCT from the first year to END_YEAR)
# in SQL: start-year sizes of the regions (else the total), grown year by year, the
# total as their sum, shares within each year. DuckDB reads the stated start sizes;
# pmdash also interpolates and derives sizes from shares before it projects.
QUERY = """
WITH sized AS (
    SELECT dimension, segment, CAST(year AS BIGINT) AS year, value FROM figures
    WHERE metric = 'size' AND dimension IN ('region', 'total')
),
dim AS (
    SELECT CASE WHEN count(DISTINCT year) FILTER (WHERE dimension = 'region') >= 2
                THEN 'region' ELSE 'total' END AS d FROM sized
),
first AS (SELECT min(year) AS y FROM sized, dim WHERE dimension = dim.d),
base AS (
    SELECT segment, value FROM sized, dim, first WHERE dimension = dim.d AND year = first.y
),
parts AS (
    SELECT b.segment, r.year, b.value * power(1 + $rate / 100, r.year - first.y) AS size_usd_bn
    FROM base b, first, range((SELECT y FROM first), $end + 1) AS r(year)
)
SELECT 'All' AS segment, year, sum(size_usd_bn) AS size_usd_bn, 100.0 AS share_pct
FROM parts GROUP BY year
UNION ALL
SELECT segment, year, size_usd_bn,
       size_usd_bn / sum(size_usd_bn) OVER (PARTITION BY year) * 100 AS share_pct
FROM parts
ORDER BY segment, year
"""


def _median_ms(run: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """(median wall time of warm runs, their median CPU time, the first run) in ms.

    CPU time is the process's (every thread): on a shared machine it moves less
    than wall time when other jobs take the cores.
    """
    start = time.perf_counter()
    run()
    cold = (time.perf_counter() - start) * 1e3
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    return statistics.median(wall), statistics.median(cpu), cold


def _before() -> types.ModuleType | None:
    """The pre-vectorised scenarios module, from git (None when git cannot give it)."""
    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{BEFORE}:pmdash/scenarios.py"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("scenarios_before")
    sys.modules[module.__name__] = module
    try:
        exec(compile(source, f"{BEFORE}:pmdash/scenarios.py", "exec"), module.__dict__)
    except ImportError:  # a name it imports from pmdash.metrics is gone
        return None
    return module


def _check(pmdash_result: pd.DataFrame, duckdb_result: pd.DataFrame) -> None:
    mine = pmdash_result.sort_values(["segment", "year"]).reset_index(drop=True)
    theirs = duckdb_result.sort_values(["segment", "year"]).reset_index(drop=True)
    assert mine["segment"].tolist() == theirs["segment"].tolist()
    assert mine["year"].tolist() == theirs["year"].astype(int).tolist()
    for column in ("size_usd_bn", "share_pct"):
        assert np.allclose(mine[column], theirs[column], rtol=1e-9), column


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--market", default="personalized-medicine")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)

    import duckdb

    store = DataStore(args.data_dir)
    figures = store.load(args.market).figures
    parquet = str(store.figures_file(args.market))
    scenario = Scenario("custom", cagr_pct=RATE_PCT, end_year=END_YEAR)
    con = duckdb.connect()
    con.execute("SET threads = 1")
    params = {"rate": RATE_PCT, "end": END_YEAR}
    on_frame = QUERY.replace("FROM figures", "FROM figures_df")
    on_file = QUERY.replace("FROM figures", f"FROM read_parquet('{parquet}')")
    con.register("figures_df", figures)

    _check(project(figures, scenario), con.execute(on_frame, params).df())
    frame = frame_of(figures)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("pmdash frame_of", lambda: frame_of(figures)),
        ("pmdash project", lambda: project(figures, scenario, frame)),
        ("pmdash frame_of+project", lambda: project(figures, scenario, frame_of(figures))),
        ("duckdb on the frame", lambda: con.execute(on_frame, params).df()),
        ("duckdb on the Parquet", lambda: con.execute(on_file, params).df()),
    ]
    before = _before()
    if before is not None:
        old_frame = before.frame_of(figures)
        cases += [
            (f"pmdash {BEFORE} frame_of", lambda: before.frame_of(figures)),
            (f"pmdash {BEFORE} project", lambda: before.project(figures, scenario, old_frame)),
            (
                f"pmdash {BEFORE} frame_of+project",
                lambda: before.project(figures, scenario, before.frame_of(figures)),
            ),
        ]
    measured = {name: _median_ms(run, args.repeat) for name, run in cases}
    reference = measured["duckdb on the frame"][0]
    print(f"machine: {machine()}")
    print(f"libraries: {_versions()}, numpy {np.__version__}")
    print(
        f"market {args.market}: {len(figures)} figures; scenario: every part at "
        f"{RATE_PCT:g} % a year to {END_YEAR}; median of {args.repeat} warm runs"
    )
    print(f"{'case':34} {'time ms':>9} {'cpu ms':>9} {'cold ms':>9} {'x duckdb':>9}")
    print("-" * 74)
    for name, (warm, cpu, cold) in measured.items():
        print(f"{name:34} {warm:9.3f} {cpu:9.3f} {cold:9.2f} {warm / reference:9.2f}")
    both, both_cpu, _ = measured["pmdash frame_of+project"]
    print(f"frame_of + project: {both:.2f} ms ({both_cpu:.2f} ms CPU; target ≤ 5 ms)")
    if before is not None:
        print(
            f"speed-up over {BEFORE}: {measured[f'pmdash {BEFORE} frame_of+project'][0] / both:.0f}×"
        )


if __name__ == "__main__":
    main()

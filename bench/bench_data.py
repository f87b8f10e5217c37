"""Data benchmark: pmdash against DuckDB (and plain pandas) on the same databank files.

For each databank size, in one run, each measurement in its own subprocess (clean
memory): one market's slice, and the share of each region across all markets.
Prints times, ratios to DuckDB, peak memory and how time grows with rows.

    python bench/gen_databank.py && python bench/bench_data.py
    python bench/bench_data.py --sizes 10k 1M --repeat 5
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gen_databank import SIZES  # noqa: E402

DIMENSION = "region"
# (task, engine): what each subprocess runs; pmdash-load is the store's existing path.
CASES = [
    ("slice", "pmdash"),
    ("slice", "pmdash-load"),
    ("slice", "duckdb"),
    ("slice", "pandas-all"),
    ("shares", "pmdash"),
    ("shares", "duckdb"),
]


# --- inside the subprocess ------------------------------------------------------------


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    """Reset VmHWM (peak RSS) so that it measures what runs next (Linux ≥ 4.0)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _operation(task: str, engine: str, root: Path, market: str) -> Callable[[], Any]:
    from pmdash.databank import Databank
    from pmdash.store import DataStore

    store = DataStore(root)
    files = [str(f) for f in store.figure_files()]
    path = str(store.figures_file(market))
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect()
        con.execute("SET threads = 2")
        if task == "slice":
            return lambda: con.execute("SELECT * FROM read_parquet(?)", [path]).df()
        query = """
            SELECT segment, year, size_usd_bn,
                   size_usd_bn / sum(size_usd_bn) OVER (PARTITION BY year) * 100 AS share_pct,
                   markets
            FROM (SELECT segment, CAST(year AS BIGINT) AS year, sum(value) AS size_usd_bn,
                         count(DISTINCT market) AS markets
                  FROM read_parquet(?) WHERE dimension = ? AND metric = 'size'
                  GROUP BY segment, year)
            ORDER BY segment, year"""
        return lambda: con.execute(query, [files, DIMENSION]).df()
    if engine == "pandas-all":
        import pandas as pd

        def read_all() -> Any:
            frame = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
            return frame[frame["market"] == market].reset_index(drop=True)

        return read_all
    databank = Databank(store)
    if task == "shares":
        return lambda: databank.segment_shares(DIMENSION)
    if engine == "pmdash-load":
        return lambda: store.load(market, tables=("figures",)).figures
    return lambda: databank.figures(market)


def _child(args: argparse.Namespace) -> None:
    operation = _operation(args.task, args.engine, args.root, args.market)
    base_kb = _status_kb("VmRSS")
    _reset_peak()
    started = time.perf_counter()
    result = operation()
    cold = time.perf_counter() - started
    peak_kb = _status_kb("VmHWM")
    del result
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = operation()
        times.append(time.perf_counter() - started)
    value_column = "value" if "value" in result.columns else "size_usd_bn"
    print(
        json.dumps(
            {
                "cold_s": cold,
                "median_s": statistics.median(times) if times else cold,
                "peak_mb": max(peak_kb - base_kb, 0) / 1024,
                "rows": len(result),
                "checksum": float(result[value_column].sum()),
            }
        )
    )


# --- the driver -----------------------------------------------------------------------


def _measure(task: str, engine: str, root: Path, market: str, repeat: int) -> dict[str, Any]:
    command = [
        sys.executable, __file__, "--child", "--task", task, "--engine", engine,
        "--root", str(root), "--market", market, "--repeat", str(repeat),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{task}/{engine} failed:\n{done.stderr}")
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def _middle_market(root: Path) -> tuple[str, int, int]:
    entries = json.loads((root / "manifest.json").read_text())["markets"]
    ids = sorted(entries)
    market = ids[len(ids) // 2]
    return market, int(entries[market]["rows"]), sum(int(e["rows"]) for e in entries.values())


def machine() -> str:
    """nproc, RAM and CPU model, for the README."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores, {ram_gib:.0f} GiB RAM, {model}; "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def _versions() -> str:
    import duckdb
    import pandas
    import pyarrow

    return (
        f"pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, duckdb {duckdb.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--repeat", type=int, default=0, help="warm repeats (default: by size)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--task", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--market", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args)
        return

    print(f"machine: {machine()}")
    print(f"libraries: {_versions()}")
    print(
        "time = median of warm repeats in a fresh process (cold = its first call); "
        "peak = RSS high-water mark of the call above the process's RSS before it"
    )
    header = (
        f"{'size':>4} {'rows':>11} {'markets':>7} {'task':<7} {'engine':<12} "
        f"{'time ms':>9} {'cold ms':>9} {'x duckdb':>8} {'peak MB':>8} {'out rows':>9}"
    )
    print(header)
    print("-" * len(header))
    results: dict[tuple[str, str, str], dict[str, Any]] = {}
    rows_of: dict[str, int] = {}
    for size in args.sizes:
        root = args.out / f"databank-{size}"
        if not (root / "manifest.json").exists():
            print(f"{size:>4} missing: run python bench/gen_databank.py --sizes {size}")
            continue
        market, market_rows, rows = _middle_market(root)
        rows_of[size] = rows
        markets = len(json.loads((root / "manifest.json").read_text())["markets"])
        for task, engine in CASES:
            big = rows >= 5_000_000
            repeat = args.repeat or (1 if engine == "pandas-all" and big else 3 if big else 5)
            if task == "slice":
                repeat = args.repeat or (1 if engine == "pandas-all" else 20)
            results[(size, task, engine)] = _measure(task, engine, root, market, repeat)
        for task, engine in CASES:
            r = results[(size, task, engine)]
            ref = results[(size, task, "duckdb")]
            same = math.isclose(r["checksum"], ref["checksum"], rel_tol=1e-9, abs_tol=1e-3)
            if not same or r["rows"] != ref["rows"]:
                raise SystemExit(f"{size} {task}: {engine} and duckdb disagree: {r} vs {ref}")
            ratio = r["median_s"] / ref["median_s"]
            print(
                f"{size:>4} {rows:>11,} {markets:>7,} {task:<7} {engine:<12} "
                f"{r['median_s'] * 1e3:>9.1f} {r['cold_s'] * 1e3:>9.1f} {ratio:>8.2f} "
                f"{r['peak_mb']:>8.1f} {r['rows']:>9,}",
                flush=True,
            )
        print(f"{'':>4} slice = market {market} ({market_rows:,} rows)", flush=True)
    _print_growth(results, rows_of)


def _print_growth(
    results: dict[tuple[str, str, str], dict[str, Any]], rows_of: dict[str, int]
) -> None:
    sizes = list(rows_of)
    if len(sizes) < 2:
        return
    print()
    print("growth: time at each size, and the exponent k in time ~ rows^k (first to last size)")
    print(
        f"{'task':<7} {'engine':<12} " + " ".join(f"{s + ' ms':>10}" for s in sizes) + f" {'k':>6}"
    )
    for task, engine in CASES:
        times = [results[(s, task, engine)]["median_s"] for s in sizes]
        first, last = sizes[0], sizes[-1]
        k = math.log(times[-1] / times[0]) / math.log(rows_of[last] / rows_of[first])
        cells = " ".join(f"{t * 1e3:>10.1f}" for t in times)
        print(f"{task:<7} {engine:<12} {cells} {k:>6.2f}")


if __name__ == "__main__":
    main()

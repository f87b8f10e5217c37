"""Checking a large, valid upload: `pmdash.io.parse_figures` (read, parse every cell,
schema rules, duplicates, share sums) against a bare `pandas.read_csv` of the same
bytes, measured in the same run, at 10k, 100k and 199k rows (the cap is 200,000).

    python bench/bench_upload.py            # 3 repeats, median
    python bench/bench_upload.py --repeat 5

The ratio is what matters (the machine is shared): how many times a bare parse the
full check costs. Each file names 100 years of one country per 100 rows, so a column
holds a few thousand distinct names, as a real country-by-year databank does.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_data import machine  # noqa: E402
from pmdash.io import parse_figures  # noqa: E402


def valid_csv(rows: int) -> bytes:
    """A valid interchange file: sizes of ``rows // 100`` countries over 100 years."""
    position = np.arange(rows)
    frame = pd.DataFrame(
        {
            "market": "bench-market",
            "dimension": "country",
            "segment": [f"Country {n}" for n in position // 100],
            "year": 1950 + position % 100,
            "metric": "size",
            "value": np.round(np.random.default_rng(0).uniform(1, 100, rows), 3),
            "base_year": "",
            "basis": "reported",
            "source": "bench-source",
            "note": "",
        }
    )
    return frame.to_csv(index=False).encode()


def _median_ms(call: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"median of {args.repeat} runs; ratio = check / bare read of the same bytes")
    print(
        f"{'rows':>8} {'MB':>6} {'bare read ms':>13} {'check ms':>9} {'ratio':>6} {'problems':>9}"
    )
    for rows in (10_000, 100_000, 199_000):
        data = valid_csv(rows)
        bare = _median_ms(lambda data=data: pd.read_csv(io.BytesIO(data)), args.repeat)
        typed, problems = parse_figures(data, "bench.csv")
        assert len(typed) == rows and not problems, problems[:3]
        check = _median_ms(lambda data=data: parse_figures(data, "bench.csv"), args.repeat)
        print(
            f"{rows:>8,} {len(data) / 1e6:>6.1f} {bare:>13.0f} {check:>9.0f} "
            f"{check / bare:>6.1f} {len(problems):>9}"
        )


if __name__ == "__main__":
    main()

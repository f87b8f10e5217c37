"""PNG export benchmark: plotly's own ``fig.to_image`` (kaleido starts a Chromium for
every picture) against pmdash's warm renderer (one Chromium, started once), in one run.

    python bench/bench_png.py            # 5 pictures each
    python bench/bench_png.py --repeat 10

Prints each way's first picture, the median of the rest and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pmdash.charts.market import market_size_chart  # noqa: E402
from pmdash.charts.static import for_export, to_png  # noqa: E402
from pmdash.io import read_bundle  # noqa: E402
from pmdash.metrics import expand  # noqa: E402


def timed(render: Callable[[], bytes], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        image = render()
        times.append(time.perf_counter() - start)
        assert image.startswith(b"\x89PNG")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    market = read_bundle(ROOT / "data" / "sources" / "personalized-medicine")
    fig = market_size_chart(
        expand(market.figures), source_label="Cervicorn Consulting (2025)",
        stated_cagr_pct=11.37, cagr_period=(2025, 2034),
    )  # fmt: skip
    picture = for_export(fig)
    cold = timed(
        lambda: picture.to_image(format="png", width=1200, height=600, scale=2), args.repeat
    )
    warm = timed(lambda: to_png(fig), args.repeat)
    print(f"{'way':<34}{'first s':>9}{'median of rest s':>18}")
    for name, times in (
        ("plotly to_image (cold Chromium)", cold),
        ("pmdash to_png (warm renderer)", warm),
    ):
        rest = statistics.median(times[1:]) if len(times) > 1 else times[0]
        print(f"{name:<34}{times[0]:>9.2f}{rest:>18.2f}")
    ratio = statistics.median(cold[1:]) / statistics.median(warm[1:])
    print(f"warm renderer is {ratio:.1f}x faster per picture after the first")


if __name__ == "__main__":
    main()

"""Opening the Sources page's "Publishers compared" tab in headless Chromium: the time
from the click until both charts are drawn, in fresh sessions (first open) and again in
the same session (reopen), on one freshly started server.

    python bench/bench_publishers.py              # 3 sessions
    python bench/bench_publishers.py --sessions 5

Prints each session's times and the medians. The machine is shared: compare runs of
two versions taken one after the other, not with figures from another day.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

TAB = "Publishers compared"
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
DRAWN = """() => document.querySelectorAll('.js-plotly-plot .main-svg .cartesianlayer').length >= 2
              && !document.querySelector('[data-testid="stSkeleton"]')"""


def open_tab(page: Any, name: str) -> float:
    """Click a tab; seconds until both charts are drawn (for the publishers' tab)."""
    start = time.perf_counter()
    page.get_by_role("tab", name=name).click()
    if name == TAB:
        page.wait_for_function(DRAWN, timeout=120_000)
    else:
        page.wait_for_function(IDLE, timeout=120_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="pmdash-bench-"))
    shutil.copytree(ROOT / "data", work / "data", ignore=shutil.ignore_patterns("sources", ".lock"))
    first: list[float] = []
    again: list[float] = []
    try:
        with (
            streamlit_server(ROOT / "app.py", {"PMDASH_DATA_DIR": str(work / "data")}) as (url, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for session in range(args.sessions):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.goto(f"{url}/sources")
                page.wait_for_selector("h1", timeout=120_000)
                page.wait_for_function(IDLE, timeout=120_000)
                first.append(open_tab(page, TAB))
                open_tab(page, "Figures")
                again.append(open_tab(page, TAB))
                print(f"session {session}: first open {first[-1]:.2f} s, reopen {again[-1]:.2f} s")
                context.close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"median: first open {statistics.median(first):.2f} s, reopen {statistics.median(again):.2f} s"
    )


if __name__ == "__main__":
    main()

"""Load test: many concurrent browser sessions on one app process, moving sliders.

    python -m tests.load.load_sessions --sessions 25 --seconds 60 [--path scenarios]

Starts `streamlit run app.py` on a free loopback port (private copy of the data),
opens N sessions in one headless Chromium, and in each one presses ArrowRight /
ArrowLeft on the page's first slider for the given time, timing every step from
the key press until the first KPI shows a new value. Prints one line:
sessions / steps / errors / median and p95 latency / server memory at start and end.
Exits 1 when any session saw an error. Not part of the default test run.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

KPI = '[data-testid="stMetricValue"]'
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


@dataclass
class Tally:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MB."""
    total = 0
    for proc in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


async def session(browser: object, url: str, seconds: float, tally: Tally) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    page.on("pageerror", lambda exc: tally.errors.append(f"pageerror: {exc}"))
    try:
        await page.goto(url, timeout=120_000)
        slider = page.get_by_role("slider").first
        await slider.wait_for(timeout=120_000)
        await page.wait_for_function(IDLE, timeout=120_000)
        deadline = time.monotonic() + seconds
        step = 0
        while time.monotonic() < deadline:
            before = await page.locator(KPI).first.inner_text()
            await slider.focus()
            start = time.monotonic()
            await page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
            await page.wait_for_function(
                "([sel, old]) => { const e = document.querySelector(sel); return e && e.innerText !== old; }",
                arg=[KPI, before],
                timeout=60_000,
            )
            await page.wait_for_function(IDLE, timeout=60_000)
            tally.latencies_s.append(time.monotonic() - start)
            if await page.locator('[data-testid="stException"]').count():
                tally.errors.append("exception element on the page")
            step += 1
    except Exception as exc:  # a load test counts failures instead of stopping at the first
        tally.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await context.close()


async def run(url: str, sessions: int, seconds: float) -> Tally:
    from playwright.async_api import async_playwright

    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        await asyncio.gather(*(session(browser, url, seconds, tally) for _ in range(sessions)))
        await browser.close()
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--path", default="scenarios")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pmdash-load-"))
    shutil.copytree(
        ROOT / "data", work / "data", ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
    )
    env = {
        "PMDASH_DATA_DIR": str(work / "data"),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
    }
    try:
        with streamlit_server(ROOT / "app.py", env) as (base, server):
            start_mb = rss_mb(server.pid)
            tally = asyncio.run(run(f"{base}/{args.path}", args.sessions, args.seconds))
            end_mb = rss_mb(server.pid)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lat = sorted(tally.latencies_s)
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    print(
        f"sessions {args.sessions} / steps {len(lat)} / errors {len(tally.errors)} / "
        f"latency median {p50:.2f}s p95 {p95:.2f}s / server memory {start_mb:.0f} MB -> {end_mb:.0f} MB "
        f"(+{end_mb - start_mb:.0f} MB)"
    )
    for error in tally.errors[:10]:
        print(f"  error: {error}")
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())

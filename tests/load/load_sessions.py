"""Load test: many concurrent sessions on one app process, moving sliders.

    python -m tests.load.load_sessions --sessions 25 --seconds 60 [--browsers 1] [--rounds 1]
                                       [--path scenarios[,segments]] [--think 0]

Starts `streamlit run app.py` on a free loopback port (private copy of the data; pages
raise instead of showing the friendly error, with full details, so a failure names
itself). Of the N sessions, ``--browsers`` are real headless Chromium pages (ArrowRight /
ArrowLeft on the first slider, timed until the first KPI shows a new value) and the rest
speak Streamlit's websocket protocol directly (tests.load.ws_client: one step of the
first slider, timed until the run's ``script_finished``), so 2 cores measure the server,
not 25 browsers. ``--browsers N`` is the all-browser mode. Every step must change the
page's first KPI. ``--rounds R`` runs R waves back to back on the same server.

Prints one line: sessions / steps / errors / median and p95 latency / server memory
(process and children) after a warm-up session and after the last wave; then the
memory samples (every ~10 s, after each wave, ~10 s after the sessions closed) and the
browser sessions' own latency; then the first 10 errors. Exits 1 on any error.
Not part of the default test run.
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
from tests.load.ws_client import Session

KPI = '[data-testid="stMetricValue"]'
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
SAMPLE_EVERY_S = 10.0


@dataclass
class Tally:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Wave:
    """Where one wave's sessions go and for how long."""

    base: str
    pages: list[str]
    sessions: int
    browsers: int
    seconds: float
    think_s: float


@dataclass
class Memory:
    """Server RSS samples, labelled."""

    pid: int
    samples: list[tuple[str, float]] = field(default_factory=list)

    def sample(self, label: str) -> float:
        self.samples.append((label, rss_mb(self.pid)))
        return self.samples[-1][1]


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


def _failure(label: str, exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{label}: {type(exc).__name__}: {text}"


async def ws_session(wave: Wave, page: str, deadline: float, tally: Tally, label: str) -> None:
    """Open ``page`` over the websocket and move its first slider until ``deadline``."""
    session = None
    try:
        session, first = await Session.connect(wave.base, page)
        tally.errors += [f"{label} opening: {e}" for e in first.errors]
        direction = 1
        while time.monotonic() < deadline:
            step = await session.step_slider(direction)
            tally.latencies_s.append(step.seconds)
            tally.errors += [f"{label}: {e}" for e in step.errors]
            direction = -direction
            await asyncio.sleep(wave.think_s)
    except Exception as exc:  # a load test counts failures instead of stopping at the first
        tally.errors.append(_failure(label, exc))
    finally:
        if session is not None:
            await session.close()


async def browser_session(
    browser: object, url: str, deadline: float, think_s: float, tally: Tally, label: str
) -> None:
    """Open ``url`` in Chromium and press ArrowRight / ArrowLeft on its first slider."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = await context.new_page()
    page.on("pageerror", lambda exc: tally.errors.append(f"{label} pageerror: {exc}"))
    try:
        await page.goto(url, timeout=120_000)
        slider = page.get_by_role("slider").first
        await slider.wait_for(timeout=120_000)
        await page.wait_for_function(IDLE, timeout=120_000)
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
                tally.errors.append(f"{label}: exception element on the page")
            step += 1
            await asyncio.sleep(think_s)
    except Exception as exc:
        tally.errors.append(_failure(label, exc))
    finally:
        await context.close()


async def browsers(wave: Wave, deadline: float, tally: Tally) -> None:
    """The wave's real browser sessions, all in one headless Chromium."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        url, page = f"{wave.base}/{wave.pages[0]}", wave.pages[0]
        await asyncio.gather(
            *(
                browser_session(browser, url, deadline, wave.think_s, tally, f"browser {i} {page}")
                for i in range(wave.browsers)
            )
        )
        await browser.close()


async def sample_memory(memory: Memory, start: float) -> None:
    """Sample the server's memory every ~10 s until cancelled."""
    while True:
        await asyncio.sleep(SAMPLE_EVERY_S)
        memory.sample(f"{time.monotonic() - start:.0f}s")


async def run_wave(wave: Wave, memory: Memory, ws: Tally, browser: Tally) -> None:
    """All of the wave's sessions at once, until ``wave.seconds`` after it starts."""
    start = time.monotonic()
    deadline = start + wave.seconds
    sampler = asyncio.create_task(sample_memory(memory, start))
    jobs = [
        ws_session(wave, page, deadline, ws, f"ws {i} {page}")
        for i in range(wave.sessions - wave.browsers)
        for page in [wave.pages[i % len(wave.pages)]]
    ]
    if wave.browsers:
        jobs.append(browsers(wave, deadline, browser))
    try:
        await asyncio.gather(*jobs)
    finally:
        sampler.cancel()


async def warm_up(base: str, pages: list[str]) -> None:
    """One session per page first: caches filled, the router settled, as after any visit."""
    for page in pages:
        session, _ = await Session.connect(base, page)
        await session.close()


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nan when there are none)."""
    lat = sorted(latencies)
    if not lat:
        return float("nan"), float("nan")
    return statistics.median(lat), lat[int(0.95 * (len(lat) - 1))]


def measure(args: argparse.Namespace, base: str, memory: Memory) -> tuple[Tally, Tally]:
    """Warm up, run the waves, sample memory; returns the websocket and browser tallies."""
    pages = args.path.split(",")
    wave = Wave(
        base, pages, args.sessions, min(args.browsers, args.sessions), args.seconds, args.think
    )
    ws, browser = Tally(), Tally()
    memory.sample("fresh")
    asyncio.run(warm_up(base, pages))
    memory.sample("start")
    for number in range(1, args.rounds + 1):
        asyncio.run(run_wave(wave, memory, ws, browser))
        memory.sample(f"end of wave {number}")
    time.sleep(SAMPLE_EVERY_S)
    memory.sample("closed+10s")
    return ws, browser


def report(args: argparse.Namespace, ws: Tally, browser: Tally, memory: Memory) -> None:
    """The one summary line, the memory and browser line, then the first errors."""
    p50, p95 = percentiles(ws.latencies_s + browser.latencies_s)
    b50, b95 = percentiles(browser.latencies_s)
    samples = dict(memory.samples)
    start_mb, end_mb = samples["start"], samples[f"end of wave {args.rounds}"]
    errors = ws.errors + browser.errors
    print(
        f"sessions {args.sessions} / steps {len(ws.latencies_s) + len(browser.latencies_s)} / "
        f"errors {len(errors)} / latency median {p50:.2f}s p95 {p95:.2f}s / server memory "
        f"{start_mb:.0f} MB -> {end_mb:.0f} MB (+{end_mb - start_mb:.0f} MB)"
    )
    trail = ", ".join(f"{label} {mb:.0f}" for label, mb in memory.samples)
    print(
        f"  memory MB: {trail} / browsers {min(args.browsers, args.sessions)}: "
        f"steps {len(browser.latencies_s)}, median {b50:.2f}s p95 {b95:.2f}s"
    )
    for error in errors[:10]:
        print(f"  error: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--browsers", type=int, default=1, help="real Chromium sessions")
    parser.add_argument("--rounds", type=int, default=1, help="waves on the same server")
    parser.add_argument("--path", default="scenarios", help="page(s), comma-separated")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between steps")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pmdash-load-"))
    shutil.copytree(
        ROOT / "data", work / "data", ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
    )
    env = {
        "PMDASH_DATA_DIR": str(work / "data"),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
        "PMDASH_DEBUG": "1",
    }
    log = Path(tempfile.gettempdir()) / "pmdash-load-streamlit.log"
    try:
        with streamlit_server(ROOT / "app.py", env, log, "--client.showErrorDetails", "full") as (
            base,
            server,
        ):
            memory = Memory(server.pid)
            ws, browser = measure(args, base, memory)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(args, ws, browser, memory)
    if ws.errors or browser.errors:
        print(f"  server log: {log}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

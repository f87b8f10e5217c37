"""Browser benchmark: pmdash pages against a bare Streamlit page, in one run.

Starts ``streamlit run app.py`` (on a copy of the shipped data, or ``--data-dir``)
and ``streamlit run bench/bare_app.py``, then drives headless Chromium (Playwright)
against both: cold load until the first chart is drawn and the app is idle (the
first page of a freshly started server, median of ``--cold-runs`` servers), a
keyboard slider step until the chart or metric shows the new value and the app is
idle, bytes sent to the browser (HTTP bodies and WebSocket frames, from the Chrome
DevTools protocol), and the server's RSS with several sessions open. Prints the
figures and the ratios pmdash / bare.

    python bench/bench_app.py
    python bench/bench_app.py --data-dir bench/out/databank-10M --repeat 5
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_data import machine  # noqa: E402
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

CHART = '[data-testid="stPlotlyChart"] .main-svg'
# Older Streamlit draws role="slider" thumbs; 1.67 (react-aria) a hidden range input.
SLIDER = '[data-testid="stSlider"] [role="slider"], [data-testid="stSlider"] input[type="range"]'
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')"""
# What a slider step must change: metric values and the chart's drawn traces.
SNAPSHOT_JS = """() => {
  const metrics = [...document.querySelectorAll('[data-testid="stMetricValue"]')]
    .map(e => e.textContent).join('|');
  const traces = [...document.querySelectorAll('.js-plotly-plot .plot path, '
    + '.js-plotly-plot .scatterlayer path, .js-plotly-plot .barlayer path')]
    .map(e => e.getAttribute('d') || '').join('|');
  return metrics + '#' + traces;
}"""
# Armed before each key press: notes the first change drawn inside a plotly chart. Polling
# this flag is cheap, where polling SNAPSHOT_JS (every path of every chart) every 10 ms
# took CPU from the page it measured, more so on pages with more chart paths.
ARM_JS = """() => {
  window.__benchDrawn = false;
  if (window.__benchObserver) window.__benchObserver.disconnect();
  const observer = new MutationObserver(records => {
    for (const record of records) {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      if (node && node.closest && node.closest('.js-plotly-plot')) {
        window.__benchDrawn = true; observer.disconnect(); return;
      }
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                   characterData: true});
  window.__benchObserver = observer;
}"""
AIMS = {
    "cold load ms": "<= 1.3x",
    "warm load ms": "",
    "slider step ms": "<= 1.2x",
    "load bytes KB": "<= +300 KB",
    "load ws bytes KB": "",
    "step bytes KB": "",
    "RSS idle MB": "",
    "RSS 5 sessions MB": "<= 250 MB",
}


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]


@dataclass
class Result:
    label: str
    figures: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@contextmanager
def serve(name: str, script: Path, env: dict[str, str], log: Path) -> Iterator[Server]:
    """``streamlit run script`` on a free port, until the block ends."""
    with streamlit_server(script, env, log) as (url, process):
        yield Server(name, url, process)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MB (from /proc)."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total_kb += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
        except (OSError, StopIteration):
            continue
    return total_kb / 1024


class Traffic:
    """Bytes the browser receives, counted from DevTools network events."""

    def __init__(self, context: Any, page: Any) -> None:
        self.http = 0
        self.websocket = 0
        session = context.new_cdp_session(page)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.webSocketFrameReceived", self._frame)
        session.send("Network.enable")
        self.session = session

    def _finished(self, event: dict[str, Any]) -> None:
        self.http += int(event.get("encodedDataLength", 0))

    def _frame(self, event: dict[str, Any]) -> None:
        response = event.get("response", {})
        payload = str(response.get("payloadData", ""))
        opcode = int(response.get("opcode", 1))
        self.websocket += len(base64.b64decode(payload)) if opcode == 2 else len(payload)

    @property
    def total(self) -> int:
        return self.http + self.websocket


def _wait_loaded(page: Any, timeout_ms: int = 120_000) -> bool:
    """Until a chart is drawn and the script has finished; False when no chart appears."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    try:
        page.wait_for_selector(CHART, timeout=timeout_ms, state="visible")
    except Exception:
        return False
    page.wait_for_function(IDLE_JS, timeout=timeout_ms, polling=20)
    return True


def load(browser: Any, url: str) -> tuple[float, Traffic, bool, Any, Any]:
    """A fresh session's load: seconds, bytes, whether a chart appeared; the open page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    traffic = Traffic(context, page)
    started = time.perf_counter()
    page.goto(url)
    drawn = _wait_loaded(page)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(300)  # late frames (e.g. fragment runs) still count as the load
    return elapsed, traffic, drawn, context, (page, traffic)


def slider_steps(page: Any, traffic: Traffic, steps: int) -> tuple[list[float], list[int]] | None:
    """Keyboard steps on the first slider, each until a chart is redrawn and the page idles;
    each step is then checked to have changed the chart or a metric."""
    sliders = page.locator(SLIDER)
    if sliders.count() == 0:
        return None
    thumb = sliders.first
    thumb.focus()
    times, sizes = [], []
    for i in range(steps):
        key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
        before = page.evaluate(SNAPSHOT_JS)
        page.evaluate(ARM_JS)
        received = traffic.total
        started = time.perf_counter()
        thumb.press(key)
        page.wait_for_function(
            f"() => window.__benchDrawn && ({IDLE_JS})()", timeout=60_000, polling=10
        )
        times.append(time.perf_counter() - started)
        page.wait_for_timeout(200)
        sizes.append(traffic.total - received)
        if page.evaluate(SNAPSHOT_JS) == before:
            raise RuntimeError(f"slider step {i + 1}: the chart and metrics did not change")
    return times, sizes


def cold_loads(
    browser: Any, script: Path, path: str, env: dict[str, str], log: Path, runs: int
) -> list[float]:
    """The first load of ``path`` on ``runs`` freshly started servers, seconds each.

    A fresh server per sample: the first page a server shows pays its imports and
    caches, and a page measured after another one on the same server would not.
    """
    seconds = []
    for _ in range(runs):
        with serve("cold", script, env, log) as server:
            elapsed, _, drawn, context, _ = load(browser, f"{server.url}/{path}")
            context.close()
        if drawn:
            seconds.append(elapsed)
    return seconds


def measure(
    browser: Any, server: Server, path: str, label: str, args: argparse.Namespace
) -> Result:
    """Every figure for one page of one server."""
    result = Result(label)
    url = f"{server.url}/{path}"
    result.figures["RSS idle MB"] = rss_mb(server.process.pid)
    seconds, received, drawn, context, (page, traffic) = load(browser, url)
    if not drawn:
        result.notes.append(f"{label}: page not ready (no chart at /{path})")
        context.close()
        return result
    result.figures["cold load ms"] = seconds * 1e3
    result.figures["load bytes KB"] = received.total / 1024
    result.figures["load ws bytes KB"] = received.websocket / 1024
    steps = slider_steps(page, traffic, args.steps)
    if steps is None:
        result.notes.append(f"{label}: page not ready (no slider at /{path})")
    else:
        result.figures["slider step ms"] = statistics.median(steps[0]) * 1e3
        result.figures["step bytes KB"] = statistics.median(steps[1]) / 1024
    context.close()
    warm, loaded = [], []
    for _ in range(args.repeat):
        seconds, _, _, context, _ = load(browser, url)
        warm.append(seconds)
        context.close()
    result.figures["warm load ms"] = statistics.median(warm) * 1e3
    for _ in range(args.sessions):
        _, _, _, context, _ = load(browser, url)
        loaded.append(context)
    result.figures["RSS 5 sessions MB"] = rss_mb(server.process.pid)
    for context in loaded:
        context.close()
    return result


def _ratio(name: str, ours: float | None, bare: float | None) -> str:
    if ours is None or bare is None:
        return "n/a"
    if "bytes KB" in name:
        return f"{ours - bare:+.0f} KB"
    return f"{ours / bare:.2f}x" if bare else "n/a"


def report(bare: Result, pages: list[Result]) -> None:
    head = f"{'figure':<18} {'bare':>9}"
    for page in pages:
        head += f" {page.label:>16} {'vs bare':>9}"
    head += f"  {'aim':<11}"
    print(head)
    print("-" * len(head))
    for name, aim in AIMS.items():
        value = bare.figures.get(name)
        line = f"{name:<18} {_fmt(value):>9}"
        for page in pages:
            ours = page.figures.get(name)
            line += f" {_fmt(ours):>16} {_ratio(name, ours, value):>9}"
        print(f"{line}  {aim:<11}")
    for note in [*bare.notes, *(n for p in pages for n in p.notes)]:
        print(note)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="datasets for app.py (default: data/)")
    # /scenarios has no Streamlit slider since the studio moved into the browser: its
    # figures are bench/bench_studio.py's.
    parser.add_argument("--pages", nargs="+", default=["segments"])
    parser.add_argument("--repeat", type=int, default=3, help="warm loads per page")
    parser.add_argument("--steps", type=int, default=6, help="slider steps per page")
    parser.add_argument("--sessions", type=int, default=5, help="sessions for the RSS figure")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="fresh servers per page for the cold load"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="pmdash-bench-"))
    data = args.data_dir
    if data is None:
        data = work / "data"
        shutil.copytree(
            ROOT / "data", data, ignore=shutil.ignore_patterns("sources", ".lock", "*.db")
        )
    env = {
        **os.environ,
        "PMDASH_DATA_DIR": str(data.resolve()),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
    }
    print(f"machine: {machine()}")
    print(f"data: {args.data_dir or 'data/ (shipped)'}; {args.sessions} sessions; "
          f"{args.steps} slider steps; {args.repeat} warm loads; cold load = median of "
          f"{args.cold_runs} freshly started servers per page")  # fmt: skip
    try:
        with (
            serve("bare", ROOT / "bench" / "bare_app.py", env, work / "bare.log") as bare_server,
            serve("pmdash", ROOT / "app.py", env, work / "app.log") as app_server,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            bare = measure(browser, bare_server, "", "bare", args)
            pages = [measure(browser, app_server, p, f"/{p}", args) for p in args.pages]
            for result, script, path in [
                (bare, ROOT / "bench" / "bare_app.py", ""),
                *((page, ROOT / "app.py", p) for page, p in zip(pages, args.pages, strict=True)),
            ]:
                cold = cold_loads(browser, script, path, env, work / "cold.log", args.cold_runs)
                if cold and "cold load ms" in result.figures:
                    result.figures["cold load ms"] = statistics.median(cold) * 1e3
            browser.close()
        report(bare, pages)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

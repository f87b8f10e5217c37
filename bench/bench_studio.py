"""Browser benchmark of the instant studio (/scenarios) against the bare one-slider page.

In one run, side by side: a key press on the first growth slider until the first
``USD …`` figure shown changes and is painted (median and p95 of ``--steps`` presses,
timed inside the page from the ``keydown`` to the frame that shows it), redraws per
second while the slider's thumb is dragged (pointer events at 125 a second, 4 px apart;
animation frames whose chart differs from the frame before), bytes on the wire of a cold load (HTTP bodies as sent, compressed or
not, plus WebSocket frames) and the cold load time (first page of a freshly started
server, until the chart is drawn and the app idle; median of ``--cold-runs``).

    python bench/bench_studio.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_app import IDLE_JS, Traffic, serve  # noqa: E402
from bench.bench_data import machine  # noqa: E402
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@dataclass(frozen=True)
class Target:
    """Where a page keeps its slider, its first figure and its chart."""

    slider: str  # a Playwright selector (it pierces open shadow roots)
    track: str  # what a pointer drags along
    figure: str  # CSS, searched in the document and every shadow root
    chart: str  # CSS of the element whose drawing a redraw changes
    drawn: str  # a Playwright selector that appears when the chart is drawn


BARE: Final = Target(
    slider='[data-testid="stSlider"] input[type="range"], [data-testid="stSlider"] [role="slider"]',
    track='[data-testid="stSlider"]',
    figure='[data-testid="stMetricValue"]',
    chart=".js-plotly-plot .scatterlayer",
    drawn='[data-testid="stPlotlyChart"] .main-svg',
)
STUDIO: Final = Target(
    slider='[role="slider"][data-control="growth"]',
    track=".pm-studio .growth .track",
    figure=".kpi-value",
    chart="svg.path",
    drawn="svg.path path.scenario",
)

# Finds a selector in the document and in every (open) shadow root.
DEEP_JS = """(selector) => {
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    const found = roots[i].querySelector(selector);
    if (found) return found;
    roots[i].querySelectorAll('*').forEach(e => e.shadowRoot && roots.push(e.shadowRoot));
  }
  return null;
}"""
# Armed before a key press: the keydown's time, then the start of the frame that paints
# the changed figure (checked after every DOM change and in every frame).
ARM_JS = f"""(selector) => {{
  const deep = {DEEP_JS};
  window.__t0 = undefined; window.__t1 = undefined;
  if (!window.__keyTimer) {{
    window.addEventListener('keydown', () => {{ window.__t0 = performance.now(); }}, true);
    window.__keyTimer = true;
  }}
  const before = deep(selector).textContent;
  let done = false;
  const hit = () => {{
    if (done) return true;
    const now = deep(selector);
    if (!now || now.textContent === before) return false;
    done = true;
    observer.disconnect();
    requestAnimationFrame(() => {{ window.__t1 = performance.now(); }});
    return true;
  }};
  const observer = new MutationObserver(hit);
  const options = {{subtree: true, childList: true, characterData: true}};
  observer.observe(document.body, options);
  const root = deep(selector).getRootNode();
  if (root !== document) observer.observe(root, options);
  const poll = () => {{ if (!hit()) requestAnimationFrame(poll); }};
  poll();
  return before;
}}"""
# Drags a slider's thumb inside the page, as a mouse reports a drag: pointer events at
# 125 a second, 4 px apart, back and forth over 40 % of the track; counts the animation
# frames and those whose chart differs from the frame before. (Driven from the page:
# Playwright's own mouse moves arrive at ~30 a second on this machine, slower than a
# mouse.)
DRAG_JS = f"""([slider, track, chart, seconds]) => new Promise((resolve) => {{
  const deep = {DEEP_JS};
  const thumb = deep(slider).getBoundingClientRect();
  const rail = deep(track);
  const box = rail.getBoundingClientRect();
  const y = thumb.top + thumb.height / 2, x0 = thumb.left + thumb.width / 2;
  const sweep = box.width * 0.4;
  const fire = (type, x) => rail.dispatchEvent(
    new PointerEvent(type, {{bubbles: true, composed: true, pointerId: 1, pointerType: 'mouse',
                             isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1,
                             clientX: x, clientY: y}}));
  let frames = 0, redraws = 0, moves = 0, last = deep(chart)?.innerHTML, on = true;
  const tick = () => {{
    if (!on) return;
    frames += 1;
    const now = deep(chart)?.innerHTML;
    if (now !== last) {{ redraws += 1; last = now; }}
    requestAnimationFrame(tick);
  }};
  fire('pointerdown', x0);
  requestAnimationFrame(tick);
  const started = performance.now();
  const timer = setInterval(() => {{
    moves += 1;
    const phase = (moves * 4) % (2 * sweep);
    fire('pointermove', x0 + (phase < sweep ? phase : 2 * sweep - phase));
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) {{
      clearInterval(timer); on = false; fire('pointerup', x0);
      resolve([redraws / elapsed, frames / elapsed, moves / elapsed]);
    }}
  }}, 8);
}})"""


@dataclass
class Figures:
    label: str
    values: dict[str, float | None] = field(default_factory=dict)


def _open(browser: Any, url: str, target: Target) -> tuple[Any, Any, Traffic, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    traffic = Traffic(context, page)
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(target.drawn, timeout=120_000, state="visible")
    page.wait_for_function(IDLE_JS, timeout=120_000, polling=20)
    return context, page, traffic, time.perf_counter() - started


def key_steps(page: Any, target: Target, steps: int) -> list[float]:
    """Milliseconds from each key press to the frame that shows the changed figure."""
    thumb = page.locator(target.slider).first
    thumb.focus()
    times = []
    for i in range(steps):
        page.evaluate(ARM_JS, target.figure)
        thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function("() => window.__t1 !== undefined", timeout=60_000, polling=5)
        times.append(float(page.evaluate("() => window.__t1 - window.__t0")))
        page.wait_for_timeout(400)  # past the studio's pause, so Python has the scenario
        page.wait_for_function(IDLE_JS, timeout=60_000, polling=20)
    return times


def drag(page: Any, target: Target, seconds: float) -> tuple[float, float, float]:
    """Drag the slider for ``seconds``: (redraws/s, frames/s, pointer events/s)."""
    args = [target.slider, target.track, target.chart, seconds]
    redraws, frames, moves = page.evaluate(DRAG_JS, args)
    page.wait_for_timeout(500)
    page.wait_for_function(IDLE_JS, timeout=60_000, polling=20)
    return float(redraws), float(frames), float(moves)


def cold(browser: Any, script: Path, path: str, target: Target, env: dict[str, str],
         log: Path, runs: int) -> tuple[list[float], list[int]]:  # fmt: skip
    """First load on ``runs`` freshly started servers: seconds and bytes on the wire."""
    seconds, sizes = [], []
    for _ in range(runs):
        with serve("cold", script, env, log) as server:
            context, page, traffic, elapsed = _open(browser, f"{server.url}/{path}", target)
            page.wait_for_timeout(300)  # late frames still count as the load
            seconds.append(elapsed)
            sizes.append(traffic.total)
            context.close()
    return seconds, sizes


def measure(
    browser: Any, url: str, target: Target, label: str, args: argparse.Namespace
) -> Figures:
    figures = Figures(label)
    context, page, _, _ = _open(browser, url, target)
    steps = key_steps(page, target, args.steps)
    figures.values["step median ms"] = statistics.median(steps)
    figures.values["step p95 ms"] = statistics.quantiles(steps, n=20)[-1]
    redraws, frames, moves = drag(page, target, args.drag_seconds)
    figures.values["drag redraws/s"] = redraws
    figures.values["drag frames/s"] = frames
    figures.values["drag events/s"] = moves
    context.close()
    return figures


AIMS: Final = {
    "step median ms": ("<= 0.35x", 0.35),
    "step p95 ms": ("<= 0.5x", 0.5),
    "drag redraws/s": (">= 30/s", None),
    "drag frames/s": ("", None),
    "drag events/s": ("", None),
    "cold wire KB": ("<= 0.5x", 0.5),
    "cold load ms": ("<= 1.3x", 1.3),
}


def report(bare: Figures, studio: Figures) -> None:
    print(f"{'figure':<16} {'bare':>9} {'/scenarios':>11} {'ratio':>7}  aim")
    print("-" * 56)
    for name, (aim, _) in AIMS.items():
        a, b = bare.values.get(name), studio.values.get(name)
        ratio = f"{b / a:.2f}x" if a and b is not None else "n/a"
        print(f"{name:<16} {_fmt(a):>9} {_fmt(b):>11} {ratio:>7}  {aim}")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=21, help="key presses per page")
    parser.add_argument("--drag-seconds", type=float, default=3.0)
    parser.add_argument("--cold-runs", type=int, default=3)
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
    print(f"{args.steps} key presses, {args.drag_seconds:g} s of dragging; cold load = median "
          f"of {args.cold_runs} freshly started servers")  # fmt: skip
    bare_script, app_script = ROOT / "bench" / "bare_app.py", ROOT / "app.py"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            with (
                serve("bare", bare_script, env, work / "bare.log") as bare_server,
                serve("pmdash", app_script, env, work / "app.log") as app_server,
            ):
                bare = measure(browser, bare_server.url, BARE, "bare", args)
                studio = measure(browser, f"{app_server.url}/scenarios", STUDIO, "studio", args)
            for figures, script, path, target in (
                (bare, bare_script, "", BARE),
                (studio, app_script, "scenarios", STUDIO),
            ):
                seconds, sizes = cold(
                    browser, script, path, target, env, work / "cold.log", args.cold_runs
                )
                figures.values["cold load ms"] = statistics.median(seconds) * 1e3
                figures.values["cold wire KB"] = statistics.median(sizes) / 1024
            browser.close()
        report(bare, studio)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Full-page screenshots of the pages, for the README and for review.

    python scripts/screenshots.py                 # starts the app on a private data copy
    python scripts/screenshots.py --url http://127.0.0.1:8501

Writes docs/screenshots/<page>.png at 1280×900 in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "overview": "",
    "segments": "segments",
    "regions": "regions",
    "scenarios": "scenarios",
    "sources": "sources",
    "sources-audit": "sources",
    "sources-publishers": "sources",
    "data": "data",
}
# Screenshots of a tab other than the first: screenshot name → tab label.
TABS = {"sources-audit": "Audit", "sources-publishers": "Publishers compared"}


@contextlib.contextmanager
def running_app() -> Iterator[str]:
    """`streamlit run app.py` on a free port, on a private copy of data/."""
    work = Path(tempfile.mkdtemp(prefix="pmdash-shots-"))
    shutil.copytree(ROOT / "data", work / "data", ignore=shutil.ignore_patterns("sources", ".lock"))
    try:
        with streamlit_server(ROOT / "app.py", {"PMDASH_DATA_DIR": str(work / "data")}) as (url, _):
            yield url
    finally:
        shutil.rmtree(work, ignore_errors=True)


def shoot(url: str, pages: list[str], width: int = 1280, height: int = 900) -> list[Path]:
    """Open each page, wait for the script and its charts, save a full-page PNG."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=1
        )
        page = context.new_page()
        for name in pages:
            page.goto(f"{url}/{PAGES[name]}")
            page.wait_for_selector("h1", timeout=30_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
            )
            if name in TABS:
                page.get_by_role("tab", name=TABS[name]).first.click()
            with contextlib.suppress(Exception):
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=10_000)
            page.wait_for_timeout(1200)  # plotly transitions and web fonts settle
            # The app scrolls inside its main section, so grow the window to the content.
            tall = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0"
            )
            page.set_viewport_size({"width": width, "height": max(height, int(tall))})
            page.wait_for_timeout(800)
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            page.set_viewport_size({"width": width, "height": height})
            written.append(target)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running app (default: start one on a private data copy)")
    parser.add_argument("pages", nargs="*", help=f"some of {', '.join(PAGES)} (default: all)")
    args = parser.parse_args()
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    pages = args.pages or list(PAGES)
    if args.url:
        written = shoot(args.url.rstrip("/"), pages)
    else:
        with running_app() as url:
            written = shoot(url, pages)
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()

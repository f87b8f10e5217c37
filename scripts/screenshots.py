"""Full-page screenshots of the pages, for the README and for review.

    python scripts/screenshots.py                 # starts the app on a private data copy
    python scripts/screenshots.py --url http://127.0.0.1:8501
    python scripts/screenshots.py --look phone overview segments

Writes docs/screenshots/<page>.png (desktop, 1440 px wide), <page>-phone.png (390 px,
as an iPhone 14 shows it) and <page>-dark.png (desktop, the system set to dark mode)
in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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
    "scenarios-fan": "scenarios?cagr=9&mc=1&corr=0.3",
    "sources": "sources",
    "sources-audit": "sources",
    "sources-publishers": "sources",
    "data": "data",
}
# Screenshots of a tab other than the first: screenshot name → tab label.
TABS = {"sources-audit": "Audit", "sources-publishers": "Publishers compared"}


# A phone says so in its user agent; the app then hides plotly's toolbar (ui.charts.on_phone).
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@dataclass(frozen=True)
class Look:
    """How a screenshot is taken: the window's size and the system's colour scheme."""

    suffix: str
    width: int
    height: int
    scheme: Literal["light", "dark"] = "light"
    scale: float = 1.0
    user_agent: str | None = None


LOOKS = {
    "desktop": Look("", 1440, 900),
    "phone": Look("-phone", 390, 844, scale=2.0, user_agent=IPHONE),
    "dark": Look("-dark", 1440, 900, scheme="dark"),
}


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


def shoot(url: str, pages: list[str], look: Look = LOOKS["desktop"]) -> list[Path]:
    """Open each page, wait for the script and its charts, save a full-page PNG."""
    width, height = look.width, look.height
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=look.scale,
            color_scheme=look.scheme,
            is_mobile=look.width < 600,
            has_touch=look.width < 600,
            user_agent=look.user_agent,
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
            target = OUT / f"{name}{look.suffix}.png"
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
    parser.add_argument(
        "--look", action="append", choices=list(LOOKS),
        help="desktop (1440 px), phone (390 px) or dark (repeatable; default: all three)",
    )  # fmt: skip
    parser.add_argument("pages", nargs="*", help=f"some of {', '.join(PAGES)} (default: all)")
    args = parser.parse_args()
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    pages = args.pages or list(PAGES)
    looks = [LOOKS[name] for name in args.look or LOOKS]
    with contextlib.ExitStack() as stack:
        url = args.url.rstrip("/") if args.url else stack.enter_context(running_app())
        written = [path for look in looks for path in shoot(url, pages, look)]
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()

"""Every page viewed in Chromium with the hostile market and crafted links: what the
browser fetched from anywhere but the app, and which links and images it drew that
point away from it. Used by tests/e2e/test_hostile_e2e.py and the self-test
(``external requests``).

A loopback HTTP server stands in for the attacker's image host and counts the
requests it gets (a viewer's IP leaking); Playwright's request log catches any other
host. Nothing leaves the machine: every hostile link points at ``evil.example`` (never
requested unless clicked) or at the loopback server.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from pmdash.io import read_bundle
from pmdash.scenario_store import Draft, ScenarioStore
from pmdash.store import DataStore
from tests.corpus.hostile_market import (
    HOSTILE_ID,
    hostile_market,
    hostile_scenario_names,
    hostile_urls,
)
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

SEED_BUNDLE = ROOT / "data" / "sources" / "personalized-medicine"
PAGES = ["", "segments", "regions", "scenarios", "sources", "data"]
# Links and images in the page that point away from the app, except the one link
# from data by design: the sidebar's "Open the source" button (it names its host).
_FOREIGN = """() => [...document.querySelectorAll('a, img, image')]
  .filter(e => !e.closest('[data-testid="stLinkButton"]'))
  .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href'))
  .filter(u => u && !u.startsWith('#') && !u.startsWith('data:') && !u.startsWith('blob:'))
  .filter(u => { try { return new URL(u, document.baseURI).origin !== location.origin; }
                  catch { return true; } })"""


@dataclass
class Views:
    """What the page views did beyond the app itself."""

    pages: int = 0
    image_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    foreign_links: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> int:
        return len(self.image_requests) + len(self.foreign_requests)


@contextlib.contextmanager
def image_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that answers 404 and logs every path asked; yields
    ``(host:port, log)``."""
    log: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            log.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            del args

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def hostile_data(work: Path, image_host: str) -> dict[str, str]:
    """A private copy of the shipped data plus the hostile market and saved scenarios;
    returns the app's environment."""
    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources", ".lock", "*.db"))
    DataStore(data).save(hostile_market(read_bundle(SEED_BUNDLE), image_host))
    database = f"sqlite:///{work / 'scenarios.db'}"
    store = ScenarioStore(database)
    for name in hostile_scenario_names(image_host):
        store.save(HOSTILE_ID, Draft(name, {"cagr": "9"}, author=name, note=name))
    return {"PMDASH_DATA_DIR": str(data), "PMDASH_DATABASE_URL": database, "PMDASH_DEBUG": "1"}


def view_every_page(work: Path) -> Views:
    """Open every page on the hostile market, and every crafted link, in Chromium."""
    from playwright.sync_api import sync_playwright

    views = Views()
    with image_server() as (image_host, log), contextlib.ExitStack() as stack:
        env = hostile_data(work, image_host)
        url, _ = stack.enter_context(streamlit_server(ROOT / "app.py", env, work / "app.log"))
        addresses = [f"{url}/{p}?market={HOSTILE_ID}" for p in PAGES]
        addresses += [f"{url}/{_path(p)}?{urlencode(q)}" for p, q in hostile_urls(image_host)]
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        stack.callback(browser.close)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        # A blob: URL of the app's own origin is a script the page made itself (how a
        # browser-side component is loaded), not a request that leaves the machine.
        own = (url, f"blob:{url}/")
        page.on(
            "request",
            lambda r: None if r.url.startswith(own) else views.foreign_requests.append(r.url),
        )
        for address in addresses:
            page.goto(address)
            _wait(page)
            views.pages += 1
            views.foreign_links += page.evaluate(_FOREIGN)
        views.image_requests = list(log)
    # The loopback image server is a foreign host too: count it once, not twice.
    views.foreign_requests = [r for r in views.foreign_requests if image_host not in r]
    return views


def _path(page: str) -> str:
    return "" if page == "overview" else page


def _wait(page: object) -> None:
    page.wait_for_selector("h1", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=60_000
    )
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


if __name__ == "__main__":  # python -m tests.e2e.hostile_browser
    import tempfile

    os.environ.setdefault("PMDASH_LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory() as tmp:
        found = view_every_page(Path(tmp))
        print(found)

"""The security headers in a real Chromium: every page works under the Content-Security-Policy
(no violation reported, the charts draw, a slider still moves the forecast), and a page
of another origin cannot frame the app (clickjacking of /data's upload and delete)."""

from __future__ import annotations

import contextlib
import re
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pmdash.server import security_headers
from tests.e2e.conftest import assert_no_exception, wait_for_app

PATHS = ["", "segments", "regions", "scenarios", "sources", "data"]
WITH_CHARTS = {"", "segments", "regions"}  # /sources draws none on opening
# /scenarios is the browser-side studio (a v2 component imported from a blob:): its
# sliders appear only when the policy lets its bundle run.

# Runs in every page before Streamlit's scripts: keeps each CSP violation the browser reports.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _get(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return {name.lower(): value for name, value in response.headers.items()}


def _static_asset(app_server: str) -> str:
    with urllib.request.urlopen(f"{app_server}/", timeout=30) as response:
        html = response.read().decode()
    found = re.search(r'src="\./(static/js/[^"]+\.js)"', html)
    assert found, "index.html names no script"
    return found.group(1)


@pytest.fixture
def watched(page: Any) -> Iterator[tuple[Any, list[str]]]:
    """The page, and every console message about a Content Security Policy."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    yield page, console


def test_every_kind_of_response_carries_the_headers(app_server: str) -> None:
    expected = {name.lower(): value for name, value in security_headers().items()}
    for path in ("/", "/data", "/scenarios?cagr=9", _static_asset(app_server), "/favicon.png",
                 "/health", "/_stcore/health", "/_stcore/host-config"):  # fmt: skip
        headers = _get(f"{app_server}/{path.lstrip('/')}")
        assert {name: headers.get(name) for name in expected} == expected, path


@pytest.mark.parametrize("path", PATHS)
def test_each_page_renders_under_the_policy_without_a_violation(
    watched: tuple[Any, list[str]], app_server: str, path: str
) -> None:
    page, console = watched
    page.goto(f"{app_server}/{path}")
    wait_for_app(page)
    assert_no_exception(page)
    if path in WITH_CHARTS:
        page.locator(".js-plotly-plot .main-svg").first.wait_for(state="attached", timeout=30_000)
    if path == "scenarios":
        page.get_by_role("slider").first.wait_for(state="attached", timeout=30_000)
    assert page.evaluate("window.__csp") == []
    assert console == []


def test_a_slider_still_moves_the_forecast_under_the_policy(
    watched: tuple[Any, list[str]], app_server: str
) -> None:
    page, console = watched
    page.goto(f"{app_server}/scenarios?cagr=8.5&to=2034")
    wait_for_app(page)
    value = page.locator('[data-testid="stMetricValue"]').first
    before = value.inner_text()
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"cagr=8\.6"), timeout=15_000)
    page.wait_for_function(
        "(before) => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"
        " !== before",
        arg=before,
        timeout=15_000,
    )
    wait_for_app(page)
    assert page.evaluate("window.__csp") == []
    assert console == []


@contextlib.contextmanager
def _foreign_site(framed: str) -> Iterator[str]:
    """A page on another origin (another port) that puts ``framed`` in an iframe."""
    body = f'<!doctype html><title>elsewhere</title><iframe src="{framed}"></iframe>'.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_of_another_origin_cannot_frame_the_data_page(browser: Any, app_server: str) -> None:
    page = browser.new_page()
    try:
        # The foreign site listens on another port of the same host: another origin.
        with _foreign_site(f"{app_server}/data") as site:
            page.goto(site, wait_until="load")  # "load" waits for the iframe too
            framed = page.frames[1]
            # Chromium replaces a refused frame with its own error page; without the
            # headers the frame showed /data, upload and delete buttons included.
            assert framed.url == "chrome-error://chromewebdata/"
            assert framed.locator('[data-testid="stApp"]').count() == 0
    finally:
        page.close()

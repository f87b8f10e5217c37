"""Every page of the app loads in a real browser without an error element."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_no_exception, running_app, wait_for_app

PATHS = ["", "segments", "regions", "scenarios", "sources", "data"]


@pytest.mark.parametrize("path", PATHS)
def test_page_loads_without_error(page: object, app_server: str, path: str) -> None:
    page.goto(f"{app_server}/{path}")  # type: ignore[attr-defined]
    wait_for_app(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1  # type: ignore[attr-defined]


def test_a_deep_link_on_a_fresh_server_goes_through_the_router(
    browser: object, tmp_path: Path
) -> None:
    """The first session after a restart opens a shared link: the router must run it."""
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(f"{url}/segments?market=personalized-medicine&colour=blue")
        wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Sources & audit" in nav and "app" not in nav.split()
        assert "colour" in page.locator('[data-testid="stAlert"]').first.inner_text()
        # Still the same page and market; the page adds its view (dimension, years, …).
        assert "/segments?market=personalized-medicine&colour=blue" in page.url
        page.close()


def test_streamlit_run_app_py_serves_health_and_warms_up(app_server: str) -> None:
    """`streamlit run app.py` is Streamlit's ASGI mode: /health beside the pages."""
    with urllib.request.urlopen(f"{app_server}/health", timeout=30) as response:
        body = json.loads(response.read())
    # The public answer is the status word only; details need PMDASH_HEALTH_TOKEN.
    assert response.status == 200 and body == {"status": "ok"}

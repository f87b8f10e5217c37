"""Browser tests: `streamlit run app.py` on a free port, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server


@contextlib.contextmanager
def running_app(work: Path) -> Iterator[str]:
    """A fresh `streamlit run app.py` on a private copy of the shipped data; yields its URL."""
    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources", ".lock", "*.db"))
    env = {
        "PMDASH_DATA_DIR": str(data),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
        "PMDASH_DEBUG": "1",
    }
    log = work / "streamlit.log"
    with streamlit_server(ROOT / "app.py", env, log, "--client.showErrorDetails", "full") as (
        url,
        _,
    ):
        yield url


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running app on a private copy of the shipped data."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for the browser tests. Package-scoped: Playwright's sync API keeps an
    event loop running in this thread while it lives, and the tests after tests/e2e
    (asyncio.run in the ASGI tests, the studio's own Playwright) need it gone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, app_server: str) -> Iterator[object]:
    """A fresh 1280×900 page; fails the test on any uncaught page error."""
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as fresh:
        yield fresh


@contextlib.contextmanager
def watched_page(browser: object, **context_options: object) -> Iterator[object]:
    """A page in a new browser context; fails the test on any uncaught page error."""
    context = browser.new_context(**context_options)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def wait_for_app(page: object) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_selector("h1", timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=30_000,
    )


def assert_no_exception(page: object) -> None:
    """No Streamlit exception or error element on the page."""
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]

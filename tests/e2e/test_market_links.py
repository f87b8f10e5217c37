"""Two markets in a real browser: moving through the sidebar keeps the second market
in the URL and on the page, and the studio's copy button copies a link that reopens it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmdash.io import read_bundle
from pmdash.store import DataStore
from tests.conftest import SAMPLE_FILE
from tests.e2e.conftest import assert_no_exception, wait_for_app, watched_page
from tests.e2e.harness import CHROMIUM, ROOT, streamlit_server

pytestmark = pytest.mark.e2e

SECOND = "sample-robotics"


@pytest.fixture(scope="module")
def two_markets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app whose data holds the shipped market and the sample one."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    work = tmp_path_factory.mktemp("two_markets")
    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sources", ".lock", "*.db"))
    DataStore(data).save(read_bundle(SAMPLE_FILE))
    env = {
        "PMDASH_DATA_DIR": str(data),
        "PMDASH_DATABASE_URL": f"sqlite:///{work / 'scenarios.db'}",
        "PMDASH_DEBUG": "1",
    }
    with streamlit_server(ROOT / "app.py", env, work / "streamlit.log") as (url, _):
        yield url


@pytest.fixture
def person(browser: object, two_markets: str) -> Iterator[object]:
    """A 1440×900 page allowed to use the clipboard (headless Chromium asks otherwise)."""
    with watched_page(
        browser,
        viewport={"width": 1440, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    ) as page:
        yield page


def _kpi(page: object) -> str:
    value = page.locator('[data-testid="stMetricValue"]').first  # type: ignore[attr-defined]
    return str(value.inner_text())


def _studio_kpi(page: object) -> str:
    """The market in the target year, as the studio writes it above the region cards."""
    line = page.get_by_text(re.compile(r"^The market in 2030 under the scenario")).first  # type: ignore[attr-defined]
    line.wait_for(timeout=15_000)
    return str(line.inner_text())


def _sidebar(page: object, name: str) -> None:
    nav = page.locator('[data-testid="stSidebarNav"]')  # type: ignore[attr-defined]
    nav.get_by_role("link", name=name).click()
    wait_for_app(page)


def test_the_sidebar_keeps_the_second_market_and_the_copied_link_reopens_it(
    person: object, two_markets: str, browser: object
) -> None:
    page = person
    page.goto(f"{two_markets}/?market={SECOND}")  # type: ignore[attr-defined]
    wait_for_app(page)
    overview_kpi = _kpi(page)

    _sidebar(page, "Regions")
    page.wait_for_url(re.compile(rf"/regions\?.*market={SECOND}"), timeout=15_000)  # type: ignore[attr-defined]
    _sidebar(page, "Overview")
    page.wait_for_url(re.compile(rf"market={SECOND}"), timeout=15_000)  # type: ignore[attr-defined]
    assert _kpi(page) == overview_kpi

    _sidebar(page, "Scenarios")
    page.wait_for_url(re.compile(rf"/scenarios\?.*market={SECOND}"), timeout=15_000)  # type: ignore[attr-defined]
    studio_kpi = _studio_kpi(page)
    assert "USD" in studio_kpi
    sidebar = page.locator('[data-testid="stSidebar"]')  # type: ignore[attr-defined]
    assert "Sample" in sidebar.inner_text()  # the market panel, as on every other page
    assert_no_exception(page)

    page.get_by_role("button", name="Share and export").click()  # type: ignore[attr-defined]
    copy = page.get_by_role("button", name="Copy link")  # type: ignore[attr-defined]
    copy.click(timeout=15_000)
    page.get_by_text("Copied").wait_for(timeout=5_000)  # type: ignore[attr-defined]
    link = str(page.evaluate("navigator.clipboard.readText()"))  # type: ignore[attr-defined]
    assert link.startswith(two_markets) and f"market={SECOND}" in link and "/scenarios" in link

    fresh = browser.new_context(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
    other = fresh.new_page()
    other.goto(link)
    wait_for_app(other)
    assert _studio_kpi(other) == studio_kpi
    fresh.close()


def test_a_segments_view_is_a_link_and_survives_a_trip_through_the_sidebar(
    person: object, two_markets: str
) -> None:
    page = person
    page.goto(f"{two_markets}/segments")  # type: ignore[attr-defined]
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    main.get_by_text("End user", exact=True).click()
    page.wait_for_url(re.compile(r"dimension=end_user"), timeout=15_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    main.get_by_text("Share %", exact=True).click()
    page.wait_for_url(re.compile(r"mode=share"), timeout=15_000)  # type: ignore[attr-defined]
    link = str(page.url)  # type: ignore[attr-defined]
    assert "market=personalized-medicine" in link

    _sidebar(page, "Regions")
    _sidebar(page, "Segments")
    page.wait_for_url(re.compile(r"/segments\?.*dimension=end_user.*mode=share"), timeout=15_000)  # type: ignore[attr-defined]

    page.goto(link)  # type: ignore[attr-defined]
    wait_for_app(page)
    page.get_by_text("% of the market").first.wait_for(timeout=15_000)  # type: ignore[attr-defined]
    assert_no_exception(page)

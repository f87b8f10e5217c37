"""The analyst pages in a real browser: charts render, widgets change the numbers,
uploads report problems or add a market."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE_FILE
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

BAD = b"market,dimension,segment,year,metric,value\nx,region,EU,20x4,size,-3\n"


def open_page(page: object, app_server: str, path: str) -> None:
    page.goto(f"{app_server}/{path}")  # type: ignore[attr-defined]
    wait_for_app(page)


def metric_value(page: object, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]', has_text=label).first  # type: ignore[attr-defined]
    return str(card.locator('[data-testid="stMetricValue"]').inner_text())


@pytest.mark.parametrize(
    ("path", "tab"),
    [("", None), ("segments", None), ("regions", None), ("sources", "Publishers compared")],
)
def test_page_renders_its_charts_without_error(
    page: object, app_server: str, path: str, tab: str | None
) -> None:
    open_page(page, app_server, path)
    if tab:  # only the open tab is drawn
        page.get_by_role("tab", name=tab).click()  # type: ignore[attr-defined]
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=30_000)  # type: ignore[attr-defined]
    assert_no_exception(page)


def test_overview_shows_both_cagrs(page: object, app_server: str) -> None:
    open_page(page, app_server, "")
    assert metric_value(page, "CAGR as stated") == "11.37 % a year"
    assert metric_value(page, "CAGR implied by sizes") == "6.59 % a year"


def test_the_year_slider_changes_the_region_cards(page: object, app_server: str) -> None:
    open_page(page, app_server, "regions")
    assert metric_value(page, "Europe") == "314.4 bn"
    slider = page.get_by_role("slider").first  # type: ignore[attr-defined]
    slider.focus()
    for _ in range(4):
        slider.press("ArrowLeft")
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                 .some(e => e.innerText.includes('243.6'))""",
        timeout=30_000,
    )
    assert metric_value(page, "Europe") == "243.6 bn"


def test_the_dimension_pills_switch_to_a_not_reported_dimension(
    page: object, app_server: str
) -> None:
    open_page(page, app_server, "segments")
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    main.get_by_text("Product · not reported").click()
    page.get_by_text("not reported by the source").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert_no_exception(page)


def _upload(page: object, name: str, data: bytes) -> None:
    chooser = page.locator('[data-testid="stFileUploaderDropzoneInput"]')  # type: ignore[attr-defined]
    chooser.set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})


def test_uploading_a_bad_file_lists_its_problems(page: object, app_server: str) -> None:
    open_page(page, app_server, "data")
    _upload(page, "bad.csv", BAD)
    page.get_by_text("cannot be imported").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert_no_exception(page)


def test_uploading_a_good_file_adds_a_market(page: object, app_server: str, tmp_path: Path) -> None:
    open_page(page, app_server, "data")
    _upload(page, "sample.csv", SAMPLE_FILE.read_bytes())
    page.get_by_text("is valid").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    replace = page.get_by_text("Replace the existing market")  # type: ignore[attr-defined]
    if replace.count():
        replace.click()
    page.get_by_role("button", name="Import").click()  # type: ignore[attr-defined]
    page.get_by_text("Imported").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    sidebar = page.locator('[data-testid="stSidebar"]')  # type: ignore[attr-defined]
    sidebar.get_by_text("Sample robotics", exact=True).wait_for(timeout=30_000)
    assert page.url.endswith("market=sample-robotics")  # type: ignore[attr-defined]
    assert_no_exception(page)

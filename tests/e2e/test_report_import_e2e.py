"""/data, "From a report page", in a real browser: paste the seed page, review its
figures and the audit, correct a figure and see the audit follow, import under a new
id, open the new market's overview; a file that cannot be read is named with its problem."""

from __future__ import annotations

import re

import pytest

from tests.app.test_report_import import REPORTS, SEED_PAGE
from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

NEW_ID = "pm-from-page"


def report_tab(page: object, app_server: str) -> object:
    """/data with the report-page tab open; returns the tab's panel."""
    page.goto(f"{app_server}/data")  # type: ignore[attr-defined]
    wait_for_app(page)
    page.get_by_role("tab", name="From a report page").click()  # type: ignore[attr-defined]
    panel = page.get_by_role("tabpanel", name="From a report page")  # type: ignore[attr-defined]
    panel.get_by_text("Find the figures").wait_for(timeout=30_000)
    return panel


# The review table's geometry (pmdash.ui.report_import.view): the grid's row-marker
# column, then each column's width, px; the header row and each row's height.
COLUMN_PX = {"_marker": 33, "_index": 44, "dimension": 100, "segment": 130, "year": 64, "metric": 76, "value": 80}  # fmt: skip
HEADER_PX, ROW_PX = 35, 66


def edit_cell(page: object, editor: object, *, row: int, column: str, text: str) -> None:
    """Type ``text`` into a cell of the review table (a canvas: cells are found by place)."""
    editor.evaluate("e => e.scrollIntoView({block: 'start'})")  # type: ignore[attr-defined]
    box = editor.bounding_box()  # type: ignore[attr-defined]
    names = list(COLUMN_PX)
    left = sum(COLUMN_PX[n] for n in names[: names.index(column)])
    x = box["x"] + left + COLUMN_PX[column] / 2
    y = box["y"] + HEADER_PX + ROW_PX * (row - 1) + ROW_PX / 2
    page.mouse.dblclick(x, y)  # type: ignore[attr-defined]
    field = page.locator("#portal input, #portal textarea").first  # type: ignore[attr-defined]
    field.fill(text)
    field.press("Enter")
    wait_for_app(page)


def test_paste_review_import_and_open_the_new_markets_overview(
    page: object, app_server: str
) -> None:
    text = SEED_PAGE.read_text(encoding="utf-8")
    stated = re.search(r"USD ([\d,.]+) billion in 2024", text)
    assert stated is not None
    panel = report_tab(page, app_server)
    panel.get_by_role("textbox", name="Report text").fill(text)  # type: ignore[attr-defined]
    panel.get_by_role("button", name="Find the figures").click()  # type: ignore[attr-defined]
    panel.get_by_text(re.compile(r"^Review 20 figures")).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    editor = panel.locator('[data-testid="stDataFrame"]').first  # type: ignore[attr-defined]
    assert editor.is_visible()
    panel.get_by_text("does not follow from the stated sizes").wait_for(timeout=30_000)  # type: ignore[attr-defined]

    # Row 2 is the 2034 size: at the rate the page states, 2025's USD 616.26 bn grows to
    # 1,624.34 by 2034; typed in, the audit's CAGR error turns into a check passed.
    edit_cell(page, editor, row=2, column="value", text="1624.34")
    panel.get_by_text(re.compile(r"^Checks passed and notes")).click()  # type: ignore[attr-defined]
    panel.get_by_text(re.compile(r"The stated 11\.37 % a year matches")).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert panel.get_by_text("does not follow from the stated sizes").count() == 0  # type: ignore[attr-defined]

    market_id = panel.get_by_role("textbox", name="Market id")  # type: ignore[attr-defined]
    market_id.fill(NEW_ID)
    market_id.press("Enter")
    panel.get_by_text(f"({NEW_ID}) is valid").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    wait_for_app(page)
    panel.get_by_role("button", name="Import").click()  # type: ignore[attr-defined]
    page.get_by_text("from the report page. It is now the active market").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert page.url.endswith(f"market={NEW_ID}")  # type: ignore[attr-defined]
    assert_no_exception(page)

    page.goto(f"{app_server}/?market={NEW_ID}")  # type: ignore[attr-defined]
    wait_for_app(page)
    card = page.locator('[data-testid="stMetric"]', has_text="Market size 2024").first  # type: ignore[attr-defined]
    size = float(stated.group(1).replace(",", ""))
    assert card.locator('[data-testid="stMetricValue"]').inner_text() == f"USD {size:,.1f} bn"
    assert_no_exception(page)


def test_an_unreadable_upload_is_named_with_its_problem(page: object, app_server: str) -> None:
    panel = report_tab(page, app_server)
    chooser = panel.locator('[data-testid="stFileUploaderDropzoneInput"]')  # type: ignore[attr-defined]
    noise = bytes((i * 97 + 13) % 255 + 1 for i in range(4000))
    chooser.set_input_files({"name": "report.txt", "mimeType": "text/plain", "buffer": noise})
    panel.get_by_text("cannot be read: it is not a text").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert "report.txt" in panel.locator('[data-testid="stAlert"]').first.inner_text()  # type: ignore[attr-defined]
    assert_no_exception(page)


def test_an_uploaded_html_page_is_reviewed(page: object, app_server: str) -> None:
    panel = report_tab(page, app_server)
    chooser = panel.locator('[data-testid="stFileUploaderDropzoneInput"]')  # type: ignore[attr-defined]
    html = (REPORTS / "12_html_with_navigation.html").read_bytes()
    chooser.set_input_files({"name": "page.html", "mimeType": "text/html", "buffer": html})
    panel.get_by_text(re.compile(r"^Review \d+ figures? .* found in page\.html")).wait_for(  # type: ignore[attr-defined]
        timeout=30_000
    )
    assert_no_exception(page)

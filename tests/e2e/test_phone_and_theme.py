"""Issue 15 at 390 px (an iPhone's width) and in dark mode, read as a person reads the
page: what is on screen, in what order, in which colours."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def phone(browser: object, app_server: str) -> Iterator[object]:
    """A 390×844 touch screen that says it is an iPhone."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        user_agent=IPHONE, device_scale_factor=2,
    )  # fmt: skip
    yield context.new_page()
    context.close()


@pytest.fixture
def dark(browser: object) -> Iterator[object]:
    """A desktop browser on a system set to dark mode."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1440, "height": 900}, color_scheme="dark"
    )
    yield context.new_page()
    context.close()


def open_page(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    wait_for_app(page)


FIGURES_TABLE = """() => {
  const grid = document.querySelector('[data-testid="stDataFrame"]');
  return {
    height: grid.getBoundingClientRect().height,
    rows: grid.querySelectorAll('[role=row]').length - 1,
    visible: [...grid.querySelectorAll('[role=columnheader]')].map(e => e.textContent.trim()),
  };
}"""


def test_the_figures_table_shows_every_figure_and_its_value_on_a_phone(
    phone: object, app_server: str
) -> None:
    open_page(phone, f"{app_server}/sources")
    phone.wait_for_selector('[data-testid="stDataFrame"] [role=row]', state="attached")  # type: ignore[attr-defined]
    table = phone.evaluate(FIGURES_TABLE)  # type: ignore[attr-defined]
    assert table["rows"] == 108
    assert table["height"] >= 108 * 35  # every row on the page, none hidden in a scroller
    assert table["visible"][:3] == ["Segment", "Year", "Value"]


def test_a_search_leaves_no_blank_rows(phone: object, app_server: str) -> None:
    open_page(phone, f"{app_server}/sources")
    search = phone.get_by_role("textbox", name="Search")  # type: ignore[attr-defined]
    search.fill("Europe 2030")
    search.press("Enter")
    phone.get_by_text(re.compile(r"^[1-9] of 108 figures$")).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    wait_for_app(phone)
    # The caption can change a moment before the grid redraws: wait for the grid itself.
    phone.wait_for_function(  # type: ignore[attr-defined]
        """() => {
          const rows = document.querySelectorAll('[data-testid="stDataFrame"] [role=row]').length;
          return rows > 1 && rows <= 4;
        }""",
        timeout=30_000,
    )
    table = phone.evaluate(FIGURES_TABLE)  # type: ignore[attr-defined]
    assert 1 <= table["rows"] <= 3  # Europe's size and share in 2030
    assert table["height"] <= (table["rows"] + 1) * 35 + 10  # its rows and header, nothing under


def test_no_plotly_toolbar_on_a_phone(phone: object, app_server: str) -> None:
    open_page(phone, app_server)
    phone.wait_for_selector(".js-plotly-plot .main-svg")  # type: ignore[attr-defined]
    phone.locator(".js-plotly-plot").first.tap()  # type: ignore[attr-defined]
    assert phone.locator(".modebar-btn").count() == 0  # type: ignore[attr-defined]
    assert_no_exception(phone)


def test_region_cards_stack_from_the_largest_region_down(phone: object, app_server: str) -> None:
    open_page(phone, f"{app_server}/regions")
    phone.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid=\"stMetric\"]').length >= 4",
        timeout=30_000,
    )
    cards = phone.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('[data-testid="stMetric"]')].map(card => ({
              top: card.getBoundingClientRect().top,
              size: parseFloat(card.querySelector('[data-testid="stMetricValue"]')
                                   .innerText.replace(/[^0-9.]/g, '')),
           }))"""
    )
    by_position = [card["size"] for card in sorted(cards, key=lambda card: card["top"])]
    assert len(by_position) == 4 and by_position == sorted(by_position, reverse=True)


def test_toggle_labels_are_not_cut_on_a_phone(phone: object, app_server: str) -> None:
    """The studio's own labels (its checkboxes, controls and KPI titles) wrap rather than
    being cut at 390 px; so do any Streamlit toggles on the page."""
    open_page(phone, f"{app_server}/scenarios")
    labels = phone.locator(  # type: ignore[attr-defined]
        ".pm-studio label, .pm-studio .ctl-label, .pm-studio .kpi-label, "
        '[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"] p'
    )
    labels.first.wait_for(state="visible", timeout=30_000)
    cut = labels.evaluate_all(
        "nodes => nodes.filter(n => n.scrollWidth > n.clientWidth + 1).map(n => n.innerText)"
    )
    assert labels.count() > 3 and cut == []


def test_dark_mode_follows_the_system_charts_included(dark: object, app_server: str) -> None:
    open_page(dark, app_server)
    dark.wait_for_selector(".js-plotly-plot .ytick text")  # type: ignore[attr-defined]
    colours = dark.evaluate(  # type: ignore[attr-defined]
        """() => ({
             page: getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor,
             ticks: getComputedStyle(document.querySelector('.js-plotly-plot .ytick text')).fill,
           })"""
    )
    assert colours["page"] == "rgb(14, 17, 23)"
    assert colours["ticks"] == "rgb(250, 250, 250)"

"""Goal seek and the sensitivity grid in a real browser: type a target, read the growth
needed, apply it and read the studio's headline; move the grid and read a cell."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e


def _open(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)
    page.locator(".pm-studio .kpi-value").first.wait_for()


def _metric(page: Any, label: str) -> Any:
    card = page.locator('[data-testid="stMetric"]', has_text=label)
    return card.locator('[data-testid="stMetricValue"]')


def test_type_a_target_apply_it_and_the_studio_reaches_it(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios")
    assert page.locator(".pm-studio .kpi-value").first.inner_text() == "USD 1,094.8 bn"
    page.get_by_text("Goal seek: what growth reaches a target?").click()
    target = page.get_by_role("spinbutton", name="Target, USD bn")
    target.fill("1500")
    target.press("Enter")
    needed = _metric(page, "Growth needed, every region, 2024–2034")
    expect(needed).to_have_text("10.0 % a year", timeout=15_000)
    page.get_by_role("button", name="Apply to the studio").click()
    kpi = page.locator(".pm-studio .kpi-value").first
    expect(kpi).to_have_text("USD 1,500.0 bn", timeout=15_000)
    page.wait_for_url(re.compile(r"cagr=10\.0033.*goal=1500"), timeout=15_000)
    expect(page.get_by_role("button", name="The scenario reaches this target")).to_be_disabled()
    assert (
        page.locator('.pm-studio [data-control="growth"][role="slider"]').get_attribute(
            "aria-valuetext"
        )
        == "10.0 % a year"
    )


def test_the_grid_moves_with_its_controls(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?cagr=8.5")
    page.get_by_text("Sensitivity grid: the market as two numbers move").click()
    page.get_by_label("Rows").scroll_into_view_if_needed()
    chart = page.locator(".js-plotly-plot", has_text="The scenario: USD 1,307.2 bn")
    chart.wait_for(timeout=45_000)  # plotly.js loads with the first chart of the page
    expect(chart.locator("text", has_text="USD 1,307.2 bn").first).to_be_visible()
    page.get_by_label("Columns").click()
    page.get_by_role("option", name="Growth of Europe").click()
    wait_for_app(page)
    page.wait_for_url(re.compile(r"grid_cols=europe"), timeout=15_000)
    caption = page.get_by_text(re.compile(r"^The market in 2034, USD bn: each cell"))
    expect(caption).to_contain_text("Europe's growth", timeout=15_000)
    chart = page.locator(".js-plotly-plot", has_text="The scenario: USD 1,307.2 bn")
    expect(chart.locator("text", has_text="8.0 %").first).to_be_visible()

"""The TAM → SAM → SOM panel and the weighted scenarios in a real browser: set them as a
person would and read the figures the page shows."""

from __future__ import annotations

import re
from pathlib import Path
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
    return page.locator('[data-testid="stMetric"]', has_text=label).locator(
        '[data-testid="stMetricValue"]'
    )


def _type(page: Any, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")
    wait_for_app(page)


def test_setting_sam_and_som_shows_the_som_in_usd_and_keeps_it_in_the_link(
    page: Any, app_server: str
) -> None:
    _open(page, f"{app_server}/scenarios")
    page.get_by_text("TAM → SAM → SOM: the market we serve").click()
    page.get_by_text("Size our serviceable and obtainable market").click()
    som = _metric(page, "SOM 2034 · assumed")
    som.wait_for(timeout=15_000)
    expect(som).to_have_text("USD 54.7 bn", timeout=15_000)  # 5 % of the whole market, the default

    _type(page, "Europe, % served", "50")
    page.wait_for_url(re.compile(r"sam_europe=50(&|$)"), timeout=15_000)
    page.get_by_role("combobox", name=re.compile("End user served")).click()
    page.get_by_role("option", name="Hospitals (41.0 %)").click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"keep_end_user=hospitals"), timeout=15_000)
    wait_for_app(page)
    # 1,094.83 × (1,094.84 − 157.22) / 1,094.84 × 41 % = 384.4 served; 5 % of it won.
    expect(_metric(page, "SAM 2034 · assumed")).to_have_text("USD 384.4 bn", timeout=15_000)
    expect(som).to_have_text("USD 19.2 bn", timeout=15_000)

    _type(page, "2034, % of SAM", "10")
    page.wait_for_url(re.compile(r"som_end=10(&|$)"), timeout=15_000)
    expect(som).to_have_text("USD 38.4 bn", timeout=15_000)

    page.get_by_role("button", name="Share and export").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Executive brief (HTML)").click()
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert "SOM 2034: USD 38.4 bn</b> of a serviceable market (SAM) of USD 384.4 bn" in brief
    page.keyboard.press("Escape")

    other = page.context.new_page()  # the link reopens the same funnel
    _open(other, page.url)
    expect(_metric(other, "SOM 2034 · assumed")).to_have_text("USD 38.4 bn", timeout=15_000)
    other.close()


def _save(page: Any, app_server: str, query: str, name: str) -> None:
    _open(page, f"{app_server}/scenarios?{query}")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text(f"Saved {name}").wait_for(timeout=15_000)


def test_probabilities_on_two_saved_scenarios_give_the_expected_market(
    page: Any, app_server: str
) -> None:
    _save(page, app_server, "preset=custom&cagr=3", "Slow e2e")
    _save(page, app_server, "preset=custom&cagr=12", "Fast e2e")
    picker = page.get_by_role("combobox", name=re.compile("Weigh these scenarios"))
    picker.scroll_into_view_if_needed()
    for name in ("Slow e2e", "Fast e2e"):
        picker.click()
        page.get_by_role("option", name=name, exact=True).click()
        page.keyboard.press("Escape")
        wait_for_app(page)
    _type(page, "Slow e2e, %", "25")
    _type(page, "Fast e2e, %", "60")
    page.get_by_text("add up to 85 %, not 100 %").wait_for(timeout=15_000)
    _type(page, "Fast e2e, %", "75")
    expected = _metric(page, "Expected market 2034")
    expected.wait_for(timeout=15_000)
    # 0.25 × 776.97 (3 % a year) + 0.75 × 1,795.62 (12 % a year).
    expect(expected).to_have_text("USD 1,541.0 bn", timeout=15_000)
    expect(_metric(page, "Range 2034")).to_have_text("USD 777.0–1,795.6 bn", timeout=15_000)
    page.get_by_role("button", name="Save probabilities").click()
    page.get_by_text("These probabilities are saved").wait_for(timeout=15_000)

"""The uncertainty fan in a real browser: switch it on, read a region's P10–P90 and the
chance of passing a size, move a slider and see the band move in the same frame;
the settings reach the URL after the pause."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

BAND = '.region-band[data-region="north_america"]'


def _open(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)
    page.locator(".pm-studio .kpi-value").first.wait_for()


def _band(page: Any, before: tuple[float, float] | None = None) -> tuple[float, float]:
    """The region's P10–P90; with ``before``, once it differs (the fan is drawn in the
    next animation frame, the one that paints the input)."""
    band = page.locator(BAND)
    if before is not None:
        expect(band).not_to_have_text(_text(before), timeout=5_000)
    text = str(band.inner_text())
    found = re.fullmatch(r"P10–P90 in \d{4}: USD ([\d,.]+)–([\d,.]+) bn", text)
    assert found, text
    return float(found[1].replace(",", "")), float(found[2].replace(",", ""))


def _text(band: tuple[float, float]) -> re.Pattern[str]:
    return re.compile(re.escape(f"USD {band[0]:,.1f}–{band[1]:,.1f} bn"))


def test_switching_the_fan_on_and_moving_the_spread(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?cagr=9&to=2034")
    assert page.locator("svg.path path.fan").count() == 0
    page.get_by_label("Show uncertainty").check()
    expect(page.locator("svg.path path.fan")).to_have_count(2)  # P5–P95 and P25–P75
    page.locator(".pm-studio details.regions summary").click()
    low, high = _band(page)
    assert low < high
    assert "publishers sizing the same scope" in page.locator(".spread-source").inner_text()

    spread = page.locator('[role="slider"][data-control="spread"]')
    assert spread.get_attribute("aria-valuetext") == "±2.7 points a year"
    spread.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wider = _band(page, (low, high))  # drawn in the browser, no round trip
    assert wider[0] < low and wider[1] > high
    assert page.locator(".spread-source").inner_text().startswith("Set by you.")
    page.wait_for_url(re.compile(r"mc=1.*spread=3\.7"), timeout=15_000)

    growth = page.locator('[role="slider"][data-control="growth"]')
    growth.focus()
    page.keyboard.press("PageUp")
    faster = _band(page, wider)
    assert faster[0] > wider[0] and faster[1] > wider[1]


def test_the_chance_of_passing_a_size_answers_as_you_type(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?cagr=9&to=2034&mc=1&pass_year=2034")
    answer = page.locator('[data-answer="pass"]')
    size = page.locator('input[data-control="pass"]')
    size.fill("100")  # the answer follows in the next frame
    expect(answer).to_have_text("All 10,000 paths reach USD 100 bn by 2034.")
    size.fill("100000")
    expect(answer).to_have_text("None of the 10,000 paths reach USD 100,000 bn by 2034.")
    size.fill("1400")
    expect(answer).to_have_text(
        re.compile(r"^\d+ % of the 10,000 paths reach USD 1,400 bn by 2034\.$")
    )
    size.press("Enter")
    page.wait_for_url(re.compile(r"pass=1400"), timeout=15_000)

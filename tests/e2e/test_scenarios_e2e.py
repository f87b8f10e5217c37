"""The studio in a real browser, used as a person would: open a shared link, press keys,
drag, type a rate, hold a key, save, reload, reopen the share link.

The studio's controls, KPI cards and chart are one component in the page (a shadow
root; Playwright's role and label locators reach inside it). It redraws on every
input and tells Python the scenario when the user pauses, so a figure is read at
once and the URL, the cards below and the saved list after the pause.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

GROWTH = '[role="slider"][data-control="growth"]'  # "Growth, every region" (or "every other")
GROWTH_BOX = 'input[data-control="growth"]'


def _open(page: Any, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)
    page.locator(".pm-studio .kpi-value").first.wait_for()


def _kpi(page: Any) -> str:
    return str(page.locator(".pm-studio .kpi-value").first.inner_text())


def _settled(page: Any) -> None:
    """Past the studio's pause and Python's run: URL, cards and studio agree from here."""
    page.wait_for_timeout(400)
    wait_for_app(page)


def test_shared_link_key_step_save_reload(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?cagr=8.5&to=2034")
    assert page.locator(".pm-studio .kpi-label").first.inner_text() == "Market in 2034"
    assert _kpi(page) == "USD 1,307.2 bn"

    slider = page.locator(GROWTH)
    assert slider.get_attribute("aria-label") == "Growth, every region"
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert _kpi(page) == "USD 1,319.3 bn"  # drawn in the key's own frame, no round trip
    assert slider.get_attribute("aria-valuetext") == "8.6 % a year"
    page.wait_for_url(re.compile(r"cagr=8\.6"), timeout=15_000)
    _settled(page)

    page.get_by_label("Name", exact=True).fill("APAC push")
    page.get_by_label("Your name").fill("Ann Analyst")
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Saved APAC push").wait_for(timeout=15_000)

    page.reload()
    wait_for_app(page)
    assert_no_exception(page)
    page.locator(".pm-studio .kpi-value").first.wait_for()
    assert _kpi(page) == "USD 1,319.3 bn"
    page.get_by_text("Saved scenarios").wait_for(timeout=15_000)
    page.get_by_text("Saved scenarios").scroll_into_view_if_needed()
    cell = page.locator('[role="gridcell"]', has_text="APAC push")
    cell.first.wait_for(state="attached", timeout=15_000)


def test_dragging_moves_the_market_before_the_pointer_is_released(
    page: Any, app_server: str
) -> None:
    _open(page, f"{app_server}/scenarios?cagr=6.6")
    slider = page.locator(GROWTH)
    box = slider.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    seen = set()
    for step in range(1, 41):
        page.mouse.move(x + step, y)
        seen.add(_kpi(page))
    moved_to = float(str(slider.get_attribute("aria-valuenow")))
    assert len(seen) >= 10  # the market moved with the pointer, many times
    page.mouse.up()
    # Fine control: 40 px is a couple of points (it was 11 on the −20..+40 % track).
    assert 6.6 < moved_to <= 9.6
    page.wait_for_url(re.compile(rf"cagr={re.escape(f'{moved_to:g}')}(&|$)"), timeout=15_000)
    box_value = page.locator(GROWTH_BOX).input_value()
    assert box_value == f"{moved_to:.1f}"


def test_a_typed_rate_moves_one_region_and_keeps_it(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios")
    page.get_by_text("Growth by region").click()
    field = page.get_by_label("Growth of Asia-Pacific, % a year")
    field.fill("1")
    first = _kpi(page)
    field.press("2")  # each typed digit redraws: 1 %, then 12 %
    assert _kpi(page) != first and _kpi(page) != "USD 1,094.8 bn"
    field.press("Enter")
    page.wait_for_url(re.compile(r"cagr_asia_pacific=12(&|$)"), timeout=15_000)
    assert field.input_value() == "12.0"
    slider = page.get_by_role("slider", name="Growth of Asia-Pacific")
    assert slider.get_attribute("aria-valuetext") == "12.0 % a year"
    # The common rate moves the other regions; Asia-Pacific keeps its own 12 %.
    page.locator(GROWTH).focus()
    page.keyboard.press("PageUp")
    _settled(page)
    assert "cagr_asia_pacific=12" in page.url and "cagr=" in page.url
    assert field.input_value() == "12.0"
    assert page.get_by_text("Set by region, kept: Asia-Pacific 12.0 %.").is_visible()


def test_six_fast_key_presses_leave_every_figure_in_step(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?cagr_asia_pacific=12&to=2034")
    target = page.get_by_role("slider", name="Target year")
    target.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(80)
    assert target.get_attribute("aria-valuenow") == "2040"
    assert page.locator(".pm-studio .kpi-label").first.inner_text() == "Market in 2040"
    page.wait_for_url(re.compile(r"to=2040"), timeout=15_000)
    _settled(page)
    assert target.get_attribute("aria-valuenow") == "2040"
    assert "cagr_asia_pacific=12" in page.url
    assert page.get_by_label("Growth of Asia-Pacific, % a year").input_value() == "12.0"
    cards = page.locator('[data-testid="stCaptionContainer"]', has_text="Each region in 2040")
    cards.first.wait_for(timeout=15_000)


def test_the_share_link_reopens_the_scenario(page: Any, app_server: str) -> None:
    _open(page, f"{app_server}/scenarios?preset=headline")
    page.get_by_role("slider", name="Target year").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"to=2033"), timeout=15_000)
    _settled(page)
    shown = _kpi(page)
    page.get_by_role("button", name="Share and export").click()
    field = page.get_by_role("textbox", name="Link to this scenario")
    expect(field).to_have_value(re.compile("preset=headline"), timeout=15_000)
    link = field.input_value()
    assert "preset=headline" in link and "to=2033" in link
    other = page.context.new_page()
    _open(other, link)
    assert _kpi(other) == shown
    assert other.locator(".pm-studio [aria-checked='true']").inner_text() == "Headline CAGR"
    other.close()

"""Publishers compared, in a real browser: other scopes come in beside the market's own,
and a lower edition-age threshold flags an estimate on the chart, in the table and in
the audit's count, without closing the tab."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, wait_for_app

pytestmark = pytest.mark.e2e

TIMEOUT = 30_000


def _chart_has(page: object, text: str) -> None:
    """Wait until some plotly chart draws ``text`` (a subplot title or a line's label)."""
    page.wait_for_function(  # type: ignore[attr-defined]
        """(text) => [...document.querySelectorAll('.js-plotly-plot text')]
                     .some(e => e.textContent.includes(text))""",
        arg=text,
        timeout=TIMEOUT,
    )


def test_other_scopes_and_the_age_threshold(page: object, app_server: str) -> None:
    page.goto(f"{app_server}/sources")  # type: ignore[attr-defined]
    wait_for_app(page)
    page.get_by_role("tab", name="Publishers compared").click()  # type: ignore[attr-defined]
    _chart_has(page, "Personalized medicine (this market)")
    charts = page.locator(".js-plotly-plot")  # type: ignore[attr-defined]
    assert "Emergen" not in charts.first.inner_text()  # precision medicine: not by default

    page.get_by_text("Show other scopes beside").click()  # type: ignore[attr-defined]
    _chart_has(page, "Precision medicine (not compared)")
    _chart_has(page, "Global Market Insights (2016) ⚠")  # an old edition, flagged

    assert "Grand View Research (2021) ⚠" not in charts.first.inner_text()
    threshold = page.get_by_label("Flag editions older than (years)", exact=True)  # type: ignore[attr-defined]
    threshold.fill("2")
    threshold.press("Enter")
    _chart_has(page, "Grand View Research (2021) ⚠")  # its 2021 edition: 3 years before 2024
    tab = page.get_by_role("tab", name="Publishers compared")  # type: ignore[attr-defined]
    assert tab.get_attribute("aria-selected") == "true"  # still open: the count moved
    audit = page.get_by_role("tab", name="Audit (1 errors, 8 warnings)")  # type: ignore[attr-defined]
    audit.wait_for(timeout=TIMEOUT)
    assert_no_exception(page)

"""Every page of the app loads in a real browser without an error element."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_exception, wait_for_app

PATHS = ["", "segments", "regions", "scenarios", "sources", "data"]


@pytest.mark.parametrize("path", PATHS)
def test_page_loads_without_error(page: object, app_server: str, path: str) -> None:
    page.goto(f"{app_server}/{path}")  # type: ignore[attr-defined]
    wait_for_app(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1  # type: ignore[attr-defined]

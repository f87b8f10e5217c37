"""Every page in Chromium with hostile names, scenario names and crafted links: the
browser asks no other host for anything (no image from data, no third-party icon)
and draws no link or image that leads away from the app (issue 14)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM
from tests.e2e.hostile_browser import view_every_page

pytestmark = pytest.mark.e2e


def test_hostile_pages_make_no_outside_request_and_no_foreign_link(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # A thread of its own: its Playwright must not meet the shared browser's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        views = pool.submit(view_every_page, tmp_path).result()
    assert views.pages == 15
    assert views.image_requests == [], "the hostile image server was asked"
    assert views.foreign_requests == []
    assert views.foreign_links == []

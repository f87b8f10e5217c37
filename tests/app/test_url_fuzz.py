"""Generated query strings at every page through the real router: no exception, and
every ignored parameter reported, no notice turned into a link or an image. A seeded sample here; `python -m tests.selftest`
throws 1,000 at each page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz_urls import PAGE_PATHS, fuzz_page, query_strings

SAMPLE = 12


def test_the_generator_is_deterministic_and_varied() -> None:
    first = list(query_strings(200))
    assert first == list(query_strings(200))
    keys = {k for params in first for k in params}
    assert {"cagr", "preset", "<script>", "market"} <= keys


@pytest.mark.parametrize("page", PAGE_PATHS)
def test_generated_query_strings_never_raise_and_are_reported(data_dir: Path, page: str) -> None:
    result = fuzz_page(page, SAMPLE)
    assert result.tried == SAMPLE
    assert (result.exceptions, result.unreported, result.injected) == (0, 0, 0), (
        result.first_failure
    )

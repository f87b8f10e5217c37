"""Generated query strings for every page, and a runner that throws them at the real
router through AppTest. Used by tests/app/test_url_fuzz.py (a sample) and by the
self-test (1,000 a page)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass

from streamlit.testing.v1 import AppTest

from pmdash.ui.params import PAGE_PARAMS
from pmdash.ui.router import PAGES
from tests.conftest import ROOT
from tests.corpus.hostile_market import DEFAULT_IMAGE_HOST
from tests.markup import page_injections

PAGE_PATHS = [path for _, _, _, path in PAGES]
KEYS = [
    "preset", "from", "to", "cagr", "cagr_north_america", "cagr_europe", "cagr_asia_pacific",
    "cagr_lamea", "cagr_atlantis", "shock_year", "shock", "market", "utm_source", "x",
    "<script>", "[a](javascript:alert(1))", "cagr`", "ключ", "", "a" * 300,
    "[Sign in again](https://ev.il/k)", "https://evil.example/q",
    "sam_europe", "sam_atlantis", "keep_end_user", "keep_product", "som_start", "som_end",
    "som_curve", "funnel_year",
]  # fmt: skip
VALUES = [
    "", "0", "8.5", "-20", "40", "41", "-1e9", "1e308", "nan", "inf", "-inf", "2024", "2034",
    "2040", "2100", "1999", "abc", "12,5", "8.5%", "headline", "reported", "consensus",
    "conservative", "optimistic", "custom", "HEADLINE", "personalized-medicine", "sample-robotics",
    "nope", "<b>x</b>", "'; DROP TABLE scenarios; --", "\u202e", "😀", "x" * 2000, "2027", "-10",
    "\n\n[Sign in again](https://ev.il/x)", "\n\n![p](http://127.0.0.1:9999/u2.png)",
    "https://evil.example/login", "www.evil.example", ":red[evil.example]",
]  # fmt: skip


def query_strings(count: int, seed: int = 20261125) -> Iterator[dict[str, str | list[str]]]:
    """``count`` seeded random query strings: known and unknown keys, good and bad values."""
    rng = random.Random(seed)
    for _ in range(count):
        params: dict[str, str | list[str]] = {}
        for _ in range(rng.randint(0, 6)):
            key = rng.choice(KEYS)
            if rng.random() < 0.1:
                params[key] = [rng.choice(VALUES), rng.choice(VALUES)]  # a repeated key
            else:
                params[key] = rng.choice(VALUES)
        yield params


@dataclass
class FuzzResult:
    page: str
    tried: int = 0
    exceptions: int = 0
    unreported: int = 0
    injected: int = 0
    first_failure: str = ""


def fuzz_page(page: str, count: int, seed: int = 20261125) -> FuzzResult:
    """Open ``page`` through the router once per query string; count exceptions,
    query strings with a parameter the page ignored but did not report, and those
    whose notice made a link, image or colour (:func:`tests.markup.page_injections`)."""
    result = FuzzResult(page)
    previous = os.environ.get("PMDASH_DEFAULT_PAGE")
    os.environ["PMDASH_DEFAULT_PAGE"] = page
    try:
        for params in query_strings(count, seed):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params.update(params)
            at.run()
            result.tried += 1
            if at.exception:
                result.exceptions += 1
                result.first_failure = result.first_failure or f"{params}: {at.exception[0].value}"
            elif _needs_notice(page, params) and not at.warning:
                result.unreported += 1
                result.first_failure = result.first_failure or f"{params}: no notice"
            elif found := page_injections(at, DEFAULT_IMAGE_HOST):
                result.injected += 1
                result.first_failure = result.first_failure or f"{params}: {found[0]}"
    finally:
        if previous is None:
            os.environ.pop("PMDASH_DEFAULT_PAGE", None)
        else:
            os.environ["PMDASH_DEFAULT_PAGE"] = previous
    return result


def _needs_notice(page: str, params: dict[str, str | list[str]]) -> bool:
    """Whether the page must show a notice: any key but a valid market and the page's
    own view keys on analyst pages (a view value's notice is tested in
    tests/test_urlstate.py), any key outside the scenario's own on the scenarios page."""
    market = params.get("market")
    bad_market = market is not None and market not in ("personalized-medicine",)
    if page == "scenarios":
        known = {"preset", "from", "to", "cagr", "shock_year", "shock", "market"}
        return bad_market or any(k not in known and not k.startswith("cagr_") for k in params)
    own = PAGE_PARAMS.get(page, ())
    return bad_market or any(k != "market" and k.strip().lower() not in own for k in params)

"""Numbers for people."""

from __future__ import annotations

import pytest

from pmdash.formatting import (
    Bold,
    delta_usd_bn,
    dimension_label,
    dimension_noun,
    hover,
    metric_label,
    number,
    pct,
    plain,
    points,
    rate,
    source_label,
    usd_bn,
    usd_bn_in,
    year_span,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (usd_bn(1094.83), "USD 1,094.8 bn"),
        (usd_bn(None), "—"),
        (usd_bn(float("nan")), "—"),
        (pct(44.96), "45.0 %"),
        (pct(4.78, 2, signed=True), "+4.78 %"),
        (points(4.78), "+4.78 pts"),
        (points(-0.0004, 1), "+0.0 pts"),
        (delta_usd_bn(-0.01), "+0.0 bn"),
        (delta_usd_bn(529.49), "+529.5 bn"),
        (dimension_label("end_user"), "End user"),
    ],
)
def test_numbers_read_as_people_write_them(text: str, expected: str) -> None:
    assert text == expected


def test_untrusted_text_cannot_become_markdown() -> None:
    assert plain("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert plain("a" * 100, limit=10) == "aaaaaaaaa…"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (usd_bn(5700), "USD 5,700.0 bn"),
        (usd_bn_in(616.26, 2025), "USD 616.3 bn (2025)"),
        (number(-0.0001, 2), "0.00"),
        (delta_usd_bn(-0.001, 2), "+0.00 bn"),
        (year_span(2024, 2024), "2024"),
        (year_span(2024, 2034), "2024–2034"),
        (metric_label("cagr"), "CAGR"),
        (dimension_noun("end_user"), "end user"),
        (rate(6.594), "6.59 % a year"),
    ],
)
def test_one_formatter_writes_units_and_separators(text: str, expected: str) -> None:
    assert text == expected


def test_a_source_id_becomes_the_publisher_and_its_year() -> None:
    sources = [{"source": "marketsandmarkets-2025", "publisher": "MarketsandMarkets"}]
    assert source_label("marketsandmarkets-2025", sources) == "MarketsandMarkets (2025)"
    dated = [{"source": "x", "publisher": "Emergen Research", "published": "2022-04-07"}]
    assert source_label("x", dated) == "Emergen Research (2022)"
    assert source_label("unknown-id", sources) == "unknown-id"


def test_hover_leaves_missing_parts_out_and_escapes_data() -> None:
    assert hover(Bold("<b>x</b>"), None, "—", "", "USD 1.0 bn") == (
        "<b>&lt;b&gt;x&lt;/b&gt;</b><br>USD 1.0 bn"
    )

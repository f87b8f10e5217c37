"""Numbers for people."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.formatting import (
    Bold,
    basis_label,
    delta_usd_bn,
    dimension_label,
    dimension_noun,
    hover,
    label,
    metric_label,
    number,
    pct,
    plain,
    points,
    rate,
    signed_usd_bn,
    source_label,
    stated,
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
        (usd_bn(-0.001), "USD 0.0 bn"),
        (usd_bn_in(616.26, 2025), "USD 616.3 bn (2025)"),
        (usd_bn(1e308), "more than USD 1,000,000,000 bn"),
        (usd_bn(-1e300), "less than −USD 1,000,000,000 bn"),
        (usd_bn(float("inf")), "more than USD 1,000,000,000 bn"),
        (signed_usd_bn(1e300), "more than USD 1,000,000,000 bn"),
        (signed_usd_bn(-3.0), "−USD 3.0 bn"),
        (number(1600), "1,600.0"),
        (number(1e300), "1.0e+300"),
        (number(float("-inf")), "−∞"),
        (pct(-0.001), "0.0 %"),
        (pct(1e300), "1.0e+300 %"),
        (rate(6.594), "6.59 % a year"),
        (rate(float("nan")), "—"),
        (points(1e300), "+1.00e+300 pts"),
        (delta_usd_bn(float("nan")), "—"),
        (stated(10.3), "10.3"),
        (stated(1234.0), "1,234"),
        (stated(-0.0), "0"),
        (stated(1e300), "1e+300"),
        (year_span(2024, 2024), "2024"),
        (year_span(2024, 2034), "2024–2034"),
    ],
)
def test_no_number_reads_minus_zero_or_runs_to_hundreds_of_digits(text: str, expected: str) -> None:
    assert text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (dimension_noun("end_user"), "end user"),
        (dimension_noun("total"), "market total"),
        (metric_label("cagr"), "CAGR"),
        (metric_label("size"), "Size"),
        (label("cagr_pct"), "CAGR %"),
        (basis_label("derived"), "Computed here"),
        (
            source_label(
                "marketsandmarkets-2025",
                [{"source": "marketsandmarkets-2025", "publisher": "MarketsandMarkets"}],
            ),
            "MarketsandMarkets (2025)",
        ),
        (source_label("unknown-id"), "unknown-id"),
    ],
)
def test_keys_become_names_people_read(text: str, expected: str) -> None:
    assert text == expected


def test_hover_lines_are_short_escaped_and_leave_missing_parts_out() -> None:
    text = hover(Bold("Europe, 2024"), "USD 166.0 bn", None, "—", "<b>x</b> " + "word " * 30)
    lines = text.split("<br>")
    assert lines[:2] == ["<b>Europe, 2024</b>", "USD 166.0 bn"]
    assert "&lt;b&gt;x&lt;/b&gt;" in lines[2]
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(len(line) <= 60 for line in lines)


@given(st.floats(allow_nan=True, allow_infinity=True) | st.none())
def test_every_number_reads_short_and_never_as_nan_or_minus_zero(value: float | None) -> None:
    for text in (usd_bn(value), pct(value), rate(value), points(value), number(value)):
        assert len(text) <= 40, text
        assert "nan" not in text.lower() and "inf" not in text.lower()
        assert not re.search(r"-0\.0+\b(?!\d)", text) or re.search(r"e-0", text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
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

"""Numbers for people."""

from __future__ import annotations

import pytest

from pmdash.formatting import delta_usd_bn, dimension_label, pct, plain, points, usd_bn


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

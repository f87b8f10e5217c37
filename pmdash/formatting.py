"""Numbers for people: one place decides how sizes, shares and rates are written."""

from __future__ import annotations

import math
import re


def usd_bn(value: float | None, digits: int = 1) -> str:
    """'USD 1,094.8 bn'; a dash for a missing value.

    >>> usd_bn(1094.83)
    'USD 1,094.8 bn'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"USD {value:,.{digits}f} bn"


def pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """'44.9 %' (or '+4.8 %' when signed); a dash for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed else ""
    return f"{_no_negative_zero(value, digits):{sign},.{digits}f} %"


def points(value: float | None, digits: int = 2) -> str:
    """A difference of two percentages: '+4.78 pts'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{_no_negative_zero(value, digits):+.{digits}f} pts"


def delta_usd_bn(value: float, digits: int = 1) -> str:
    """A signed difference in USD billions: '+529.5 bn'."""
    return f"{_no_negative_zero(value, digits):+,.{digits}f} bn"


def dimension_label(dimension: str) -> str:
    """'end_user' → 'End user'."""
    return dimension.replace("_", " ").capitalize()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object, limit: int = 80) -> str:
    """Untrusted text made safe to show inside Streamlit markdown: shortened, every
    markdown character escaped, so it shows as typed and never becomes a link or markup.

    >>> plain("[x](javascript:alert(1))")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    value = str(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def _no_negative_zero(value: float, digits: int) -> float:
    """0.0 for a value that rounds to zero, so nothing reads '-0.0'."""
    return 0.0 if round(value, digits) == 0 else value

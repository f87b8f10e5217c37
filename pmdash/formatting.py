"""Numbers for people: one place decides how sizes, shares and rates are written."""

from __future__ import annotations

import html
import math
import re
from typing import Final


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


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: object, limit: int = 80) -> str:
    """Untrusted text made safe to show inside Streamlit markdown: one line
    (:func:`shown_text`, stripped), every markdown character escaped and auto-links broken
    (:func:`unlinked`), so it shows as typed and never becomes a link, an image,
    a colour or an icon.

    >>> plain("[x](javascript:alert(1))")
    '\\\\[x\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    # Stripped: four leading spaces would make the label a code block.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked(shown_text(text, limit).strip()))


def _no_negative_zero(value: float, digits: int) -> float:
    """0.0 for a value that rounds to zero, so nothing reads '-0.0'."""
    return 0.0 if round(value, digits) == 0 else value


# --- text from data or a URL ---------------------------------------------------------
# Nothing a data file or a link says may become markup (STYLE.md). Markdown contexts
# take plain(); plain-text ones (select box options, table cells) take shown_text();
# plotly text takes chart_text(); spreadsheets (exports, a grid's CSV) take neutralise().

# Bidirectional controls re-order what follows them ("\u202e" shows "abc" as "cba"):
# dropped. Other control characters become spaces: a label is one line, and a blank
# line cannot end the paragraph (or code span) a label sits in.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
WORD_JOINER: Final = "\u2060"
# Where Streamlit's markdown would make a link or an icon of text even with every
# markdown character escaped (its GFM auto-links and shortcodes run on the text after
# escapes are resolved): after "://", inside "www.", after the "@" of an address, and
# after the opening colon of a ":shortcode:". An invisible word joiner breaks each.
_LINK_STARTS = re.compile(r"(?<=://)|(?<=www)(?=\.)|(?<=@)|(?<=:)(?=[\w+/-]+:)", re.IGNORECASE)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")


def shown_text(text: object, limit: int | None = 80) -> str:
    """Text from data or a URL as one line of plain text: bidirectional controls
    dropped, other control characters shown as spaces, cut to ``limit`` characters
    (``None``: any length). For places that show text as typed; :func:`plain` for markdown.

    >>> shown_text("abc\\u202edef\\n\\nghi")
    'abcdef  ghi'
    """
    value = _CONTROLS.sub(" ", _BIDI_CONTROLS.sub("", str(text)))
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…"
    return value


def unlinked(text: str) -> str:
    """``text`` with an invisible word joiner wherever a renderer would auto-link it
    (``https://``, ``www.``, ``a@b.c``) or turn it into an icon (``:shortcode:``).

    >>> unlinked("see https://evil.example") == "see https://" + WORD_JOINER + "evil.example"
    True
    """
    return _LINK_STARTS.sub(WORD_JOINER, text)


def chart_text(text: object, limit: int | None = 80) -> str:
    """Text from data for a plotly title, legend, axis or hover: plotly draws a subset
    of HTML (``<a href>`` is a link), so every ``<``, ``>`` and ``&`` is escaped.

    >>> chart_text('<a href="https://evil.example">x</a>')
    '&lt;a href="https://evil.example"&gt;x&lt;/a&gt;'
    """
    return html.escape(shown_text(text, limit), quote=False)


def neutralise(value: object) -> object:
    """A text cell made safe for spreadsheets (a leading apostrophe before a formula);
    anything else passes through. Exports and the app's tables both use it.

    >>> neutralise("=1+1")
    "'=1+1"
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

"""Numbers and names for people: one place decides how sizes, shares, rates, labels,
axis titles and hover lines are written, in the app, the brief, the exports and the
audit's sentences.

>>> usd_bn(5700)
'USD 5,700.0 bn'
>>> usd_bn_in(616.26, 2025)
'USD 616.3 bn (2025)'
>>> dimension_noun("end_user")
'end user'
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any, Final

MISSING: Final = "—"
# Beyond this a number is shown in scientific notation (and a size as "more than
# USD 1,000,000,000 bn"), never as a row of 300 digits.
HUGE: Final = 1e9

# Axis titles and tick formats (d3-format) shared by every chart.
USD_BN_AXIS: Final = "USD bn"
SHARE_AXIS: Final = "Share of the market (%)"
GROWTH_AXIS: Final = "Growth (% a year)"
USD_TICKS: Final = ",.0f"
# A number column of st.dataframe / st.column_config: grouped thousands, one decimal.
USD_BN_COLUMN_FORMAT: Final = "USD %,.1f bn"
# The same for an XLSX cell (openpyxl number_format).
XLSX_USD_BN: Final = '"USD "#,##0.0" bn"'
XLSX_PCT: Final = '0.00" %"'
XLSX_NUMBER: Final = "#,##0.00"

METRIC_LABELS: Final = {"size": "Size", "share": "Share", "cagr": "CAGR"}
METRIC_UNITS: Final = {"size": "USD bn", "share": "% of the market", "cagr": "% a year"}
BASIS_LABELS: Final = {
    "reported": "Reported by the source",
    "derived": "Computed here",
    "assumed": "Assumed by an analyst",
}
# Words that keep their capitals when a snake_case key becomes a label.
_ACRONYMS: Final = {"cagr": "CAGR", "usd": "USD", "id": "ID", "url": "URL", "bn": "bn"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _huge(value: float) -> bool:
    return not math.isfinite(value) or abs(value) >= HUGE


def number(value: float | None, digits: int = 1) -> str:
    """'1,600.0': grouped thousands, no sign of a negative zero; a dash when missing;
    scientific beyond a billion ('1.0e+300'), infinite as '∞'.

    >>> number(-0.001), number(1e300), number(float("-inf"))
    ('0.0', '1.0e+300', '−∞')
    """
    if _missing(value):
        return MISSING
    assert value is not None
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if abs(value) >= HUGE:
        return f"{value:.{digits}e}"
    return f"{_no_negative_zero(value, digits):,.{digits}f}"


def stated(value: float | None) -> str:
    """A figure with the decimals it was stated with: 10.3 → '10.3', 1234 → '1,234'.

    >>> stated(10.3), stated(1234.0), stated(1e300)
    ('10.3', '1,234', '1e+300')
    """
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{_no_negative_zero(value, 12):,g}" if abs(value) < HUGE else f"{value:g}"


def usd_bn(value: float | None, digits: int = 1) -> str:
    """'USD 1,094.8 bn'; a dash for a missing value.

    >>> usd_bn(1094.83), usd_bn(1e308)
    ('USD 1,094.8 bn', 'more than USD 1,000,000,000 bn')
    """
    if _missing(value):
        return MISSING
    assert value is not None
    if _huge(value):
        bound = f"USD {HUGE:,.0f} bn"
        return f"more than {bound}" if value > 0 else f"less than −{bound}"
    return f"USD {number(value, digits)} bn"


def usd_bn_in(value: float | None, year: int | None, digits: int = 1) -> str:
    """A size with the year it is for: 'USD 616.3 bn (2025)'."""
    return usd_bn(value, digits) + (f" ({year})" if year is not None else "")


def pct(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """'44.9 %' (or '+4.8 %' when signed); a dash for a missing value."""
    if _missing(value):
        return MISSING
    assert value is not None
    if _huge(value):
        return ("+" if signed and value > 0 else "") + number(value, digits) + " %"
    sign = "+" if signed else ""
    return f"{_no_negative_zero(value, digits):{sign},.{digits}f} %"


def rate(value: float | None, digits: int = 2) -> str:
    """A growth rate: '6.59 % a year'."""
    return MISSING if _missing(value) else pct(value, digits) + " a year"


def points(value: float | None, digits: int = 2) -> str:
    """A difference of two percentages: '+4.78 pts'."""
    if _missing(value):
        return MISSING
    assert value is not None
    if _huge(value):
        return ("+" if value > 0 else "") + number(value, digits) + " pts"
    return f"{_no_negative_zero(value, digits):+,.{digits}f} pts"


def delta_usd_bn(value: float, digits: int = 1) -> str:
    """A signed difference in USD billions: '+529.5 bn'."""
    if _missing(value):
        return MISSING
    if _huge(value):
        return ("+" if value > 0 else "") + number(value, digits) + " bn"
    return f"{_no_negative_zero(value, digits):+,.{digits}f} bn"


def signed_usd_bn(value: float, digits: int = 1) -> str:
    """A signed difference with its currency: '+USD 12.5 bn', '−USD 3.0 bn'."""
    if _missing(value):
        return MISSING
    if _huge(value):
        return usd_bn(value, digits)
    rounded = _no_negative_zero(value, digits)
    sign = "−" if rounded < 0 else "+"
    return f"{sign}USD {abs(rounded):,.{digits}f} bn"


def year_span(start: int, end: int) -> str:
    """'2024–2034', or '2024' when the span is one year."""
    return str(start) if start == end else f"{start}–{end}"


def label(key: str) -> str:
    """A snake_case key as a label: 'end_user' → 'End user', 'cagr_pct' → 'CAGR %'."""
    words = [_ACRONYMS.get(w, w) for w in key.replace("pct", "%").split("_") if w]
    if not words:
        return key
    first = words[0]
    words[0] = first if first in _ACRONYMS.values() else first.capitalize()
    return " ".join(words)


def dimension_label(dimension: str) -> str:
    """'end_user' → 'End user'."""
    return label(dimension)


def dimension_noun(dimension: str) -> str:
    """A dimension inside a sentence: 'end_user' → 'end user', 'total' → 'market total'."""
    return "market total" if dimension == "total" else dimension.replace("_", " ").lower()


def metric_label(metric: str) -> str:
    """'cagr' → 'CAGR', 'size' → 'Size'; an unknown metric as a label."""
    return METRIC_LABELS.get(metric, label(metric))


def basis_label(basis: object) -> str:
    """'Reported by the source', 'Computed here' or 'Assumed by an analyst'."""
    return BASIS_LABELS.get(str(basis), label(str(basis)))


def source_label(source: str, sources: Iterable[Mapping[Any, object]] = ()) -> str:
    """A source id as a person names it: 'MarketsandMarkets (2025)'.

    The publisher comes from the market's sources table; the year from its
    ``published`` date, else from the id's trailing year. An unknown id is shown as
    given (it may be a URL); an empty one as ''.

    >>> source_label("cervicorn-2025", [{"source": "cervicorn-2025", "publisher": "Cervicorn Consulting"}])
    'Cervicorn Consulting (2025)'
    """
    if not source:
        return ""
    for row in sources:
        if row.get("source") != source:
            continue
        publisher = _text(row.get("publisher")) or source
        published = _text(row.get("published"))
        year = published[:4] if re.fullmatch(r"\d{4}.*", published) else _trailing_year(source)
        return f"{publisher} ({year})" if year else publisher
    return source


def _trailing_year(source: str) -> str:
    found = re.search(r"(?:^|[-_])((?:19|20)\d\d)$", source)
    return found.group(1) if found else ""


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def hover(*lines: object, width: int = 44, max_lines: int = 2) -> str:
    """Hover text for plotly: each non-empty part on its own line, data text escaped,
    long parts wrapped at ``width`` characters and cut after ``max_lines`` lines.
    Parts given as :class:`Bold` are drawn bold. Missing parts are left out.

    >>> hover(Bold("Europe, 2024"), "USD 166.0 bn", None, "")
    '<b>Europe, 2024</b><br>USD 166.0 bn'
    """
    shown: list[str] = []
    for line in lines:
        text = _text(line)
        if not text or text == MISSING:
            continue
        wrapped = textwrap.wrap(text, width) or [text]
        if len(wrapped) > max_lines:
            wrapped = [*wrapped[: max_lines - 1], wrapped[max_lines - 1].rstrip(" .,;") + " …"]
        escaped = [html.escape(part, quote=False) for part in wrapped]
        if isinstance(line, Bold):
            escaped = [f"<b>{part}</b>" for part in escaped]
        shown.append("<br>".join(escaped))
    return "<br>".join(shown)


class Bold(str):
    """A hover line drawn bold (see :func:`hover`)."""

    __slots__ = ()


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

"""Numbers as a report page writes them: money (currency, value, unit), percentages,
years and periods, each with where it stands in the sentence.

>>> [(m.currency, m.value, m.unit) for m in money("USD 1,270 million and US$1.27bn")]
[('USD', 1270.0, 'million'), ('USD', 1.27, 'billion')]
>>> [(m.currency, m.value, m.unit) for m in money("EUR 12.3 bn, 5 billion US dollars")]
[('EUR', 12.3, 'billion'), ('USD', 5.0, 'billion')]
>>> [p.value for p in percents("41% and 11.37 percent")]
[41.0, 11.37]
>>> [(r.start, r.end) for r in periods("from 2025 to 2034, during 2022-32")]
[(2025, 2034), (2022, 2032)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

# Unit → how many billions one of it is; ``None``: a unit we name but do not convert.
UNITS: Final[dict[str, float | None]] = {
    "thousand": 1e-6,
    "million": 1e-3,
    "billion": 1.0,
    "trillion": 1e3,
    "crore": None,
    "lakh": None,
}
_UNIT_WORDS: Final = {
    "thousand": "thousand", "k": "thousand",
    "million": "million", "mn": "million", "mln": "million", "mio": "million", "m": "million",
    "billion": "billion", "bn": "billion", "bln": "billion", "b": "billion",
    "trillion": "trillion", "tn": "trillion", "trn": "trillion", "t": "trillion",
    "crore": "crore", "crores": "crore", "cr": "crore", "lakh": "lakh", "lakhs": "lakh", "lac": "lakh",
}  # fmt: skip
_CURRENCY_WORDS: Final = {  # written, lower case, without spaces → ISO code
    "us$": "USD", "usd": "USD", "u.s.$": "USD", "$": "USD", "usdollars": "USD", "usdollar": "USD",
    "u.s.dollars": "USD", "u.s.dollar": "USD", "dollars": "USD", "dollar": "USD",
    "eur": "EUR", "€": "EUR", "euros": "EUR", "euro": "EUR",
    "gbp": "GBP", "£": "GBP", "pounds": "GBP",
    "jpy": "JPY", "¥": "JPY", "yen": "JPY",
    "inr": "INR", "₹": "INR", "rs": "INR", "rs.": "INR", "rupees": "INR",
    "cny": "CNY", "rmb": "CNY", "yuan": "CNY",
    "aud": "AUD", "a$": "AUD", "cad": "CAD", "c$": "CAD", "chf": "CHF", "krw": "KRW", "₩": "KRW",
    "brl": "BRL", "r$": "BRL", "sgd": "SGD", "s$": "SGD",
}  # fmt: skip
_NUMBER: Final = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT: Final = (
    r"thousand|million|billion|trillion|crores?|lakhs?|lac|bn|bln|mn|mln|mio|tn|trn|cr|[kmbt]"
)
_BEFORE: Final = (
    r"US\s?\$|U\.S\.\s?\$|USD|EUR|€|GBP|£|JPY|¥|INR|₹|Rs\.?|CNY|RMB|AUD|A\$|CAD|C\$|CHF|KRW|₩|"
    r"BRL|R\$|SGD|S\$|\$"
)
_AFTER: Final = (
    r"U\.?S\.? dollars?|US\$|USD|EUR|euros?|GBP|pounds|JPY|yen|INR|rupees|CNY|RMB|yuan|dollars"
)
_MONEY: Final = re.compile(
    rf"(?<![\w$])(?:(?P<pre>{_BEFORE})\s?(?P<n1>{_NUMBER})(?:\s?(?P<u1>{_UNIT})\b)?"
    rf"(?:\s(?P<post1>{_AFTER})\b)?"
    rf"|(?P<n2>{_NUMBER})\s?(?P<u2>{_UNIT})\b\.?\s?(?P<post2>{_AFTER})\b)",
    re.IGNORECASE,
)
# Not the end of a range ("11-12%": which of the two the page means is not ours to pick).
_PERCENT: Final = re.compile(
    rf"(?<![\w.,])(?<!\d-)(?<!\d–)(?<!\d -)(?<!\d –)(?P<n>{_NUMBER})\s?(?:%|percent\b|per cent\b)",
    re.I,
)
_YEAR: Final = r"(?:19[5-9]\d|20\d\d|21\d\d)"
YEAR: Final = re.compile(rf"(?<![\w.,$])(?:FY\s?)?(?P<y>{_YEAR})(?:[EFP]\b)?(?![\w%]|[.,]\d)")
_PERIOD: Final = re.compile(
    rf"(?<![\w.,$])(?P<a>{_YEAR})[EFP]?\s*(?:-|–|—|to|through|till|until|and|/)\s*"
    rf"(?:FY\s?)?(?P<b>{_YEAR}|\d\d)[EFP]?(?![\w%]|[.,]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """An amount of money as written: ``currency`` (ISO code), ``value`` and ``unit``
    (``""`` when the page names none), at ``span`` in the text."""

    currency: str
    value: float
    unit: str
    span: tuple[int, int]
    text: str

    def usd_bn(self) -> float | None:
        """The amount in USD billions, or ``None`` when currency or unit do not allow it."""
        factor = UNITS.get(self.unit) if self.unit else None
        if self.currency != "USD" or factor is None:
            return None
        return round(self.value * factor, 9)


@dataclass(frozen=True)
class Percent:
    value: float
    span: tuple[int, int]


@dataclass(frozen=True)
class Year:
    year: int
    span: tuple[int, int]


@dataclass(frozen=True)
class Period:
    """A span of years as written: ``2025 to 2034``, ``2022-2032``, ``2022-32``."""

    start: int
    end: int
    span: tuple[int, int]


def number(text: str) -> float:
    """``"1,094.83"`` → ``1094.83``."""
    return float(text.replace(",", ""))


def money(text: str) -> list[Money]:
    """Every amount of money in ``text`` (a currency named before or after the number)."""
    found = []
    for m in _MONEY.finditer(text):
        written = m.group("pre") or m.group("post1") or m.group("post2") or ""
        key = re.sub(r"\s+", "", written.lower())
        currency = _CURRENCY_WORDS.get(key, written.upper())
        unit_word = (m.group("u1") or m.group("u2") or "").lower()
        unit = _UNIT_WORDS.get(unit_word, "")
        value = number(m.group("n1") or m.group("n2"))
        found.append(Money(currency, value, unit, m.span(), m.group(0)))
    return found


def percents(text: str) -> list[Percent]:
    """Every percentage; a minus sign written right before one (``a CAGR of -4.9%``,
    after a space or parenthesis) makes it negative."""
    found = []
    for m in _PERCENT.finditer(text):
        start, value = m.start(), number(m.group("n"))
        if start and text[start - 1] in "-−" and (start == 1 or text[start - 2] in " (\t"):
            start, value = start - 1, -value
        found.append(Percent(value, (start, m.end())))
    return found


def periods(text: str) -> list[Period]:
    found = []
    for m in _PERIOD.finditer(text):
        start, end = int(m.group("a")), m.group("b")
        stop = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if start < stop <= start + 100:
            found.append(Period(start, stop, m.span()))
    return found


def years(text: str, *, outside: Sequence[tuple[int, int]] = ()) -> list[Year]:
    """The years in ``text`` that are not inside one of the ``outside`` spans."""
    return [
        Year(int(m.group("y")), m.span())
        for m in YEAR.finditer(text)
        if not any(a <= m.start() < b for a, b in outside)
    ]

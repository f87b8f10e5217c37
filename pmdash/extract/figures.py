"""The figures one sentence states: sizes (money with a year), CAGRs (with a period) and
shares (of a named part, with a year), each about the whole market or a named part.

Pure: a sentence in, :class:`Found` values out; which market, the page's forecast
period and the rows themselves are :mod:`~pmdash.extract.assemble`'s.

>>> [(f.dimension, f.segment, f.metric, f.value, f.year) for f in sentence_figures(
...     "The Europe market was USD 166.04 billion in 2024 and will reach USD 314.44 billion by 2034.")]
[('region', 'Europe', 'size', 166.04, 2024), ('region', 'Europe', 'size', 314.44, 2034)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final, Literal

from pmdash.extract.amounts import Money, Percent, Period, money, percents, periods, years
from pmdash.extract.places import Entity, dimension_named, entities, segment_before
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

Metric = Literal["size", "share", "cagr"]
_MARKET_WORDS: Final = re.compile(
    r"\b(?:markets?|industry|sector|segments?|size|valued|worth|revenues?|sales|spending on)\b",
    re.I,
)
_PRONOUN: Final = re.compile(r"^\s*(?:it|this|its size|sales|revenues?)\b", re.I)
# Money that is not the market's size: deals, funding, prices, a company's own figures.
_NOT_SIZE: Final = re.compile(
    r"\b(?:invest\w*|fund\w*|raised?|acqui\w+|spen[dt]\w*|budget\w*|costs?|pric\w+|grants?|"
    r"loans?|deals?|valuation|paid|pays|paying|bought|purchas\w+|(?:increase|grow|rise|expand)\w* by|increments?|incremental|salar\w+|capex|profits?|income|per (?:patient|unit|test)|"
    r"net sales|its revenue|company's|compan(?:y|ies) (?:reported|posted|earned)|reported revenue)\b",
    re.I,
)
_CAGR_CUE: Final = re.compile(
    r"\bCAGR\b|compound(?:ed)? annual(?:ized)? growth(?: rate)?|annual(?:ized)? growth rate|"
    r"compound annual rate",
    re.I,
)
_PERCENT_RANGE: Final = re.compile(
    r"\d[\d.,]*\s?(?:%|percent)?\s?(?:-|–|to|and)\s?\d[\d.,]*\s?(?:%|percent)", re.I
)
_ANNUAL_AFTER: Final = re.compile(r"^\s*(?:annually|a year|per year|per annum|each year)\b", re.I)
_SHARE_CUE: Final = re.compile(
    r"\bshares?\b|accounted for|accounts for|account for|\bheld\b|\bholds?\b|captured|"
    r"contributed|represented|represents|comprised|made up|commanded|\bof (?:the )?"
    r"(?:global |total |overall )?(?:market|revenue|sales)\b",
    re.I,
)
_NOT_SHARE: Final = re.compile(
    r"\b(?:grow\w*|increas\w*|rise|rose|decline\w*|fell|drop\w*|margin|up by|down by|"
    r"of (?:patients|people|adults|respondents|cases|hospitals|the population))\b",
    re.I,
)
_YEAR_AFTER: Final = re.compile(
    r"^\s*\)?\s*,?\s*(?:(?:of|in) (?:the )?(?:[\w&'’\-]+ ){0,6}?(?:market|industry|sector)\s+)?"
    r"(?:(?:in|by|for|of|until|till|through|during|as of|at the end of|by the "
    r"end of|in the year|by the year|in fiscal(?: year)?)\s+)?(?:the year\s+)?\(?(?:FY\s?)?"
    r"(?P<y>(?:19[5-9]\d|20\d\d|21\d\d))[EFP]?\)?(?!\s*(?:-|–|to|through)\s*\d)(?![\w%])",
    re.I,
)
_FORECAST: Final = re.compile(
    r"forecast(?:ed)? (?:period|years|horizon|timeline)|projection period|review period|"
    r"analysis period|study period|\bover the forecast\b",
    re.I,
)
_START: Final = re.compile(
    r"\b(?:from|since|between|starting|after)\s+(?:FY\s?)?((?:19|20|21)\d\d)", re.I
)
_END: Final = re.compile(r"\b(?:by|to|through|until|till|in)\s+(?:FY\s?)?((?:19|20|21)\d\d)", re.I)


@dataclass(frozen=True)
class Found:
    """One figure a sentence states. ``why`` is non-empty when it cannot be placed (then
    it becomes a question); ``forecast`` marks a CAGR "over the forecast period" whose
    years the page gives elsewhere (``end`` kept when the sentence names the end only)."""

    dimension: str
    segment: str
    metric: Metric
    value: float | None
    year: int | None = None
    base_year: int | None = None
    why: str = ""
    forecast: bool = False
    written: str = ""
    converted: str = ""


@dataclass(frozen=True)
class Context:
    """What surrounds a sentence: the dimension its heading names, a year and a unit a
    table's caption states (``Revenue share, 2024 (%)``, ``(USD billion)``)."""

    dimension: str | None = None
    year: int | None = None
    unit: str = ""
    subject: tuple[str, str] | None = None  # a table row's segment, named by its first cell
    under_market: bool = False  # its heading names a market ("Insulin pens market: key figures")
    list_year: int | None = None  # the year of the list it is an item of ("Sizes, 2024:")


def sentence_figures(text: str, context: Context = Context()) -> list[Found]:
    """Every size, CAGR and share ``text`` states, placed or with the reason it is not."""
    found: list[Found] = []
    amounts = money(text)
    ranges = [m for m in _PERCENT_RANGE.finditer(text) if _CAGR_CUE.search(text[: m.start()])]
    found += [
        Found(*_TOTAL, "cagr", None, why=f"a range ({m.group(0)}), not one figure") for m in ranges
    ]
    percent = [
        p
        for p in percents(text)
        if not any(_inside(p.span, m.span) for m in amounts)
        and not any(_inside(p.span, r.span()) for r in ranges)
    ]
    spans = sorted([*(m.span for m in amounts), *(p.span for p in percent)])
    marks = [
        e
        for e in entities(text)
        if not any(_inside(e.span, m.span) for m in amounts)
        and not _MENTION.search(text[max(0, e.span[0] - 30) : e.span[0]])
    ]
    words = [m.span() for m in _SEGMENT_WORDS.finditer(text)]
    parts = _Parts(marks, words, dimension_named(text) if words or percent else None)
    last: tuple[str, str] | None = None
    listed_year: int | None = None
    for i, amount in enumerate(amounts):
        if i and _is_gloss(text, amounts[i - 1], amount):
            continue
        prev_end = max((b for a, b in spans if b <= amount.span[0]), default=0)
        about_market = context.under_market or about_a_market(text) or _PRONOUN.match(text)
        if not about_market or _NOT_SIZE.search(text[prev_end : amount.span[0]]):
            continue
        subject = (
            context.subject or _subject(text, amount.span[0], parts, context) or last or _TOTAL
        )
        last = subject
        size = _size(text, amounts, i, subject, prev_end, context, listed_year)
        found.append(size)
        # "In 2024, North America generated USD 12.1 bn, Europe USD 9.4 bn …": a year
        # written before a size goes on to the sizes listed after it in the sentence.
        listed_year = size.year if _year_after(text, amounts[i].span[1]) is None else None
    for p in percent:
        prev_end = max((b for a, b in spans if b <= p.span[0]), default=0)
        if _is_cagr(text, p, prev_end):
            subject = context.subject or _subject(text, p.span[0], parts, context) or last or _TOTAL
            found.append(_cagr(text, p, subject))
        elif _SHARE_CUE.search(text) and not _NOT_SHARE.search(text[prev_end : p.span[0]]):
            part = context.subject or _subject(
                text, p.span[0], parts, context, share=True, since=prev_end
            )
            if part is None or part == _TOTAL:
                continue
            within = _OF_A_PART.match(text[p.span[1] : p.span[1] + 80])
            if within and any(
                m.dimension != TOTAL_DIMENSION and m.span[0] == p.span[1] + within.end()
                for m in parts.marks
            ):
                why = f"the {p.value:g}% of {part[1]} is a share of a part, not of the market"
                found.append(Found(*part, "share", p.value, why=why))
                continue
            if not part[0]:
                why = (
                    f"no dimension for the {p.value:g}% share of {part[1]} (a segment? a company?)"
                )
                found.append(Found("segment", part[1], "share", p.value, why=why))
                continue
            year = (
                _year_after(text, p.span[1])
                or _only_year(text, amounts)
                or context.year
                or context.list_year
            )
            why = "" if year else f"no year for the share of {part[1]} ({p.value:g}%)"
            found.append(Found(*part, "share", p.value, year, why=why))
    return found


_TOTAL: Final = (TOTAL_DIMENSION, TOTAL_SEGMENT)


def about_a_market(text: str) -> bool:
    """Does ``text`` speak of a market (market, industry, size, revenue, valued …)?"""
    return _MARKET_WORDS.search(text) is not None


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _is_gloss(text: str, before: Money, amount: Money) -> bool:
    """``EUR 10 bn (USD 10.8 bn)``: the second amount restates the first."""
    return text[before.span[1] : amount.span[0]].strip() in ("(", "[", "/", "or", "(~", "(about")


@dataclass(frozen=True)
class _Parts:
    """What one sentence names, found once: regions, countries and "global"; the words
    "segment"/"category" (ends); the dimension a "by …" phrase names."""

    marks: list[Entity]
    segment_words: list[tuple[int, int]]
    dimension: str | None


_MARKET_NOUN: Final = re.compile(r"\b(?:market|industry|sector)\b", re.I)
# A place named as an example or a cause, not as what the figure is about.
_MENTION: Final = re.compile(
    r"\b(?:led by|driven by|dominated by|followed by|such as|including|like|especially|"
    r"particularly|notably|thanks to|ahead of)\s+(?:the\s+)?$",
    re.I,
)
# "88% of North America's revenue": the rest of the sentence names the part's whole.
_OF_A_PART: Final = re.compile(r"\s*(?:share\s+)?of\s+(?:the\s+)?", re.I)
_SEGMENT_WORDS: Final = re.compile(r"\b(?:segments?|sub-segments?|categor(?:y|ies))\b", re.I)
_WINDOW: Final = 200  # characters before a figure in which its segment is named


def _attached(
    text: str, since: int, at: int, marks: list[Entity]
) -> tuple[int, tuple[str, str]] | None:
    """The part named with the last "market" before ``at`` ("the North America X market",
    "Europe's market", "the market in Europe", "the global market"), if any."""
    words = list(_MARKET_NOUN.finditer(text, since, at))
    if not words:
        return None
    word = words[-1]
    later = [m for m in marks if m.span[0] >= word.end() and m.span[1] <= at]
    if later and not re.match(
        r"^\s+(?:in|of|across)\s+(?:the\s+)?$", text[word.end() : later[0].span[0]]
    ):
        return None  # a place named after the market word is the figure's subject
    for mark in reversed(marks):
        before = (
            mark.span[1] <= word.start() and len(text[mark.span[1] : word.start()].split()) <= 5
        )
        after = mark.span[0] >= word.end() and re.match(
            r"^\s+(?:in|of|across)\s+(?:the\s+)?$", text[word.end() : mark.span[0]]
        )
        if (before and mark.span[0] >= since) or (after and mark.span[1] <= at):
            return (mark.span[0], (mark.dimension, mark.segment))
    return None


def _subject(
    text: str, at: int, parts: _Parts, context: Context, *, share: bool = False, since: int = 0
) -> tuple[str, str] | None:
    """The last part (region, country, a named segment) or "global" named before ``at``."""
    best: tuple[int, tuple[str, str]] | None = None
    for mark in parts.marks:
        if mark.span[1] <= at and (not share or mark.span[0] >= since or best is None):
            best = (mark.span[0], (mark.dimension, mark.segment))
    attached = _attached(text, since, at, parts.marks)
    if attached is not None and not share:
        best = attached
    named = [span for span in parts.segment_words if span[1] <= at]
    dimension = parts.dimension or context.dimension or "segment"
    if named and (best is None or named[-1][0] > best[0]):
        end = named[-1][1]
        segment = segment_before(text[max(0, end - _WINDOW) : end])
        if segment:
            return (dimension, segment)
    if share and (best is None or best[0] < since):
        segment = segment_before(text[max(since, at - _WINDOW) : at])
        if segment:  # without a dimension it may as well be a company: ask
            return (parts.dimension or context.dimension or "", segment)
    return best[1] if best else None


def _size(
    text: str,
    amounts: list[Money],
    i: int,
    subject: tuple[str, str],
    prev_end: int,
    context: Context,
    listed_year: int | None = None,
) -> Found:
    amount = amounts[i]
    gloss = (
        amounts[i + 1] if i + 1 < len(amounts) and _is_gloss(text, amount, amounts[i + 1]) else None
    )
    if amount.currency != "USD" and gloss is not None and gloss.currency == "USD":
        amount = replace(gloss, span=amount.span)
    end = gloss.span[1] if gloss else amount.span[1]
    year = (
        _year_after(text, end)
        or _year_before(text, prev_end, amount.span[0])
        or listed_year
        or context.list_year
    )
    unit = amount.unit or context.unit
    shown = amount.text.strip()
    base = Found(*subject, "size", None, year, written=shown)
    if amount.currency != "USD":
        return replace(base, why=f"currency {amount.currency} not converted ({shown})")
    if not unit:
        return replace(base, why=f"no unit for {shown} (thousand, million, billion?)")
    usd = replace(amount, unit=unit).usd_bn()
    if usd is None:
        return replace(base, why=f"unit '{unit}' not known ({shown})")
    if year is None:
        return replace(base, value=usd, why=f"no year for {shown}")
    converted = "" if unit == "billion" else f"{shown} = USD {usd:,.6g} bn"
    return replace(base, value=usd, converted=converted)


def _year_after(text: str, at: int) -> int | None:
    m = _YEAR_AFTER.match(text[at:])
    return int(m.group("y")) if m else None


def _year_before(text: str, since: int, at: int) -> int | None:
    """The last year written between the previous figure and this one, outside a period."""
    gap = text[since:at]
    inside = [p.span for p in periods(gap)]
    found = years(gap, outside=inside)
    return found[-1].year if found else None


def _only_year(text: str, amounts: list[Money]) -> int | None:
    inside = [p.span for p in periods(text)] + [m.span for m in amounts]
    found = {y.year for y in years(text, outside=inside)}
    return found.pop() if len(found) == 1 else None


def _is_cagr(text: str, p: Percent, prev_end: int) -> bool:
    before = text[max(prev_end, p.span[0] - 90) : p.span[0]]
    after = text[p.span[1] : p.span[1] + 30]
    cue_after = _CAGR_CUE.match(after.lstrip(" ()-"))
    grows = re.search(r"\bgrow\w*|expand\w*|rise|increase\w*", before, re.I)
    return bool(_CAGR_CUE.search(before) or cue_after or (grows and _ANNUAL_AFTER.match(after)))


def _cagr(text: str, p: Percent, subject: tuple[str, str]) -> Found:
    """A CAGR's period: one written in the sentence (the first after the rate, else the
    last before it); else "the forecast period" (the page's, resolved later); else "from
    YEAR … to YEAR"; else the years of the last two sizes stated before the rate."""
    base = Found(*subject, "cagr", p.value)
    spans = periods(text)
    after = [s for s in spans if s.span[0] >= p.span[1]]
    chosen: Period | None = after[0] if after else (spans[-1] if spans else None)
    if chosen is not None:
        return replace(base, year=chosen.end, base_year=chosen.start)
    start = next((int(m.group(1)) for m in _START.finditer(text)), None)
    ends = [int(m.group(1)) for m in _END.finditer(text) if m.start() >= p.span[0] - 5]
    end = ends[-1] if ends else None
    if _FORECAST.search(text):
        return replace(base, year=end, forecast=True)
    if start is None and end is None:
        outside = [m.span for m in money(text)]
        before = [y.year for y in years(text[: p.span[0]], outside=outside)]
        distinct = list(dict.fromkeys(reversed(before)))[:2]
        if len(distinct) == 2:
            end, start = distinct
    if start is not None and end is not None and start < end:
        return replace(base, year=end, base_year=start)
    if end is not None:
        return replace(base, year=end, forecast=True)
    return replace(base, why=f"no period for the CAGR of {p.value:g}%")

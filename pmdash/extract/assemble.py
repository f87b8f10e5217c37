"""A page's figures as interchange rows: which market each belongs to, the page's
forecast period for "over the forecast period", tables read cell by cell, one row per
figure (a figure stated twice alike is one row; stated twice unalike, a question).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

import pandas as pd

from pmdash.extract.amounts import money, percents, periods, years
from pmdash.extract.figures import Context, Found, sentence_figures
from pmdash.extract.places import dimension_named, dimension_of, entities, market_id, market_name
from pmdash.extract.text import Sentence, Table, blocks
from pmdash.schema import COLUMNS, MAX_NOTE_TEXT, TOTAL_DIMENSION, TOTAL_SEGMENT, coerce_stored

_UNIT_IN: Final = re.compile(
    r"\b(?:USD|US\$|\$)\s*,?\s*(thousand|million|billion|trillion|bn|mn|mln|tn)\b|"
    r"\b(thousand|million|billion|trillion)s?\s+(?:USD|US\$|dollars)",
    re.I,
)
_UNIT_WORD: Final = {"bn": "billion", "mn": "million", "mln": "million", "tn": "trillion"}
_FORECAST_WORD: Final = re.compile(r"\bforecast(?:s|ed|ing)?\b|\bprojection period\b", re.I)
_TOTAL_ROW: Final = re.compile(r"^(?:total|global|overall|worldwide|world|all)\b", re.I)


@dataclass(frozen=True)
class Placed:
    """A figure with its market's name and the sentence (or table row) it came from."""

    market: str
    found: Found
    sentence: str


def place(text: str) -> tuple[list[Placed], tuple[str, ...]]:
    """Every figure on the page with its market; and the markets the page sizes, main first."""
    placed: list[Placed] = []
    current: str | None = None
    first_named: str | None = None
    carry = Context()
    for sentence, note, context in _units(text):
        named = market_name(sentence)
        first_named = first_named or named
        if context.subject is None:  # a sentence goes on where the one before left off
            context = replace(
                context,
                dimension=context.dimension or carry.dimension,
                year=context.year or carry.year,
            )
        figures = sentence_figures(sentence, context)
        carry = _carried(figures, carry)
        if not figures:
            continue
        current = named or current or first_named
        placed += [Placed(current or "", f, note) for f in figures]
    names = [p.market for p in placed]
    main = next((n for n in names if n), "")
    markets = tuple(dict.fromkeys(n or main for n in names if n or main))
    return [replace(p, market=p.market or main) for p in placed], markets


def _carried(figures: list[Found], before: Context) -> Context:
    """What the next sentence may take from this one: the year of its shares
    ("Europe for 21.8%" after "Asia Pacific held 41.3% in 2024") and a segment's dimension
    ("By product, …"); nothing after a sentence without figures."""
    if not figures:
        return Context()
    years_ = [f.year for f in figures if f.metric == "share" and f.year]
    parts = [
        f.dimension for f in figures if f.dimension not in (TOTAL_DIMENSION, "region", "country")
    ]
    return Context(
        dimension=parts[-1] if parts else before.dimension, year=years_[-1] if years_ else None
    )


def forecast_period(text: str, placed: list[Placed]) -> tuple[int, int] | None:
    """The page's forecast period: a period written next to "forecast", else the period
    of the total market's CAGR, else the first and last years of its stated sizes."""
    for sentence, _, _ in _units(text):
        word = _FORECAST_WORD.search(sentence)
        spans = periods(sentence) if word else []
        if spans:  # the period written nearest after the word, else nearest before it
            after = [p for p in spans if p.span[0] >= word.start()] if word else []
            chosen = after[0] if after else spans[-1]
            return chosen.start, chosen.end
    for p in placed:
        f = p.found
        if f.metric == "cagr" and f.base_year and f.year and f.dimension == TOTAL_DIMENSION:
            return f.base_year, f.year
    sized = sorted(
        {
            p.found.year
            for p in placed
            if p.found.metric == "size" and p.found.year and not p.found.why
        }
    )
    return (sized[0], sized[-1]) if len(sized) >= 2 else None


def resolve(found: Found, period: tuple[int, int] | None) -> Found:
    """A CAGR "over the forecast period" given the page's years, or a question."""
    if not found.forecast:
        return found
    if period and (found.year is None or found.year == period[1]):
        return replace(found, year=period[1], base_year=period[0], forecast=False)
    if found.year is not None:
        why = f"no start year for the CAGR of {found.value:g}% to {found.year}"
    else:
        why = (
            f"the CAGR of {found.value:g}% is for the forecast period, which the page does not date"
        )
    return replace(found, why=why, forecast=False)


def rows_of(
    placed: list[Placed], market_ids: dict[str, str], source: str
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One interchange row a figure, and the (sentence, why) of those it cannot place."""
    questions: list[tuple[str, str]] = [(p.sentence, p.found.why) for p in placed if p.found.why]
    seen: dict[tuple[object, ...], dict[str, object]] = {}
    clashes: set[tuple[object, ...]] = set()
    for p in placed:
        f = p.found
        if f.why or f.value is None:
            continue
        key = (market_ids[p.market], f.dimension, f.segment, f.year, f.metric, f.base_year)
        note = p.sentence if not f.converted else f"{p.sentence} [{f.converted}]"
        if key in seen:
            if abs(float(seen[key]["value"]) - f.value) > 1e-9:  # type: ignore[arg-type]
                clashes.add(key)
                questions.append(
                    (
                        p.sentence,
                        f"{_label(f)} is stated twice: {seen[key]['value']:g} and {f.value:g}",
                    )
                )
            continue
        seen[key] = dict(
            zip(
                COLUMNS,
                (*key[:5], f.value, key[5], "reported", source, note[:MAX_NOTE_TEXT]),
                strict=True,
            )
        )
    rows = [row for key, row in seen.items() if key not in clashes]
    frame = coerce_stored(pd.DataFrame(rows, columns=list(COLUMNS)))
    return frame, questions


def _label(f: Found) -> str:
    who = "the market" if f.dimension == TOTAL_DIMENSION else f.segment
    period = f"{f.base_year}–{f.year}" if f.metric == "cagr" else str(f.year)
    return f"the {f.metric} of {who} for {period}"


def ids_of(markets: tuple[str, ...], market: str | None) -> dict[str, str]:
    """Market name → id; ``market`` names the page's main (first) market."""
    ids = {name: market_id(name) for name in markets}
    if markets and market:
        ids[markets[0]] = market
    ids[""] = market or "market"
    return ids


def _units(text: str) -> Iterator[tuple[str, str, Context]]:
    """The page's sentences, and table rows written out as sentences, each with the text
    a person reads it in (the sentence, or the table's caption and row) and its context."""
    for block in blocks(text):
        if isinstance(block, Sentence):
            context = Context(
                dimension=dimension_named(block.heading),
                under_market=market_name(block.heading) is not None,
            )
            yield block.text, block.text, context
        else:
            for sentence, context, row in _table_units(block):
                title = block.caption or " | ".join(block.header)
                yield sentence, f"{title}: {' | '.join(row)}", context


def _table_units(table: Table) -> Iterator[tuple[str, Context, tuple[str, ...]]]:
    title = " ".join((table.caption, *table.header))
    dimension = dimension_of(table.header[0]) or (
        dimension_named(table.caption) if table.header[0].lower() in ("segment", "") else None
    )
    unit_match = _UNIT_IN.search(title)
    unit = (unit_match.group(1) or unit_match.group(2)).lower() if unit_match else ""
    unit = _UNIT_WORD.get(unit, unit)
    caption_years = [
        y.year for y in years(table.caption, outside=[p.span for p in periods(table.caption)])
    ]
    if dimension is None and not re.fullmatch(r"years?", table.header[0].strip(), re.I):
        for row in table.rows:  # a list of facts: "Market size in 2025 | USD 616.26 bn"
            context = Context(year=caption_years[0] if caption_years else None, unit=unit)
            yield ": ".join(c for c in row if c), context, row
        return
    for row in table.rows:
        subject = _row_subject(row[0], dimension)
        for j, cell in enumerate(row[1:], start=1):
            header = table.header[j] if j < len(table.header) else ""
            yield (
                _cell_sentence(table, row, header, cell, dimension),
                Context(
                    dimension=dimension,
                    year=_year_of(header) or (caption_years[0] if caption_years else None),
                    unit=unit,
                    subject=subject,
                ),
                row,
            )


def _row_subject(name: str, dimension: str | None) -> tuple[str, str] | None:
    """The segment a table row is about: a region or country by its usual name."""
    if dimension is None:
        return None
    if _TOTAL_ROW.match(name):
        return (TOTAL_DIMENSION, TOTAL_SEGMENT)
    known = entities(name)
    if known and known[0].dimension in ("region", "country") and known[0].span == (0, len(name)):
        return (known[0].dimension, known[0].segment)
    return (dimension, name.strip())


def _cell_sentence(
    table: Table, row: tuple[str, ...], header: str, cell: str, dimension: str | None
) -> str:
    """A table cell written as a sentence the rules read: ``Europe held 30% share in 2024``."""
    name = row[0]
    if dimension is None:  # a row per year
        return f"{table.caption} {header} in {name}: {_with_unit(cell, table)}".strip()
    is_share = bool(re.search(r"share|%", header + " " + table.caption, re.I)) and bool(
        percents(cell) or re.fullmatch(r"[\d.,]+", cell)
    )
    year = _year_of(header)
    when = f" in {year}" if year else ""
    if _TOTAL_ROW.match(name):
        subject = "The global market"
    elif entities(name) and entities(name)[0].dimension != TOTAL_DIMENSION and len(name) < 40:
        subject = name
    else:
        subject = f"The {name} segment"
    if is_share:
        value = cell if "%" in cell else f"{cell}%"
        return f"{subject} held a {value} share{when} ({table.caption or header})".replace(
            " ()", ""
        )
    if re.search(r"CAGR", header, re.I):
        span = periods(header)
        period = f" from {span[0].start} to {span[0].end}" if span else " over the forecast period"
        return f"{subject} market grows at a CAGR of {cell.rstrip('%')}%{period}"
    return f"{subject} market size was {_with_unit(cell, table)}{when}"


def _with_unit(cell: str, table: Table) -> str:
    if money(cell) or not re.fullmatch(r"[\d.,]+", cell.strip()):
        return cell
    return f"USD {cell}"


def _year_of(header: str) -> int | None:
    found = years(header, outside=[p.span for p in periods(header)])
    return found[0].year if found else None

"""A page's figures as interchange rows: which market each belongs to, the page's
forecast period for "over the forecast period", one row per figure (a figure stated
twice alike is one row; stated twice unalike, a question).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

import pandas as pd

from pmdash.extract.amounts import periods, years
from pmdash.extract.figures import Context, Found, about_a_market, sentence_figures
from pmdash.extract.places import dimension_named, market_id, market_name
from pmdash.extract.tables import table_units
from pmdash.extract.text import Sentence, blocks
from pmdash.schema import COLUMNS, MAX_NOTE_TEXT, TOTAL_DIMENSION, coerce_stored

_FORECAST_WORD: Final = re.compile(r"\bforecast(?:s|ed|ing)?\b|\bprojection period\b", re.I)


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


def _list_year(heading: str) -> int | None:
    """The one year a list's lead-in names ("Regional market sizes, 2024:"), if any."""
    if not heading.endswith(":"):
        return None
    found = {y.year for y in years(heading, outside=[p.span for p in periods(heading)])}
    return found.pop() if len(found) == 1 else None


def _units(text: str) -> Iterator[tuple[str, str, Context]]:
    """The page's sentences, and table rows written out as sentences, each with the text
    a person reads it in (the sentence, or the table's caption and row) and its context."""
    for block in blocks(text):
        if isinstance(block, Sentence):
            context = Context(
                dimension=dimension_named(block.heading),
                under_market=about_a_market(block.heading),
                list_year=_list_year(block.heading),
            )
            yield block.text, block.text, context
        else:
            for sentence, context, row in table_units(block):
                title = block.caption or " | ".join(block.header)
                yield sentence, f"{title}: {' | '.join(row)}", context

"""From a report page to proposed figures: the sizes, CAGRs and shares a page states,
as interchange rows (``basis`` reported, ``note`` = the sentence), and the figures it
cannot place as questions, never guesses.

Reading formats is :mod:`~pmdash.extract.reading`; the rules are documented in
docs/methodology.md, "Extracting figures from a report page".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from pmdash.extract.assemble import forecast_period, ids_of, place, resolve, rows_of
from pmdash.extract.reading import read_report

__all__ = ["Extraction", "Question", "extract_file", "extract_text", "read_report"]


@dataclass(frozen=True)
class Question:
    """A figure the page states that could not be placed, and why."""

    sentence: str
    why: str


@dataclass(frozen=True)
class Extraction:
    """What a page states: rows to review, questions to answer, the markets it is about."""

    rows: pd.DataFrame
    questions: tuple[Question, ...]
    markets: tuple[str, ...]


def extract_text(text: str, *, market: str | None = None, source: str | None = None) -> Extraction:
    """The figures ``text`` states, as interchange rows; ``market`` is the id of the page's
    main market (default: from its name, ``personalized medicine`` → ``personalized-medicine``).

    >>> found = extract_text(
    ...     "The global widget market was valued at USD 1,270 million in 2024 and is expected "
    ...     "to reach USD 2.5 billion by 2030, growing at a CAGR of 12% from 2024 to 2030. "
    ...     "Europe held a 30% share in 2024. It was EUR 4 bn in 2020."
    ... )
    >>> for row in found.rows.itertuples():
    ...     print(row.market, row.segment, row.year, row.metric, row.value, row.base_year)
    widget All 2024 size 1.27 <NA>
    widget All 2030 size 2.5 <NA>
    widget All 2030 cagr 12.0 2024
    widget Europe 2024 share 30.0 <NA>
    >>> found.questions[0].why, found.markets
    ('currency EUR not converted (EUR 4 bn)', ('widget',))
    """
    placed, markets = place(text)
    period = forecast_period(text, placed)
    placed = [replace(p, found=resolve(p.found, period)) for p in placed]
    rows, asked = rows_of(placed, ids_of(markets, market), source or "")
    questions = tuple(Question(sentence, why) for sentence, why in asked)
    return Extraction(rows, questions, markets)


def extract_file(
    name: str, data: bytes, *, market: str | None = None, source: str | None = None
) -> Extraction:
    """The figures a report file states; raises InvalidInput naming the file if unreadable."""
    return extract_text(read_report(name, data), market=market, source=source or Path(name).name)

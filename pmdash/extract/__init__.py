"""From a report page to proposed figures: the sizes, CAGRs and shares a page states,
as interchange rows (``basis`` reported, ``note`` = the sentence), and the figures it
cannot place as questions, never guesses.

Reading formats is :mod:`~pmdash.extract.reading`; the rules are documented in
docs/methodology.md, "Extracting figures from a report page".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmdash.extract.reading import read_report
from pmdash.schema import COLUMNS, coerce_stored, empty_figures

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


_SIZE = re.compile(
    r"(?:US\$|USD|\$)\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(billion|bn|million|mn)\b"
    r"[^.]{0,12}?\b(?:in|by)\s+(\d{4})",
    re.IGNORECASE,
)


def extract_text(
    text: str, *, market: str | None = None, source: str | None = None
) -> Extraction:
    """The figures ``text`` states (first cut: total sizes only)."""
    rows = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        for m in _SIZE.finditer(sentence):
            value = float(m.group(1).replace(",", ""))
            if m.group(2).lower().startswith("m"):
                value /= 1000
            rows.append(
                {
                    "market": market or "market",
                    "dimension": "total",
                    "segment": "All",
                    "year": int(m.group(3)),
                    "metric": "size",
                    "value": value,
                    "basis": "reported",
                    "source": source or "",
                    "note": sentence.strip(),
                }
            )
    frame = coerce_stored(pd.DataFrame(rows, columns=list(COLUMNS))) if rows else empty_figures()
    return Extraction(frame, (), (market,) if market else ())


def extract_file(
    name: str, data: bytes, *, market: str | None = None, source: str | None = None
) -> Extraction:
    """The figures a report file states; raises InvalidInput naming the file if unreadable."""
    return extract_text(read_report(name, data), market=market, source=source or Path(name).name)

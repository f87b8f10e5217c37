"""Reviewing the figures a report page states, before they are imported: the review
table (one proposal a row, with its sentence), the interchange rows it makes, and what
the importer's validation and the audit say about them.

Pure (no Streamlit), so the page shows what these functions return and nothing else;
the page itself is :mod:`pmdash.ui.report_import.view`. The rows are checked by the
same path a market file takes (:func:`pmdash.io.bundle_from_bytes`), so a review shows
exactly the problems an upload of the same rows would, each named by its row of the
review table.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Final

import pandas as pd

from pmdash.audit import Finding, audit
from pmdash.formatting import neutralise, shown_text
from pmdash.io import bundle_from_bytes
from pmdash.model import Market
from pmdash.problems import InvalidInput, Problem, errors_only
from pmdash.schema import COLUMNS, MAX_KEY_TEXT, MAX_NOTE_TEXT, empty_figures

# The columns an analyst reviews, a row a figure; market and source are set once for all.
REVIEW_COLUMNS: Final = (
    "dimension", "segment", "year", "metric", "value", "base_year", "basis", "note",
)  # fmt: skip
SET_ONCE: Final = ("market", "source")
REVIEW_FILE: Final = "review table"
_CSV_NAME: Final = "review.csv"
_TEXT_COLUMNS: Final = ("dimension", "segment", "metric", "basis", "note")
_NUMBER_COLUMNS: Final = ("year", "value", "base_year")


@dataclass(frozen=True)
class Review:
    """What the reviewed rows make: the interchange rows, every problem (named by the
    review table's row), and, once no problem is an error, the market and its audit."""

    rows: pd.DataFrame
    problems: tuple[Problem, ...]
    market: Market | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(errors_only(list(self.problems)))


def page_digest(data: bytes) -> str:
    """A short, stable name for a page's bytes (widget keys follow it: a new page, a
    fresh table).

    >>> page_digest(b"USD 5 bn in 2024")
    'f024c705d6'
    """
    return hashlib.sha256(data).hexdigest()[:10]


def markets_of(rows: pd.DataFrame) -> list[str]:
    """The market ids the proposals name, in the page's order."""
    return list(dict.fromkeys(str(m) for m in rows["market"]))


def market_name(market_id: str) -> str:
    """A market's name from its id, as a market file without a name gets it.

    >>> market_name("electric-bus")
    'Electric bus'
    """
    return market_id.replace("-", " ").replace("_", " ").capitalize()


def review_table(rows: pd.DataFrame, market: str | None = None) -> pd.DataFrame:
    """The proposals (of ``market``, when the page sizes several) as the review table
    shows them: the :data:`REVIEW_COLUMNS`, rows numbered from 1, every text cell as
    the app's grids show it (no formula, no direction control) and a sentence cut to
    what a note holds.

    >>> from pmdash.extract import extract_text
    >>> table = review_table(extract_text("The widget market was USD 5 bn in 2024.").rows)
    >>> table[["segment", "year", "metric", "value"]].to_dict("records")
    [{'segment': 'All', 'year': 2024, 'metric': 'size', 'value': 5.0}]
    >>> list(table.index)
    [1]
    """
    chosen = rows if market is None else rows[rows["market"] == market]
    table = chosen.reindex(columns=list(REVIEW_COLUMNS)).reset_index(drop=True)
    for column in _TEXT_COLUMNS:
        limit = MAX_NOTE_TEXT if column == "note" else MAX_KEY_TEXT
        table[column] = table[column].astype(object).map(lambda v, n=limit: _safe(v, n))
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def _safe(value: object, limit: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(neutralise(shown_text(value, None)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interchange_rows(table: pd.DataFrame, *, market_id: str, source: str) -> pd.DataFrame:
    """The reviewed table as interchange rows: the set-once market and source on every
    row, a row left wholly empty (added, never filled) dropped, the review table's row
    numbers kept as the index."""
    kept = table[~table.apply(_blank, axis=1)] if len(table) else table
    rows = kept.reindex(columns=list(REVIEW_COLUMNS)).copy()
    rows["market"] = market_id.strip()
    rows["source"] = source.strip()
    for column in _TEXT_COLUMNS:
        rows[column] = rows[column].astype(object).map(_text)
    rows["basis"] = rows["basis"].where(rows["basis"] != "", "reported")
    return rows[list(COLUMNS)]


def _blank(row: pd.Series) -> bool:
    return all(_text(row.get(c)) == "" for c in REVIEW_COLUMNS if c != "basis")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def interchange_csv(rows: pd.DataFrame, *, safe: bool = True) -> bytes:
    """The rows as an interchange CSV file (UTF-8), the file ``pmdash import`` and the
    market-file upload read; ``safe``: every text cell safe to open in a spreadsheet
    (for the download; the check reads the cells as typed, so a formula is refused)."""
    out = rows[list(COLUMNS)].copy()
    for column in out.columns:
        if column in _NUMBER_COLUMNS:
            out[column] = out[column].map(_number_cell)
        elif safe:
            out[column] = out[column].map(neutralise)
    return str(out.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def _number_cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(float(value))
    return str(value)


def review(table: pd.DataFrame, *, market_id: str, name: str, source: str) -> Review:
    """Check the reviewed rows as the importer would and, when they hold no error,
    audit the market they make.

    >>> from pmdash.extract import extract_text
    >>> page = extract_text(
    ...     "The widget market was USD 100 bn in 2024 and will reach USD 200 bn by 2030, "
    ...     "growing at a CAGR of 25% from 2024 to 2030."
    ... )
    >>> checked = review(review_table(page.rows), market_id="widgets", name="Widgets", source="")
    >>> checked.problems, checked.market.meta.name
    ((), 'Widgets')
    >>> [f.check for f in checked.findings if f.severity == "error"]
    ['cagr_vs_sizes']
    """
    rows = interchange_rows(table, market_id=market_id, source=source)
    if rows.empty:
        empty = Problem(REVIEW_FILE, "has no figures left; add a row or load the page again")
        return Review(empty_figures(), (empty,), None, ())
    labels = [int(i) for i in rows.index]
    try:
        market = bundle_from_bytes(interchange_csv(rows, safe=False), _CSV_NAME)
    except InvalidInput as refused:
        return Review(rows, _named_by_review_row(refused.problems, labels), None, ())
    if name.strip():
        market = replace(market, meta=replace(market.meta, name=name.strip()))
    return Review(rows, (), market, tuple(audit(market)))


def _named_by_review_row(problems: list[Problem], labels: list[int]) -> tuple[Problem, ...]:
    """The validator's problems about the CSV made from the table, named by the table's
    own row numbers; a problem with a set-once field is said once, not once a row."""
    out: list[Problem] = []
    for problem in problems:
        row = problem.row
        if problem.column in SET_ONCE:
            row = None
        elif row is not None and 2 <= row < len(labels) + 2:
            row = labels[row - 2]
        named = replace(problem, file=REVIEW_FILE, row=row)
        if named not in out:
            out.append(named)
    return tuple(out)

"""A table on a report page, read cell by cell.

A table whose first header names a dimension (Region, End user, Country, …) holds a
figure per cell: the row names the part, the column header (or the caption) the year,
the metric and the unit. Each cell is written out as a sentence the rules of
:mod:`~pmdash.extract.figures` read, with the row's part as its subject. Any other
table ("Report scope": ``Market size in 2025 | USD 616.26 Billion``) is read a row
at a time, as a sentence.

>>> from pmdash.extract.text import Table
>>> table = Table("Market size by region (USD billion)", ("Region", "2024"), (("APAC", "2.4"),))
>>> [(sentence, context.subject, context.unit) for sentence, context, _ in table_units(table)]
[('APAC market size was USD 2.4 in 2024', ('region', 'Asia-Pacific'), 'billion')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from pmdash.extract.amounts import money, percents, periods, years
from pmdash.extract.figures import Context
from pmdash.extract.places import dimension_named, dimension_of, entities
from pmdash.extract.text import Table
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

_UNIT_IN: Final = re.compile(
    r"\b(?:USD|US\$|\$)\s*,?\s*(thousand|million|billion|trillion|bn|mn|mln|tn)\b|"
    r"\b(thousand|million|billion|trillion)s?\s+(?:USD|US\$|dollars)",
    re.I,
)
_UNIT_WORD: Final = {"bn": "billion", "mn": "million", "mln": "million", "tn": "trillion"}
_TOTAL_ROW: Final = re.compile(r"^(?:total|global|overall|worldwide|world|all)\b", re.I)


def table_units(table: Table) -> Iterator[tuple[str, Context, tuple[str, ...]]]:
    """Each figure cell (or fact row) as (sentence, context, the row it stands in)."""
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
            year = _year_of(header) or (caption_years[0] if len(set(caption_years)) == 1 else None)
            yield (
                _cell_sentence(table, row, header, cell, dimension, year),
                Context(dimension=dimension, year=year, unit=unit, subject=subject),
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
    table: Table,
    row: tuple[str, ...],
    header: str,
    cell: str,
    dimension: str | None,
    year: int | None,
) -> str:
    """A table cell written as a sentence the rules read: ``Europe held 30% share in 2024``."""
    name = row[0]
    if dimension is None:  # a row per year
        return f"{table.caption} {header} in {name}: {_with_unit(cell, table)}".strip()
    is_cagr = bool(re.search(r"CAGR|growth rate", header, re.I))
    is_share = (
        not is_cagr
        and bool(re.search(r"share|%", header + " " + table.caption, re.I))
        and bool(percents(cell) or re.fullmatch(r"[\d.,]+", cell))
    )
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
    if is_cagr:
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

"""Databank-scale reads: one market's slice, and queries across every market.

A databank is a data directory with many markets (see :mod:`pmdash.store`): one
small sorted Parquet file of figures per market. Reading one market opens that
market's file only (pyarrow), reads only the columns asked for, and skips row groups
whose statistics rule out the filter. Queries across markets run in DuckDB over every
current figures file, with the filter and the column list pushed down, so memory
follows the rows that match, not the size of the databank.

No Streamlit here: the app caches these calls in :mod:`pmdash.ui.data`.

>>> # Databank(DataStore("data")).figures("personalized-medicine", dimensions=("region",))
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pmdash.schema import COLUMNS, coerce_stored
from pmdash.store import MANIFEST, DataStore

_TEXT: Final = ("market", "dimension", "segment", "metric", "basis", "source", "note")
_INTEGER: Final = ("year", "base_year")
_FILTERED: Final = ("dimension", "metric", "year")
SHARE_COLUMNS: Final = ("segment", "year", "size_usd_bn", "share_pct", "markets")


@dataclass(frozen=True)
class Databank:
    """Fast, read-only access to the figures of every market in a :class:`DataStore`."""

    store: DataStore

    def figures(
        self,
        market_id: str,
        *,
        columns: Sequence[str] | None = None,
        dimensions: Iterable[str] | None = None,
        metrics: Iterable[str] | None = None,
        years: tuple[int, int] | None = None,
    ) -> pd.DataFrame:
        """One market's figures, only the rows and columns asked for.

        Without arguments the frame equals ``store.load(market_id).figures``;
        ``years`` is an inclusive (first, last) range.
        """
        wanted = _columns(columns)
        expression = _filter(dimensions, metrics, years)
        source = pq.ParquetFile(self.store.figures_file(market_id))
        if expression is None:
            return _frame(source.read(columns=wanted), wanted)
        needed = [c for c in COLUMNS if c in wanted or c in _FILTERED]
        table = source.read(columns=needed).filter(expression).select(wanted)
        return _frame(table, wanted)

    def segment_shares(
        self,
        dimension: str,
        *,
        years: tuple[int, int] | None = None,
        markets: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Each segment's summed size across markets, and its share of the dimension.

        One row per segment and year: ``size_usd_bn`` (the sum over markets),
        ``share_pct`` (that sum over the sum of every segment of the dimension that
        year, × 100; the shares of a year add up to 100) and ``markets`` (how many
        markets size the segment that year). Sorted by segment, then year.
        """
        files = self.store.figure_files()
        if markets is not None:
            chosen = set(markets)
            files = [f for f in files if f.parent.parent.name in chosen]
        if not files:
            return _no_shares()
        first, last = years if years is not None else (-(2**62), 2**62)
        out = _duckdb_frame(_SHARES_SQL, [[str(f) for f in files], dimension, first, last])
        if out.empty:
            return _no_shares()
        return out.astype(_SHARE_DTYPES)[list(SHARE_COLUMNS)].reset_index(drop=True)


# Across markets, DuckDB beats a pyarrow dataset 3.6–4.6× on thousands of small files
# (bench/bench_data.py); one market's file stays on pyarrow, 3–5× faster than DuckDB there.
_SHARES_SQL: Final = """
    SELECT segment, year, size_usd_bn,
           size_usd_bn / nullif(sum(size_usd_bn) OVER (PARTITION BY year), 0) * 100 AS share_pct,
           markets
    FROM (SELECT segment, CAST(year AS BIGINT) AS year, sum(value) AS size_usd_bn,
                 count(DISTINCT market) AS markets
          FROM read_parquet(?)
          WHERE dimension = ? AND metric = 'size' AND year BETWEEN ? AND ?
          GROUP BY segment, year)
    ORDER BY segment, year"""


def _duckdb_frame(sql: str, parameters: list[Any]) -> pd.DataFrame:
    """One query on its own cursor of the process's in-memory DuckDB (made on first use:
    a new database costs 25 ms, a cursor 0.3 ms; a cursor is safe in its own thread)."""
    with _duckdb().cursor() as cursor:
        frame: pd.DataFrame = cursor.execute(sql, parameters).df()
    return frame


@functools.cache
def _duckdb() -> Any:
    import duckdb

    return duckdb.connect()


def _no_shares() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=_SHARE_DTYPES[c]) for c in SHARE_COLUMNS})


_SHARE_DTYPES: Final[dict[str, Any]] = {
    "segment": str,
    "year": "int64",
    "size_usd_bn": "float64",
    "share_pct": "float64",
    "markets": "int64",
}


def _columns(columns: Sequence[str] | None) -> list[str]:
    if columns is None:
        return list(COLUMNS)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown figures columns: {', '.join(unknown)}")
    return [c for c in COLUMNS if c in set(columns)]


def _filter(
    dimensions: Iterable[str] | None,
    metrics: Iterable[str] | None,
    years: tuple[int, int] | None,
) -> pc.Expression | None:
    parts: list[pc.Expression] = []
    if dimensions is not None:
        parts.append(pc.field("dimension").isin(list(dimensions)))
    if metrics is not None:
        parts.append(pc.field("metric").isin(list(metrics)))
    if years is not None:
        parts.append((pc.field("year") >= years[0]) & (pc.field("year") <= years[1]))
    if not parts:
        return None
    expression = parts[0]
    for part in parts[1:]:
        expression = expression & part
    return expression


def _frame(table: pa.Table, columns: list[str]) -> pd.DataFrame:
    """An Arrow figures table as the typed frame :func:`coerce_stored` gives.

    Cleans text and integer columns in Arrow, so pandas gets the final dtypes in one
    conversion; a file of another shape goes through :func:`coerce_stored`.
    """
    if any(table.schema.field(n).type != _ARROW_TYPES[n] for n in columns):
        return coerce_stored(table.to_pandas())[columns]
    arrays = []
    for name in columns:
        column = table.column(name)
        if name in _TEXT:
            column = pc.fill_null(column, "")
            if name == "basis":
                column = pc.if_else(pc.equal(column, ""), "reported", column)
        arrays.append(column)
    clean = pa.Table.from_arrays(arrays, names=columns)
    frame: pd.DataFrame = clean.to_pandas(types_mapper=_INT64_MAPPER)
    return frame


_ARROW_TYPES: Final = {
    **dict.fromkeys(_TEXT, pa.large_string()),
    "year": pa.int64(),
    "base_year": pa.int64(),
    "value": pa.float64(),
}
_INT64_MAPPER: Final = {pa.int64(): pd.Int64Dtype()}.get


def manifest_rows(root: Path) -> int:
    """The number of figure rows in a data directory, from its manifest alone."""
    entries = json.loads((root / MANIFEST).read_text(encoding="utf-8"))["markets"]
    return sum(int(e.get("rows", 0)) for e in entries.values())

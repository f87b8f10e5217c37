"""Parquet: the footer's metadata first, then the data with text kept as dictionaries."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pmdash.problems import Problem
from pmdash.readers.base import (
    _INDEX_COLUMN,
    PARQUET_MAGIC,
    Raw,
    _mb,
    _too_many_columns,
    fail,
)
from pmdash.schema import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_PARQUET_FOOTER_BYTES,
    MAX_ROWS,
    normalise_column_name,
)

# Parquet: the footer's metadata first, then the data with text kept as dictionaries.


def read_parquet(data: bytes, name: str) -> Raw:
    try:
        footer = int.from_bytes(data[-8:-4], "little") if len(data) >= 12 else 0
        if data[-4:] == PARQUET_MAGIC and footer > MAX_PARQUET_FOOTER_BYTES:
            return fail(
                name,
                f"has a Parquet footer of {_mb(footer)}; "
                f"the limit is {_mb(MAX_PARQUET_FOOTER_BYTES)}",
            )
        parquet = pq.ParquetFile(pa.BufferReader(data))
        refusal = _parquet_metadata_problem(parquet, name)
        if refusal:
            return pd.DataFrame(), [refusal], 1
        text_columns = [
            f.name for f in parquet.schema_arrow if pa.types.is_string(f.type) or
            pa.types.is_large_string(f.type) or pa.types.is_binary(f.type)
        ]  # fmt: skip
        parquet = pq.ParquetFile(pa.BufferReader(data), read_dictionary=text_columns)
        table = parquet.read(use_threads=False)
        decoded = 0
        for column_name, column in zip(table.column_names, table.columns, strict=True):
            decoded += _decoded_bytes(column)
            if decoded > MAX_DECODED_BYTES:
                return fail(
                    name,
                    f"decodes to more than {_mb(MAX_DECODED_BYTES)} of text; "
                    f"the limit is {_mb(MAX_DECODED_BYTES)}",
                    column=normalise_column_name(column_name),
                )
        keep = [i for i, c in enumerate(table.column_names) if not _INDEX_COLUMN.match(c)]
        frame = pd.DataFrame(
            {i: pd.Series(table.column(i).to_pylist(), dtype=object) for i in keep}
        )
    except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return fail(name, f"is not a readable Parquet file ({detail})")
    frame.columns = [normalise_column_name(table.column_names[i]) for i in keep]
    return frame, [], 1


def _parquet_metadata_problem(parquet: pq.ParquetFile, name: str) -> Problem | None:
    meta = parquet.metadata
    if meta.num_rows > MAX_ROWS:
        return Problem(
            name,
            f"has {meta.num_rows:,} rows; the limit is {MAX_ROWS:,} a file. Split it by market.",
        )
    if meta.num_columns > MAX_COLUMNS:
        return _too_many_columns(name, f"{meta.num_columns:,}")
    if meta.num_rows * meta.num_columns > MAX_CELLS:
        return Problem(name, f"has more than {MAX_CELLS:,} cells; the limit is {MAX_CELLS:,}")
    for field in parquet.schema_arrow:
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if pa.types.is_nested(kind):
            return Problem(
                name, f"holds {field.type} values; expected plain text or numbers", None,
                normalise_column_name(field.name),
            )  # fmt: skip
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > MAX_DECODED_BYTES:
        return Problem(name, f"unpacks to {_mb(unpacked)}; the limit is {_mb(MAX_DECODED_BYTES)}")
    return None


def _decoded_bytes(column: pa.ChunkedArray) -> int:
    """The bytes a text column takes once every row holds its own string."""
    import pyarrow.compute as pc

    total = 0
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            lengths = pc.binary_length(chunk.dictionary)
            total += int(pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0)
        elif pa.types.is_string(chunk.type) or pa.types.is_binary(chunk.type):
            total += int(pc.sum(pc.binary_length(chunk)).as_py() or 0)
        else:
            total += chunk.nbytes
    return total

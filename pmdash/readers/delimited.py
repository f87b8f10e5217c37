"""CSV: two streaming passes over the text, the first only counts and checks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pandas as pd

from pmdash.problems import Problem
from pmdash.readers.base import (
    PARQUET_MAGIC,
    XLSX_MAGIC,
    Raw,
    Refused,
    _frame,
    _too_many_columns,
    _too_many_rows,
    fail,
)
from pmdash.schema import (
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    MAX_ROWS,
)

# CSV: two streaming passes over the text, the first only counts and checks.


def read_csv(data: bytes, name: str) -> Raw:
    if data.startswith((XLSX_MAGIC, PARQUET_MAGIC)) or b"\x00" in data[:4096]:
        return fail(name, "is not a text CSV file (it looks binary); save it as CSV UTF-8")
    problems: list[Problem] = []
    encoding = "utf-8-sig"
    try:
        header = _csv_shape(data, encoding, name)
    except UnicodeDecodeError:
        encoding = "latin-1"
        problems.append(
            Problem(name, "is not UTF-8; read it as Latin-1 (ISO-8859-1)", severity="notice")
        )
        try:
            header = _csv_shape(data, encoding, name)
        except Refused as refused:
            return pd.DataFrame(), [*problems, refused.problem], 2
    except Refused as refused:
        return pd.DataFrame(), [refused.problem], 2
    if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, "read past a UTF-8 byte-order mark", severity="notice"))
    skipped, delimiter = header
    if delimiter == ";":
        problems.append(Problem(name, "is separated by ';'; read it as such", severity="notice"))
    records = _csv_records(data, encoding, name, skipped, delimiter)
    columns = next(records, None)
    if columns is None:
        return pd.DataFrame(), problems, 2 + skipped
    width = len(columns)
    rows: list[list[object]] = [[*row, *[None] * (width - len(row))] for row in records]
    return _frame(list(columns), rows), problems, 2 + skipped


def _text(data: bytes, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def _lines(stream: io.TextIOWrapper, name: str) -> Iterator[str]:
    """The physical lines, refusing one longer than the limit before reading it all."""
    number = 0
    while line := stream.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            what = "its header line" if number == 1 else f"line {number}"
            raise Refused(
                Problem(
                    name,
                    f"is not a usable CSV: {what} is longer than {MAX_LINE_CHARS:,} characters "
                    f"(a figures file has at most {MAX_COLUMNS} columns of short cells)",
                    number if number > 1 else None,
                )
            )
        yield line


def _csv_shape(data: bytes, encoding: str, name: str) -> tuple[int, str]:
    """Check lines, columns and rows without keeping any; (comment lines, delimiter)."""
    stream = _text(data, encoding)
    lines = _lines(stream, name)
    skipped, first = 0, ""
    for line in lines:
        if not line.startswith("#"):  # documentation lines of the template
            first = line
            break
        skipped += 1
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for _ in _csv_records(data, encoding, name, skipped, delimiter, keep=False):
        pass
    return skipped, delimiter


def _csv_records(
    data: bytes, encoding: str, name: str, skipped: int, delimiter: str, keep: bool = True
) -> Iterator[list[str]]:
    """The header, then the data records (blank lines skipped), each checked against the caps."""
    lines = _lines(_text(data, encoding), name)
    for _ in range(skipped):
        next(lines, None)
    reader = csv.reader(lines, delimiter=delimiter)
    width = 0
    count = 0
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if not width:
                width = len(record)
                if width > MAX_COLUMNS:
                    raise Refused(_too_many_columns(name, f"{width:,}"))
            else:
                count += 1
                if count > MAX_ROWS:
                    raise Refused(_too_many_rows(name))
                if len(record) > width:
                    raise Refused(
                        Problem(
                            name,
                            f"is not a readable CSV: row {count + 1 + skipped} has "
                            f"{len(record)} cells, the header {width}",
                            count + 1 + skipped,
                        )
                    )
            if keep:
                yield record
    except csv.Error as exc:
        raise Refused(
            Problem(name, f"is not a readable CSV: line {reader.line_num}: {exc}", reader.line_num)
        ) from None

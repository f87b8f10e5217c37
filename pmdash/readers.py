"""Reading one table's bytes (CSV, XLSX, Parquet) with bounded work.

A small compressed file must not make the server decode unbounded data, so every
reader checks the limits of :mod:`pmdash.schema` (rows, columns, cells, unzipped and
decoded bytes, line length) from metadata or while streaming, before it builds a
frame, and refuses with a problem naming the file (and sheet or column).

Each reader returns ``(frame, problems, first data row)``: the frame has normalised
column names and every cell as read (text, number or None).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Final
from xml.etree import ElementTree

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pmdash.problems import Problem
from pmdash.schema import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_LINE_CHARS,
    MAX_PARQUET_FOOTER_BYTES,
    MAX_ROWS,
    MAX_ZIP_MEMBERS,
    normalise_column_name,
)

Raw = tuple[pd.DataFrame, list[Problem], int]

XLSX_MAGIC: Final = b"PK\x03\x04"
PARQUET_MAGIC: Final = b"PAR1"
_CHUNK: Final = 1024 * 1024
_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|si)[\s/>]")
_WIDE_REF: Final = re.compile(rb'\sr="([A-Z]{2,3})[0-9]')
_INDEX_COLUMN: Final = re.compile(r"^__index_level_\d+__$")


class Refused(Exception):
    """A limit was reached while reading; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def fail(name: str, message: str, row: int | None = None, column: str | None = None) -> Raw:
    return pd.DataFrame(), [Problem(name, message, row, column)], 2


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _too_many_rows(name: str, sheet: str = "") -> Problem:
    where = f"sheet '{sheet}' " if sheet else ""
    return Problem(
        name, f"{where}has more than {MAX_ROWS:,} rows; the limit is {MAX_ROWS:,} a file. "
        "Split it by market."
    )  # fmt: skip


def _too_many_columns(name: str, count: int | str, sheet: str = "") -> Problem:
    where = f"sheet '{sheet}' " if sheet else ""
    return Problem(name, f"{where}has {count} columns; the limit is {MAX_COLUMNS}")


def _frame(header: list[object], rows: list[list[object]]) -> pd.DataFrame:
    columns = [normalise_column_name(c) for c in header]
    return pd.DataFrame(rows, columns=columns, dtype=object)


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


# XLSX: the zip's directory and every sheet's XML are checked before openpyxl opens it.


def read_xlsx(data: bytes, name: str, sheet: int | str) -> Raw:
    from openpyxl import load_workbook

    if not data.startswith(XLSX_MAGIC):
        return fail(name, "is not an XLSX workbook; save it from your spreadsheet as .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, name)
            titles = _sheet_titles(archive)
            for member in archive.namelist():
                if _is_sheet_xml(member, titles):
                    title = titles.get(member, PurePosixPath(member).stem)
                    _check_sheet_xml(archive, member, name, title)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Refused as refused:
        return pd.DataFrame(), [refused.problem], 2
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ElementTree.ParseError):
        return fail(name, "is not a readable XLSX workbook; re-save it as .xlsx")
    try:
        worksheet = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
        rows: list[list[object]] = []
        for values in worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            if len(rows) > MAX_ROWS:
                return pd.DataFrame(), [_too_many_rows(name, worksheet.title)], 2
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
                wide = _too_many_columns(name, f"more than {MAX_COLUMNS}", worksheet.title)
                return pd.DataFrame(), [wide], 2
            row = list(values[:MAX_COLUMNS])
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
    except (KeyError, IndexError, OSError, ValueError, TypeError, ElementTree.ParseError):
        return fail(name, "is not a readable XLSX workbook; re-save it as .xlsx")
    finally:
        book.close()
    return _xlsx_frame(rows), [], 2


def _xlsx_frame(rows: list[list[object]]) -> pd.DataFrame:
    rows = [r for r in rows if any(v is not None and v != "" for v in r)]
    if not rows:
        return pd.DataFrame()
    header = rows[0]
    while header and header[-1] is None:
        header = header[:-1]
    width = len(header)
    names = [f"unnamed_{i + 1}" if h is None else h for i, h in enumerate(header)]
    return _frame(list(names), [r[:width] + [None] * (width - len(r)) for r in rows[1:]])


def xlsx_sheet_names(data: bytes) -> list[str]:
    """The sheet titles of a workbook, in order (empty when it is not one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return list(_sheet_titles(archive).values())
    except (zipfile.BadZipFile, OSError, ValueError):
        return []


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise Refused(
            Problem(name, f"holds {len(members):,} files; a workbook has at most {MAX_ZIP_MEMBERS}")
        )
    unzipped = sum(m.file_size for m in members)
    if unzipped > MAX_DECODED_BYTES:
        raise Refused(
            Problem(
                name,
                f"unzips to {_mb(unzipped)}; the limit is {_mb(MAX_DECODED_BYTES)} "
                "(is it a zip bomb?). Split the workbook by market.",
            )
        )


def _is_sheet_xml(member: str, titles: dict[str, str]) -> bool:
    if member in titles or member.endswith("sharedStrings.xml"):
        return True
    return member.startswith("xl/worksheets/") and member.endswith(".xml")


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet XML member → the sheet's title, for messages (empty when unreadable)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): str(r.get("Target", "")) for r in rels}
    titles: dict[str, str] = {}
    for element in book.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            titles[str(PurePosixPath(path))] = str(element.get("name", ""))
    return titles


def _xml_chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's XML in chunks that each end before a tag begins."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            cut = len(text) if cut < 0 else cut
            yield text[:cut]
            tail = text[cut:]
    yield tail


def _check_sheet_xml(archive: zipfile.ZipFile, member: str, name: str, title: str) -> None:
    """Count rows, then cells, of a sheet (or shared strings) while streaming its XML."""
    rows = 0
    for text in _xml_chunks(archive, member):  # a quick count first: rows are the usual bomb
        rows += text.count(b"<row") + text.count(b":row ")
        if rows > MAX_ROWS + 1:  # the header row is not a figure
            raise Refused(_too_many_rows(name, title))
    rows = cells = in_row = 0
    for text in _xml_chunks(archive, member):
        if wide := _WIDE_REF.search(text):
            column = wide.group(1).decode()
            if len(column) == 3 or column > "CV":
                count = f"cells in column {column}, so more than {MAX_COLUMNS}"
                raise Refused(_too_many_columns(name, count, title))
        for match in _TAG.finditer(text):
            tag = match.group(1)
            if tag == b"row":
                rows += 1
                in_row = 0
                if rows > MAX_ROWS + 1:
                    raise Refused(_too_many_rows(name, title))
                continue
            cells += 1
            in_row += 1
            if in_row > MAX_COLUMNS:
                raise Refused(_too_many_columns(name, f"more than {MAX_COLUMNS}", title))
            if cells > MAX_CELLS:
                what = "shared strings" if tag == b"si" else "cells"
                raise Refused(
                    Problem(
                        name,
                        f"sheet '{title}' has more than {MAX_CELLS:,} {what}; "
                        f"the limit is {MAX_CELLS:,}",
                    )
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

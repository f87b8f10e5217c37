"""XLSX: the zip's directory and every sheet's XML are checked before openpyxl opens it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from xml.etree import ElementTree

import pandas as pd

from pmdash.problems import Problem
from pmdash.readers.base import (
    _CHUNK,
    _TAG,
    _WIDE_REF,
    XLSX_MAGIC,
    Raw,
    Refused,
    _frame,
    _mb,
    _too_many_columns,
    _too_many_rows,
    fail,
)
from pmdash.schema import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECODED_BYTES,
    MAX_ROWS,
    MAX_ZIP_MEMBERS,
)

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

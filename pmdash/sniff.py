"""What a file's bytes are, whatever its name says: a CSV (text), an XLSX workbook
(a ZIP holding ``xl/``), a Parquet file (``PAR1``), or something else, named.

Pure: bytes in, a kind or a :class:`~pmdash.problems.Problem` out. The readers in
:mod:`pmdash.io` and the upload page ask here first, so a picture, a PDF or random
bytes renamed ``.csv`` get one sentence saying what they are, not a column check.

>>> sniff(b"market,dimension\\nx,total\\n")
'csv'
>>> sniff(b"PAR1" + bytes(8) + b"PAR1")
'parquet'
>>> sniff(b"%PDF-1.7 ...")
'a PDF document'
>>> kind_problem(bytes(range(1, 256)) * 4, 'figures.csv').message[:49]
'is not a CSV, XLSX or Parquet file: it looks bina'
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Final, Literal

from pmdash.problems import Problem

Kind = Literal["csv", "xlsx", "parquet"]
_LABELS: Final[dict[Kind, str]] = {
    "csv": "a text (CSV) file",
    "xlsx": "an XLSX workbook",
    "parquet": "a Parquet file",
}
_SAMPLE_BYTES: Final = 64 * 1024
# In a text file, C0 control characters other than tab, newlines and form feed are
# rare; in random or compressed bytes about one byte in nine is one.
_MAX_CONTROL_SHARE: Final = 0.01
# Formats people upload by mistake, by their first bytes.
_KNOWN: Final = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.xls or .doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)
_UTF16: Final = "UTF-16 text"


def sniff(data: bytes) -> Kind | str:
    """The kind of file ``data`` is (``"csv"``, ``"xlsx"``, ``"parquet"``), or, when it
    is none of them, a short description of what it is ("a PDF document", "binary data")."""
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_workbook(data) else "a ZIP archive without a workbook inside"
    for magic, label in _KNOWN:
        if data.startswith(magic):
            return label
    return "csv" if _is_text(data[:_SAMPLE_BYTES]) else "binary data"


def kind_problem(data: bytes, name: str) -> Problem | None:
    """A problem when ``data``, named ``*.csv``, is not a CSV: another kind we read
    (then: rename it), UTF-16 text, or binary (then: what it looks like).

    ``None`` for a text file, an empty one, or another extension (the XLSX and Parquet
    readers check their own signature).
    """
    if Path(name).suffix.lower() != ".csv" or not data:
        return None
    found = sniff(data)
    if found == "csv":
        return None
    for kind in ("xlsx", "parquet"):
        if found == kind:
            return Problem(name, f"is named .csv but is {_LABELS[kind]}; rename it to .{kind}")
    if found == _UTF16:
        return Problem(
            name, "is UTF-16 text; save it as CSV UTF-8 (Excel: CSV UTF-8 (comma delimited))"
        )
    return Problem(
        name,
        f"is not a CSV, XLSX or Parquet file: it looks binary ({found}), not text. Export the "
        "figures from your spreadsheet as CSV UTF-8 or XLSX (the template shows the columns)",
    )


def xlsx_sheets(data: bytes) -> list[str]:
    """The sheet names of an XLSX workbook, in order; empty if it is not one."""
    try:
        from openpyxl import load_workbook

        return list(load_workbook(io.BytesIO(data), read_only=True).sheetnames)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return []


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n.startswith("xl/") for n in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample's end
            return True
    controls = sum(1 for b in sample if (b < 32 and b not in b"\t\n\r\f") or b == 127)
    return controls <= _MAX_CONTROL_SHARE * max(len(sample), 1)

"""Small files that ask for unbounded work (issue 14): written on demand, never committed.

Each case is a few hundred KB at most on disk but decodes to millions of rows,
columns or bytes; :func:`hostile_cases` writes them into a folder and names the
message fragment the refusal must carry.

    python -m tests.corpus.hostile /tmp/hostile    # write them, print their sizes
"""

from __future__ import annotations

import io
import json
import math
import re
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HEADER = ["market", "dimension", "segment", "year", "metric", "value"]
ROW = ["acme-widgets", "region", "East", "2024", "size", "12"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="figures" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _cells(values: list[str], row: int) -> str:
    out = []
    for i, value in enumerate(values):
        ref = f"{_column_letters(i + 1)}{row}"
        if value.isdigit():
            out.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            out.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    return "".join(out)


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx(sheet_rows: list[str], *, extra: tuple[str, int] | None = None) -> bytes:
    """A minimal workbook whose sheet XML is written row by row (fast, any size)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            for row in sheet_rows:
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
        if extra:
            member, size = extra
            with archive.open(member, "w", force_zip64=True) as padding:
                block = b" " * (1024 * 1024)
                for _ in range(size // len(block)):
                    padding.write(block)
    return buffer.getvalue()


def xlsx_many_rows(rows: int = 300_000) -> bytes:
    """Rows and cells without references (allowed), so each row is the same bytes."""
    row = "<row>" + re.sub(r' r="[A-Z]+0"', "", _cells(ROW, 0)) + "</row>"
    return _xlsx([f'<row r="1">{_cells(HEADER, 1)}</row>', *([row] * rows)])


def xlsx_wide_row(cells: int = 1_000_000) -> bytes:
    wide = "".join(f'<c r="A{2}"><v>1</v></c>' for _ in range(cells))
    return _xlsx([f'<row r="1">{_cells(HEADER, 1)}</row>', f'<row r="2">{wide}</row>'])


def xlsx_far_column() -> bytes:
    return _xlsx(
        [f'<row r="1">{_cells(HEADER, 1)}</row>', '<row r="2"><c r="XFD2"><v>1</v></c></row>']
    )


def xlsx_zip_bomb(megabytes: int = 300) -> bytes:
    """A valid workbook carrying one extra part of ``megabytes`` of spaces."""
    rows = [f'<row r="1">{_cells(HEADER, 1)}</row>', f'<row r="2">{_cells(ROW, 2)}</row>']
    return _xlsx(rows, extra=("xl/media/padding.xml", megabytes * 1024 * 1024))


def _repeated(value: str, rows: int) -> pa.DictionaryArray:
    """``rows`` copies of one string, held as one dictionary entry (a few bytes a row)."""
    indices = pa.array(np.zeros(rows, dtype=np.int8))
    return pa.DictionaryArray.from_arrays(indices, pa.array([value], pa.string()))


def _parquet(columns: dict[str, pa.Array]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer, compression="zstd", row_group_size=1_000_000)
    return buffer.getvalue()


def parquet_many_rows(rows: int = 5_000_000) -> bytes:
    return _parquet({name: _repeated(value, rows) for name, value in zip(HEADER, ROW, strict=True)})


def parquet_long_text(rows: int = 150_000, length: int = 2_000) -> bytes:
    """Fewer rows than the cap, but every note the same long string: 300 MB once decoded."""
    columns = {name: _repeated(value, rows) for name, value in zip(HEADER, ROW, strict=True)}
    return _parquet({**columns, "note": _repeated("x" * length, rows)})


def parquet_wide(columns: int = 2_000) -> bytes:
    return _parquet({f"c{i}": pa.array([1], pa.int8()) for i in range(columns)})


def parquet_nested() -> bytes:
    columns = {name: pa.array([value]) for name, value in zip(HEADER, ROW, strict=True)}
    return _parquet({**columns, "note": pa.array([[1, 2, 3]], pa.list_(pa.int64()))})


def csv_many_columns(columns: int = 1_000_000) -> bytes:
    return (",".join(f"c{i}" for i in range(columns)) + "\n" + "1\n").encode()


def csv_wide_header(columns: int = 5_000) -> bytes:
    """More columns than the cap, in a header line short enough to read."""
    return (",".join("c" for _ in range(columns)) + "\n1\n").encode()


def csv_many_rows(rows: int = 2_000_000) -> bytes:
    return (",".join(HEADER) + "\n" + "a\n" * rows).encode()


def csv_long_line(length: int = 5_000_000) -> bytes:
    return (",".join(HEADER) + "\n" + "x" * length + "\n").encode()


# name: (builder, message fragment)
CASES = {
    "hostile_5m_identical_rows.parquet": (parquet_many_rows, "has 5,000,000 rows; the limit is"),
    "hostile_long_text.parquet": (parquet_long_text, "of text; the limit is"),
    "hostile_2000_columns.parquet": (parquet_wide, "has 2,000 columns; the limit is 100"),
    "hostile_nested.parquet": (parquet_nested, "expected plain text or numbers"),
    "hostile_300k_rows.xlsx": (xlsx_many_rows, "has more than 200,000 rows"),
    "hostile_wide_row.xlsx": (xlsx_wide_row, "columns; the limit is 100"),
    "hostile_far_column.xlsx": (xlsx_far_column, "cells in column XFD"),
    "hostile_zip_bomb.xlsx": (xlsx_zip_bomb, "zip bomb"),
    "hostile_million_columns.csv": (csv_many_columns, "longer than 65,536 characters"),
    "hostile_5000_columns.csv": (csv_wide_header, "has 5,000 columns; the limit is 100"),
    "hostile_2m_rows.csv": (csv_many_rows, "has more than 200,000 rows"),
    "hostile_long_line.csv": (csv_long_line, "longer than 65,536 characters"),
}


def hostile_cases(folder: Path) -> dict[str, tuple[Path, str]]:
    """Write every hostile case into ``folder`` (once); name → (path, message fragment)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (build, fragment) in CASES.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(build())
        written[name] = (path, fragment)
    return written


@dataclass(frozen=True)
class Upload:
    """One hostile file through ``read_bundle`` in a fresh process: what it cost and said."""

    seconds: float
    peak_mb: float
    messages: list[str]


def measure(path: Path) -> Upload:
    """Read ``path`` as the CLI and the /data page do, in a child process; its cost."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.corpus.hostile", "--measure", str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        return Upload(math.inf, math.inf, [result.stderr.strip()[-500:]])
    return Upload(**json.loads(result.stdout))


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def _reset_peak_kb() -> int:
    """Reset this process's peak resident memory to its current size; that size in KB.

    ``ru_maxrss`` would carry the parent's peak over ``fork``/``exec``; the kernel's
    ``VmHWM`` after a ``clear_refs`` reset is this process's own (Linux ≥ 4.0).
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status_kb("VmRSS")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_kb() -> int:
    try:
        return _status_kb("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure_here(path: Path) -> None:
    from pmdash.io import read_bundle
    from pmdash.problems import InvalidInput

    before = _reset_peak_kb()
    start = time.perf_counter()
    try:
        read_bundle(path)
        messages: list[str] = []
    except InvalidInput as refused:
        messages = [str(p) for p in refused.problems]
    seconds = time.perf_counter() - start
    peak_kb = _peak_kb() - before
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "messages": messages}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        _measure_here(Path(sys.argv[2]))
    else:
        target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
        for name, (path, _) in hostile_cases(target).items():
            print(f"{path.stat().st_size / 1024:10,.0f} KB  {name}")

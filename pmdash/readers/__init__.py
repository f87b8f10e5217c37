"""Reading one table's bytes (CSV, XLSX, Parquet) with bounded work.

A small compressed file must not make the server decode unbounded data, so every
reader checks the limits of :mod:`pmdash.schema` (rows, columns, cells, unzipped and
decoded bytes, line length) from metadata or while streaming, before it builds a
frame, and refuses with a problem naming the file (and sheet or column).

Each reader returns ``(frame, problems, first data row)``: the frame has normalised
column names and every cell as read (text, number or None).
"""

from pmdash.readers.base import Raw, Refused, fail
from pmdash.readers.delimited import read_csv
from pmdash.readers.parquet import read_parquet
from pmdash.readers.xlsx import read_xlsx, xlsx_sheet_names

__all__ = ["Raw", "Refused", "fail", "read_csv", "read_parquet", "read_xlsx", "xlsx_sheet_names"]

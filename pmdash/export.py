"""Writing a market out: interchange CSV, a formatted XLSX workbook, the template.

Every text cell that a spreadsheet would run as a formula (starting with =, +, -
or @) is neutralised with a leading apostrophe (:func:`pmdash.formatting.neutralise`,
the rule the app's tables use too).
"""

from __future__ import annotations

import io
from typing import Final

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pmdash.audit import Finding
from pmdash.formatting import XLSX_NUMBER, XLSX_PCT, XLSX_USD_BN, label, neutralise
from pmdash.metrics import expand
from pmdash.model import TABLES, Market
from pmdash.schema import BASES, COLUMN_HELP, COLUMNS, METRICS, REQUIRED_COLUMNS

HEADER_FILL: Final = PatternFill("solid", fgColor="1F2A44")
HEADER_FONT: Final = Font(bold=True, color="FFFFFF")
BASIS_FILL: Final = {
    "derived": PatternFill("solid", fgColor="EEF3FB"),
    "assumed": PatternFill("solid", fgColor="FFF4DB"),
}
# How a figure's value reads in the workbook: the unit its metric fixes.
METRIC_FORMATS: Final = {"size": XLSX_USD_BN, "share": XLSX_PCT, "cagr": XLSX_PCT}


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def figures_for_export(market: Market, include_derived: bool = False) -> pd.DataFrame:
    """The market's figures in the interchange format (optionally with derived ones)."""
    figures = expand(market.figures) if include_derived else market.figures
    return figures[list(COLUMNS)].reset_index(drop=True)


def to_csv(market: Market, include_derived: bool = False) -> str:
    """The market's figures as interchange CSV text."""
    return str(safe_frame(figures_for_export(market, include_derived)).to_csv(index=False))


def to_xlsx(market: Market, findings: list[Finding] | None = None) -> bytes:
    """A formatted workbook: figures (stated and computed), one sheet per side table,
    the sources and, when given, the audit."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "figures"
    figures = figures_for_export(market, include_derived=True)
    _write(sheet, figures, number_columns={"value": XLSX_NUMBER})
    _format_by_metric(sheet, figures)
    for name in TABLES:
        table = market.table(name)
        if name != "sources" and table.empty:
            continue
        _write(book.create_sheet(name), table, number_columns={"value": XLSX_NUMBER})
        if name == "estimates" and {"metric", "value"} <= set(table.columns):
            _format_by_metric(book[name], table)
    if findings is not None:
        audit = pd.DataFrame([f.to_dict() for f in findings])
        audit = audit.rename(columns={c: label(str(c)) for c in audit.columns})
        _write(book.create_sheet("audit"), audit, number_columns={})
    about = book.create_sheet("about")
    meta = market.meta.to_dict()
    rows = [(label(k), str(v)) for k, v in meta.items() if k != "definitions"]
    rows += [(f"Definition: {k}", v) for k, v in market.meta.definitions.items()]
    _write(about, pd.DataFrame(rows, columns=["Field", "Value"]), number_columns={})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _format_by_metric(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Each value cell in its metric's unit: 'USD 1,094.8 bn', '6.59 %'. The cell keeps
    the number (a spreadsheet sums it); only how it reads changes."""
    column = list(frame.columns).index("value") + 1
    for row, metric in enumerate(frame["metric"], start=2):
        if str(metric) in METRIC_FORMATS:
            sheet.cell(row=row, column=column).number_format = METRIC_FORMATS[str(metric)]


def _write(sheet: Worksheet, frame: pd.DataFrame, number_columns: dict[str, str]) -> None:
    frame = safe_frame(frame)
    columns = [str(c) for c in frame.columns]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center")
    basis_at = columns.index("basis") if "basis" in columns else None
    for record in frame.itertuples(index=False):
        values = [None if _missing(v) else v for v in record]
        sheet.append(values)
        if basis_at is not None and values[basis_at] in BASIS_FILL:
            for cell in sheet[sheet.max_row]:
                cell.fill = BASIS_FILL[str(values[basis_at])]
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        width = max([len(column), *(len(str(v)) for v in frame[column].head(200))]) + 2
        sheet.column_dimensions[letter].width = min(max(width, 8), 60)
        if column in number_columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_columns[column]
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


TEMPLATE_NOTES: Final = (
    "# pmdash market template: one figure a row; these leading '#' lines are skipped on import.",
    *(
        f"# {name}: {'required' if name in REQUIRED_COLUMNS else 'optional'}. {COLUMN_HELP[name]}"
        for name in COLUMNS
    ),
    "# A figure is identified by market, dimension, segment, year, metric and base_year; no two rows may share it.",
    "# Example: personalized-medicine,region,Europe,2024,size,166.04,,reported,cervicorn-2025,",
)


def template_csv() -> str:
    """An empty CSV template: '#' lines documenting each column, then the header."""
    return "\n".join(TEMPLATE_NOTES) + "\n" + ",".join(COLUMNS) + "\n"


def template_xlsx() -> bytes:
    """An empty XLSX template: a figures sheet with drop-downs, and a README sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "figures"
    _write(sheet, pd.DataFrame(columns=list(COLUMNS)), number_columns={})
    for column, allowed in (("metric", METRICS), ("basis", BASES)):
        letter = get_column_letter(COLUMNS.index(column) + 1)
        rule = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
        rule.add(f"{letter}2:{letter}10000")
        sheet.add_data_validation(rule)
    readme = book.create_sheet("README")
    rows = [
        (name, "yes" if name in REQUIRED_COLUMNS else "no", COLUMN_HELP[name]) for name in COLUMNS
    ]
    _write(readme, pd.DataFrame(rows, columns=["column", "required", "meaning"]), number_columns={})
    for name, columns in TABLES.items():
        if name != "estimates":
            _write(book.create_sheet(name), pd.DataFrame(columns=list(columns)), number_columns={})
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

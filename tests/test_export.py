"""The XLSX workbook: figures read in their units, labels people read, still importable."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pmdash.audit import audit
from pmdash.export import to_xlsx
from pmdash.model import Market


@pytest.fixture(scope="module")
def book(seed_market: Market) -> dict[str, Worksheet]:
    workbook = load_workbook(io.BytesIO(to_xlsx(seed_market, audit(seed_market))))
    return {name: workbook[name] for name in workbook.sheetnames}


def _value_formats(sheet: Worksheet) -> dict[str, set[str]]:
    header = [cell.value for cell in sheet[1]]
    metric_at, value_at = header.index("metric"), header.index("value")
    formats: dict[str, set[str]] = {}
    for row in sheet.iter_rows(min_row=2):
        formats.setdefault(str(row[metric_at].value), set()).add(row[value_at].number_format)
    return formats


def test_each_value_reads_in_its_metric_unit(book: dict[str, Worksheet]) -> None:
    assert _value_formats(book["figures"]) == {
        "size": {'"USD "#,##0.0" bn"'},
        "share": {'0.00" %"'},
        "cagr": {'0.00" %"'},
    }


def test_other_publishers_estimates_read_in_their_units_too(book: dict[str, Worksheet]) -> None:
    assert _value_formats(book["estimates"])["size"] == {'"USD "#,##0.0" bn"'}


def test_values_stay_numbers_and_headers_stay_the_interchange_columns(
    book: dict[str, Worksheet],
) -> None:
    sheet = book["figures"]
    assert [c.value for c in sheet[1]][:6] == [
        "market",
        "dimension",
        "segment",
        "year",
        "metric",
        "value",
    ]
    assert all(isinstance(row[5].value, float | int) for row in sheet.iter_rows(min_row=2))


def test_the_audit_sheet_has_labels_not_keys(book: dict[str, Worksheet]) -> None:
    header = [c.value for c in book["audit"][1]]
    assert header[:6] == ["Check", "Subject", "Stated", "Computed", "Severity", "Message"]
    assert "Source label" in header and "source_label" not in header


def test_the_about_sheet_names_its_fields_for_people(book: dict[str, Worksheet]) -> None:
    fields = [row[0].value for row in book["about"].iter_rows(min_row=2)]
    assert "Primary source" in fields and "primary_source" not in fields

"""Writes 13_pdf_page.pdf, the corpus's PDF report page (fpdf2, a dev dependency).

Run from the repository root: ``python tests/corpus/reports/make_pdf.py``; the PDF is
committed, so tests read it without fpdf2 installed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).parent
PAGE = """\
Hydrogen Electrolyzer Market Report 2025
The global hydrogen electrolyzer market size was estimated at USD 2.35 billion in 2024. It is projected to reach USD 24.1 billion by 2033, growing at a CAGR of 29.5% from 2025 to 2033.
By technology, the alkaline electrolyzer segment held 61.2% of revenue in 2024, while the PEM electrolyzer segment held 33.4%.
Europe accounted for a 45.0% share of the market in 2024.
"""


def pdf_of(text: str) -> bytes:
    """A one-column A4 PDF with ``text`` as its text layer, a paragraph a line."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in text.splitlines():
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    return bytes(pdf.output())


if __name__ == "__main__":
    (HERE / "13_pdf_page.pdf").write_bytes(pdf_of(PAGE))

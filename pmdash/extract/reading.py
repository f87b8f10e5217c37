"""A report page's text, from the bytes of a ``.txt``, ``.md``, ``.html`` or ``.pdf`` file.

Bounded: the size is checked before anything is decoded, a PDF's pages are capped,
and every refusal is an :class:`~pmdash.problems.InvalidInput` naming the file.

>>> read_report("page.txt", "The market was USD 5 bn in 2024.".encode())
'The market was USD 5 bn in 2024.'
>>> read_report("page.md", b"")
Traceback (most recent call last):
...
pmdash.problems.InvalidInput: page.md: error: the file is empty; nothing to read
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Final

from pmdash.problems import InvalidInput, Problem
from pmdash.schema import MAX_FILE_BYTES
from pmdash.sniff import sniff

SUFFIXES: Final = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MAX_PDF_PAGES: Final = 500
MAX_TEXT_CHARS: Final = 1_000_000  # a long chapter; a whole book is refused
# A PDF page with fewer letters than this is a picture of text (a scan), not text.
_MIN_PDF_LETTERS: Final = 20


def read_report(name: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a report page; raises :class:`InvalidInput` naming ``name`` when it
    is empty, too big, binary, an unknown kind, unreadable, or a PDF of images only."""
    if not data:
        _refuse(name, "the file is empty; nothing to read")
    if len(data) > max_bytes:
        _refuse(
            name,
            f"the file is {len(data) / 1024 / 1024:.1f} MB; at most "
            f"{max_bytes / 1024 / 1024:.0f} MB is read. Save the report's page or chapter on "
            "its own",
        )
    suffix = Path(name).suffix.lower()
    kind = sniff(data)
    if kind == "a PDF document" or suffix == ".pdf":
        if kind != "a PDF document":
            _refuse(name, f"is named .pdf but is not a PDF ({_what(kind)})")
        text = _pdf_text(name, data)
    elif kind != "csv":  # sniff's name for text
        _refuse(name, f"is not a text, Markdown, HTML or PDF file: it looks like {_what(kind)}")
    elif suffix == ".csv":
        _refuse(name, "is a CSV file, not a report page; import figures with `pmdash import`")
    elif suffix not in SUFFIXES and suffix:
        _refuse(name, f"has the extension '{suffix}'; a report page is .txt, .md, .html or .pdf")
    else:
        decoded = _decode(name, data)
        looks_html = suffix in (".html", ".htm") or decoded.lstrip()[:15].lower().startswith(
            ("<!doctype html", "<html")
        )
        text = _html_text(name, decoded) if looks_html else decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        _refuse(name, "has no text in it")
    if len(text) > MAX_TEXT_CHARS:
        _refuse(
            name,
            f"has {len(text):,} characters of text; at most {MAX_TEXT_CHARS:,} are read. Save the "
            "report's page or chapter on its own",
        )
    return text


def _refuse(name: str, message: str) -> None:
    raise InvalidInput([Problem(name, message)])


def _what(kind: str) -> str:
    return "binary data" if kind == "csv" else kind


def _decode(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    _refuse(name, "is not UTF-8 text; save it as UTF-8")
    return ""


def _html_text(name: str, html: str) -> str:
    """The page's main text (no menus, footers or scripts), tables as ``a | b`` lines."""
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def main_text(page: str) -> str | None:
        return trafilatura.extract(
            page, include_tables=True, include_comments=False, favor_recall=True
        )

    text = main_text(html)
    if not text and "<body" not in html.lower():  # a fragment, e.g. pasted from a page
        text = main_text(f"<html><body>{html}</body></html>")
    if not text:
        _refuse(name, "is an HTML page without readable main text")
    return str(text)


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _refuse(name, "is an encrypted PDF; save an unprotected copy")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            _refuse(name, f"has {len(pages)} pages; at most {MAX_PDF_PAGES} are read")
        texts = [page.extract_text() or "" for page in pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        _refuse(name, f"is a PDF that cannot be read ({type(exc).__name__}: {exc})")
        return ""
    letters = sum(ch.isalpha() for text in texts for ch in text)
    if letters < _MIN_PDF_LETTERS * max(len(texts), 1):
        _refuse(
            name,
            "is a PDF of images only (no text layer, e.g. a scan); run it through OCR or "
            "paste the page's text",
        )
    return _unwrap("\n".join(texts))


def _unwrap(text: str) -> str:
    """A PDF's lines joined back into paragraphs: a line that does not end a sentence and
    is followed by one that starts in lower case is the same sentence, wrapped.

    >>> _unwrap("It is projected to\\nreach USD 2 bn by 2033.\\nEurope held 45%.")
    'It is projected to reach USD 2 bn by 2033.\\nEurope held 45%.'
    """
    return re.sub(r"(?<![.!?:|])[ \t]*\n[ \t]*(?=[a-z0-9(])", " ", text)

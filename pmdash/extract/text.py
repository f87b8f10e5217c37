"""A page's text cut into what the rules read: sentences, and tables (rows of cells).

A line with ``|`` between cells is a table row (Markdown, or an HTML table as
:mod:`~pmdash.extract.reading` writes it); consecutive rows make one table, whose
caption is the line just above it when that line reads like a title.

>>> [s.text for s in split_sentences("It grew. The U.S. led, e.g. in 2024. Done")]
['It grew.', 'The U.S. led, e.g. in 2024.', 'Done']
>>> table = blocks("Share by Region, 2024 (%)\\n| Region | Share |\\n|---|---|\\n| Europe | 30% |")[0]
>>> table.caption, table.header, table.rows
('Share by Region, 2024 (%)', ('Region', 'Share'), (('Europe', '30%'),))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_SEPARATOR: Final = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A full stop ends a sentence unless it ends an abbreviation ("U.S.", "e.g.", "Inc.").
_BREAK: Final = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9])")
_ABBREVIATIONS: Final = re.compile(
    r"(?:\b[A-Z]\.|\b(?:e\.g|i\.e|etc|vs|approx|Inc|Ltd|Corp|Co|Mr|Ms|Dr|St|No|Fig|est|cf|U\.S|U\.K)\.)$",
    re.IGNORECASE,
)
_MAX_CAPTION: Final = 160
MAX_SENTENCE: Final = 1000
# A line stating a figure (money or a percentage) is content, not a heading.
_FIGURE: Final = re.compile(
    r"\d\s?(?:%|percent|bn|billion|million|trillion)\b|[$€£¥]\s?\d|USD", re.I
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of running text, with the heading it stands under (``""`` if none)."""

    text: str
    heading: str = ""


@dataclass(frozen=True)
class Table:
    """A table: its caption (may be ``""``), its header cells and its rows of cells."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Sentence | Table


def blocks(text: str) -> list[Block]:
    """The page's sentences and tables, in reading order."""
    out: list[Block] = []
    lines = [line.strip() for line in text.split("\n")]
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_row(line):
            start = i
            while i < len(lines) and (_is_row(lines[i]) or _SEPARATOR.match(lines[i] or "x")):
                i += 1
            rows = [_cells(r) for r in lines[start:i] if not _SEPARATOR.match(r)]
            above = next((lines[k] for k in range(start - 1, -1, -1) if lines[k]), "")
            caption = above.lstrip("#>*- ").strip() if _is_caption(above) else ""
            if out and caption and isinstance(out[-1], Sentence) and out[-1].text == caption:
                out.pop()
            out.append(Table(caption, rows[0], tuple(rows[1:])))
            heading = ""
            continue
        is_item = line.startswith(("- ", "* ", "• ", "+ "))
        line = line.lstrip("#>*-•+ ").strip()
        if line:
            out.extend(split_sentences(line, heading))
            lead_in = line.endswith(":") and len(line) <= _MAX_CAPTION  # "Sizes, 2024:"
            if (_is_caption(line) or lead_in) and not is_item and not _FIGURE.search(line):
                heading = line
        i += 1
    return out


def split_sentences(paragraph: str, heading: str = "") -> list[Sentence]:
    """A paragraph's sentences (abbreviations such as "U.S." do not end one)."""
    pieces: list[str] = []
    start = 0
    for match in _BREAK.finditer(paragraph):
        if _ABBREVIATIONS.search(paragraph[start : match.start()].rstrip("\"')]")):
            continue
        pieces.append(paragraph[start : match.start()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [Sentence(cut, heading) for p in pieces if p for cut in _bounded(p)]


def _bounded(sentence: str) -> list[str]:
    """A run-on "sentence" (a PDF without full stops, a list pasted as one line) in pieces
    of at most ``MAX_SENTENCE`` characters, cut after a comma or a space: bounded work."""
    pieces = []
    while len(sentence) > MAX_SENTENCE:
        cut = max(sentence.rfind(", ", 0, MAX_SENTENCE), sentence.rfind(" ", 0, MAX_SENTENCE))
        cut = cut + 1 if cut > 0 else MAX_SENTENCE
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:]
    return [*pieces, sentence.strip()]


def _is_row(line: str) -> bool:
    return line.count("|") >= 1 and not _SEPARATOR.match(line) and len(_cells(line)) >= 2


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(cell.strip() for cell in inner.split("|"))


def _is_caption(line: str) -> bool:
    """A short line that does not end like a sentence: a heading or a table's title."""
    line = line.lstrip("#>*- ").strip()
    return 0 < len(line) <= _MAX_CAPTION and not line.endswith((".", "!", "?", ":", ";", ","))

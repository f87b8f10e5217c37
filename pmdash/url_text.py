"""How values travel in a link: a number written shortest, a repeated key's last value,
and the notice for a setting a page ignores. Pure; shared by :mod:`pmdash.urlstate` and
the studio panels' own parsers (:mod:`pmdash.uncertainty`), which urlstate imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

SHOWN_CHARS: Final = 40  # of a key or value repeated in a notice


def number(value: float) -> str:
    """The shortest text that reads back as the same float: 9.0 → '9', 8.5 → '8.5'.

    >>> number(9.0), number(8.5)
    ('9', '8.5')
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def last_value(value: str | Sequence[str]) -> str:
    """A key given several times in a link counts with its last value."""
    if isinstance(value, str):
        return value
    return str(value[-1]) if len(value) else ""


def ignored(key: str, value: str, why: str) -> str:
    """A notice in plain text, the parameter as given but cut short. It may hold
    anything a link can carry: the page escapes it (:func:`pmdash.formatting.plain`).

    >>> ignored("cagr", "fast", "not a number")
    'Ignored "cagr=fast": not a number.'
    """
    shown = value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"
    return f'Ignored "{key[:SHOWN_CHARS]}={shown}": {why}.'

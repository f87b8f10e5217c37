"""What a scenario save is made of: the draft a person typed, the saved row, a refusal;
and the rules a name, an author and a note must follow.

Names are compared as typed by a person: in Unicode NFC, without outer spaces
(``"Café"`` typed with a combining accent is the same scenario as with ``é``);
control, invisible and text-direction characters are refused with a message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

NAME_MAX_CHARS: Final = 80
AUTHOR_MAX_CHARS: Final = 80
NOTE_MAX_CHARS: Final = 2000


@dataclass(frozen=True)
class SavedScenario:
    """A saved scenario: its query parameters (see :mod:`pmdash.urlstate`), who saved it,
    its probability and its TAM → SAM → SOM settings (see :mod:`pmdash.uncertainty`)."""

    id: int
    market: str
    name: str
    author: str
    note: str
    params: dict[str, str]
    created_at: datetime
    updated_at: datetime
    version: int = 1
    probability_pct: float | None = None  # its weight in the compare view, percent
    funnel: dict[str, str] | None = None  # its TAM → SAM → SOM settings (link parameters)


@dataclass(frozen=True)
class Rejected:
    """A save that did not happen, and why, in words for the person saving."""

    message: str
    duplicate: bool = False


@dataclass(frozen=True)
class Draft:
    """What a person typed to save a scenario, before it is checked."""

    name: str
    params: Mapping[str, str]
    author: str = ""
    note: str = ""
    funnel: Mapping[str, str] | None = None


def normalise_name(name: str) -> str:
    """A scenario name as stored and looked up: Unicode NFC, outer spaces removed.

    >>> normalise_name(" Cafe\u0301 ") == "Caf\u00e9"
    True
    """
    return unicodedata.normalize("NFC", name).strip()


def name_problem(name: str) -> str | None:
    """Why a scenario name cannot be used, or ``None`` when it can.

    >>> name_problem("APAC push") is None
    True
    >>> name_problem("")
    'Give the scenario a name.'
    >>> name_problem("Q3 \u202eplan")
    'Use a name without control characters, line breaks or invisible formatting (it has U+202E RIGHT-TO-LEFT OVERRIDE).'
    """
    cleaned = normalise_name(name)
    if not cleaned:
        return "Give the scenario a name."
    if len(cleaned) > NAME_MAX_CHARS:
        return f"Keep the name to {NAME_MAX_CHARS} characters (it has {len(cleaned)})."
    hidden = next((c for c in cleaned if unicodedata.category(c) in _HIDDEN), None)
    if hidden is not None:
        label = " ".join(filter(None, (f"U+{ord(hidden):04X}", unicodedata.name(hidden, ""))))
        return (
            "Use a name without control characters, line breaks or invisible formatting "
            f"(it has {label})."
        )
    return None


# Controls, format characters (bidi overrides and isolates, zero-width), line and
# paragraph separators: each can hide or reorder what a name looks like.
_HIDDEN: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def text_problem(label: str, text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"Keep the {label} to {limit} characters (it has {len(text)})."
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        return f"Use a {label} without control characters."
    return None

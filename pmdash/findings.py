"""What an audit check returns: a :class:`Finding`, and how findings name their subject."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Final, Literal

from pmdash.formatting import dimension_noun
from pmdash.schema import TOTAL_DIMENSION

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: Final = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One audit result, as CONTRACT.md defines it."""

    check: str
    subject: str
    stated: float | str | None
    computed: float | str | None
    severity: Severity
    message: str
    source: str = ""
    # The source as people name it ('MarketsandMarkets (2025)'); filled by :func:`audit`.
    source_label: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def subject_of(dimension: str, segment: str) -> str:
    """What a finding is about, as a person names it.

    >>> subject_of("total", "All"), subject_of("end_user", "Hospitals")
    ('market total', 'Hospitals (end user)')
    """
    if dimension == TOTAL_DIMENSION:
        return "market total"
    return f"{segment} ({dimension_noun(dimension)})"

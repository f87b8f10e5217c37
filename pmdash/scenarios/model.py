"""What a growth scenario is: its presets, the ranges its numbers may take, the value object."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final, Literal

PresetName = Literal["reported", "headline", "conservative", "optimistic", "consensus", "custom"]
PRESETS: Final[tuple[PresetName, ...]] = (
    "reported", "headline", "conservative", "optimistic", "consensus", "custom",
)  # fmt: skip
PRESET_LABELS: Final = {
    "reported": "As reported",
    "headline": "Headline CAGR",
    "conservative": "Conservative",
    "optimistic": "Optimistic",
    "consensus": "Consensus",
    "custom": "Custom",
}
PRESET_DELTA_PCT: Final = 2.0
RATE_RANGE_PCT: Final = (-20.0, 40.0)  # a growth rate the studio, links and CLI accept
SHOCK_LIMITS_PCT: Final = (-90.0, 100.0)
MAX_YEAR: Final = 2060
HORIZON_YEAR: Final = 2040


@dataclass(frozen=True)
class Scenario:
    """A growth scenario; ``None`` means "as the source implies"."""

    preset: PresetName = "reported"
    start_year: int | None = None
    end_year: int | None = None
    cagr_pct: float | None = None
    segment_cagr_pct: tuple[tuple[str, float], ...] = ()
    shock_year: int | None = None
    shock_pct: float = 0.0

    @property
    def overrides(self) -> dict[str, float]:
        return dict(self.segment_cagr_pct)

    def is_as_reported(self) -> bool:
        return self.cagr_pct is None and not self.segment_cagr_pct and not self.shock_pct

    def with_segment_rate(self, segment: str, rate_pct: float) -> Scenario:
        rates = {**self.overrides, segment: rate_pct}
        return replace(self, segment_cagr_pct=tuple(sorted(rates.items())), preset="custom")


def in_rate_range(rate_pct: float) -> bool:
    """Whether a growth rate is one a scenario may set (:data:`RATE_RANGE_PCT`).

    >>> in_rate_range(8.5), in_rate_range(-150.0)
    (True, False)
    """
    low, high = RATE_RANGE_PCT
    return low <= rate_pct <= high


def slug(segment: str) -> str:
    """A segment name as a URL/CLI key: 'North America' → 'north_america'.

    >>> slug("Asia-Pacific")
    'asia_pacific'
    """
    return re.sub(r"[^a-z0-9]+", "_", segment.lower()).strip("_")


def resolve_segment(name: str, parts: tuple[str, ...]) -> str | None:
    """The part a user typed (name or slug, any case), or ``None``."""
    wanted = slug(name)
    return next((p for p in parts if slug(p) == wanted), None)


def same_assumptions(a: Scenario, b: Scenario) -> bool:
    """Whether two scenarios set the same growth rates and shock (years aside)."""
    return (a.cagr_pct, a.overrides, a.shock_year if a.shock_pct else None, a.shock_pct) == (
        b.cagr_pct,
        b.overrides,
        b.shock_year if b.shock_pct else None,
        b.shock_pct,
    )

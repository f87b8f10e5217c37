"""Where a Monte Carlo's spread comes from: the publishers' disagreement, else a setting.

The default half-width of every region's growth draw is half the range of the total
CAGRs stated by the publishers that size the *same scope* as the market's own source
(``sources.scope``; the source's own stated CAGR counts as one of them, the others
come from ``estimates``), when at least two publishers state one; otherwise it is
the user's setting (default :data:`DEFAULT_SPREAD_PTS`). The result says which, and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import pandas as pd

from pmdash.model import Market
from pmdash.scenarios import stated_headline
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

DEFAULT_SPREAD_PTS: Final = 2.0
Origin = Literal["publishers", "setting"]


@dataclass(frozen=True)
class Spread:
    """A spread, points a year either side of each rate, and where it comes from."""

    pts: float
    origin: Origin
    reason: str  # one sentence a person can read
    publishers: tuple[tuple[str, float], ...] = ()  # (publisher, stated CAGR %)


def same_scope_rates(market: Market) -> tuple[str, tuple[tuple[str, float], ...]]:
    """The market's scope and each same-scope publisher's stated total CAGR, lowest first.

    A publisher with several stated periods counts once, with its latest period.
    """
    sources = market.sources.set_index("source") if not market.sources.empty else None
    primary = market.meta.primary_source
    if sources is None or primary not in sources.index:
        return "", ()
    scope = str(sources.at[primary, "scope"]).strip().lower()
    if not scope:
        return "", ()
    found: dict[str, float] = {}
    headline = stated_headline(market.figures)
    if headline is not None:
        found[primary] = headline[2]
    rows = market.estimates[
        (market.estimates["metric"] == "cagr")
        & (market.estimates["dimension"] == TOTAL_DIMENSION)
        & (market.estimates["segment"] == TOTAL_SEGMENT)
    ].sort_values(["year", "base_year"])
    for source, value in zip(rows["source"].tolist(), rows["value"].tolist(), strict=True):
        same = source in sources.index and str(sources.at[source, "scope"]).strip().lower() == scope
        if same and source != primary and math.isfinite(float(value)):
            found[str(source)] = float(value)
    named = ((_publisher(sources, s), rate) for s, rate in found.items())
    return scope, tuple(sorted(named, key=lambda item: (item[1], item[0])))


def default_spread(market: Market, setting_pts: float = DEFAULT_SPREAD_PTS) -> Spread:
    """The publishers' spread when two or more same-scope publishers state a CAGR, else the setting.

    >>> default_spread(seed_market).origin  # doctest: +SKIP
    'publishers'
    """
    scope, rates = same_scope_rates(market)
    if len(rates) >= 2:
        low, high = rates[0][1], rates[-1][1]
        pts = round((high - low) / 2.0, 1)
        listed = ", ".join(f"{name} {value:g} %" for name, value in rates)
        return Spread(
            pts,
            "publishers",
            f"±{pts:.1f} pts: half the range of the growth stated by the {len(rates)} publishers "
            f"sizing the same scope ({scope}): {listed}.",
            rates,
        )
    why = (
        f"only one publisher sizing the same scope ({scope}) states a growth rate"
        if len(rates) == 1
        else "no two publishers sizing the same scope state a growth rate"
    )
    return Spread(setting_pts, "setting", f"±{setting_pts:.1f} pts, the default setting: {why}.")


def set_spread(pts: float) -> Spread:
    """A spread the user set."""
    return Spread(pts, "setting", f"±{pts:.1f} pts, as you set it.")


def _publisher(sources: pd.DataFrame, source: str) -> str:
    name = str(sources.at[source, "publisher"]) if source in sources.index else ""
    return name or source

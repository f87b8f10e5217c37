"""Where a Monte Carlo's spread comes from: the publishers' disagreement, else a setting.

The default half-width of every region's growth draw is half the range of the total
growth of the publishers that size the *same scope* as the market's own source (the
like-for-like rules of :mod:`pmdash.triangulation`: the source's own CAGR counts as
one of them; a publisher without a stated CAGR counts with the one its sizes imply),
when at least two publishers give one; otherwise it is the user's setting (default :data:`DEFAULT_SPREAD_PTS`). The result says which, and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

from pmdash.model import Market
from pmdash.triangulation import Estimate, triangulate

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
    """The market's scope and the growth of each publisher sizing it, lowest first.

    The publishers are those :func:`pmdash.triangulation.triangulate` compares (the
    same scope as the market's own source), the market's own source among them; each
    counts with its stated total CAGR, else the CAGR its sizes imply (so named).
    """
    result = triangulate(market)
    if not result.scope:
        return "", ()
    own = [e for e in result.estimates if e.is_primary and e.rate_kind]
    peers = [e for e in result.peers if e.rate_kind]
    named = [(_name(e), e.rate_pct) for e in (*own, *peers) if math.isfinite(e.rate_pct)]
    return result.scope, tuple(sorted(named, key=lambda item: (item[1], item[0])))


def default_spread(market: Market, setting_pts: float = DEFAULT_SPREAD_PTS) -> Spread:
    """The publishers' spread when two or more same-scope publishers state a CAGR, else the setting.

    >>> default_spread(seed_market).origin  # doctest: +SKIP
    'publishers'
    """
    scope, rates = same_scope_rates(market)
    if len(rates) >= 2:
        low, high = rates[0][1], rates[-1][1]
        pts = round((high - low) / 2.0, 1)
        listed = "; ".join(f"{name}: {round(value, 2):g} %" for name, value in rates)
        return Spread(
            pts,
            "publishers",
            f"±{pts:.1f} pts: half the range of the growth a year given by the {len(rates)} publishers "
            f"sizing the same scope ({scope}): {listed}.",
            rates,
        )
    why = (
        f"only one publisher sizing the same scope ({scope}) gives a growth rate"
        if len(rates) == 1
        else "no two publishers sizing the same scope give a growth rate"
    )
    return Spread(setting_pts, "setting", f"±{setting_pts:.1f} pts, the default setting: {why}.")


def set_spread(pts: float) -> Spread:
    """A spread the user set."""
    return Spread(pts, "setting", f"±{pts:.1f} pts, as you set it.")


def _name(estimate: Estimate) -> str:
    return estimate.label + (", implied by its sizes" if estimate.rate_kind == "implied" else "")

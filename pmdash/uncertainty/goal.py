"""Goal seek: the growth a year that takes the market, or one region, to a target size.

Every answer is closed form, no root finding. From the start year *Y₀* to the target
year *Y* (*n* = *Y* − *Y₀* years), what reaches the target is

    T(r) = k · (A · (1 + r/100)^n + B)

- *A*: the start-year size of the parts whose growth is solved (every region for
  the market, one region otherwise);
- *B*: the other parts' size in *Y* at their own rates (zero unless only one region's
  growth moves the market total);
- *k*: 1 + shock/100 when the scenario has a one-off shock by *Y*, else 1.

*T* rises with *r*, so a target between T(low) and T(high) (the studio's
:data:`~pmdash.scenarios.RATE_RANGE_PCT`) has exactly one answer,

    r = 100 · (((X/k − B) / A)^(1/n) − 1)

and any other target is an error that says what the range's ends reach. Projecting
the answer (``Goal.scenario``) with :func:`pmdash.scenarios.project` gives the target
back (to about 1e-12, relative).

>>> found = goal_seek(figures, GoalQuery(1500.0, 2034))  # the seed market  # doctest: +SKIP
>>> round(found.cagr_pct, 2), found.from_year, found.from_usd_bn  # doctest: +SKIP
(10.0, 2024, 578.14)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final, Literal

import pandas as pd

from pmdash.formatting import pct, usd_bn
from pmdash.metrics import cagr_pct, grow
from pmdash.scenarios import (
    MAX_YEAR,
    RATE_RANGE_PCT,
    Frame,
    Scenario,
    frame_of,
    project,
    rates_for,
    resolve_segment,
)
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT
from pmdash.tables.studio import with_years

Scope = Literal["market", "region", "market_by_region"]
SCOPES: Final[tuple[Scope, ...]] = ("market", "region", "market_by_region")
METHOD: Final = "closed form"
# A target this close (relative) to what an end of the rate range reaches counts as
# reached: the end's own size, computed and typed back, can differ in the last bit.
REACH_SLACK: Final = 1e-12


@dataclass(frozen=True)
class GoalQuery:
    """What to reach: ``target_usd_bn`` in ``year``, from ``from_year`` (default: the
    scenario's start year, else the market's first year).

    ``scope``: ``market`` (every region at one rate), ``region`` (``region`` reaches the
    target on its own) or ``market_by_region`` (the market total reaches it, only
    ``region``'s growth moving).
    """

    target_usd_bn: float
    year: int
    from_year: int | None = None
    region: str | None = None
    scope: Scope = "market"


@dataclass(frozen=True)
class Goal:
    """The answer: the growth, and the scenario that has it (projecting it reaches the target)."""

    cagr_pct: float
    from_year: int
    to_year: int
    from_usd_bn: float  # what reaches the target, in from_year
    target_usd_bn: float
    scope: Scope
    region: str | None
    scenario: Scenario
    current_pct: float  # the same growth under the scenario asked about
    current_usd_bn: float  # what that scenario reaches in to_year
    reach_usd_bn: tuple[float, float]  # reached at the ends of RATE_RANGE_PCT

    @property
    def subject(self) -> str:
        return subject(self.scope, self.region)


@dataclass(frozen=True)
class GoalError:
    """Why a goal has no answer: the input at fault (``size``, ``year``, ``from_year``,
    ``region``) and a sentence a person can act on."""

    field: str
    message: str


def subject(scope: Scope, region: str | None) -> str:
    """What reaches the target, in words: 'the market', 'Europe', 'the market (only …)'."""
    if scope == "region" and region:
        return region
    if scope == "market_by_region" and region:
        return f"the market (only {region}'s growth moving)"
    return "the market"


@dataclass(frozen=True)
class _Terms:
    """T(r) = k · (A · (1 + r/100)^n + B) for one query (see the module's docstring)."""

    start: int
    region: str | None
    scenario: Scenario  # the base scenario with the query's years
    a: float
    b: float
    k: float
    n: float

    def reach(self, rate_pct: float) -> float:
        return self.k * (grow(self.a, rate_pct, self.n) + self.b)


def _terms(
    figures: pd.DataFrame, query: GoalQuery, base: Scenario | None, frame: Frame, max_year: int
) -> _Terms | GoalError:
    base = base or Scenario()
    checked = _checked(frame, query, base, max_year)
    if isinstance(checked, GoalError):
        return checked
    start, region = checked
    scenario = with_years(base, start, query.year)
    n = float(query.year - start)
    sizes = _sizes(frame, start)
    moving = list(frame.parts) if query.scope == "market" else [str(region)]
    others = [] if query.scope != "market_by_region" else [p for p in frame.parts if p != region]
    rates = rates_for(frame, scenario)
    a = math.fsum(sizes[p] for p in moving)
    b = math.fsum(grow(sizes[p], rates[p], n) for p in others)
    return _Terms(start, region, scenario, a, b, _shock_factor(scenario, query.year), n)


def reachable(
    figures: pd.DataFrame,
    query: GoalQuery,
    *,
    base: Scenario | None = None,
    frame: Frame | None = None,
    max_year: int = MAX_YEAR,
) -> tuple[float, float] | GoalError:
    """What the query's subject reaches in its year at the two ends of
    :data:`~pmdash.scenarios.RATE_RANGE_PCT` (USD bn); the query's target is not used."""
    terms = _terms(
        figures, replace(query, target_usd_bn=1.0), base, frame or frame_of(figures), max_year
    )
    if isinstance(terms, GoalError):
        return terms
    low, high = RATE_RANGE_PCT
    return terms.reach(low), terms.reach(high)


def goal_seek(
    figures: pd.DataFrame,
    query: GoalQuery,
    *,
    base: Scenario | None = None,
    frame: Frame | None = None,
    max_year: int = MAX_YEAR,
) -> Goal | GoalError:
    """The growth, percent a year, that reaches ``query``'s target; or why none does.

    ``base`` is the scenario the other parts follow (default: as reported); the answer
    keeps its other rates and its shock, with the years set to the query's.
    """
    frame = frame or frame_of(figures)
    terms = _terms(figures, query, base, frame, max_year)
    if isinstance(terms, GoalError):
        return terms
    low, high = RATE_RANGE_PCT
    ends = (terms.reach(low), terms.reach(high))
    target = query.target_usd_bn
    slack = REACH_SLACK * max(abs(ends[0]), abs(ends[1]))  # an end typed back exactly
    if not ends[0] - slack <= target <= ends[1] + slack:
        return _out_of_reach(query, terms.region, ends)
    rate = 100.0 * (math.pow((target / terms.k - terms.b) / terms.a, 1.0 / terms.n) - 1.0)
    rate = min(max(rate, low), high)
    region, scenario = terms.region, terms.scenario
    current_rate, current_size = _current(figures, frame, scenario, query, region, terms.a, terms.k)
    start_total = math.fsum(_sizes(frame, terms.start).values())
    return Goal(
        cagr_pct=rate,
        from_year=terms.start,
        to_year=query.year,
        from_usd_bn=terms.a if query.scope != "market_by_region" else start_total,
        target_usd_bn=target,
        scope=query.scope,
        region=region,
        scenario=_with_rate(scenario, query.scope, region, rate),
        current_pct=current_rate,
        current_usd_bn=current_size,
        reach_usd_bn=ends,
    )


def _checked(
    frame: Frame, query: GoalQuery, base: Scenario, max_year: int
) -> tuple[int, str | None] | GoalError:
    """The start year and the region, or the first input at fault."""
    target = query.target_usd_bn
    if not (math.isfinite(target) and target > 0):
        return GoalError("size", "Enter a target size above zero, in USD billions.")
    years = [int(y) for y in frame.start_sizes.index]
    start = query.from_year
    if start is None:
        start = base.start_year if base.start_year in years else frame.first_year
    if start not in years:
        return GoalError(
            "from_year",
            f"No size for every region in {start}; start from a year in {years[0]}–{years[-1]}.",
        )
    if query.year <= start:
        return GoalError("year", f"The target year must come after {start}.")
    if query.year > max_year:
        return GoalError("year", f"The target year can be {max_year} at the latest.")
    if query.scope == "market":
        return start, None
    if frame.dimension == TOTAL_DIMENSION:
        return GoalError(
            "region", "This market has no regional split; set a goal for the market as a whole."
        )
    region = resolve_segment(query.region or "", frame.parts)
    if region is None:
        return GoalError(
            "region", f"No region '{query.region or ''}'; known: {', '.join(frame.parts)}."
        )
    return start, region


def _sizes(frame: Frame, year: int) -> dict[str, float]:
    """Each part's size in ``year`` (a year every part is sized in)."""
    row = frame.start_sizes.loc[year].to_numpy(dtype=float)
    return {part: float(size) for part, size in zip(frame.parts, row, strict=True)}


def _shock_factor(scenario: Scenario, year: int) -> float:
    if scenario.shock_year is None or not scenario.shock_pct or scenario.shock_year > year:
        return 1.0
    return grow(1.0, scenario.shock_pct, 1.0)


def _with_rate(scenario: Scenario, scope: Scope, region: str | None, rate: float) -> Scenario:
    if scope == "market":
        return replace(scenario, cagr_pct=rate, segment_cagr_pct=(), preset="custom")
    assert region is not None
    return scenario.with_segment_rate(region, rate)


def _current(
    figures: pd.DataFrame,
    frame: Frame,
    scenario: Scenario,
    query: GoalQuery,
    region: str | None,
    start_size: float,
    k: float,
) -> tuple[float, float]:
    """The growth and target-year size the scenario asked about gives the same subject."""
    n = query.year - (scenario.start_year or frame.first_year)
    if query.scope == "region":
        assert region is not None
        rate = rates_for(frame, scenario)[region]
        return rate, k * grow(start_size, rate, float(n))
    path = project(figures, scenario, frame)
    total = path[path["segment"] == TOTAL_SEGMENT].set_index("year")["size_usd_bn"]
    first, last = float(total.iloc[0]), float(total.iloc[-1])
    if query.scope == "market_by_region":
        assert region is not None
        return rates_for(frame, scenario)[region], last
    return cagr_pct(first, last, n), last


def _out_of_reach(query: GoalQuery, region: str | None, ends: tuple[float, float]) -> GoalError:
    low, high = RATE_RANGE_PCT
    thing = subject(query.scope, region)
    wanted = f"{usd_bn(query.target_usd_bn)} in {query.year}"
    mover = "growth" if query.scope == "market" else f"{region}'s growth"
    if query.target_usd_bn < ends[0]:
        return GoalError(
            "size",
            f"{wanted} is below reach: even with {mover} at {pct(low, 0)} a year (the lowest "
            f"the studio allows), {thing} is {usd_bn(ends[0])}.",
        )
    return GoalError(
        "size",
        f"{wanted} is beyond reach: even with {mover} at {pct(high, 0)} a year (the highest "
        f"the studio allows), {thing} is {usd_bn(ends[1])}.",
    )

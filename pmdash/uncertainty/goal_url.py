"""The goal-seek and sensitivity-grid panels' settings in a link, and back. Pure.

Keys (all optional; :mod:`pmdash.urlstate` reports what it ignores):

- ``goal``: the target, USD bn (a number above zero); ``goal_year``: the year to
  reach it in; ``goal_region``: a region's slug (``asia_pacific``), without it the
  market at one rate; ``goal_of``: with a region, ``region`` (the region reaches the
  target; the default) or ``market`` (the market total, only that region's growth moving).
- ``grid_rows``: ``growth`` (every region) or a region's slug; ``grid_cols``: ``year``
  or another region's slug; ``grid_span``: ± points, one of :data:`SPANS_PCT`.

A link with ``goal`` opens the goal-seek panel; one with a ``grid_*`` key, the grid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from pmdash.scenarios import Frame, resolve_segment, slug
from pmdash.schema import TOTAL_DIMENSION
from pmdash.uncertainty.goal import Scope
from pmdash.uncertainty.sensitivity import GROWTH, SPANS_PCT, YEAR, GridSpec
from pmdash.url_text import number

GOAL_KEYS: Final = ("goal", "goal_year", "goal_region", "goal_of")
GRID_KEYS: Final = ("grid_rows", "grid_cols", "grid_span")
KEYS: Final = GOAL_KEYS + GRID_KEYS

Problem = tuple[str, str, str]  # (key, value as given, why it is ignored)


@dataclass(frozen=True)
class GoalView:
    """What the goal-seek panel asks: a target (``None`` until entered), a year
    (``None``: the scenario's target year), a region and a scope."""

    target_usd_bn: float | None = None
    year: int | None = None
    region: str | None = None
    scope: Scope = "market"


@dataclass(frozen=True)
class Panels:
    """The panels a link opens (``None``: closed) and what they show."""

    goal: GoalView | None = None
    grid: GridSpec | None = None


def parse_panels(
    values: Mapping[str, str], frame: Frame, start_year: int, max_year: int
) -> tuple[Panels, list[Problem]]:
    """The panels ``values`` (lower-case keys) describe, and one problem per ignored key.

    >>> parse_panels({"goal": "1500", "goal_year": "2034"}, frame, 2024, 2040)  # doctest: +SKIP
    (Panels(goal=GoalView(target_usd_bn=1500.0, year=2034, region=None, scope='market'), grid=None), [])
    """
    problems: list[Problem] = []
    goal = _goal(values, frame, start_year, max_year, problems)
    grid = _grid(values, frame, problems)
    return Panels(goal, grid), problems


def panel_params(panels: Panels) -> dict[str, str]:
    """The query parameters that reopen ``panels`` (only those that are open)."""
    params: dict[str, str] = {}
    goal = panels.goal
    if goal is not None and goal.target_usd_bn is not None:
        params["goal"] = number(goal.target_usd_bn)
        if goal.year is not None:
            params["goal_year"] = str(goal.year)
        if goal.region is not None and goal.scope != "market":
            params["goal_region"] = slug(goal.region)
            params["goal_of"] = "region" if goal.scope == "region" else "market"
    grid = panels.grid
    if grid is not None:
        params["grid_rows"] = grid.rows if grid.rows == GROWTH else slug(grid.rows)
        params["grid_cols"] = grid.columns if grid.columns == YEAR else slug(grid.columns)
        params["grid_span"] = number(grid.span_pct)
    return params


def _region(
    values: Mapping[str, str], key: str, frame: Frame, problems: list[Problem]
) -> str | None:
    found = (
        resolve_segment(values[key], frame.parts) if frame.dimension != TOTAL_DIMENSION else None
    )
    if found is None:
        known = (
            ", ".join(slug(p) for p in frame.parts) if frame.dimension != TOTAL_DIMENSION else ""
        )
        problems.append((key, values[key], f"no such region (known: {known or 'none'})"))
    return found


def _goal(
    values: Mapping[str, str],
    frame: Frame,
    start_year: int,
    max_year: int,
    problems: list[Problem],
) -> GoalView | None:
    if not any(k in values for k in GOAL_KEYS):
        return None
    target: float | None = None
    if "goal" in values:
        try:
            target = float(values["goal"].strip())
        except ValueError:
            target = None
        if target is None or not math.isfinite(target) or target <= 0:
            problems.append(("goal", values["goal"], "a target is a size above zero, USD bn"))
            target = None
    year: int | None = None
    if "goal_year" in values:
        try:
            year = int(values["goal_year"].strip())
        except ValueError:
            year = None
        if year is None or not start_year < year <= max_year:
            problems.append(
                ("goal_year", values["goal_year"], f"a year must be {start_year + 1}–{max_year}")
            )
            year = None
    region = _region(values, "goal_region", frame, problems) if "goal_region" in values else None
    scope: Scope = "market"
    of = values.get("goal_of", "").strip().lower()
    if "goal_of" in values and (of not in ("region", "market") or region is None):
        why = "choose region or market" if region is not None else "needs goal_region too"
        problems.append(("goal_of", values["goal_of"], why))
    if region is not None:
        scope = "market_by_region" if of == "market" else "region"
    return GoalView(target, year, region, scope)


def _grid(values: Mapping[str, str], frame: Frame, problems: list[Problem]) -> GridSpec | None:
    if not any(k in values for k in GRID_KEYS):
        return None
    rows, columns, span = GROWTH, YEAR, GridSpec().span_pct
    if "grid_rows" in values and values["grid_rows"].strip().lower() != GROWTH:
        rows = _region(values, "grid_rows", frame, problems) or GROWTH
    if "grid_cols" in values and values["grid_cols"].strip().lower() != YEAR:
        found = _region(values, "grid_cols", frame, problems)
        if found is not None and found == rows:
            problems.append(("grid_cols", values["grid_cols"], "it is the rows' region too"))
        elif found is not None:
            columns = found
    if "grid_span" in values:
        try:
            wanted = float(values["grid_span"].strip())
        except ValueError:
            wanted = math.nan
        if wanted in SPANS_PCT:
            span = wanted
        else:
            shown = ", ".join(number(s) for s in SPANS_PCT)
            problems.append(("grid_span", values["grid_span"], f"choose one of {shown}"))
    return GridSpec(rows, columns, span)

"""Uncertainty and decisions around a growth scenario (issue 18), each module pure; the
studio, the brief and the CLI draw on them: the Monte Carlo fan and where its spread
comes from, goal seek, the sensitivity grid. Import from here."""

from __future__ import annotations

from pmdash.uncertainty.goal import Goal, GoalError, GoalQuery, goal_seek
from pmdash.uncertainty.sensitivity import Grid, GridError, GridSpec, sensitivity_grid
from pmdash.uncertainty.simulate import (
    PERCENTILES,
    Settings,
    Simulation,
    chance_of_passing,
    end_bands,
    percentiles,
    simulate,
)
from pmdash.uncertainty.spread import Spread, default_spread, set_spread

__all__ = [
    "PERCENTILES",
    "Goal",
    "GoalError",
    "GoalQuery",
    "Grid",
    "GridError",
    "GridSpec",
    "Settings",
    "Simulation",
    "Spread",
    "chance_of_passing",
    "default_spread",
    "end_bands",
    "goal_seek",
    "percentiles",
    "sensitivity_grid",
    "set_spread",
    "simulate",
]

"""Uncertainty and decisions around a growth scenario (issue 18), each module pure; the
studio, the brief and the CLI draw on them: the Monte Carlo fan and where its spread
comes from, goal seek, the sensitivity grid, weighted scenarios and the
TAM → SAM → SOM funnel. Import from here."""

from __future__ import annotations

from pmdash.uncertainty.funnel import (
    Funnel,
    FunnelSettings,
    ReportedShares,
    funnel_of,
    ramp,
    reported_shares,
)
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
from pmdash.uncertainty.weights import Weighted, expected, normalised, problems

__all__ = [
    "PERCENTILES",
    "Funnel",
    "FunnelSettings",
    "Goal",
    "GoalError",
    "GoalQuery",
    "Grid",
    "GridError",
    "GridSpec",
    "ReportedShares",
    "Settings",
    "Simulation",
    "Spread",
    "Weighted",
    "chance_of_passing",
    "default_spread",
    "end_bands",
    "expected",
    "funnel_of",
    "goal_seek",
    "normalised",
    "percentiles",
    "problems",
    "ramp",
    "reported_shares",
    "sensitivity_grid",
    "set_spread",
    "simulate",
]

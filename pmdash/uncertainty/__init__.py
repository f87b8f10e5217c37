"""Uncertainty and decisions around a growth scenario (issue 18): goal seek, the
sensitivity grid, weighted scenarios and the TAM → SAM → SOM funnel. Import from here."""

from __future__ import annotations

from pmdash.uncertainty.funnel import Funnel as Funnel
from pmdash.uncertainty.funnel import FunnelSettings as FunnelSettings
from pmdash.uncertainty.funnel import ReportedShares as ReportedShares
from pmdash.uncertainty.funnel import funnel_of as funnel_of
from pmdash.uncertainty.funnel import ramp as ramp
from pmdash.uncertainty.funnel import reported_shares as reported_shares
from pmdash.uncertainty.goal import Goal as Goal
from pmdash.uncertainty.goal import GoalError as GoalError
from pmdash.uncertainty.goal import GoalQuery as GoalQuery
from pmdash.uncertainty.goal import goal_seek as goal_seek
from pmdash.uncertainty.sensitivity import Grid as Grid
from pmdash.uncertainty.sensitivity import GridError as GridError
from pmdash.uncertainty.sensitivity import GridSpec as GridSpec
from pmdash.uncertainty.sensitivity import sensitivity_grid as sensitivity_grid
from pmdash.uncertainty.weights import Weighted as Weighted
from pmdash.uncertainty.weights import expected as expected
from pmdash.uncertainty.weights import normalised as normalised
from pmdash.uncertainty.weights import problems as problems

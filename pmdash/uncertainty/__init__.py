"""Uncertainty and decisions around a growth scenario (issue 18): goal seek, the
sensitivity grid. Import from here."""

from __future__ import annotations

from pmdash.uncertainty.goal import Goal as Goal
from pmdash.uncertainty.goal import GoalError as GoalError
from pmdash.uncertainty.goal import GoalQuery as GoalQuery
from pmdash.uncertainty.goal import goal_seek as goal_seek
from pmdash.uncertainty.sensitivity import Grid as Grid
from pmdash.uncertainty.sensitivity import GridError as GridError
from pmdash.uncertainty.sensitivity import GridSpec as GridSpec
from pmdash.uncertainty.sensitivity import sensitivity_grid as sensitivity_grid

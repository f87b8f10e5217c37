"""Uncertainty and decisions around a growth scenario (each module pure; the studio,
the brief and the CLI draw them): the Monte Carlo fan and where its spread comes from."""

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
    "Settings",
    "Simulation",
    "Spread",
    "chance_of_passing",
    "default_spread",
    "end_bands",
    "percentiles",
    "set_spread",
    "simulate",
]

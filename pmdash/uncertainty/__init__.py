"""Uncertainty and decisions around a growth scenario: weighted scenarios and the
TAM → SAM → SOM funnel (each module pure; the studio and the brief draw them)."""

from pmdash.uncertainty.funnel import (
    Funnel,
    FunnelSettings,
    ReportedShares,
    funnel_of,
    ramp,
    reported_shares,
)
from pmdash.uncertainty.weights import Weighted, expected, normalised, problems

__all__ = [
    "Funnel",
    "FunnelSettings",
    "ReportedShares",
    "Weighted",
    "expected",
    "funnel_of",
    "normalised",
    "problems",
    "ramp",
    "reported_shares",
]

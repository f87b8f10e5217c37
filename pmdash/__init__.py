"""pmdash: turn a market-sizing report into a live, audited dashboard.

The public surface, layer by layer: read and check files (``read_bundle``,
``check_figures``), store them (``DataStore``), compute (``expand``, ``cagr_pct``,
``project``), audit (``pmdash.audit.audit``). Names load on first use, so importing one layer
(as every page does) does not import the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmdash.audit import Finding
    from pmdash.io import bundle_from_bytes, read_bundle
    from pmdash.metrics import cagr_pct, expand
    from pmdash.model import Market, MarketMeta
    from pmdash.problems import InvalidInput, Problem
    from pmdash.scenarios import Scenario, frame_of, preset, project, sensitivity
    from pmdash.store import DataStore
    from pmdash.validate import check_figures

_WHERE = {
    "DataStore": "pmdash.store",
    "Finding": "pmdash.audit",
    "InvalidInput": "pmdash.problems",
    "Market": "pmdash.model",
    "MarketMeta": "pmdash.model",
    "Problem": "pmdash.problems",
    "Scenario": "pmdash.scenarios",
    "bundle_from_bytes": "pmdash.io",
    "cagr_pct": "pmdash.metrics",
    "check_figures": "pmdash.validate",
    "expand": "pmdash.metrics",
    "frame_of": "pmdash.scenarios",
    "preset": "pmdash.scenarios",
    "project": "pmdash.scenarios",
    "read_bundle": "pmdash.io",
    "sensitivity": "pmdash.scenarios",
}
__all__ = [
    "DataStore",
    "Finding",
    "InvalidInput",
    "Market",
    "MarketMeta",
    "Problem",
    "Scenario",
    "bundle_from_bytes",
    "cagr_pct",
    "check_figures",
    "expand",
    "frame_of",
    "preset",
    "project",
    "read_bundle",
    "sensitivity",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'pmdash' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]

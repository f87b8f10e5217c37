"""pmdash: turn a market-sizing report into a live, audited dashboard.

The public surface, layer by layer: read and check files (``read_bundle``,
``check_figures``), store them (``DataStore``), compute (``expand``, ``cagr_pct``,
``project``), audit (``audit``).
"""

from pmdash.audit import Finding, audit
from pmdash.io import bundle_from_bytes, read_bundle
from pmdash.metrics import cagr_pct, expand, segment_table
from pmdash.model import Market, MarketMeta
from pmdash.problems import InvalidInput, Problem
from pmdash.scenarios import Scenario, frame_of, preset, project, sensitivity
from pmdash.schema import check_figures
from pmdash.store import DataStore

__all__ = [
    "DataStore",
    "Finding",
    "InvalidInput",
    "Market",
    "MarketMeta",
    "Problem",
    "Scenario",
    "audit",
    "bundle_from_bytes",
    "cagr_pct",
    "check_figures",
    "expand",
    "frame_of",
    "preset",
    "project",
    "read_bundle",
    "segment_table",
    "sensitivity",
]
__version__ = "0.1.0"

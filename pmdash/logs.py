"""Structured logs: one JSON line per event (import, save, error) on the 'pmdash' logger."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

LOGGER = logging.getLogger("pmdash")


def configure() -> None:
    """Send pmdash events to stderr at PMDASH_LOG_LEVEL (default INFO), once."""
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(os.environ.get("PMDASH_LOG_LEVEL", "INFO").upper())
    LOGGER.propagate = False


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event as a JSON object: {"ts", "event", ...fields}."""
    record = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "event": name, **fields}
    LOGGER.log(level, json.dumps(record, default=str, sort_keys=False))

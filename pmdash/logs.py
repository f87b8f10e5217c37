"""Structured logs: one JSON line per event (import, save, error) on the 'pmdash' logger."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from pmdash import config

LOGGER = logging.getLogger("pmdash")


def configure() -> None:
    """Send pmdash events to stderr at the settings' log level (default INFO), once."""
    if LOGGER.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    LOGGER.addHandler(handler)
    try:
        level = config.current().log_level
    except config.ConfigError:  # the server refuses to start on these; a page logs at INFO
        level = "INFO"
    LOGGER.setLevel(level)
    LOGGER.propagate = False


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event as a JSON object: {"ts", "event", ...fields}."""
    record = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "event": name, **fields}
    LOGGER.log(level, json.dumps(record, default=str, sort_keys=False))

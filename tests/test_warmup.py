"""serve.py's start-up warm-up: imports the page modules, reads the manifest, never raises."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from pmdash import warmup
from pmdash.store import DataStore


def test_warm_imports_the_pages_and_reads_the_manifest(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    del data_dir  # PMDASH_DATA_DIR points at a copy of the shipped data
    with caplog.at_level(logging.INFO):
        seconds = warmup.warm()
    assert seconds > 0
    assert all(name in sys.modules for name in warmup.MODULES)
    assert any('"event": "warmup"' in r.getMessage() for r in caplog.records)


def test_a_failing_warm_up_is_logged_not_raised(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    del data_dir

    def broken(self: DataStore) -> list[object]:
        raise OSError("disk gone")

    monkeypatch.setattr(DataStore, "markets", broken)
    with caplog.at_level(logging.INFO):
        warmup.warm_in_background().join(timeout=60)
    assert any("warmup_failed" in r.getMessage() and "disk gone" in r.getMessage()
               for r in caplog.records)  # fmt: skip

"""The server's start-up warm-up: imports the page modules, reads the manifest, never raises."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from pmdash import logs, warmup
from pmdash.charts import static
from pmdash.store import DataStore


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """The log events the code under test emits (whatever the logging set-up)."""
    seen: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(logs, "event", lambda name, level=0, **fields: seen.append((name, fields)))
    return seen


@pytest.fixture(autouse=True)
def renderer_starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each start of the PNG renderer (none is really started), on a machine with Chromium."""
    started: list[str] = []
    monkeypatch.setattr(static, "unavailable_reason", lambda: None)
    monkeypatch.setattr(static, "warm_up", lambda: started.append("started"))
    return started


def test_warm_imports_the_pages_and_reads_the_manifest(
    data_dir: Path, events: list[tuple[str, dict[str, Any]]]
) -> None:
    del data_dir  # PMDASH_DATA_DIR points at a copy of the shipped data
    seconds = warmup.warm()
    assert seconds > 0
    assert all(name in sys.modules for name in warmup.MODULES)
    assert [name for name, _ in events] == ["warmup"]


def test_a_failing_warm_up_is_logged_not_raised(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, events: list[tuple[str, dict[str, Any]]]
) -> None:
    del data_dir

    def broken(self: DataStore) -> list[object]:
        raise OSError("disk gone")

    monkeypatch.setattr(DataStore, "markets", broken)
    warmup.warm_in_background().join(timeout=60)
    assert events[0] == ("warmup_failed", {"error": "OSError: disk gone"})
    assert events[1][0] == "warmup"


def test_the_warm_up_starts_the_png_renderer(
    data_dir: Path, renderer_starts: list[str], events: list[tuple[str, dict[str, Any]]]
) -> None:
    del data_dir
    warmup.warm_in_background().join(timeout=60)
    assert renderer_starts == ["started"]


def test_without_chromium_the_warm_up_says_so_and_starts_no_renderer(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    renderer_starts: list[str],
    events: list[tuple[str, dict[str, Any]]],
) -> None:
    del data_dir
    monkeypatch.setattr(static, "unavailable_reason", lambda: static.NO_CHROMIUM)
    warmup.warm()
    assert renderer_starts == []
    assert events[0] == ("png_export_unavailable", {"reason": static.NO_CHROMIUM})
    assert events[1][0] == "warmup"


def test_a_renderer_that_fails_to_start_is_logged_not_raised(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, events: list[tuple[str, dict[str, Any]]]
) -> None:
    del data_dir

    def broken() -> None:
        raise RuntimeError("no display")

    monkeypatch.setattr(static, "warm_up", broken)
    assert warmup.warm() > 0
    assert events[0] == ("warmup_failed", {"error": "RuntimeError: no display"})

"""Saved scenarios: SQLite always, PostgreSQL when PMDASH_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from pmdash.scenario_store import (
    DATABASE_URL_ENV,
    SCHEMA_VERSION,
    Draft,
    Rejected,
    SavedScenario,
    ScenarioStore,
    database_url,
    name_problem,
)

# One PostgreSQL database serves every test: with `pytest -n`, these run on one worker.
pytestmark = pytest.mark.xdist_group("postgres")

POSTGRES_URL = os.environ.get("PMDASH_TEST_POSTGRES_URL", "")
PROCESSES = 4
SAVES_EACH = 20


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="PMDASH_TEST_POSTGRES_URL is not set"),
            ],
        ),
    ]
)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'scenarios.db'}" if request.param == "sqlite" else POSTGRES_URL


@pytest.fixture
def market() -> str:
    """A market id of its own, so tests sharing a PostgreSQL database do not meet."""
    return f"test-{uuid.uuid4().hex[:12]}"


def test_a_saved_scenario_is_listed_and_read_back(url: str, market: str) -> None:
    store = ScenarioStore(url)
    saved = store.save(
        market, Draft("APAC push", {"cagr_asia_pacific": "9.5"}, "Ann", "Board deck")
    )
    assert isinstance(saved, SavedScenario)
    assert [s.name for s in store.list(market)] == ["APAC push"]
    again = store.get(market, "APAC push")
    assert again is not None
    assert (again.params, again.author, again.note, again.version) == (
        {"cagr_asia_pacific": "9.5"},
        "Ann",
        "Board deck",
        1,
    )
    assert again.created_at.tzinfo is not None


def test_a_taken_name_is_rejected_unless_overwritten(url: str, market: str) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("Base", {"cagr": "5"}))
    rejected = store.save(market, Draft(" Base ", {"cagr": "6"}))
    assert isinstance(rejected, Rejected) and rejected.duplicate
    assert "already exists" in rejected.message
    replaced = store.save(market, Draft("Base", {"cagr": "6"}), overwrite=True)
    assert isinstance(replaced, SavedScenario)
    assert (replaced.params, replaced.version) == ({"cagr": "6"}, 2)
    assert len(store.list(market)) == 1


def test_the_same_name_in_another_market_is_a_different_scenario(url: str, market: str) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("Base", {}))
    assert isinstance(store.save(market + "-other", Draft("Base", {})), SavedScenario)


def test_delete_removes_only_the_named_scenario(url: str, market: str) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("One", {}))
    store.save(market, Draft("Two", {}))
    assert store.delete(market, "One") is True
    assert store.delete(market, "One") is False
    assert [s.name for s in store.list(market)] == ["Two"]


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "Give the scenario a name"),
        ("   ", "Give the scenario a name"),
        ("x" * 81, "80 characters"),
        ("line\nbreak", "control characters"),
        ("tab\there", "control characters"),
        ("nul\x00", "control characters"),
    ],
)
def test_bad_names_are_explained(name: str, fragment: str) -> None:
    problem = name_problem(name)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("name", ["APAC push", "x" * 80, "Scénario — 2030 (v2)", "<b>&amp;</b>"])
def test_good_names_pass(name: str) -> None:
    assert name_problem(name) is None


def test_a_bad_name_is_not_saved(url: str, market: str) -> None:
    store = ScenarioStore(url)
    assert isinstance(store.save(market, Draft("", {})), Rejected)
    assert isinstance(store.save(market, Draft("ok", {}, note="n" * 2001)), Rejected)
    assert store.list(market) == []


def test_the_schema_is_created_once_and_versioned(url: str) -> None:
    ScenarioStore(url)
    store = ScenarioStore(url)
    assert store.schema_version() == SCHEMA_VERSION
    with store.engine.connect() as connection:
        versions = connection.execute(sa.text("SELECT version FROM schema_version")).scalars().all()
    assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))


def test_without_a_database_url_the_file_lives_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("PMDASH_DATA_DIR", str(tmp_path))
    assert database_url() == f"sqlite:///{(tmp_path / 'scenarios.db').resolve()}"
    ScenarioStore().save("m", Draft("x", {}))
    assert (tmp_path / "scenarios.db").exists()


def _save_many(url: str, market: str, worker: int) -> None:
    store = ScenarioStore(url)
    for i in range(SAVES_EACH):
        assert isinstance(
            store.save(market, Draft(f"w{worker}-{i}", {"cagr": str(i)})), SavedScenario
        )
        shared = store.save(market, Draft("shared", {"by": str(worker)}), overwrite=True)
        assert isinstance(shared, SavedScenario)


def test_saves_from_several_processes_are_all_stored(url: str, market: str) -> None:
    ScenarioStore(url)  # the schema exists before the race on rows begins
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(url, market, w)) for w in range(PROCESSES)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0] * PROCESSES
    saved = {s.name: s for s in ScenarioStore(url).list(market)}
    expected = {f"w{w}-{i}" for w in range(PROCESSES) for i in range(SAVES_EACH)} | {"shared"}
    assert set(saved) == expected
    assert saved["shared"].version == PROCESSES * SAVES_EACH
    assert all(
        saved[f"w{w}-{i}"].params == {"cagr": str(i)}
        for w in range(PROCESSES)
        for i in range(SAVES_EACH)
    )


def test_first_use_from_several_processes_creates_the_schema_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(url, "m", w)) for w in range(3)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=120)
    assert [p.exitcode for p in workers] == [0, 0, 0]
    assert ScenarioStore(url).schema_version() == SCHEMA_VERSION
    assert len(ScenarioStore(url).list("m")) == 3 * SAVES_EACH + 1


def test_a_name_typed_in_nfc_or_nfd_is_the_same_scenario(url: str, market: str) -> None:
    store = ScenarioStore(url)
    assert isinstance(store.save(market, Draft("Caf\u00e9", {"cagr": "8"})), SavedScenario)
    again = store.save(market, Draft("Cafe\u0301", {"cagr": "9"}))
    assert isinstance(again, Rejected) and again.duplicate
    found = store.get(market, "Cafe\u0301")
    assert found is not None and found.name == "Caf\u00e9"
    assert [s.name for s in store.list(market)] == ["Caf\u00e9"]
    assert store.delete(market, "Cafe\u0301") is True


@pytest.mark.parametrize("name", ["Q3 \u202eplan", "a\u200bb", "left\u2066isolate"])
def test_direction_and_invisible_characters_are_refused_by_code_point(name: str) -> None:
    problem = name_problem(name)
    assert problem is not None and "U+" in problem


def test_a_corrupt_database_degrades_instead_of_raising(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.db"
    path.write_bytes(b"this is not a database" * 100)
    store = ScenarioStore(f"sqlite:///{path}")
    assert store.list("m") == []
    assert store.get("m", "x") is None
    saved = store.save("m", Draft("x", {}))
    assert isinstance(saved, Rejected)
    assert "cannot be used (file is not a database)" in saved.message
    assert store.problem is not None


def test_a_save_behind_a_lock_gives_up_within_seconds_and_says_why(tmp_path: Path) -> None:
    import sqlite3
    import time

    url = f"sqlite:///{tmp_path / 'scenarios.db'}"
    store = ScenarioStore(url)
    assert isinstance(store.save("m", Draft("kept", {})), SavedScenario)
    holder = sqlite3.connect(tmp_path / "scenarios.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        saved = store.save("m", Draft("blocked", {}))
        waited = time.monotonic() - started
        assert [s.name for s in store.list("m")] == ["kept"]  # reading still works
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(saved, Rejected) and "busy" in saved.message
    assert waited < 6

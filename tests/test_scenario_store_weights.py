"""Saved scenarios' probabilities and funnel settings, and the migration that added them:
SQLite always, PostgreSQL when PMDASH_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from pmdash.scenario_store import SCHEMA_VERSION, Draft, Rejected, SavedScenario, ScenarioStore

# One PostgreSQL database serves every test: with `pytest -n`, these run on one worker.
pytestmark = pytest.mark.xdist_group("postgres")

POSTGRES_URL = os.environ.get("PMDASH_TEST_POSTGRES_URL", "")
POSTGRES = pytest.param(
    "postgresql",
    marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not POSTGRES_URL, reason="PMDASH_TEST_POSTGRES_URL is not set"),
    ],
)


@pytest.fixture(params=["sqlite", POSTGRES])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'scenarios.db'}" if request.param == "sqlite" else POSTGRES_URL


@pytest.fixture(params=["sqlite", POSTGRES])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own with nothing in it (PostgreSQL: a new database, dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    name = f"pmdash_migrate_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield sa.engine.make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        sa.create_engine(
            sa.engine.make_url(POSTGRES_URL).set(database=name), poolclass=sa.pool.NullPool
        ).dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def market() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def _version_1_database(url: str) -> None:
    """A database exactly as pmdash made it before probabilities: schema version 1, two saves."""
    engine = sa.create_engine(url)
    now = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)"
            )
        )
        connection.execute(
            sa.text(
                "CREATE TABLE scenarios (id INTEGER PRIMARY KEY, market VARCHAR(200) NOT NULL, "
                "name VARCHAR(80) NOT NULL, author VARCHAR(80) NOT NULL, note TEXT NOT NULL, "
                "params JSON NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                "updated_at TIMESTAMP WITH TIME ZONE NOT NULL, version INTEGER NOT NULL, "
                "CONSTRAINT uq_scenarios_market_name UNIQUE (market, name))"
            )
        )
        connection.execute(sa.text("INSERT INTO schema_version VALUES (1, :now)"), {"now": now})
        for key, (name, params, version) in enumerate(
            [("Base", '{"cagr": "6"}', 1), ("APAC push", '{"cagr_asia_pacific": "12"}', 3)],
            start=1,
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO scenarios VALUES (:id, 'pm', :name, 'Ann', 'board deck', "
                    ":params, :now, :now, :version)"
                ),
                {"id": key, "name": name, "params": params, "now": now, "version": version},
            )
    engine.dispose()


def test_a_version_1_database_migrates_without_losing_a_save(empty_url: str) -> None:
    _version_1_database(empty_url)
    store = ScenarioStore(empty_url)
    assert store.schema_version() == SCHEMA_VERSION == 2
    saved = {s.name: s for s in store.list("pm")}
    assert sorted(saved) == ["APAC push", "Base"]
    apac = saved["APAC push"]
    assert (apac.params, apac.author, apac.note, apac.version) == (
        {"cagr_asia_pacific": "12"},
        "Ann",
        "board deck",
        3,
    )
    assert apac.created_at == datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    assert (apac.probability_pct, apac.funnel) == (None, None)
    weighed = store.set_probabilities("pm", {"Base": 40.0, "APAC push": 60.0})
    assert isinstance(weighed, list)
    assert {s.name: s.probability_pct for s in weighed} == {"Base": 40.0, "APAC push": 60.0}


def test_a_new_database_reaches_the_same_columns_by_the_same_steps(empty_url: str) -> None:
    store = ScenarioStore(empty_url)
    with store.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("scenarios")}
        versions = connection.execute(sa.text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == [1, 2]
    assert {"probability_pct", "funnel", "params", "version"} <= columns


def test_probabilities_are_saved_and_cleared(url: str, market: str) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("Low", {"cagr": "4"}))
    store.save(market, Draft("High", {"cagr": "12"}))
    store.set_probabilities(market, {"Low": 25.0, "High": 75.0})
    assert {s.name: s.probability_pct for s in store.list(market)} == {"Low": 25.0, "High": 75.0}
    store.set_probabilities(market, {"Low": None})
    assert {s.name: s.probability_pct for s in store.list(market)} == {"Low": None, "High": 75.0}


def test_an_overwrite_keeps_the_probability_and_a_setting_leaves_the_version(
    url: str, market: str
) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("Base", {"cagr": "5"}))
    store.set_probabilities(market, {"Base": 100.0})
    replaced = store.save(market, Draft("Base", {"cagr": "6"}), overwrite=True)
    assert isinstance(replaced, SavedScenario)
    assert (replaced.probability_pct, replaced.version) == (100.0, 2)


def test_a_probability_outside_0_to_100_or_an_unknown_name_changes_nothing(
    url: str, market: str
) -> None:
    store = ScenarioStore(url)
    store.save(market, Draft("Base", {"cagr": "5"}))
    bad = store.set_probabilities(market, {"Base": 140.0})
    assert isinstance(bad, Rejected) and "0–100 %" in bad.message
    missing = store.set_probabilities(market, {"Base": 50.0, "Gone": 50.0})
    assert isinstance(missing, Rejected) and "'Gone'" in missing.message
    assert [s.probability_pct for s in store.list(market)] == [None]  # rolled back


def test_funnel_settings_are_saved_with_the_scenario(url: str, market: str) -> None:
    store = ScenarioStore(url)
    funnel = {"sam_europe": "50", "keep_end_user": "hospitals", "som_end": "8"}
    store.save(market, Draft("Ours", {"cagr": "9"}, funnel=funnel))
    store.save(market, Draft("Plain", {"cagr": "9"}))
    saved = {s.name: s.funnel for s in store.list(market)}
    assert saved == {"Ours": funnel, "Plain": None}

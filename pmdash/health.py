"""Is this replica fit to serve? The data manifest is readable and the database answers.

The load balancer asks ``GET /health`` (served by ``serve.py``); 200 means yes,
503 means take this replica out of rotation. The body says which check failed,
and which process answered, so an operator can tell replicas apart:

    {"ok": true, "replica": "web-1:4242",
     "data": {"ok": true, "location": "s3://team/pmdash", "markets": ["personalized-medicine"]},
     "database": {"ok": true, "dialect": "postgresql", "scenarios": 3}}

No Streamlit here; no secrets in the body (the database URL is not shown).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from pmdash.scenario_store import database_url
from pmdash.store import DataStore

_ENGINES: dict[str, sa.engine.Engine] = {}


@dataclass(frozen=True)
class Health:
    """The outcome of every check; ``ok`` only when all of them passed."""

    data: dict[str, Any] = field(default_factory=dict)
    database: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.data.get("ok")) and bool(self.database.get("ok"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "replica": f"{socket.gethostname()}:{os.getpid()}",
            "data": self.data,
            "database": self.database,
        }


def check(store: DataStore | None = None, url: str | None = None) -> Health:
    """Run both checks (each catches its own failure and reports it)."""
    store = store if store is not None else DataStore()
    return Health(data=_check_data(store), database=_check_database(url or database_url()))


def _check_data(store: DataStore) -> dict[str, Any]:
    try:
        markets = [info.id for info in store.markets()]
    except Exception as error:  # a health check reports every failure, never raises
        return {"ok": False, "location": store.location, "error": _describe(error)}
    return {"ok": True, "location": store.location, "markets": markets}


def _check_database(url: str) -> dict[str, Any]:
    try:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = sa.create_engine(url, pool_pre_ping=True, pool_size=1)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
            tables = sa.inspect(connection).get_table_names()
            scenarios = (
                int(connection.execute(sa.text("SELECT count(*) FROM scenarios")).scalar_one())
                if "scenarios" in tables
                else 0
            )
    except Exception as error:  # a health check reports every failure, never raises
        return {"ok": False, "error": _describe(error)}
    return {"ok": True, "dialect": engine.dialect.name, "scenarios": scenarios}


def _describe(error: BaseException) -> str:
    # The first line only: driver messages can run long, and may repeat the URL.
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}"[:300]

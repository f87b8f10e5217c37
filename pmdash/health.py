"""Is this replica fit to serve? The data manifest is readable and the database answers.

The load balancer asks ``GET /health`` (see :mod:`pmdash.server`). Anyone may ask,
so the public answer is only a word:

    {"status": "ok"}          200  data and scenario database both answer
    {"status": "degraded"}    200  the data answer, the scenario database does not:
                                   every dashboard works, saving scenarios does not
    {"status": "unavailable"} 503  the data manifest cannot be read: take this
                                   replica out of rotation

The details (which replica, where the data are, the markets, which check failed)
only go to a request that carries the ``PMDASH_HEALTH_TOKEN`` secret in the
``X-Pmdash-Health-Token`` header:

    {"status": "ok", "ok": true, "replica": "web-1:4242",
     "data": {"ok": true, "location": "s3://team/pmdash", "markets": ["personalized-medicine"]},
     "database": {"ok": true, "dialect": "postgresql", "scenarios": 3}}

No Streamlit here; no secrets in the body (the database URL is not shown).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import sqlalchemy as sa

from pmdash.scenario_store import BUSY_TIMEOUT_S, database_url
from pmdash.store import DataStore

Status = Literal["ok", "degraded", "unavailable"]
_ENGINES: dict[str, sa.engine.Engine] = {}
_SQLITE_TIMEOUT: Final = {"timeout": BUSY_TIMEOUT_S}
_POSTGRES_TIMEOUT: Final = {
    "connect_timeout": BUSY_TIMEOUT_S,
    "options": f"-c statement_timeout={BUSY_TIMEOUT_S}s",
}


@dataclass(frozen=True)
class Health:
    """The outcome of every check; ``ok`` only when all of them passed."""

    data: dict[str, Any] = field(default_factory=dict)
    database: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.data.get("ok")) and bool(self.database.get("ok"))

    @property
    def status(self) -> Status:
        """``unavailable`` without data, ``degraded`` without the scenario database."""
        if not self.data.get("ok"):
            return "unavailable"
        return "ok" if self.database.get("ok") else "degraded"

    @property
    def status_code(self) -> int:
        """503 only when the pages cannot show data; a broken scenario database is 200."""
        return 503 if self.status == "unavailable" else 200

    def public(self) -> dict[str, Any]:
        """What anyone may see: the status word only."""
        return {"status": self.status}

    def to_dict(self) -> dict[str, Any]:
        """Everything, for an operator holding the health token."""
        return {
            "status": self.status,
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
            engine = _ENGINES[url] = _engine(url)
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


def _engine(url: str) -> sa.engine.Engine:
    # A check answers within a few seconds: a locked or unreachable database is a
    # failed check, not a hung load-balancer probe.
    if url.startswith("sqlite"):
        return sa.create_engine(url, connect_args=_SQLITE_TIMEOUT)
    connect_args = _POSTGRES_TIMEOUT if url.startswith("postgresql") else {}
    return sa.create_engine(url, pool_pre_ping=True, pool_size=1, connect_args=connect_args)


def _describe(error: BaseException) -> str:
    # The first line only: driver messages can run long, and may repeat the URL.
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}"[:300]

"""The scenario database's connection: where it is, how long it waits, what its errors mean.

SQLite writers take the database lock up front (``BEGIN IMMEDIATE``) and wait for
each other up to :data:`BUSY_TIMEOUT_S`; PostgreSQL gives up on a lock after the
same time and on any statement after :data:`STATEMENT_TIMEOUT_S`. A failure is
turned into words for the person saving by :func:`unavailable_message`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from pmdash import config
from pmdash.config import Settings

DATABASE_URL_ENV: Final = "PMDASH_DATABASE_URL"
SQLITE_FILE: Final = config.SQLITE_FILE
BUSY_TIMEOUT_S: Final = 3
"""How long a save waits for a lock held by another connection before it gives up."""
STATEMENT_TIMEOUT_S: Final = 10


def database_url(data_dir: Path | None = None, settings: Settings | None = None) -> str:
    """The settings' ``database_url`` (environment or TOML file), else SQLite in the data folder."""
    settings = settings if settings is not None else config.current()
    if settings.database_url or data_dir is None:
        return settings.scenario_database_url
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def unavailable_message(error: BaseException, what: str) -> str:
    """Why the scenario database failed, in words for the person saving or listing.

    >>> from sqlalchemy.exc import OperationalError
    >>> unavailable_message(OperationalError("", {}, Exception("database is locked")), "x")
    'The scenario database is busy (another program holds a lock on it), so x. Try again in a moment.'
    """
    if is_busy(error):
        return (
            f"The scenario database is busy (another program holds a lock on it), so {what}. "
            "Try again in a moment."
        )
    return (
        f"The scenario database cannot be used ({first_line(error)}), so {what}. "
        "The dashboards work as before; ask whoever runs pmdash to repair or restore it."
    )


WRITE: Final = "pmdash_write"
_BUSY_SIGNS: Final = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "could not obtain lock",
    "canceling statement due to statement timeout",
)


def is_busy(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return any(sign in text for sign in _BUSY_SIGNS)


def first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return (text.splitlines()[0] if text else type(original).__name__)[:200]


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, **_server_timeouts(url))
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock at the start, so two writers queue instead of
        # deadlocking; a reader does not, so a held lock never stops the listing.
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_timeouts(url: str) -> dict[str, Any]:
    """PostgreSQL: give up on a lock after BUSY_TIMEOUT_S, on any statement after
    STATEMENT_TIMEOUT_S, on connecting after BUSY_TIMEOUT_S (libpq options)."""
    if not url.startswith("postgresql"):
        return {}
    options = f"-c lock_timeout={BUSY_TIMEOUT_S}s -c statement_timeout={STATEMENT_TIMEOUT_S}s"
    return {"connect_args": {"connect_timeout": BUSY_TIMEOUT_S, "options": options}}

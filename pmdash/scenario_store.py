"""Saved scenarios in a SQL database: SQLite by default, PostgreSQL by URL.

The database is the settings' ``database_url`` (``PMDASH_DATABASE_URL`` or the
TOML file's ``database_url``, see :mod:`pmdash.config`) when set (e.g.
``postgresql+psycopg2://user@host:5432/pmdash``), else a SQLite file
``scenarios.db`` in the data directory. The schema is created on first use and
migrated forward by :data:`MIGRATIONS`; the ``schema_version`` table records
what has been applied.

Every save is one transaction. On SQLite, writers take the database lock up front
(``BEGIN IMMEDIATE``) and wait for each other; on PostgreSQL the unique
``(market, name)`` constraint settles a race between two first saves of a name.
Either way two app processes sharing one database never lose or corrupt a save.

Names are compared as typed by a person: in Unicode NFC, without outer spaces
(``"Café"`` typed with a combining accent is the same scenario as with ``é``);
control, invisible and text-direction characters are refused with a message.

Problems a person can fix (a bad name, a taken name) come back as
:class:`Rejected` values with a message, not as exceptions. So does a database
that cannot be used: a save behind a lock gives up after :data:`BUSY_TIMEOUT_S`
seconds, and a corrupt or unreachable database makes the store read as empty and
refuse saves, saying why in :attr:`ScenarioStore.problem`, so the dashboards
around it keep working.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from pmdash import config, logs
from pmdash.config import Settings

DATABASE_URL_ENV: Final = "PMDASH_DATABASE_URL"
SQLITE_FILE: Final = config.SQLITE_FILE
NAME_MAX_CHARS: Final = 80
AUTHOR_MAX_CHARS: Final = 80
NOTE_MAX_CHARS: Final = 2000
_RETRIES: Final = 5
BUSY_TIMEOUT_S: Final = 3
"""How long a save waits for a lock held by another connection before it gives up."""
STATEMENT_TIMEOUT_S: Final = 10

metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)
scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("market", sa.String(200), nullable=False),
    sa.Column("name", sa.String(NAME_MAX_CHARS), nullable=False),
    sa.Column("author", sa.String(AUTHOR_MAX_CHARS), nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.UniqueConstraint("market", "name", name="uq_scenarios_market_name"),
)


def _create_v1(connection: Connection) -> None:
    scenarios.create(connection, checkfirst=True)


# Each entry brings the schema from the previous version to its own; append, never edit.
MIGRATIONS: Final[dict[int, Callable[[Connection], None]]] = {1: _create_v1}
SCHEMA_VERSION: Final = max(MIGRATIONS)


@dataclass(frozen=True)
class SavedScenario:
    """A saved scenario: its query parameters (see :mod:`pmdash.urlstate`) and who saved it."""

    id: int
    market: str
    name: str
    author: str
    note: str
    params: dict[str, str]
    created_at: datetime
    updated_at: datetime
    version: int = 1


@dataclass(frozen=True)
class Rejected:
    """A save that did not happen, and why, in words for the person saving."""

    message: str
    duplicate: bool = False


@dataclass(frozen=True)
class Draft:
    """What a person typed to save a scenario, before it is checked."""

    name: str
    params: Mapping[str, str]
    author: str = ""
    note: str = ""


def database_url(data_dir: Path | None = None, settings: Settings | None = None) -> str:
    """The settings' ``database_url`` (environment or TOML file), else SQLite in the data folder."""
    settings = settings if settings is not None else config.current()
    if settings.database_url or data_dir is None:
        return settings.scenario_database_url
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def normalise_name(name: str) -> str:
    """A scenario name as stored and looked up: Unicode NFC, outer spaces removed.

    >>> normalise_name(" Cafe\u0301 ") == "Caf\u00e9"
    True
    """
    return unicodedata.normalize("NFC", name).strip()


def name_problem(name: str) -> str | None:
    """Why a scenario name cannot be used, or ``None`` when it can.

    >>> name_problem("APAC push") is None
    True
    >>> name_problem("")
    'Give the scenario a name.'
    >>> name_problem("Q3 \u202eplan")
    'Use a name without control characters, line breaks or invisible formatting (it has U+202E RIGHT-TO-LEFT OVERRIDE).'
    """
    cleaned = normalise_name(name)
    if not cleaned:
        return "Give the scenario a name."
    if len(cleaned) > NAME_MAX_CHARS:
        return f"Keep the name to {NAME_MAX_CHARS} characters (it has {len(cleaned)})."
    hidden = next((c for c in cleaned if unicodedata.category(c) in _HIDDEN), None)
    if hidden is not None:
        label = " ".join(filter(None, (f"U+{ord(hidden):04X}", unicodedata.name(hidden, ""))))
        return (
            "Use a name without control characters, line breaks or invisible formatting "
            f"(it has {label})."
        )
    return None


# Controls, format characters (bidi overrides and isolates, zero-width), line and
# paragraph separators: each can hide or reorder what a name looks like.
_HIDDEN: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _text_problem(label: str, text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"Keep the {label} to {limit} characters (it has {len(text)})."
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        return f"Use a {label} without control characters."
    return None


class ScenarioStore:
    """Saved scenarios of every market in one database.

    Never raises for a database it cannot use: reads come back empty, writes as
    :class:`Rejected`, and :attr:`problem` says why (``None`` once an operation works
    again), so a page can show it beside dashboards that do not need the database.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = _engine(self.url)
        self.problem: str | None = None
        self._schema_ready = False
        self._prepare()

    def save(self, market: str, draft: Draft, overwrite: bool = False) -> SavedScenario | Rejected:
        """Save a scenario under a name; a taken name needs ``overwrite=True``."""
        name = normalise_name(draft.name)
        problem = (
            name_problem(draft.name)
            or _text_problem("author name", draft.author.strip(), AUTHOR_MAX_CHARS)
            or _text_problem("note", draft.note.strip(), NOTE_MAX_CHARS)
        )
        if problem:
            return Rejected(problem)
        unavailable = self._prepare()
        if unavailable:
            return Rejected(unavailable)
        params = {str(k): str(v) for k, v in draft.params.items()}
        for _ in range(_RETRIES):
            try:
                saved = self._save(market, name, draft, params, overwrite)
            except IntegrityError:
                # Another process saved the same name first; look again.
                continue
            except sa.exc.DBAPIError as error:
                return Rejected(self._failed(error, f"'{name}' was not saved"))
            self.problem = None
            if isinstance(saved, SavedScenario):
                logs.event(
                    "scenario_save",
                    market=market,
                    scenario=name,
                    author=saved.author,
                    version=saved.version,
                )
            return saved
        return Rejected(f"Could not save '{name}' while others were saving it; try again.")

    def _save(
        self, market: str, name: str, draft: Draft, params: dict[str, str], overwrite: bool
    ) -> SavedScenario | Rejected:
        now = datetime.now(UTC)
        with self._transaction() as connection:
            row = connection.execute(
                sa.select(scenarios)
                .where(scenarios.c.market == market, scenarios.c.name == name)
                .with_for_update()  # an overwrite holds the row until it commits
            ).first()
            values = {"author": draft.author.strip(), "note": draft.note.strip(), "params": params}
            if row is not None and not overwrite:
                return Rejected(f"A scenario named '{name}' already exists.", duplicate=True)
            if row is not None:
                connection.execute(
                    scenarios.update()
                    .where(scenarios.c.id == row.id)
                    .values(**values, updated_at=now, version=scenarios.c.version + 1)
                )
                key = row.id
            else:
                inserted = connection.execute(
                    scenarios.insert().values(
                        market=market,
                        name=name,
                        created_at=now,
                        updated_at=now,
                        version=1,
                        **values,
                    )
                )
                key = inserted.inserted_primary_key[0] if inserted.inserted_primary_key else None
            saved = connection.execute(sa.select(scenarios).where(scenarios.c.id == key)).one()
        return _saved(saved)

    def list(self, market: str) -> list[SavedScenario]:
        """A market's saved scenarios, the most recently saved first (none if unavailable)."""
        query = (
            sa.select(scenarios)
            .where(scenarios.c.market == market)
            .order_by(scenarios.c.updated_at.desc(), scenarios.c.id.desc())
        )
        if self._prepare():
            return []
        try:
            with self.engine.connect() as connection:
                found = [_saved(row) for row in connection.execute(query)]
        except sa.exc.DBAPIError as error:
            self._failed(error, "saved scenarios cannot be listed")
            return []
        self.problem = None
        return found

    def get(self, market: str, name: str) -> SavedScenario | None:
        """One saved scenario by name, or ``None`` (also when the database is unavailable)."""
        query = sa.select(scenarios).where(
            scenarios.c.market == market, scenarios.c.name == normalise_name(name)
        )
        if self._prepare():
            return None
        try:
            with self.engine.connect() as connection:
                row = connection.execute(query).first()
        except sa.exc.DBAPIError as error:
            self._failed(error, "saved scenarios cannot be read")
            return None
        self.problem = None
        return _saved(row) if row is not None else None

    def delete(self, market: str, name: str) -> bool:
        """Delete a saved scenario; ``False`` when there was none by that name, or the
        database could not delete it (then :attr:`problem` says why)."""
        if self._prepare():
            return False
        try:
            with self._transaction() as connection:
                result = connection.execute(
                    scenarios.delete().where(
                        scenarios.c.market == market, scenarios.c.name == normalise_name(name)
                    )
                )
        except sa.exc.DBAPIError as error:
            self._failed(error, f"'{normalise_name(name)}' was not deleted")
            return False
        self.problem = None
        return bool(result.rowcount)

    def schema_version(self) -> int:
        """The schema version the database is at."""
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar_one()
            )

    def _prepare(self) -> str | None:
        """``None`` once the schema is in place, else why the database cannot be used."""
        if self._schema_ready:
            return None
        try:
            self._ensure_schema()
        except sa.exc.DBAPIError as error:
            return self._failed(error, "saved scenarios are unavailable")
        self._schema_ready = True
        self.problem = None
        return None

    def _failed(self, error: sa.exc.DBAPIError, what: str) -> str:
        self.problem = unavailable_message(error, what)
        logs.event("scenario_store_error", logging.WARNING, error=_first_line(error))
        return self.problem

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with (
            self.engine.connect() as connection,
            connection.execution_options(**{_WRITE: True}).begin(),
        ):
            yield connection

    def _ensure_schema(self) -> None:
        if self._current_version() == SCHEMA_VERSION:
            return  # nothing to migrate: no write lock needed
        for attempt in range(_RETRIES):
            try:
                self._migrate()
                return
            except (IntegrityError, OperationalError, sa.exc.ProgrammingError) as error:
                # Two processes creating the schema at once: the loser looks again.
                if attempt == _RETRIES - 1 or _is_busy(error):
                    raise

    def _current_version(self) -> int:
        with self.engine.connect() as connection:
            if not sa.inspect(connection).has_table(schema_version.name):
                return 0
            found = connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        return int(found or 0)

    def _migrate(self) -> None:
        with self._transaction() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(74736353)"))
            schema_version.create(connection, checkfirst=True)
            current = connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
            for version in sorted(v for v in MIGRATIONS if v > (current or 0)):
                MIGRATIONS[version](connection)
                connection.execute(
                    schema_version.insert().values(version=version, applied_at=datetime.now(UTC))
                )


def unavailable_message(error: BaseException, what: str) -> str:
    """Why the scenario database failed, in words for the person saving or listing.

    >>> unavailable_message(OperationalError("", {}, Exception("database is locked")), "x")
    'The scenario database is busy (another program holds a lock on it), so x. Try again in a moment.'
    """
    if _is_busy(error):
        return (
            f"The scenario database is busy (another program holds a lock on it), so {what}. "
            "Try again in a moment."
        )
    return (
        f"The scenario database cannot be used ({_first_line(error)}), so {what}. "
        "The dashboards work as before; ask whoever runs pmdash to repair or restore it."
    )


_WRITE: Final = "pmdash_write"
_BUSY_SIGNS: Final = (
    "database is locked",
    "database table is locked",
    "lock timeout",
    "could not obtain lock",
    "canceling statement due to statement timeout",
)


def _is_busy(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return any(sign in text for sign in _BUSY_SIGNS)


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return (text.splitlines()[0] if text else type(original).__name__)[:200]


def _engine(url: str) -> Engine:
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
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_timeouts(url: str) -> dict[str, Any]:
    """PostgreSQL: give up on a lock after BUSY_TIMEOUT_S, on any statement after
    STATEMENT_TIMEOUT_S, on connecting after BUSY_TIMEOUT_S (libpq options)."""
    if not url.startswith("postgresql"):
        return {}
    options = f"-c lock_timeout={BUSY_TIMEOUT_S}s -c statement_timeout={STATEMENT_TIMEOUT_S}s"
    return {"connect_args": {"connect_timeout": BUSY_TIMEOUT_S, "options": options}}


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _saved(row: sa.Row[Any]) -> SavedScenario:
    return SavedScenario(
        id=int(row.id),
        market=str(row.market),
        name=str(row.name),
        author=str(row.author or ""),
        note=str(row.note or ""),
        params={str(k): str(v) for k, v in dict(row.params or {}).items()},
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        version=int(row.version),
    )

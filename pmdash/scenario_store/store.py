"""The store of saved scenarios: its schema, migrations and the saves, reads and deletes.

Every save is one transaction. On SQLite, writers take the database lock up front
(``BEGIN IMMEDIATE``) and wait for each other; on PostgreSQL the unique
``(market, name)`` constraint settles a race between two first saves of a name.
Either way two app processes sharing one database never lose or corrupt a save.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError

from pmdash import logs
from pmdash.scenario_store.engine import (
    WRITE,
    database_url,
    first_line,
    is_busy,
    make_engine,
    unavailable_message,
)
from pmdash.scenario_store.models import (
    AUTHOR_MAX_CHARS,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    Draft,
    Rejected,
    SavedScenario,
    name_problem,
    normalise_name,
    text_problem,
)

_RETRIES: Final = 5

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
    # Version 2: the scenario's probability in the compare view (percent, None: not
    # weighed) and its TAM → SAM → SOM settings (link parameters, None: no funnel).
    sa.Column("probability_pct", sa.Float, nullable=True),
    sa.Column("funnel", sa.JSON, nullable=True),
    sa.UniqueConstraint("market", "name", name="uq_scenarios_market_name"),
)
_V2_COLUMNS: Final = ("probability_pct", "funnel")


def _create_v1(connection: Connection) -> None:
    # The table as version 1 made it: the columns later versions add are left out, so
    # a new database and an old one reach the same schema by the same steps.
    v1 = sa.Table(
        scenarios.name,
        sa.MetaData(),
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
    v1.create(connection, checkfirst=True)


def _add_weights_and_funnel(connection: Connection) -> None:
    have = {c["name"] for c in sa.inspect(connection).get_columns(scenarios.name)}
    for name in _V2_COLUMNS:
        if name not in have:
            kind = scenarios.c[name].type.compile(dialect=connection.dialect)
            connection.execute(sa.text(f"ALTER TABLE {scenarios.name} ADD COLUMN {name} {kind}"))


# Each entry brings the schema from the previous version to its own; append, never edit.
MIGRATIONS: Final[dict[int, Callable[[Connection], None]]] = {
    1: _create_v1,
    2: _add_weights_and_funnel,
}
SCHEMA_VERSION: Final = max(MIGRATIONS)


class ScenarioStore:
    """Saved scenarios of every market in one database.

    Never raises for a database it cannot use: reads come back empty, writes as
    :class:`Rejected`, and :attr:`problem` says why (``None`` once an operation works
    again), so a page can show it beside dashboards that do not need the database.
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        self.problem: str | None = None
        self._schema_ready = False
        self._prepare()

    def save(self, market: str, draft: Draft, overwrite: bool = False) -> SavedScenario | Rejected:
        """Save a scenario under a name; a taken name needs ``overwrite=True``."""
        name = normalise_name(draft.name)
        problem = (
            name_problem(draft.name)
            or text_problem("author name", draft.author.strip(), AUTHOR_MAX_CHARS)
            or text_problem("note", draft.note.strip(), NOTE_MAX_CHARS)
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
            funnel = {str(k): str(v) for k, v in draft.funnel.items()} if draft.funnel else None
            values = {
                "author": draft.author.strip(),
                "note": draft.note.strip(),
                "params": params,
                "funnel": funnel,
            }  # an overwrite keeps the probability: it weighs the name, not the rates
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

    def set_probabilities(
        self, market: str, probabilities: Mapping[str, float | None]
    ) -> list[SavedScenario] | Rejected:
        """Give saved scenarios their probabilities (percent; ``None`` clears one), all
        in one transaction; whether they add up to 100 % is :mod:`pmdash.uncertainty.weights`'s
        to say. Returns the market's scenarios as saved."""
        for name, value in probabilities.items():
            if value is not None and not (math.isfinite(value) and 0.0 <= value <= 100.0):
                return Rejected(f"'{normalise_name(name)}': give a probability of 0–100 %.")
        if unavailable := self._prepare():
            return Rejected(unavailable)
        try:
            with self._transaction() as connection:
                for name, value in probabilities.items():
                    found = connection.execute(
                        scenarios.update()
                        .where(
                            scenarios.c.market == market,
                            scenarios.c.name == normalise_name(name),
                        )
                        .values(probability_pct=value)
                    )
                    if not found.rowcount:
                        raise _Missing(normalise_name(name))
        except _Missing as missing:
            return Rejected(f"No saved scenario is named '{missing}' (deleted meanwhile?).")
        except sa.exc.DBAPIError as error:
            return Rejected(self._failed(error, "the probabilities were not saved"))
        self.problem = None
        return self.list(market)

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
        logs.event("scenario_store_error", logging.WARNING, error=first_line(error))
        return self.problem

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with (
            self.engine.connect() as connection,
            connection.execution_options(**{WRITE: True}).begin(),
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
                if attempt == _RETRIES - 1 or is_busy(error):
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


class _Missing(Exception):
    """A scenario to weigh was not found: the transaction is rolled back."""


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
        probability_pct=None if row.probability_pct is None else float(row.probability_pct),
        funnel={str(k): str(v) for k, v in dict(row.funnel).items()} if row.funnel else None,
    )

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

from pmdash.scenario_store.engine import (
    BUSY_TIMEOUT_S,
    DATABASE_URL_ENV,
    SQLITE_FILE,
    STATEMENT_TIMEOUT_S,
    database_url,
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
)
from pmdash.scenario_store.store import MIGRATIONS, SCHEMA_VERSION, ScenarioStore

__all__ = [
    "AUTHOR_MAX_CHARS",
    "BUSY_TIMEOUT_S",
    "DATABASE_URL_ENV",
    "MIGRATIONS",
    "NAME_MAX_CHARS",
    "NOTE_MAX_CHARS",
    "SCHEMA_VERSION",
    "SQLITE_FILE",
    "STATEMENT_TIMEOUT_S",
    "Draft",
    "Rejected",
    "SavedScenario",
    "ScenarioStore",
    "database_url",
    "name_problem",
    "normalise_name",
    "unavailable_message",
]

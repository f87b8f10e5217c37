"""Deployment settings in one object: environment variables, else a TOML file, else defaults.

Nothing is needed on a laptop: the data live in ``data/`` and saved scenarios in
``data/scenarios.db``. A team deployment sets some of these (see docs/deploy.md):

=========================  ===============  ==========================================
environment variable       TOML key         meaning
=========================  ===============  ==========================================
``PMDASH_DATA_DIR``        ``data_dir``     a folder, or ``s3://bucket/prefix``
``PMDASH_S3_ENDPOINT_URL`` ``s3_endpoint``  an S3-compatible server, e.g. ``http://127.0.0.1:9000``
``PMDASH_DATABASE_URL``    ``database_url`` SQLAlchemy URL of the scenario database
``PMDASH_MAX_UPLOAD_MB``   ``max_upload_mb`` largest market file accepted (1–200, default 20)
``PMDASH_LOG_LEVEL``       ``log_level``    DEBUG, INFO (default), WARNING or ERROR
``PMDASH_HEALTH_TOKEN``    ``health_token`` a secret (16+ characters) that shows ``/health``'s details
=========================  ===============  ==========================================

The TOML file is ``PMDASH_CONFIG`` when set (keys under ``[pmdash]``); an
environment variable wins over the file. S3 credentials are the standard AWS
ones (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``,
``AWS_DEFAULT_REGION``), read by the AWS SDK and never stored here.

:func:`current` builds the process's :class:`Settings` once (again only if the
environment or the file changes, as tests do); the entry points hand it to the
data store, the scenario store and the importer. No other module reads
``os.environ`` for these settings.

>>> settings = load({})
>>> settings.data_dir, settings.object_storage, settings.max_upload_mb
('data', False, 20)
>>> Settings(data_dir="/srv/pmdash").scenario_database_url
'sqlite:////srv/pmdash/scenarios.db'
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from pydantic import ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

CONFIG_ENV: Final = "PMDASH_CONFIG"
ENV_PREFIX: Final = "PMDASH_"
DEFAULT_MAX_UPLOAD_MB: Final = 20
MAX_UPLOAD_MB_LIMIT: Final = 200
LOG_LEVELS: Final = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
HEALTH_TOKEN_MIN_CHARS: Final = 16
SQLITE_FILE: Final = "scenarios.db"

# setting name -> TOML key under [pmdash] (the environment variable is PMDASH_ + NAME)
TOML_KEYS: Final = {
    "data_dir": "data_dir",
    "s3_endpoint_url": "s3_endpoint",
    "database_url": "database_url",
    "max_upload_mb": "max_upload_mb",
    "log_level": "log_level",
    "health_token": "health_token",
}
_BUCKET: Final = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class ConfigError(ValueError):
    """Settings that cannot be used; ``problems`` names each variable and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def variable(name: str) -> str:
    """The environment variable of a setting: ``PMDASH_`` and its name in capitals."""
    return f"{ENV_PREFIX}{name.upper()}"


class Settings(BaseSettings):
    """Where the data and the scenario database are, and the limits the app applies.

    Built by :func:`load` from the environment and the TOML file; ``Settings(...)``
    with keywords (as tests do) reads neither.
    """

    model_config = SettingsConfigDict(frozen=True, extra="forbid")

    data_dir: str = "data"
    s3_endpoint_url: str | None = None
    database_url: str | None = None
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    log_level: str = "INFO"
    health_token: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load() merges the environment over the file itself, naming the source of
        # each value in problems; the class reads only what it is given.
        return (init_settings,)

    @property
    def object_storage(self) -> bool:
        """Whether the data live in an S3-compatible bucket."""
        return is_object_url(self.data_dir)

    @property
    def scenario_database_url(self) -> str:
        """``database_url``, else the SQLite file ``scenarios.db`` in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(Path(self.data_dir) / SQLITE_FILE).resolve()}"

    def redacted(self) -> dict[str, Any]:
        """The settings with any password in the database URL masked, for logs."""
        url = self.database_url
        if url:
            parts = urlsplit(url)
            if parts.password:
                url = url.replace(f":{parts.password}@", ":***@", 1)
        token = "***" if self.health_token else None
        return {**self.model_dump(), "database_url": url, "health_token": token}

    @field_validator("data_dir", mode="before")
    @classmethod
    def _data_dir(cls, value: Any) -> str:
        location = canonical_location(str(value).strip()) or "data"
        if is_object_url(location):
            bucket, _ = split_object_url(location)
            if not _BUCKET.match(bucket):
                raise ValueError(
                    f"'{value}' does not name a bucket; use s3://bucket/prefix "
                    "(bucket: 3–63 lower-case letters, digits, '.', '-')"
                )
        elif "://" in location:
            raise ValueError(f"only local folders and s3:// URLs are supported (got '{value}')")
        return location

    @field_validator("s3_endpoint_url", mode="before")
    @classmethod
    def _endpoint(cls, value: Any) -> str | None:
        if value is None or not str(value).strip():
            return None
        url = str(value).strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"'{url}' is not an http(s)://host[:port] URL")
        return url.rstrip("/")

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: Any) -> str | None:
        if value is None or not str(value).strip():
            return None
        url = str(value).strip()
        if "://" not in url:
            raise ValueError(
                f"'{url}' is not a database URL; e.g. postgresql+psycopg2://user@host:5432/pmdash"
            )
        return url

    @field_validator("max_upload_mb", mode="before")
    @classmethod
    def _upload_mb(cls, value: Any) -> int:
        try:
            megabytes = int(str(value).strip())
        except ValueError:
            megabytes = 0
        if not 1 <= megabytes <= MAX_UPLOAD_MB_LIMIT:
            raise ValueError(
                f"must be a whole number of megabytes from 1 to {MAX_UPLOAD_MB_LIMIT} "
                f"(got '{value}')"
            )
        return megabytes

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> str:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)} (got '{value}')")
        return level

    @field_validator("health_token", mode="before")
    @classmethod
    def _health_token(cls, value: Any) -> str | None:
        if value is None:
            return None
        token = str(value).strip()
        if len(token) < HEALTH_TOKEN_MIN_CHARS:
            raise ValueError(
                f"use at least {HEALTH_TOKEN_MIN_CHARS} characters (it has {len(token)}); "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe())'"
            )
        return token

    @model_validator(mode="after")
    def _bucket_needs_database(self) -> Settings:
        if self.object_storage and self.database_url is None:
            raise ValueError(
                "required when the data live in a bucket "
                "(saved scenarios need a database; there is no data folder for SQLite)"
            )
        return self


class _Environment(PydanticBaseSettingsSource):
    """``PMDASH_*`` variables of a given mapping (``os.environ`` only via :func:`current`)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self.environ = environ

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        value = self.environ.get(variable(field_name), "")
        return (value if value.strip() else None), field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {
            name: self.get_field_value(f, name)[0] for name, f in Settings.model_fields.items()
        }
        return {name: value for name, value in values.items() if value is not None}


class _TomlTable(PydanticBaseSettingsSource):
    """The ``[pmdash]`` table of a TOML file, its keys renamed to the settings' names."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self.path = path
        self.problems: list[str] = []
        self.table: dict[str, Any] = {}
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("pmdash", {})
        except (OSError, tomllib.TOMLDecodeError) as error:
            self.problems.append(f"{CONFIG_ENV}: cannot read {path} ({error})")
            return
        self.table = table if isinstance(table, dict) else {}
        known = set(TOML_KEYS.values())
        self.problems.extend(
            f"{path}: unknown key '{key}' under [pmdash] (known: {', '.join(sorted(known))})"
            for key in self.table
            if key not in known
        )

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.table.get(TOML_KEYS[field_name]), field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {
            name: self.get_field_value(f, name)[0] for name, f in Settings.model_fields.items()
        }
        return {name: value for name, value in values.items() if value is not None}


def load(environ: Mapping[str, str] | None = None, file: Path | None = None) -> Settings:
    """The settings from ``environ`` (default ``os.environ``) over the TOML file.

    The file is ``file``, else ``PMDASH_CONFIG``. Raises :class:`ConfigError`
    listing every problem, each naming its variable (or file and key).
    """
    env = os.environ if environ is None else environ
    from_env = _Environment(Settings, env)()
    path = file if file is not None else (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    problems: list[str] = []
    from_file: dict[str, Any] = {}
    if path is not None:
        toml = _TomlTable(Settings, path)
        problems.extend(toml.problems)
        from_file = toml()
    values = {**from_file, **from_env}

    def blame(name: str) -> str:
        return (
            variable(name)
            if name in from_env or name not in from_file
            else f"{path}: {TOML_KEYS[name]}"
        )

    try:
        settings = Settings(**values)
    except ValidationError as error:
        for detail in error.errors():
            name = str(detail["loc"][0]) if detail["loc"] else "database_url"
            message = str(detail["msg"]).removeprefix("Value error, ")
            problems.append(f"{blame(name)}: {message}")
        raise ConfigError(problems) from None
    if problems:
        raise ConfigError(problems)
    return settings


_CURRENT: dict[tuple[Any, ...], Settings] = {}


def current() -> Settings:
    """The process's settings (``os.environ`` and ``PMDASH_CONFIG``), built once.

    Built again only when a ``PMDASH_*`` variable or the file changes (tests set
    variables per test). Raises :class:`ConfigError` as :func:`load` does.
    """
    environ = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    file = environ.get(CONFIG_ENV)
    stamp: tuple[Any, ...] = ()
    if file:
        try:
            stat = os.stat(file)
            stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamp = ("missing",)
    key = (tuple(sorted(environ.items())), stamp)
    settings = _CURRENT.get(key)
    if settings is None:
        settings = load(environ)
        _CURRENT.clear()
        _CURRENT[key] = settings
    return settings


def is_object_url(location: str) -> bool:
    """Whether a data location names a bucket (``s3://``; ``s3:/`` as ``Path`` folds it)."""
    return location.startswith(("s3://", "s3:/"))


def split_object_url(location: str) -> tuple[str, str]:
    """``(bucket, prefix)`` of ``s3://bucket/prefix``.

    >>> split_object_url("s3://team-data/pmdash/")
    ('team-data', 'pmdash')
    """
    rest = location.split(":", 1)[1].lstrip("/")
    bucket, _, prefix = rest.partition("/")
    return bucket, prefix.strip("/")


def canonical_location(location: str) -> str:
    """``s3://bucket/prefix`` for either spelling of a bucket; a folder as given.

    >>> canonical_location("s3:/team-data/pmdash")
    's3://team-data/pmdash'
    """
    if not is_object_url(location):
        return location
    bucket, prefix = split_object_url(location)
    return f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"

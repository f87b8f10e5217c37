"""Deployment settings in one place: environment variables, else a TOML file, else defaults.

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
``AWS_DEFAULT_REGION``), read by the AWS SDK inside pyarrow and never stored here.

>>> settings = load({})
>>> settings.data_dir, settings.object_storage, settings.max_upload_mb
('data', False, 20)
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

CONFIG_ENV: Final = "PMDASH_CONFIG"
DEFAULT_DATA_DIR: Final = "data"
DEFAULT_MAX_UPLOAD_MB: Final = 20
MAX_UPLOAD_MB_LIMIT: Final = 200
LOG_LEVELS: Final = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# setting name -> (environment variable, TOML key)
_SOURCES: Final = {
    "data_dir": ("PMDASH_DATA_DIR", "data_dir"),
    "s3_endpoint_url": ("PMDASH_S3_ENDPOINT_URL", "s3_endpoint"),
    "database_url": ("PMDASH_DATABASE_URL", "database_url"),
    "max_upload_mb": ("PMDASH_MAX_UPLOAD_MB", "max_upload_mb"),
    "log_level": ("PMDASH_LOG_LEVEL", "log_level"),
    "health_token": ("PMDASH_HEALTH_TOKEN", "health_token"),
}
_BUCKET: Final = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class ConfigError(ValueError):
    """Settings that cannot be used; ``problems`` names each variable and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    """Where the data and the scenario database are, and the limits the app applies."""

    data_dir: str = DEFAULT_DATA_DIR
    s3_endpoint_url: str | None = None
    database_url: str | None = None
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    log_level: str = "INFO"
    health_token: str | None = None

    @property
    def object_storage(self) -> bool:
        """Whether the data live in an S3-compatible bucket."""
        return is_object_url(self.data_dir)

    def redacted(self) -> dict[str, Any]:
        """The settings with any password in the database URL masked, for logs."""
        url = self.database_url
        if url:
            parts = urlsplit(url)
            if parts.password:
                url = url.replace(f":{parts.password}@", ":***@", 1)
        return {
            "data_dir": self.data_dir,
            "s3_endpoint_url": self.s3_endpoint_url,
            "database_url": url,
            "max_upload_mb": self.max_upload_mb,
            "log_level": self.log_level,
            "health_token": "***" if self.health_token else None,
        }


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


def load(environ: Mapping[str, str] | None = None, file: Path | None = None) -> Settings:
    """The settings from ``environ`` (default ``os.environ``) over the TOML file.

    Raises :class:`ConfigError` listing every problem, each naming its variable.
    """
    env = os.environ if environ is None else environ
    raw, problems = _raw(env, file)
    settings = _settings(raw, problems)
    if problems:
        raise ConfigError(problems)
    return settings


def data_location(environ: Mapping[str, str] | None = None) -> str:
    """Only the data location (no validation of the other settings)."""
    env = os.environ if environ is None else environ
    raw, _ = _raw(env, None)
    value = raw.get("data_dir")
    return str(value[0]).strip() if value and str(value[0]).strip() else DEFAULT_DATA_DIR


def _raw(env: Mapping[str, str], file: Path | None) -> tuple[dict[str, tuple[Any, str]], list[str]]:
    """Each set setting's value and the name to blame for it (variable or file key)."""
    problems: list[str] = []
    from_file: dict[str, Any] = {}
    path = file if file is not None else (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if path is not None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            table = document.get("pmdash", {})
            from_file = table if isinstance(table, dict) else {}
            known = {key for _, key in _SOURCES.values()}
            problems.extend(
                f"{path}: unknown key '{key}' under [pmdash] (known: {', '.join(sorted(known))})"
                for key in from_file
                if key not in known
            )
        except (OSError, tomllib.TOMLDecodeError) as error:
            problems.append(f"{CONFIG_ENV}: cannot read {path} ({error})")
    raw: dict[str, tuple[Any, str]] = {}
    for name, (variable, key) in _SOURCES.items():
        if env.get(variable, "").strip():
            raw[name] = (env[variable].strip(), variable)
        elif key in from_file:
            raw[name] = (from_file[key], f"{path}: {key}")
    return raw, problems


def _settings(raw: dict[str, tuple[Any, str]], problems: list[str]) -> Settings:
    defaults = Settings()
    data_dir = str(raw["data_dir"][0]) if "data_dir" in raw else defaults.data_dir
    if is_object_url(data_dir):
        bucket, _ = split_object_url(data_dir)
        if not _BUCKET.match(bucket):
            problems.append(
                f"{raw['data_dir'][1]}: '{data_dir}' does not name a bucket; "
                "use s3://bucket/prefix (bucket: 3–63 lower-case letters, digits, '.', '-')"
            )
    elif "://" in data_dir:
        problems.append(
            f"{raw['data_dir'][1]}: only local folders and s3:// URLs are supported (got '{data_dir}')"
        )
    endpoint = _endpoint(raw.get("s3_endpoint_url"), problems)
    database_url = str(raw["database_url"][0]) if "database_url" in raw else None
    if database_url is not None and "://" not in database_url:
        problems.append(
            f"{raw['database_url'][1]}: '{database_url}' is not a database URL; "
            "e.g. postgresql+psycopg2://user@host:5432/pmdash"
        )
    if is_object_url(data_dir) and database_url is None:
        problems.append(
            "PMDASH_DATABASE_URL: required when the data live in a bucket "
            "(saved scenarios need a database; there is no data folder for SQLite)"
        )
    return Settings(
        data_dir=data_dir,
        s3_endpoint_url=endpoint,
        database_url=database_url,
        max_upload_mb=_upload_mb(raw.get("max_upload_mb"), problems),
        log_level=_log_level(raw.get("log_level"), problems),
        health_token=_health_token(raw.get("health_token"), problems),
    )


def _endpoint(value: tuple[Any, str] | None, problems: list[str]) -> str | None:
    if value is None:
        return None
    url, blame = str(value[0]), value[1]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(f"{blame}: '{url}' is not an http(s)://host[:port] URL")
        return None
    return url.rstrip("/")


def _upload_mb(value: tuple[Any, str] | None, problems: list[str]) -> int:
    if value is None:
        return DEFAULT_MAX_UPLOAD_MB
    given, blame = value
    try:
        megabytes = int(str(given))
    except ValueError:
        megabytes = 0
    if not 1 <= megabytes <= MAX_UPLOAD_MB_LIMIT:
        problems.append(
            f"{blame}: must be a whole number of megabytes from 1 to {MAX_UPLOAD_MB_LIMIT} "
            f"(got '{given}')"
        )
        return DEFAULT_MAX_UPLOAD_MB
    return megabytes


def _log_level(value: tuple[Any, str] | None, problems: list[str]) -> str:
    if value is None:
        return "INFO"
    level = str(value[0]).upper()
    if level not in LOG_LEVELS:
        problems.append(f"{value[1]}: must be one of {', '.join(LOG_LEVELS)} (got '{value[0]}')")
        return "INFO"
    return level


HEALTH_TOKEN_MIN_CHARS: Final = 16


def _health_token(value: tuple[Any, str] | None, problems: list[str]) -> str | None:
    if value is None:
        return None
    token, blame = str(value[0]).strip(), value[1]
    if len(token) < HEALTH_TOKEN_MIN_CHARS:
        problems.append(
            f"{blame}: use at least {HEALTH_TOKEN_MIN_CHARS} characters "
            f"(it has {len(token)}); e.g. python -c 'import secrets; print(secrets.token_urlsafe())'"
        )
        return None
    return token

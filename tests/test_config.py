"""Settings: defaults without configuration, environment over file, problems named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from pmdash import config
from pmdash.config import ConfigError, Settings
from pmdash.scenario_store import Draft, SavedScenario, ScenarioStore, database_url

# One PostgreSQL database serves every test: with `pytest -n`, these run on one worker.
pytestmark = pytest.mark.xdist_group("postgres")


def test_no_configuration_means_the_laptop_defaults() -> None:
    assert config.load({}) == Settings(
        data_dir="data",
        s3_endpoint_url=None,
        database_url=None,
        max_upload_mb=20,
        log_level="INFO",
        health_token=None,
    )


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError, match="frozen"):
        config.load({}).data_dir = "elsewhere"  # type: ignore[misc]


def test_environment_variables_set_every_setting() -> None:
    settings = config.load(
        {
            "PMDASH_DATA_DIR": "s3://team-data/pmdash",
            "PMDASH_S3_ENDPOINT_URL": "http://127.0.0.1:9000/",
            "PMDASH_DATABASE_URL": "postgresql+psycopg2://app@db:5432/pmdash",
            "PMDASH_MAX_UPLOAD_MB": "50",
            "PMDASH_LOG_LEVEL": "warning",
        }
    )
    assert settings.object_storage
    assert settings.s3_endpoint_url == "http://127.0.0.1:9000"
    assert settings.database_url == "postgresql+psycopg2://app@db:5432/pmdash"
    assert (settings.max_upload_mb, settings.log_level) == (50, "WARNING")


def test_a_toml_file_sets_what_the_environment_does_not(tmp_path: Path) -> None:
    file = tmp_path / "pmdash.toml"
    file.write_text('[pmdash]\ndata_dir = "/srv/pmdash"\nmax_upload_mb = 40\nlog_level = "DEBUG"\n')
    settings = config.load({"PMDASH_CONFIG": str(file), "PMDASH_LOG_LEVEL": "ERROR"})
    assert (settings.data_dir, settings.max_upload_mb, settings.log_level) == (
        "/srv/pmdash",
        40,
        "ERROR",
    )
    assert config.load({"PMDASH_CONFIG": str(file)}).data_dir == "/srv/pmdash"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"PMDASH_MAX_UPLOAD_MB": "lots"}, "PMDASH_MAX_UPLOAD_MB"),
        ({"PMDASH_MAX_UPLOAD_MB": "0"}, "PMDASH_MAX_UPLOAD_MB"),
        ({"PMDASH_MAX_UPLOAD_MB": "201"}, "PMDASH_MAX_UPLOAD_MB"),
        ({"PMDASH_LOG_LEVEL": "chatty"}, "PMDASH_LOG_LEVEL"),
        ({"PMDASH_S3_ENDPOINT_URL": "127.0.0.1:9000"}, "PMDASH_S3_ENDPOINT_URL"),
        ({"PMDASH_DATABASE_URL": "pmdash.db"}, "PMDASH_DATABASE_URL"),
        ({"PMDASH_DATA_DIR": "ftp://host/data"}, "PMDASH_DATA_DIR"),
        (
            {"PMDASH_DATA_DIR": "s3://X/data", "PMDASH_DATABASE_URL": "sqlite:///s.db"},
            "PMDASH_DATA_DIR",
        ),
        ({"PMDASH_DATA_DIR": "s3://team-data/pmdash"}, "PMDASH_DATABASE_URL"),
        ({"PMDASH_CONFIG": "/nonexistent/pmdash.toml"}, "PMDASH_CONFIG"),
        ({"PMDASH_HEALTH_TOKEN": "short"}, "PMDASH_HEALTH_TOKEN"),
    ],
)
def test_a_bad_setting_is_named_in_the_message(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config.load(environ)
    assert any(problem.startswith(named) for problem in raised.value.problems)


def test_every_problem_is_reported_not_just_the_first() -> None:
    with pytest.raises(ConfigError) as raised:
        config.load({"PMDASH_MAX_UPLOAD_MB": "x", "PMDASH_LOG_LEVEL": "y"})
    assert len(raised.value.problems) == 2


def test_an_unknown_key_in_the_file_is_named(tmp_path: Path) -> None:
    file = tmp_path / "pmdash.toml"
    file.write_text('[pmdash]\ndata_directory = "/srv"\n')
    with pytest.raises(ConfigError, match="unknown key 'data_directory'"):
        config.load({}, file=file)


def test_a_file_problem_names_the_file_and_key(tmp_path: Path) -> None:
    file = tmp_path / "pmdash.toml"
    file.write_text("[pmdash]\nmax_upload_mb = -1\n")
    with pytest.raises(ConfigError, match=r"pmdash\.toml: max_upload_mb"):
        config.load({}, file=file)


@pytest.mark.parametrize(
    ("location", "bucket", "prefix"),
    [
        ("s3://team-data/pmdash", "team-data", "pmdash"),
        ("s3://team-data/a/b/", "team-data", "a/b"),
        ("s3://team-data", "team-data", ""),
        (str(Path("s3://team-data/pmdash")), "team-data", "pmdash"),
    ],
)
def test_bucket_urls_split_into_bucket_and_prefix(location: str, bucket: str, prefix: str) -> None:
    assert config.split_object_url(location) == (bucket, prefix)
    assert config.is_object_url(location)


def test_a_password_in_the_database_url_is_masked_for_logs() -> None:
    settings = config.load(
        {
            "PMDASH_DATABASE_URL": "postgresql://app:s3cret@db/pmdash",
            "PMDASH_HEALTH_TOKEN": "t0ken-t0ken-t0ken-t0ken",
        }
    )
    assert "s3cret" not in str(settings.redacted())
    assert "t0ken" not in str(settings.redacted())


def test_the_current_settings_are_built_once_until_the_environment_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PMDASH_DATA_DIR", str(tmp_path))
    first = config.current()
    assert config.current() is first
    monkeypatch.setenv("PMDASH_DATA_DIR", str(tmp_path / "other"))
    assert config.current().data_dir == str(tmp_path / "other")


@pytest.fixture
def database(tmp_path: Path) -> str:
    """PostgreSQL when PMDASH_TEST_POSTGRES_URL is set (CI), else a SQLite file."""
    return os.environ.get("PMDASH_TEST_POSTGRES_URL") or f"sqlite:///{tmp_path / 'team.db'}"


def test_a_database_url_only_in_the_toml_file_reaches_the_scenario_store(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "pmdash.toml"
    file.write_text(f'[pmdash]\ndata_dir = "{tmp_path / "data"}"\ndatabase_url = "{database}"\n')
    monkeypatch.delenv("PMDASH_DATABASE_URL", raising=False)
    monkeypatch.delenv("PMDASH_DATA_DIR", raising=False)
    monkeypatch.setenv("PMDASH_CONFIG", str(file))
    name = f"toml-only {os.getpid()} {tmp_path.name}"
    saved = ScenarioStore().save("personalized-medicine", Draft(name, {"cagr": "7"}))
    assert isinstance(saved, SavedScenario)
    assert database_url(tmp_path / "data") == database  # the pages' call, with their data folder
    assert ScenarioStore(database).get("personalized-medicine", name) == saved
    assert not (tmp_path / "data" / "scenarios.db").exists()
    ScenarioStore(database).delete("personalized-medicine", name)


def test_without_a_database_url_scenarios_live_beside_the_data() -> None:
    settings = Settings(data_dir="/srv/pmdash")
    assert settings.scenario_database_url == "sqlite:////srv/pmdash/scenarios.db"
    assert database_url(Path("/elsewhere"), settings) == "sqlite:////elsewhere/scenarios.db"


# Developer switches, not deployment settings: they only change what a test or a
# developer sees, so they stay beside the code they switch.
DEVELOPER_SWITCHES = {
    "pmdash/ui/errors.py": "PMDASH_DEBUG",
    "pmdash/ui/router.py": "PMDASH_DEFAULT_PAGE",
}


def test_only_the_settings_module_reads_the_environment() -> None:
    root = Path(config.__file__).resolve().parents[1]
    readers = {
        path.relative_to(root).as_posix()
        for path in (root / "pmdash").rglob("*.py")
        if "os.environ" in (text := path.read_text(encoding="utf-8")) or "getenv(" in text
    }
    assert readers - {"pmdash/config.py"} == set(DEVELOPER_SWITCHES)

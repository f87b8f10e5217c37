"""The bad-input corpus through the library and the CLI: a clear message naming the
file, row and column; exit code 1; no traceback; the datasets untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmdash.cli import app
from pmdash.io import read_bundle
from pmdash.problems import InvalidInput, errors_only
from tests.conftest import snapshot
from tests.corpus.hostile import hostile_cases, measure
from tests.corpus.make_corpus import BAD, INTERPRETED, big_cases

EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
NOTES = json.loads((INTERPRETED / "expected.json").read_text(encoding="utf-8"))


def test_the_corpus_has_at_least_40_cases_across_three_formats() -> None:
    suffixes = {Path(name).suffix for name in EXPECTED}
    assert len(EXPECTED) >= 40 and suffixes == {".csv", ".xlsx", ".parquet"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_gets_its_message_with_row_and_column(name: str) -> None:
    expected = EXPECTED[name]
    with pytest.raises(InvalidInput) as caught:
        read_bundle(BAD / name)
    errors = errors_only(caught.value.problems)
    matching = [p for p in errors if expected["message"] in p.message]
    assert matching, [str(p) for p in errors]
    assert any(
        (expected["row"] is None or p.row == expected["row"])
        and (expected["column"] is None or p.column == expected["column"])
        for p in matching
    ), [str(p) for p in matching]
    assert all(name in p.file for p in errors)  # "book.xlsx [companies]" for a sheet


@pytest.mark.parametrize("command", ["validate", "import"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_cli_refuses_a_bad_file_and_leaves_the_data_alone(
    data_dir: Path, command: str, name: str
) -> None:
    before = snapshot(data_dir)
    args = [command, str(BAD / name)] + (
        ["--data-dir", str(data_dir)] if command == "import" else []
    )
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no uncaught exception, no traceback
    assert name in result.stderr and EXPECTED[name]["message"] in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("name", sorted(NOTES))
def test_a_file_with_a_sensible_reading_is_accepted_and_says_how_it_was_read(name: str) -> None:
    result = CliRunner().invoke(app, ["validate", str(INTERPRETED / name)])
    assert result.exit_code == 0, result.output
    assert NOTES[name]["message"] in result.stderr


def test_very_large_files_are_refused_with_their_size(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    for name, (path, fragment) in big_cases(tmp_path_factory.mktemp("big")).items():
        result = CliRunner().invoke(app, ["import", str(path), "--data-dir", str(data_dir)])
        assert result.exit_code == 1 and fragment in result.stderr, (name, result.stderr)
    assert snapshot(data_dir) == before


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return hostile_cases(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(
    "name",
    [
        "hostile_5m_identical_rows.parquet",
        "hostile_long_text.parquet",
        "hostile_2000_columns.parquet",
        "hostile_nested.parquet",
        "hostile_300k_rows.xlsx",
        "hostile_wide_row.xlsx",
        "hostile_far_column.xlsx",
        "hostile_zip_bomb.xlsx",
        "hostile_million_columns.csv",
        "hostile_5000_columns.csv",
        "hostile_2m_rows.csv",
        "hostile_long_line.csv",
    ],
)
def test_a_small_file_asking_for_unbounded_work_is_refused_in_bounded_time_and_memory(
    hostile: dict[str, tuple[Path, str]], name: str
) -> None:
    path, fragment = hostile[name]
    assert path.stat().st_size < 8 * 1024 * 1024  # small on disk
    upload = measure(path)  # in a fresh process: its peak memory is its own
    assert any(name in m and fragment in m for m in upload.messages), upload.messages
    assert upload.seconds < 2, upload
    assert upload.peak_mb < 64, upload

"""What every `pmdash` command shares: the Typer app, options, loading a market, failing
with a message (exit 1, no traceback) and writing files atomically."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from pmdash import config
from pmdash.model import Market
from pmdash.problems import Problem
from pmdash.store import DataStore

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="pmdash: market-sizing datasets, audits and growth scenarios.",
)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Datasets folder (default: $PMDASH_DATA_DIR, else data/)."),
]
Output = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    never = "never"


class TextJson(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class TemplateFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def store_of(data_dir: Path | None) -> DataStore:
    """The datasets at ``--data-dir``, else where the settings say (environment, then file)."""
    try:
        settings = config.current()
    except config.ConfigError as exc:
        fail("cannot use the settings:\n  " + "\n  ".join(exc.problems))
    return DataStore(data_dir, settings=settings) if data_dir else DataStore.from_settings(settings)


def fail(message: str) -> NoReturn:
    typer.echo(f"pmdash: {message}", err=True)
    raise typer.Exit(1)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


def load(store: DataStore, market_id: str | None) -> Market:
    markets = [m.id for m in store.markets()]
    if not markets:
        fail(f"no market in {store.root}; run `pmdash import FILE` first")
    chosen = market_id or markets[0]
    if chosen not in markets:
        fail(f"no market '{chosen}' in {store.root}; known: {', '.join(markets)}")
    return store.load(chosen)


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        fail(f"cannot write {path}: {exc.strerror}")

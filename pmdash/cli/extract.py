"""`pmdash extract FILE`: the figures a report page states, as interchange rows; nothing
is imported. Figures it cannot place go to stderr as questions."""

from __future__ import annotations

import json
import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from pmdash.cli.common import Output, app, fail, report, write_atomically
from pmdash.extract import Extraction, extract_file
from pmdash.io import max_file_bytes
from pmdash.problems import InvalidInput


class RowsFormat(StrEnum):
    csv = "csv"
    json = "json"


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A report page: .txt, .md, .html or .pdf.")],
    market: Annotated[
        str | None,
        typer.Option("--market", help="Market id for the page's main market (default: its name)."),
    ] = None,
    format: Annotated[RowsFormat, typer.Option("--format")] = RowsFormat.csv,
    output: Output = None,
) -> None:
    """Propose the figures a report page states, as interchange rows (nothing is imported)."""
    if not file.is_file():
        fail(f"{file}: no such file")
    cap = max_file_bytes()
    size = file.stat().st_size
    if size > cap:  # refused before reading a byte of it
        fail(
            f"{file}: the file is {size / 1024 / 1024:.1f} MB; at most {cap / 1024 / 1024:.0f} MB "
            "is read. Save the report's page or chapter on its own"
        )
    try:
        found = extract_file(str(file), file.read_bytes(), market=market, source=file.name)
    except InvalidInput as exc:
        report(exc.problems)
        raise typer.Exit(1) from None
    text = rows_json(found.rows) if format is RowsFormat.json else found.rows.to_csv(index=False)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text.encode())
    _summary(file, found, output)


def rows_json(rows: pd.DataFrame) -> str:
    """The rows as a JSON array of objects with the interchange columns (missing → null)."""
    records: list[dict[str, Any]] = []
    for row in rows.to_dict("records"):
        records.append({str(k): _plain(v) for k, v in row.items()})
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _plain(value: object) -> object:
    if value is pd.NA or value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _summary(file: Path, found: Extraction, output: Path | None) -> None:
    for question in found.questions:
        typer.echo(f"{file}: question: {question.why} — “{question.sentence}”", err=True)
    markets = ", ".join(found.markets) or "no market named"
    typer.echo(
        f"{file}: {len(found.rows)} figure(s) proposed ({markets}); "
        f"{len(found.questions)} question(s)" + (f"; wrote {output}" if output else ""),
        err=True,
    )
    if len(found.markets) > 1:
        typer.echo(
            f"{file}: the page is about {len(found.markets)} markets; their rows keep them apart "
            "in the market column",
            err=True,
        )

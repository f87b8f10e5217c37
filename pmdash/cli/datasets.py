"""Commands over the datasets: validate, import, template, markets, audit, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pmdash.audit import audit as run_audit
from pmdash.cli.common import (
    DataDir,
    ExportFormat,
    FailOn,
    Output,
    TemplateFormat,
    TextJson,
    app,
    fail,
    load,
    report,
    store_of,
    write_atomically,
)
from pmdash.io import parse_figures, read_bundle
from pmdash.problems import InvalidInput, errors_only


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A figures file or market folder.")],
) -> None:
    """Check a file against the format and the rules that make it unusable."""
    try:
        market = read_bundle(file)
    except InvalidInput as exc:
        report(exc.problems)
        errors = len(errors_only(exc.problems))
        fail(f"{file}: {errors} problem(s) found; nothing was imported")
    notices = [] if file.is_dir() else parse_figures(file.read_bytes(), file.name)[1]
    report(notices)
    typer.echo(f"{file}: valid — market '{market.id}', {len(market.figures)} figures")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A figures file or market folder.")],
    data_dir: DataDir = None,
) -> None:
    """Validate a file, then add (or atomically replace) its market in the datasets."""
    try:
        market = read_bundle(file)
    except InvalidInput as exc:
        report(exc.problems)
        fail(f"{file}: {len(errors_only(exc.problems))} problem(s) found; nothing was imported")
    store = store_of(data_dir)
    version = store.save(market)
    typer.echo(
        f"imported market '{market.id}' ({len(market.figures)} figures) as version {version} into {store.root}"
    )


@app.command()
def template(
    format: Annotated[TemplateFormat, typer.Option("--format")] = TemplateFormat.csv,
    output: Output = None,
) -> None:
    """Write an empty, documented template of the interchange format."""
    from pmdash.export import template_csv, template_xlsx

    if format is TemplateFormat.xlsx:
        if output is None:
            typer.echo("pmdash: --format xlsx needs -o FILE", err=True)
            raise typer.Exit(2)
        write_atomically(output, template_xlsx())
    elif output is None:
        sys.stdout.write(template_csv())
    else:
        write_atomically(output, template_csv().encode())
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


@app.command()
def markets(
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """List the markets in the datasets."""
    infos = store_of(data_dir).markets()
    if format is TextJson.json:
        typer.echo(json.dumps([i.to_dict() for i in infos], indent=2))
        return
    for info in infos:
        years = f"{info.years[0]}–{info.years[1]}" if info.years else "no years"
        typer.echo(
            f"{info.id}\t{info.name}\t{years}\t{', '.join(info.dimensions)}\t{', '.join(info.sources)}"
        )


@app.command()
def audit(
    market: Annotated[str | None, typer.Option("--market")] = None,
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 at this severity.")
    ] = FailOn.error,
    data_dir: DataDir = None,
) -> None:
    """Consistency audit of a market; exits 1 when a finding reaches --fail-on."""
    loaded = load(store_of(data_dir), market)
    findings = run_audit(loaded)
    if format is TextJson.json:
        typer.echo(json.dumps([f.to_dict() for f in findings], indent=2))
    else:
        for f in findings:
            typer.echo(f"{f.severity.upper():8} {f.check:16} {f.subject}: {f.message}")
    failing = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on.value]
    count = sum(f.severity in failing for f in findings)
    if count:
        typer.echo(
            f"pmdash: {count} finding(s) at or above '{fail_on.value}' in '{loaded.id}'", err=True
        )
        raise typer.Exit(1)


@app.command()
def export(
    market: Annotated[str, typer.Option("--market")],
    format: Annotated[ExportFormat, typer.Option("--format")],
    output: Output = None,
    data_dir: DataDir = None,
    light: Annotated[
        bool,
        typer.Option(
            "--light",
            help="html only: the light brief, charts as pictures (under 500 KB, for email) "
            "instead of interactive plotly.js (about 5 MB)",
        ),
    ] = False,
) -> None:
    """The market's figures (csv, xlsx) or a standalone executive brief (html)."""
    from pmdash import export as exports

    if light and format is not ExportFormat.html:
        typer.echo("pmdash: --light applies to --format html only", err=True)
        raise typer.Exit(2)
    loaded = load(store_of(data_dir), market)
    if format is ExportFormat.csv:
        data = exports.to_csv(loaded).encode()
    elif format is ExportFormat.xlsx:
        if output is None:
            typer.echo("pmdash: --format xlsx needs -o FILE", err=True)
            raise typer.Exit(2)
        data = exports.to_xlsx(loaded, run_audit(loaded))
    else:
        from pmdash.brief import brief_html
        from pmdash.cli.weighing import saved_weights

        weighted = saved_weights(store_of(data_dir), loaded)
        data = brief_html(loaded, light=light, weighted=weighted).encode()
    if output is None:
        sys.stdout.write(data.decode())
    else:
        write_atomically(output, data)
        typer.echo(f"wrote {output}", err=True)

"""The `pmdash` command: thin over the library. Exit codes: 0 ok, 1 invalid input
or failed check (message on stderr), 2 usage error."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import pandas as pd
import typer

from pmdash import config
from pmdash.audit import audit as run_audit
from pmdash.io import parse_figures, read_bundle
from pmdash.model import Market, records
from pmdash.problems import InvalidInput, Problem, errors_only
from pmdash.scenarios import (
    HORIZON_YEAR,
    MAX_YEAR,
    RATE_RANGE_PCT,
    SHOCK_LIMITS_PCT,
    Scenario,
    frame_of,
    in_rate_range,
    resolve_segment,
)
from pmdash.scenarios import (
    project as run_project,
)
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


def _store(data_dir: Path | None) -> DataStore:
    """The datasets at ``--data-dir``, else where the settings say (environment, then file)."""
    try:
        settings = config.current()
    except config.ConfigError as exc:
        _fail("cannot use the settings:\n  " + "\n  ".join(exc.problems))
    return DataStore(data_dir, settings=settings) if data_dir else DataStore.from_settings(settings)


def _fail(message: str) -> NoReturn:
    typer.echo(f"pmdash: {message}", err=True)
    raise typer.Exit(1)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)


def _load(store: DataStore, market_id: str | None) -> Market:
    markets = [m.id for m in store.markets()]
    if not markets:
        _fail(f"no market in {store.root}; run `pmdash import FILE` first")
    chosen = market_id or markets[0]
    if chosen not in markets:
        _fail(f"no market '{chosen}' in {store.root}; known: {', '.join(markets)}")
    return store.load(chosen)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {exc.strerror}")


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A figures file or market folder.")],
) -> None:
    """Check a file against the format and the rules that make it unusable."""
    try:
        market = read_bundle(file)
    except InvalidInput as exc:
        _report(exc.problems)
        errors = len(errors_only(exc.problems))
        _fail(f"{file}: {errors} problem(s) found; nothing was imported")
    notices = [] if file.is_dir() else parse_figures(file.read_bytes(), file.name)[1]
    _report(notices)
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
        _report(exc.problems)
        _fail(f"{file}: {len(errors_only(exc.problems))} problem(s) found; nothing was imported")
    store = _store(data_dir)
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
        _write_atomically(output, template_xlsx())
    elif output is None:
        sys.stdout.write(template_csv())
    else:
        _write_atomically(output, template_csv().encode())
    if output is not None:
        typer.echo(f"wrote {output}", err=True)


@app.command()
def markets(
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """List the markets in the datasets."""
    infos = _store(data_dir).markets()
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
    loaded = _load(_store(data_dir), market)
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
def project(
    market: Annotated[str, typer.Option("--market")],
    cagr: Annotated[
        float | None, typer.Option("--cagr", help="Growth of every region, % a year.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="SEGMENT=PCT, one region's growth.")
    ] = None,
    from_year: Annotated[int | None, typer.Option("--from-year")] = None,
    to_year: Annotated[int | None, typer.Option("--to-year")] = None,
    shock_year: Annotated[
        int | None, typer.Option("--shock-year", help="Year of a one-off shock.")
    ] = None,
    shock: Annotated[float, typer.Option("--shock", help="The shock, % (e.g. -10).")] = 0.0,
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """Projected sizes by year (and region) under a growth scenario."""
    loaded = _load(_store(data_dir), market)
    frame = frame_of(loaded.figures)
    overrides: dict[str, float] = {}
    for item in set_ or []:
        name, _, value = item.partition("=")
        part = resolve_segment(name, frame.parts)
        if part is None:
            _fail(f"--set {item}: no region '{name}'; known: {', '.join(frame.parts)}")
        try:
            overrides[part] = float(value)
        except ValueError:
            _fail(f"--set {item}: '{value}' is not a number (percent a year)")
    for label, rate in [("--cagr", cagr), *((f"--set {k}", v) for k, v in overrides.items())]:
        if rate is not None and not in_rate_range(rate):
            _fail(
                f"{label}: {rate} % a year is out of range ({RATE_RANGE_PCT[0]:g} to {RATE_RANGE_PCT[1]:g})"
            )
    if from_year is not None and from_year not in frame.start_sizes.index:
        years = frame.start_sizes.index
        _fail(f"--from-year {from_year}: sizes exist for {years.min()}–{years.max()} only")
    end = to_year if to_year is not None else frame.default_end()
    start = from_year if from_year is not None else frame.first_year
    if not start < end <= MAX_YEAR:
        _fail(f"--to-year {end}: must be after {start} and at most {MAX_YEAR}")
    if shock and (shock_year is None or not start < shock_year <= end):
        _fail(f"--shock needs --shock-year between {start + 1} and {end}")
    if not SHOCK_LIMITS_PCT[0] <= shock <= SHOCK_LIMITS_PCT[1]:
        _fail(
            f"--shock {shock}: must be between {SHOCK_LIMITS_PCT[0]:g} and {SHOCK_LIMITS_PCT[1]:g} %"
        )
    scenario = Scenario(
        preset="reported" if cagr is None and not overrides and not shock else "custom",
        start_year=from_year,
        end_year=to_year,
        cagr_pct=cagr,
        segment_cagr_pct=tuple(sorted(overrides.items())),
        shock_year=shock_year if shock else None,
        shock_pct=shock,
    )
    result = run_project(loaded.figures, scenario, frame)
    if format is TextJson.json:
        rows = [
            {
                "segment": r["segment"],
                "year": int(r["year"]),
                "size": round(float(r["size_usd_bn"]), 6),
            }
            for r in records(result)
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    wide = result.pivot(index="year", columns="segment", values="size_usd_bn")
    wide = wide[["All", *[p for p in frame.parts if p in wide.columns and p != "All"]]]
    typer.echo(
        f"{loaded.meta.name}: projected size, USD billions (past {frame.last_year}: extrapolated; horizon {HORIZON_YEAR})"
    )
    typer.echo(wide.to_string(float_format=lambda v: f"{v:,.2f}"))


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
    loaded = _load(_store(data_dir), market)
    if format is ExportFormat.csv:
        data = exports.to_csv(loaded).encode()
    elif format is ExportFormat.xlsx:
        if output is None:
            typer.echo("pmdash: --format xlsx needs -o FILE", err=True)
            raise typer.Exit(2)
        data = exports.to_xlsx(loaded, run_audit(loaded))
    else:
        from pmdash.brief import brief_html

        data = brief_html(loaded, light=light).encode()
    if output is None:
        sys.stdout.write(data.decode())
    else:
        _write_atomically(output, data)
        typer.echo(f"wrote {output}", err=True)


def main() -> None:
    """Console entry point: no traceback reaches the user."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("pmdash: interrupted", err=True)
        sys.exit(1)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        typer.echo(f"pmdash: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()

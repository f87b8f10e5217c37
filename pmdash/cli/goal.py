"""`pmdash goal`: the growth a year that takes the market (or a region) to a target size."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from pmdash.cli.common import DataDir, TextJson, app, fail, load, store_of
from pmdash.formatting import pct, usd_bn
from pmdash.scenarios import Scenario, frame_of
from pmdash.uncertainty.goal import METHOD, GoalError, GoalQuery, Scope, goal_seek


@app.command()
def goal(
    market: Annotated[str, typer.Option("--market")],
    size: Annotated[float, typer.Option("--size", help="The target, USD billions.")],
    year: Annotated[int, typer.Option("--year", help="The year to reach it in.")],
    from_year: Annotated[
        int | None,
        typer.Option("--from-year", help="Grow from this year (default: the market's first)."),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="This region reaches the target (others as reported)."),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option(
            "--via", help="The market reaches the target, only this region's growth moving."
        ),
    ] = None,
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """Goal seek: the growth, % a year, that takes the market (or a region) to USD_BN in a year.

    JSON: cagr_pct, from_year, from_size (USD bn), year, size, scope, region, and what
    the source's own figures give the same subject (reported_cagr_pct: the market's
    growth, or the region's own rate; reported_size: its size in the year).
    """
    if region is not None and via is not None:
        fail("--region and --via: choose one (a region's own size, or the market through it)")
    loaded = load(store_of(data_dir), market)
    frame = frame_of(loaded.figures)
    scope: Scope = "region" if region else "market_by_region" if via else "market"
    query = GoalQuery(size, year, from_year, region or via, scope)
    found = goal_seek(loaded.figures, query, base=Scenario(start_year=from_year), frame=frame)
    if isinstance(found, GoalError):
        option = {"size": "--size", "year": "--year", "from_year": "--from-year"}.get(
            found.field, "--via" if via else "--region"
        )
        fail(f"{option}: {found.message}")
    if format is TextJson.json:
        typer.echo(
            json.dumps(
                {
                    "cagr_pct": found.cagr_pct,
                    "from_year": found.from_year,
                    "from_size": found.from_usd_bn,
                    "year": found.to_year,
                    "size": found.target_usd_bn,
                    "scope": found.scope,
                    "region": found.region,
                    "reported_cagr_pct": found.current_pct,
                    "reported_size": found.current_usd_bn,
                    "method": METHOD,
                },
                indent=2,
            )
        )
        return
    typer.echo(
        f"{loaded.meta.name}: {found.subject} reaches {usd_bn(found.target_usd_bn)} in "
        f"{found.to_year} growing {pct(found.cagr_pct, 2)} a year from {found.from_year} "
        f"({usd_bn(found.from_usd_bn)})."
    )
    if found.scope == "market_by_region":
        typer.echo(
            f"As reported: {found.region} grows {pct(found.current_pct, 2)} a year and the "
            f"market is {usd_bn(found.current_usd_bn)} in {found.to_year}."
        )
    else:
        typer.echo(
            f"As reported: {pct(found.current_pct, 2)} a year, {usd_bn(found.current_usd_bn)} "
            f"in {found.to_year}."
        )

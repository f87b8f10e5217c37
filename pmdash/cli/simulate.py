"""`pmdash simulate`: Monte Carlo percentiles of a growth scenario, by segment and year."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from pmdash.cli.common import DataDir, TextJson, app, fail, load, store_of
from pmdash.cli.projection import scenario_from_options
from pmdash.formatting import usd_bn
from pmdash.scenarios import (
    frame_of,
)
from pmdash.schema import TOTAL_SEGMENT
from pmdash.uncertainty import Settings, chance_of_passing, default_spread, percentiles
from pmdash.uncertainty import simulate as run_simulation
from pmdash.uncertainty.simulate import (
    MAX_DRAWS,
    PERCENTILE_COLUMNS,
    SEED_LIMIT,
    SPREAD_LIMITS_PTS,
)
from pmdash.uncertainty.spread import set_spread


@app.command()
def simulate(
    market: Annotated[str, typer.Option("--market")],
    cagr: Annotated[
        float | None, typer.Option("--cagr", help="Growth of every region, % a year.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="SEGMENT=PCT, one region's growth.")
    ] = None,
    spread: Annotated[
        float | None,
        typer.Option(
            "--spread",
            help="Half-width of each region's growth draw, points a year (0: the deterministic "
            "path). Default: the same-scope publishers' spread where there is one, else 2.",
        ),
    ] = None,
    correlation: Annotated[
        float, typer.Option("--correlation", help="Correlation between regions' draws, 0-1.")
    ] = 0.0,
    draws: Annotated[int, typer.Option("--draws", help="Number of paths.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Seed: same seed, same paths.")] = 1,
    from_year: Annotated[int | None, typer.Option("--from-year")] = None,
    to_year: Annotated[int | None, typer.Option("--to-year")] = None,
    shock_year: Annotated[
        int | None, typer.Option("--shock-year", help="Year of a one-off shock.")
    ] = None,
    shock: Annotated[float, typer.Option("--shock", help="The shock, % (e.g. -10).")] = 0.0,
    shock_chance: Annotated[
        float, typer.Option("--shock-chance", help="Chance the shock happens, % (default 100).")
    ] = 100.0,
    passes: Annotated[
        float | None,
        typer.Option("--passes", help="Also print the chance the market passes USD_BN (text)."),
    ] = None,
    by_year: Annotated[
        int | None, typer.Option("--by", help="The year for --passes (default: the target).")
    ] = None,
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """Monte Carlo: P5-P95 of every segment's size by year, USD bn (10,000 seeded paths)."""
    loaded = load(store_of(data_dir), market)
    frame = frame_of(loaded.figures)
    scenario = scenario_from_options(frame, cagr, set_ or [], from_year, to_year, shock_year, shock)
    _check(spread, correlation, draws, seed, shock_chance)
    chosen = default_spread(loaded) if spread is None else set_spread(spread)
    settings = Settings(chosen.pts, draws, seed, correlation, shock_chance / 100.0)
    run = run_simulation(loaded.figures, scenario, settings, frame)
    table = percentiles(run)
    if format is TextJson.json:
        if passes is not None:
            fail("--passes is printed with --format text (the JSON is the percentile array)")
        rows = [
            {"segment": str(row["segment"]), "year": int(row["year"])}
            | {c: round(float(row[c]), 6) for c in PERCENTILE_COLUMNS}
            for row in table.to_dict("records")
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(
        f"{loaded.meta.name}: {draws:,} paths, seed {seed}; growth drawn {chosen.reason} "
        f"Correlation between regions {correlation:g}."
    )
    for segment in run.segments:
        typer.echo(f"\n{segment} (USD billions)")
        part = table[table["segment"] == segment].set_index("year")[list(PERCENTILE_COLUMNS)]
        typer.echo(part.to_string(float_format=lambda v: f"{v:,.2f}"))
    if passes is not None:
        year = by_year if by_year is not None else int(run.years[-1])
        if not run.years[0] <= year <= run.years[-1]:
            fail(f"--by {year}: must be {run.years[0]}–{run.years[-1]}")
        chance = chance_of_passing(run, passes, year, TOTAL_SEGMENT)
        typer.echo(f"\nChance the market passes {usd_bn(passes)} by {year}: {chance:.0%}")


def _check(
    spread: float | None, correlation: float, draws: int, seed: int, shock_chance: float
) -> None:
    low, high = SPREAD_LIMITS_PTS
    if spread is not None and not low <= spread <= high:
        fail(f"--spread {spread}: must be between {low:g} and {high:g} points")
    if not 0.0 <= correlation <= 1.0:
        fail(f"--correlation {correlation}: must be between 0 and 1")
    if not 1 <= draws <= MAX_DRAWS:
        fail(f"--draws {draws}: must be between 1 and {MAX_DRAWS:,}")
    if not 0 <= seed <= SEED_LIMIT:
        fail(f"--seed {seed}: must be between 0 and {SEED_LIMIT}")
    if not 0.0 <= shock_chance <= 100.0:
        fail(f"--shock-chance {shock_chance}: must be between 0 and 100 %")

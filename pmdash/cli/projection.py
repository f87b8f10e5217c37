"""`pmdash project`: projected sizes by year (and region) under a growth scenario."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from typing import Annotated

import typer

from pmdash.cli.common import DataDir, TextJson, app, fail, load, store_of
from pmdash.model import Market, records
from pmdash.scenarios import (
    HORIZON_YEAR,
    MAX_YEAR,
    RATE_RANGE_PCT,
    SHOCK_LIMITS_PCT,
    Frame,
    PresetName,
    Scenario,
    frame_of,
    in_rate_range,
    presets_of,
    resolve_segment,
)
from pmdash.scenarios import (
    project as run_project,
)


class Preset(StrEnum):
    """The studio's presets by their command-line names (``as-reported`` is ``reported``)."""

    as_reported = "as-reported"
    headline = "headline"
    conservative = "conservative"
    optimistic = "optimistic"
    consensus = "consensus"

    @property
    def studio_name(self) -> PresetName:
        return "reported" if self is Preset.as_reported else self.value  # type: ignore[return-value]


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
    preset: Annotated[
        Preset | None,
        typer.Option("--preset", help="Start from the studio's preset; --cagr/--set adjust it."),
    ] = None,
    format: Annotated[TextJson, typer.Option("--format")] = TextJson.text,
    data_dir: DataDir = None,
) -> None:
    """Projected sizes by year (and region) under a growth scenario."""
    loaded = load(store_of(data_dir), market)
    frame = frame_of(loaded.figures)
    scenario = scenario_from_options(frame, cagr, set_ or [], from_year, to_year, shock_year, shock)
    if preset is not None:
        scenario = _from_preset(preset, scenario, loaded, frame)
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


def _from_preset(preset: Preset, asked: Scenario, market: Market, frame: Frame) -> Scenario:
    """The studio's preset (by the same rules: :func:`pmdash.scenarios.presets_of`), then
    what the options set: years, ``--cagr`` (every region, replacing the preset's own
    rates), ``--set`` and the shock (as a link's keys do)."""
    offered, reasons = presets_of(market, frame)
    found = offered.get(preset.studio_name)
    if found is None:
        fail(f"--preset {preset.value}: {reasons.get(preset.studio_name, 'not offered')}")
    start = asked.start_year if asked.start_year is not None else found.start_year
    end = asked.end_year if asked.end_year is not None else found.end_year
    assert start is not None and end is not None  # presets come pinned
    if end <= start:
        fail(f"--preset {preset.value}: it starts in {start}; --to-year must come after it")
    if asked.shock_year is not None and not start < asked.shock_year <= end:
        fail(f"--shock-year {asked.shock_year}: must be between {start + 1} and {end}")
    scenario = replace(found, start_year=start, end_year=end)
    if asked.cagr_pct is not None:
        scenario = replace(scenario, cagr_pct=asked.cagr_pct, segment_cagr_pct=())
    rates = {**scenario.overrides, **asked.overrides}
    scenario = replace(
        scenario,
        segment_cagr_pct=tuple(sorted(rates.items())),
        shock_year=asked.shock_year,
        shock_pct=asked.shock_pct,
    )
    changed = scenario.cagr_pct != found.cagr_pct or rates != found.overrides or asked.shock_pct
    return replace(scenario, preset="custom") if changed else scenario


def scenario_from_options(
    frame: Frame, cagr: float | None, items: list[str], from_year: int | None,
    to_year: int | None, shock_year: int | None, shock: float,
) -> Scenario:  # fmt: skip
    """The scenario `--cagr`, `--set`, the years and the shock describe; a bad one fails
    with a message naming the option (`pmdash project` and `pmdash simulate`)."""
    overrides: dict[str, float] = {}
    for item in items:
        name, _, value = item.partition("=")
        part = resolve_segment(name, frame.parts)
        if part is None:
            fail(f"--set {item}: no region '{name}'; known: {', '.join(frame.parts)}")
        try:
            overrides[part] = float(value)
        except ValueError:
            fail(f"--set {item}: '{value}' is not a number (percent a year)")
    for label, rate in [("--cagr", cagr), *((f"--set {k}", v) for k, v in overrides.items())]:
        if rate is not None and not in_rate_range(rate):
            low, high = RATE_RANGE_PCT
            fail(f"{label}: {rate} % a year is out of range ({low:g} to {high:g})")
    if from_year is not None and from_year not in frame.start_sizes.index:
        years = frame.start_sizes.index
        fail(f"--from-year {from_year}: sizes exist for {years.min()}–{years.max()} only")
    end = to_year if to_year is not None else frame.default_end()
    start = from_year if from_year is not None else frame.first_year
    if not start < end <= MAX_YEAR:
        fail(f"--to-year {end}: must be after {start} and at most {MAX_YEAR}")
    if shock and (shock_year is None or not start < shock_year <= end):
        fail(f"--shock needs --shock-year between {start + 1} and {end}")
    if not SHOCK_LIMITS_PCT[0] <= shock <= SHOCK_LIMITS_PCT[1]:
        low, high = SHOCK_LIMITS_PCT
        fail(f"--shock {shock}: must be between {low:g} and {high:g} %")
    return Scenario(
        preset="reported" if cagr is None and not overrides and not shock else "custom",
        start_year=from_year,
        end_year=to_year,
        cagr_pct=cagr,
        segment_cagr_pct=tuple(sorted(overrides.items())),
        shock_year=shock_year if shock else None,
        shock_pct=shock,
    )

"""The sensitivity grid: the market under a scenario as two of its numbers move together.

A *data table* in the spreadsheet sense. Rows move a growth rate: every region's
(each shifted by the same points, so the scenario's own mix of rates is the middle
row) or one region's; columns move the target year or another region's rate. Each
cell is the market total, USD bn, in the cell's year (the columns' year, else the
scenario's target year), computed for every cell at once:

    cell = k · Σ_parts size₀ · (1 + rate/100)^(year − start)

with *k* = 1 + shock/100 from the scenario's shock year on (else 1), the scenario's
own rates everywhere the two axes do not reach. The middle row and the target
year's (or middle) column are the scenario itself: that cell is the studio's
headline figure, and is marked. Rates outside
:data:`~pmdash.scenarios.RATE_RANGE_PCT` are left off the grid.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from pmdash.formatting import XLSX_USD_BN, neutralise, pct
from pmdash.metrics import Floats, grow
from pmdash.scenarios import (
    HORIZON_YEAR,
    RATE_RANGE_PCT,
    Frame,
    Scenario,
    frame_of,
    pinned,
    rates_for,
    resolve_segment,
)
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT

GROWTH: Final = "growth"  # every region's growth, shifted together
YEAR: Final = "year"  # the target year
SPANS_PCT: Final = (1.0, 2.0, 3.0, 5.0, 10.0)  # the ± ranges the studio offers
STEPS: Final = 4  # values each side of the scenario's: 9 rows, up to 9 columns


@dataclass(frozen=True)
class GridSpec:
    """What a grid shows: ``rows`` (``growth`` or a region), ``columns`` (``year`` or
    another region), each rate ± ``span_pct`` points in ``steps`` steps each side."""

    rows: str = GROWTH
    columns: str = YEAR
    span_pct: float = 2.0
    steps: int = STEPS


@dataclass(frozen=True)
class Axis:
    """One side of the grid: the values it takes and how they read."""

    variable: str  # "growth", "year" or a region's name
    title: str
    noun: str  # in a sentence: "every region's growth", "Europe's growth", "the target year"
    values: tuple[float, ...]  # a shift in points (growth), a rate (region) or a year
    labels: tuple[str, ...]
    current: int  # the index of the scenario's own value


@dataclass(frozen=True)
class Grid:
    """The market total (USD bn), one cell per (row, column); the scenario at ``current``."""

    rows: Axis
    columns: Axis
    sizes_usd_bn: Floats  # shape (len(rows.values), len(columns.values))
    title: str

    @property
    def current(self) -> tuple[int, int]:
        return self.rows.current, self.columns.current

    @property
    def current_usd_bn(self) -> float:
        return float(self.sizes_usd_bn[self.current])


@dataclass(frozen=True)
class GridError:
    """Why a grid cannot be drawn, in a sentence."""

    message: str


def sensitivity_grid(
    figures: pd.DataFrame,
    scenario: Scenario,
    spec: GridSpec = GridSpec(),
    *,
    frame: Frame | None = None,
    max_year: int = HORIZON_YEAR,
) -> Grid | GridError:
    """The grid ``spec`` asks for around ``scenario`` (see the module's docstring).

    >>> grid = sensitivity_grid(figures, Scenario(cagr_pct=8.0))  # doctest: +SKIP
    >>> grid.rows.labels[grid.rows.current], grid.columns.labels[grid.columns.current]  # doctest: +SKIP
    ('8.0 %', '2034')
    """
    frame = frame or frame_of(figures)
    scenario = pinned(scenario, frame)
    start, end = scenario.start_year, scenario.end_year
    assert start is not None and end is not None
    checked = _checked(frame, spec)
    if isinstance(checked, GridError):
        return checked
    row_part, column_part = checked
    parts = list(frame.parts)
    rates = np.array([rates_for(frame, scenario)[p] for p in parts], dtype=float)
    step = spec.span_pct / spec.steps
    shifts = np.arange(-spec.steps, spec.steps + 1, dtype=float) * step
    rows = _rate_axis(spec.rows, row_part, rates, parts, shifts, scenario, column_part)
    if column_part is None:
        columns = _year_axis(start, end, max_year, spec.steps)
    else:
        columns = _rate_axis(column_part, column_part, rates, parts, shifts, scenario, None)
    cube = np.broadcast_to(
        rates[:, None, None], (len(parts), len(rows.values), len(columns.values))
    ).copy()
    row_values = np.array(rows.values, dtype=float)[:, None]
    if row_part is None:
        moved = [i for i, p in enumerate(parts) if p != column_part]
        cube[moved] += row_values
    else:
        cube[parts.index(row_part)] = row_values
    if column_part is not None:
        cube[parts.index(column_part)] = np.array(columns.values, dtype=float)[None, :]
    years = np.array(columns.values if column_part is None else [end], dtype=float)[None, :]
    years = np.broadcast_to(years, cube.shape[1:])
    base = frame.start_sizes.loc[start].to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        sizes = grow(base[:, None, None], cube, (years - start)[None, :, :]).sum(axis=0)
        if scenario.shock_year is not None and scenario.shock_pct:
            sizes = np.where(
                years >= scenario.shock_year, grow(sizes, scenario.shock_pct, 1.0), sizes
            )
    if scenario.is_as_reported():
        sizes = _stated_where_reported(sizes, frame, years, rows, columns, column_part is None)
    sizes = np.where(np.isfinite(sizes), sizes, np.nan)
    title = "The market by year, USD bn" if column_part is None else f"The market in {end}, USD bn"
    return Grid(rows, columns, sizes, title)


def _checked(frame: Frame, spec: GridSpec) -> tuple[str | None, str | None] | GridError:
    """The rows' and columns' regions (``None`` for growth and year), or what is wrong."""
    if not spec.span_pct > 0 or spec.steps < 1:
        return GridError("The range must be at least one step either side of the scenario.")
    regional = frame.dimension != TOTAL_DIMENSION

    def region(name: str, kind: str) -> str | GridError:
        found = resolve_segment(name, frame.parts) if regional else None
        if found is None:
            known = ", ".join(frame.parts) if regional else "none (no regional split)"
            return GridError(
                f"{kind} can be {GROWTH!r} or a region; no region {name!r} (known: {known})."
            )
        return found

    row = None if spec.rows == GROWTH else region(spec.rows, "Rows")
    column = None if spec.columns == YEAR else region(spec.columns, "Columns")
    if isinstance(row, GridError):
        return row
    if isinstance(column, GridError):
        return column
    if row is not None and row == column:
        return GridError(f"Rows and columns are both {row}'s growth; choose two different ones.")
    return row, column


def _rate_axis(
    variable: str,
    part: str | None,
    rates: Floats,
    parts: list[str],
    shifts: Floats,
    scenario: Scenario,
    other: str | None,
) -> Axis:
    """A rate axis: one region's rate, or every (other) region's shifted together."""
    low, high = RATE_RANGE_PCT
    if part is not None:
        own = float(rates[parts.index(part)])
        values = [own + s for s in shifts if low <= own + s <= high or s == 0]
        labels = [pct(v, 1) for v in values]
        title, noun = f"Growth of {part}, % a year", f"{part}'s growth"
        return Axis(part, title, noun, tuple(values), tuple(labels), _zero(values, own))
    moved = np.array([r for p, r in zip(parts, rates, strict=True) if p != other])
    kept = [
        float(s) for s in shifts if (low <= moved.min() + s and moved.max() + s <= high) or s == 0
    ]
    every = "every other region" if other else "every region"
    if parts == [TOTAL_SEGMENT]:
        every = "the market"
    common = scenario.cagr_pct if not _own_rates(scenario, other) else None
    if common is not None:
        labels = [pct(common + s, 1) for s in kept]
        title = f"Growth, {every}, % a year"
    else:
        labels = [_shift(s) for s in kept]
        title = f"Growth, {every}, points vs the scenario"
    noun = "the market's growth" if every == "the market" else f"{every}'s growth"
    return Axis(variable, title, noun, tuple(kept), tuple(labels), _zero(kept, 0.0))


def _own_rates(scenario: Scenario, other: str | None) -> bool:
    """Whether a region (other than ``other``) has a rate of its own in the scenario."""
    return any(p != other for p in scenario.overrides)


def _shift(points: float) -> str:
    return "scenario" if points == 0 else f"{points:+.1f} pts"


def _zero(values: list[float], centre: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - centre))


def _year_axis(start: int, end: int, max_year: int, steps: int) -> Axis:
    """Up to ``2·steps + 1`` years around the target year, after the start year."""
    width = 2 * steps + 1
    first = max(start + 1, min(end - steps, max(max_year, end) - width + 1))
    last = min(max(max_year, end), first + width - 1)
    years = list(range(first, last + 1))
    values, labels = tuple(float(y) for y in years), tuple(map(str, years))
    return Axis(YEAR, "Target year", "the target year", values, labels, years.index(end))


def _stated_where_reported(
    sizes: Floats, frame: Frame, years: Floats, rows: Axis, columns: Axis, by_year: bool
) -> Floats:
    """The source's own total in the cells that are the as-reported scenario itself (as
    :func:`pmdash.scenarios.project` shows it), so the marked cell is the studio's figure."""
    stated = frame.total.reindex(years[0].astype(np.int64)).to_numpy(dtype=float)
    out = sizes.copy()
    row = rows.current
    cells = range(len(columns.values)) if by_year else [columns.current]
    for column in cells:
        if not np.isnan(stated[column]):
            out[row, column] = stated[column]
    return out


def grid_table(grid: Grid) -> pd.DataFrame:
    """The grid as a table: one row per row value, one column per column value (USD bn)."""
    table = pd.DataFrame(
        grid.sizes_usd_bn, index=list(grid.rows.labels), columns=list(grid.columns.labels)
    )
    table.index.name = _corner(grid)
    return table


def _corner(grid: Grid) -> str:
    return f"{grid.rows.title} \\ {grid.columns.title}"


def _note(grid: Grid) -> str:
    row, column = grid.current
    return (
        f"{grid.title}. The scenario itself: {grid.rows.labels[row]} × "
        f"{grid.columns.labels[column]} = {grid.current_usd_bn:,.1f}."
    )


def grid_csv(grid: Grid) -> bytes:
    """The grid as CSV (UTF-8): the table, then a line naming the scenario's cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(_corner(grid)), *grid.columns.labels])
    for label, values in zip(grid.rows.labels, grid.sizes_usd_bn, strict=True):
        writer.writerow(
            [neutralise(label), *(f"{v:.6f}" if np.isfinite(v) else "" for v in values)]
        )
    writer.writerow([])
    writer.writerow([neutralise(_note(grid))])
    return out.getvalue().encode("utf-8")


def grid_xlsx(grid: Grid) -> bytes:
    """The grid as a workbook: the table with USD bn cells, the scenario's cell
    highlighted, and a line naming it."""
    from openpyxl import Workbook  # ~0.1 s to import: only when a workbook is asked for
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sensitivity"
    bold = Font(bold=True)
    sheet.append([neutralise(_corner(grid)), *grid.columns.labels])
    for label, values in zip(grid.rows.labels, grid.sizes_usd_bn, strict=True):
        sheet.append([label, *(float(v) if np.isfinite(v) else None for v in values)])
    for cell in sheet[1]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = XLSX_USD_BN
    row, column = grid.current
    marked = sheet.cell(row=row + 2, column=column + 2)
    marked.fill = PatternFill("solid", fgColor="FBE3D6")
    marked.font = bold
    sheet.append([])
    sheet.append([neutralise(_note(grid))])
    sheet.column_dimensions["A"].width = max(14, min(60, len(_corner(grid)) // 2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

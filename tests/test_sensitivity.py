"""The sensitivity grid: every cell is the engine's projection, the scenario's cell is the
studio's headline figure, exports and heatmap show the same numbers."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from pmdash.charts.sensitivity import sensitivity_heatmap
from pmdash.charts.theme import export_info, for_theme
from pmdash.formatting import XLSX_USD_BN
from pmdash.model import Market
from pmdash.scenarios import Scenario, frame_of, pinned, project, rates_for, target_total
from pmdash.uncertainty import Grid, GridError, GridSpec, sensitivity_grid
from pmdash.uncertainty.sensitivity import grid_csv, grid_table, grid_xlsx
from tests.conftest import figures as make_figures

PARTS = ("North America", "Europe", "Asia-Pacific", "LAMEA")


def _grid(market: Market, scenario: Scenario, spec: GridSpec | None = None) -> Grid:
    found = sensitivity_grid(market.figures, scenario, spec or GridSpec())
    assert isinstance(found, Grid), found
    return found


def _cell_scenario(
    market: Market, scenario: Scenario, grid: Grid, row: int, column: int
) -> Scenario:
    """The scenario a cell stands for, written out region by region."""
    frame = frame_of(market.figures)
    full = pinned(scenario, frame)
    rates = rates_for(frame, full)
    moved_column = grid.columns.variable if grid.columns.variable != "year" else None
    if grid.rows.variable == "growth":
        rates = {p: r + grid.rows.values[row] if p != moved_column else r for p, r in rates.items()}
    else:
        rates[grid.rows.variable] = grid.rows.values[row]
    end = full.end_year
    if moved_column is None:
        end = int(grid.columns.values[column])
    else:
        rates[moved_column] = grid.columns.values[column]
    if rates == rates_for(frame, full):  # the scenario itself (as reported: the source's total)
        return replace(full, end_year=end)
    return replace(
        full,
        cagr_pct=None,
        segment_cagr_pct=tuple(sorted(rates.items())),
        end_year=end,
        preset="custom",
    )


def test_the_scenario_s_cell_is_the_studio_s_figure(seed_market: Market) -> None:
    for scenario in (
        Scenario(),
        Scenario(cagr_pct=8.5),
        Scenario(cagr_pct=7.0, shock_year=2028, shock_pct=-10.0),
    ):
        grid = _grid(seed_market, scenario)
        assert grid.current_usd_bn == pytest.approx(
            target_total(project(seed_market.figures, scenario)), rel=1e-12
        )
        assert grid.columns.labels[grid.columns.current] == "2034"


def test_growth_by_year_reads_in_rates_when_the_scenario_has_one(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.5))
    assert grid.rows.labels == (
        "6.5 %",
        "7.0 %",
        "7.5 %",
        "8.0 %",
        "8.5 %",
        "9.0 %",
        "9.5 %",
        "10.0 %",
        "10.5 %",
    )
    assert grid.columns.labels == tuple(str(y) for y in range(2030, 2039))
    assert grid.current == (4, 4) and grid.title == "The market by year, USD bn"
    assert round(grid.current_usd_bn, 1) == 1307.2


def test_growth_by_year_reads_in_points_when_regions_differ(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(), GridSpec(span_pct=1.0))
    assert grid.rows.labels[0] == "-1.0 pts" and grid.rows.labels[4] == "scenario"
    assert grid.rows.title == "Growth, every region, points vs the scenario"


def test_two_regions_growth(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.0), GridSpec("asia_pacific", "Europe", 2.0))
    assert grid.rows.title == "Growth of Asia-Pacific, % a year"
    assert grid.columns.labels[grid.columns.current] == "8.0 %"
    assert grid.title == "The market in 2034, USD bn"


def test_sizes_rise_with_growth_and_with_years(seed_market: Market) -> None:
    sizes = _grid(seed_market, Scenario(cagr_pct=8.5)).sizes_usd_bn
    assert (np.diff(sizes, axis=0) > 0).all() and (np.diff(sizes, axis=1) > 0).all()


def test_rates_outside_the_studio_s_range_are_left_off(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=39.0), GridSpec(span_pct=4.0))
    assert grid.rows.labels == ("35.0 %", "36.0 %", "37.0 %", "38.0 %", "39.0 %", "40.0 %")
    assert grid.rows.labels[grid.rows.current] == "39.0 %"


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [(2024, 2040, (2032, 2040)), (2024, 2025, (2025, 2033)), (2030, 2034, (2031, 2039))],
)
def test_the_years_stay_after_the_start_and_by_the_horizon(
    seed_market: Market, start: int, end: int, years: tuple[int, int]
) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.0, start_year=start, end_year=end))
    assert (grid.columns.labels[0], grid.columns.labels[-1]) == tuple(map(str, years))
    assert grid.columns.labels[grid.columns.current] == str(end)


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        (GridSpec("Europe", "europe"), "both Europe's growth"),
        (GridSpec("Mars"), "no region 'Mars'"),
        (GridSpec("growth", "Mars"), "Columns can be"),
        (GridSpec(span_pct=0.0), "at least one step"),
    ],
)
def test_a_grid_that_cannot_be_drawn_says_why(
    seed_market: Market, spec: GridSpec, says: str
) -> None:
    found = sensitivity_grid(seed_market.figures, Scenario(), spec)
    assert isinstance(found, GridError) and says in found.message


def test_a_market_without_regions_has_a_growth_by_year_grid_only() -> None:
    total = make_figures([("total", "All", 2024, "size", 100), ("total", "All", 2030, "size", 150)])
    grid = sensitivity_grid(total, Scenario(cagr_pct=5.0))
    assert isinstance(grid, Grid) and grid.rows.title == "Growth, the market, % a year"
    assert isinstance(sensitivity_grid(total, Scenario(), GridSpec("Europe")), GridError)


def test_the_grid_leaves_its_input_alone(seed_market: Market) -> None:
    before = seed_market.figures.copy()
    _grid(seed_market, Scenario(cagr_pct=8.0), GridSpec("Europe", "LAMEA"))
    pd.testing.assert_frame_equal(seed_market.figures, before)


rates = st.floats(min_value=-5.0, max_value=25.0, allow_nan=False)


@given(
    common=st.none() | rates,
    own=st.dictionaries(st.sampled_from(PARTS), rates, max_size=4),
    shock=st.sampled_from([0.0, -15.0]),
    rows=st.sampled_from(["growth", *PARTS]),
    columns=st.sampled_from(["year", *PARTS]),
    span=st.sampled_from([1.0, 3.0, 10.0]),
    pick=st.tuples(st.integers(0, 8), st.integers(0, 8)),
)
def test_every_cell_is_the_engine_s_projection(
    seed_market: Market,
    common: float | None,
    own: dict[str, float],
    shock: float,
    rows: str,
    columns: str,
    span: float,
    pick: tuple[int, int],
) -> None:
    if rows == columns:
        return
    scenario = Scenario(
        "custom", 2024, 2031, common, tuple(sorted(own.items())),
        shock_year=2027 if shock else None, shock_pct=shock,
    )  # fmt: skip
    grid = _grid(seed_market, scenario, GridSpec(rows, columns, span))
    row = min(pick[0], len(grid.rows.values) - 1)
    column = min(pick[1], len(grid.columns.values) - 1)
    cell = _cell_scenario(seed_market, scenario, grid, row, column)
    engine = target_total(project(seed_market.figures, cell))
    assert grid.sizes_usd_bn[row, column] == pytest.approx(engine, rel=1e-12)


def test_csv_export_is_the_table_and_names_the_scenario_s_cell(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.5))
    lines = list(csv.reader(io.StringIO(grid_csv(grid).decode("utf-8"))))
    assert lines[0] == [
        "Growth, every region, % a year \\ Target year",
        *map(str, range(2030, 2039)),
    ]
    assert lines[5][0] == "8.5 %" and float(lines[5][5]) == pytest.approx(
        grid.current_usd_bn, abs=1e-6
    )
    assert lines[-1] == ["The market by year, USD bn. The scenario itself: 8.5 % × 2034 = 1,307.2."]
    assert grid_table(grid).shape == (9, 9)


def test_xlsx_export_highlights_the_scenario_s_cell(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.5), GridSpec("Europe", "LAMEA"))
    sheet = load_workbook(io.BytesIO(grid_xlsx(grid))).active
    assert sheet is not None
    assert sheet["A1"].value == "Growth of Europe, % a year \\ Growth of LAMEA, % a year"
    marked = sheet.cell(row=grid.rows.current + 2, column=grid.columns.current + 2)
    assert marked.value == pytest.approx(grid.current_usd_bn) and marked.font.bold
    assert marked.fill.fgColor.rgb.endswith("FBE3D6")
    assert sheet.cell(row=2, column=2).number_format == XLSX_USD_BN


def test_the_heatmap_labels_each_cell_and_outlines_the_scenario(seed_market: Market) -> None:
    grid = _grid(seed_market, Scenario(cagr_pct=8.5))
    spec = sensitivity_heatmap(grid).to_dict()
    heat = spec["data"][0]
    assert heat["type"] == "heatmap" and heat["text"][4][4] == "USD 1,307.2 bn"
    assert all(t.startswith("USD ") and t.endswith(" bn") for row in heat["text"] for t in row)
    (outline,) = spec["layout"]["shapes"]
    assert (outline["x0"], outline["x1"], outline["y0"], outline["y1"]) == (3.5, 4.5, 3.5, 4.5)
    assert spec["data"][1]["name"] == "The scenario: USD 1,307.2 bn"
    assert list(spec["layout"]["xaxis"]["ticktext"]) == [str(y) for y in range(2030, 2039)]


def test_the_heatmap_escapes_region_names_from_data(seed_market: Market) -> None:
    figures = seed_market.figures.replace({"segment": {"LAMEA": "<b>LAMEA</b>"}})
    grid = sensitivity_grid(figures, Scenario(), GridSpec("<b>LAMEA</b>"))
    assert isinstance(grid, Grid)
    spec = sensitivity_heatmap(grid).to_dict()
    assert "<b>LAMEA" not in spec["layout"]["yaxis"]["title"]["text"]


def test_the_heatmap_has_a_slide_title_and_a_dark_twin(seed_market: Market) -> None:
    fig = sensitivity_heatmap(
        _grid(seed_market, Scenario(cagr_pct=8.5), GridSpec("Europe", "LAMEA"))
    )
    title, _ = export_info(fig)
    assert (
        title == "The market in 2034, USD bn: how it moves with Europe's growth and LAMEA's growth"
    )
    dark = for_theme(fig, "dark").to_dict()
    assert dark["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert dark["data"][0]["text"] == fig.to_dict()["data"][0]["text"]

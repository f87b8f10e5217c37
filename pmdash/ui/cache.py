"""Every cached function of the app, and the only module that uses ``st.cache_*``.

Each is keyed on ``(root, market_id, version)``: an import writes a new version, so
the next rerun reads it. Data that pages may change is cached with ``cache_data``
(a copy each call); figures and studio results with ``cache_resource`` (shared,
never mutated once built: unpickling a plotly figure costs as much as building it).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pmdash.audit import Finding, audit
from pmdash.charts import scenario as scenario_charts
from pmdash.charts.market import Kind, Mode, segment_colors, share_donut, stacked_chart
from pmdash.charts.sensitivity import sensitivity_heatmap
from pmdash.charts.static import unavailable_reason, warm_up
from pmdash.charts.triangulation import estimates_chart, spread_chart
from pmdash.metrics import expand, total_sizes
from pmdash.model import Market
from pmdash.scenario_store import ScenarioStore
from pmdash.scenarios import (
    Frame,
    PresetName,
    Scenario,
    available_presets,
    frame_of,
    region_table,
    sensitivity,
    years_of,
)
from pmdash.store import DataStore
from pmdash.studio_spec import studio_spec
from pmdash.tables import (
    cagr_paths,
    publisher_cagrs,
    publisher_estimates,
    segment_view,
    spread_at,
    spread_summary,
    unattributed,
)
from pmdash.tables.studio import Results, region_rows, reported_path, results_of
from pmdash.triangulation import DEFAULT_MAX_AGE_YEARS, Triangulation, triangulate
from pmdash.uncertainty import default_spread, end_bands, simulate
from pmdash.uncertainty.fan_url import FanView, settings_of
from pmdash.uncertainty.sensitivity import Grid, GridError, GridSpec, sensitivity_grid

# --- a market's data -----------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def load_market(root: str, market_id: str, version: str) -> Market:
    """One market, read once per version."""
    del version  # part of the cache key only
    return DataStore(root).load(market_id)


@st.cache_data(show_spinner=False, max_entries=32)
def expanded_figures(root: str, market_id: str, version: str) -> pd.DataFrame:
    """The market's figures plus every derived figure (see pmdash.metrics.expand)."""
    return expand(load_market(root, market_id, version).figures)


@st.cache_data(show_spinner=False, max_entries=32)
def audit_findings(
    root: str, market_id: str, version: str, max_age_years: int = DEFAULT_MAX_AGE_YEARS
) -> list[Finding]:
    """The market's consistency audit (editions older than ``max_age_years`` flagged)."""
    return audit(load_market(root, market_id, version), max_age_years=max_age_years)


# --- segments page -------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def segment_table_of(
    root: str, market_id: str, version: str, dimension: str, years: tuple[int, int]
) -> pd.DataFrame:
    """A dimension's segments × years (:func:`pmdash.tables.segment_view`)."""
    market = load_market(root, market_id, version)
    return segment_view(market, expanded_figures(root, market_id, version), dimension, years)


@st.cache_resource(show_spinner=False, max_entries=64)
def stacked_figure(
    root: str, market_id: str, version: str, dimension: str, years: tuple[int, int],
    mode: Mode, kind: Kind,
) -> go.Figure:  # fmt: skip
    """The stacked chart of a dimension over ``years``."""
    view = segment_table_of(root, market_id, version, dimension, years)
    colors = segment_colors(load_market(root, market_id, version), dimension)
    return stacked_chart(view, colors, mode=mode, kind=kind, dimension=dimension)


@st.cache_resource(show_spinner=False, max_entries=64)
def donut_figure(root: str, market_id: str, version: str, dimension: str, year: int) -> go.Figure:
    """A dimension's shares in ``year``, with the part no segment accounts for."""
    full = expanded_figures(root, market_id, version)
    view = segment_table_of(root, market_id, version, dimension, (year, year))
    totals = total_sizes(full)
    return share_donut(
        view, year, segment_colors(load_market(root, market_id, version), dimension),
        not_attributed_usd_bn=unattributed(view, full, year),
        total_usd_bn=float(totals[year]) if year in totals.index else None,
    )  # fmt: skip


# --- sources page: publishers compared ---------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def publisher_tables(
    root: str,
    market_id: str,
    version: str,
    other_scopes: bool = False,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The estimates in view (the market's scope; others too on request), their paths
    over common years and their stated vs implied CAGRs, with scope, edition and basis."""
    estimates = publisher_estimates(
        load_market(root, market_id, version),
        other_scopes=other_scopes, max_age_years=max_age_years,
    )  # fmt: skip
    return estimates, cagr_paths(estimates), publisher_cagrs(estimates)


@st.cache_resource(show_spinner=False, max_entries=32)
def estimates_figure(
    root: str, market_id: str, version: str, log_y: bool, other_scopes: bool = False,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS, compact: bool = False,
) -> go.Figure:  # fmt: skip
    """The estimates on common years (the tab's first chart); other scopes in a panel beside;
    ``compact`` for a phone."""
    estimates, paths, _ = publisher_tables(root, market_id, version, other_scopes, max_age_years)
    return estimates_chart(estimates, paths, log_y=log_y, compact=compact)


@st.cache_data(show_spinner=False, max_entries=128)
def spread_tables(
    root: str, market_id: str, version: str, year: int, other_scopes: bool = False,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Each estimate's size in ``year`` and the spread of the compared ones (other scopes apart)."""
    estimates = publisher_tables(root, market_id, version, other_scopes, max_age_years)[0]
    spread = spread_at(estimates, year)
    return spread_summary(spread), spread


@st.cache_resource(show_spinner=False, max_entries=128)
def spread_figure(
    root: str, market_id: str, version: str, year: int, log_y: bool, other_scopes: bool = False,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> go.Figure:  # fmt: skip
    """The estimates' sizes in ``year``, one dot each, the compared ones' median marked."""
    spread = spread_tables(root, market_id, version, year, other_scopes, max_age_years)[1]
    return spread_chart(spread, year, log_y=log_y)


@st.cache_resource(show_spinner=False, max_entries=32)
def triangulation(root: str, market_id: str, version: str, max_age_years: int) -> Triangulation:
    """The triangulation rules applied to the market (shared, never mutated)."""
    return triangulate(load_market(root, market_id, version), max_age_years=max_age_years)


# --- server capabilities and stores ---------------------------------------------------


@st.cache_resource(show_spinner=False, ttl=600)
def png_unavailable() -> str | None:
    """:func:`~pmdash.charts.static.unavailable_reason`, checked every 10 minutes at most."""
    return unavailable_reason()


@st.cache_resource(show_spinner=False)
def warm_png_renderer() -> None:
    """Start the PNG renderer's Chromium in the background, once per process, when a
    page first shows a PNG button: the click then waits about a second, not the ten
    or more a cold Chromium takes (bench/README.md, PNG export)."""
    warm_up()


@st.cache_resource(show_spinner=False)
def scenario_store(url: str) -> ScenarioStore:
    """The saved-scenario database, opened once per process."""
    return ScenarioStore(url)


# --- scenario studio -----------------------------------------------------------------
# Results are cached per (market version, scenario): a scenario is a frozen dataclass,
# so a slider step back to a value already seen costs a lookup, not a projection.
# Shared (cache_resource), never copied: a step reads them three times, and unpickling
# a copy each time (cache_data) cost more than the lookup.


@st.cache_resource(show_spinner=False, max_entries=32)
def frame_and_presets(
    root: str, market_id: str, version: str
) -> tuple[Frame, dict[PresetName, Scenario]]:
    """The market's scenario frame and the presets it has figures for."""
    market = load_market(root, market_id, version)
    frame = frame_of(market.figures)
    return frame, available_presets(
        market.figures, market.estimates, frame,
        sources=market.sources, primary_source=market.meta.primary_source,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=64)
def reported_to(
    root: str, market_id: str, version: str, end_year: int
) -> tuple[pd.DataFrame, float]:
    """ "As reported" to ``end_year`` and its growth: the same for every rate a slider sets."""
    frame, _ = frame_and_presets(root, market_id, version)
    return reported_path(load_market(root, market_id, version).figures, frame, end_year)


@st.cache_resource(show_spinner=False, max_entries=256)
def studio_results(root: str, market_id: str, version: str, scenario: Scenario) -> Results:
    """The scenario's projection and outcome beside "As reported"."""
    frame, _ = frame_and_presets(root, market_id, version)
    reported = reported_to(root, market_id, version, years_of(frame, scenario)[1])
    figures = load_market(root, market_id, version).figures
    return results_of(figures, scenario, frame, reported)


@st.cache_resource(show_spinner=False, max_entries=256)
def studio_region_rows(root: str, market_id: str, version: str, scenario: Scenario) -> pd.DataFrame:
    """Each region under the scenario against "As reported" (see tables.studio.region_rows)."""
    return region_rows(studio_results(root, market_id, version, scenario))


@st.cache_data(show_spinner=False, max_entries=256)
def studio_sensitivity(root: str, market_id: str, version: str, scenario: Scenario) -> pd.DataFrame:
    """The target-year market with one region 1 point slower or faster."""
    frame, _ = frame_and_presets(root, market_id, version)
    return sensitivity(load_market(root, market_id, version).figures, scenario, frame=frame)


@st.cache_data(show_spinner=False, max_entries=256)
def studio_fan_bands(
    root: str, market_id: str, version: str, scenario: Scenario, view: FanView
) -> dict[str, tuple[float, float]]:
    """Each region's P10 and P90 in the target year, under the fan's settings."""
    market = load_market(root, market_id, version)
    frame, _ = frame_and_presets(root, market_id, version)
    settings = settings_of(view, default_spread(market).pts)
    return end_bands(simulate(market.figures, scenario, settings, frame))


@st.cache_resource(show_spinner=False, max_entries=32)
def studio_spec_of(root: str, market_id: str, version: str) -> dict[str, Any]:
    """What the browser-side studio needs of the market (:mod:`pmdash.studio_spec`)."""
    frame, _ = frame_and_presets(root, market_id, version)
    return studio_spec(load_market(root, market_id, version), frame)


@st.cache_resource(show_spinner=False, max_entries=256)
def regions_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    """Each region's size under the scenario, stacked."""
    market = load_market(root, market_id, version)
    frame, _ = frame_and_presets(root, market_id, version)
    projection = studio_results(root, market_id, version, scenario).projection
    return scenario_charts.regions_chart(
        projection, segment_colors(market, frame.dimension), frame.last_year, height=360
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def shares_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    """Each region's share at the start and target year, with the change in points."""
    market = load_market(root, market_id, version)
    frame, _ = frame_and_presets(root, market_id, version)
    found = studio_results(root, market_id, version, scenario)
    return scenario_charts.shares_chart(
        region_table(found.projection), segment_colors(market, frame.dimension),
        found.outcome.start_year, found.outcome.end_year, height=360,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=256)
def tornado_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    """The ±1 point sensitivity of the target-year market, region by region."""
    end = studio_results(root, market_id, version, scenario).outcome.end_year
    sens = studio_sensitivity(root, market_id, version, scenario)
    return scenario_charts.tornado_chart(sens, end, height=300)


@st.cache_resource(show_spinner=False, max_entries=64)
def sensitivity_figure(
    root: str, market_id: str, version: str, scenario: Scenario, spec: GridSpec, max_year: int
) -> tuple[Grid | GridError, go.Figure | None]:
    """The sensitivity grid around the scenario and its heatmap (building the figure
    takes about 0.1 s; the grid itself under a millisecond)."""
    frame, _ = frame_and_presets(root, market_id, version)
    figures = load_market(root, market_id, version).figures
    grid = sensitivity_grid(figures, scenario, spec, frame=frame, max_year=max_year)
    return grid, (sensitivity_heatmap(grid) if isinstance(grid, Grid) else None)

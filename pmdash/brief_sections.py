"""The executive brief's tables and its uncertainty sections: the Monte Carlo fan, the
weighted scenarios (expected market and range) and the TAM → SAM → SOM funnel.

Every cell is HTML-escaped here. A section draws its chart through the ``chart``
function :mod:`pmdash.brief` hands in (interactive plotly or an SVG picture).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from pmdash.charts.fan import fan_chart
from pmdash.charts.funnel import funnel_chart, som_path_chart, stage_labels
from pmdash.charts.weights import weighted_chart
from pmdash.formatting import pct, usd_bn
from pmdash.model import Market
from pmdash.scenarios import Frame, Scenario
from pmdash.schema import TOTAL_SEGMENT
from pmdash.uncertainty.fan_url import FanView, settings_of
from pmdash.uncertainty.funnel import Funnel, FunnelSettings, assumptions
from pmdash.uncertainty.simulate import chance_of_passing, percentiles, simulate
from pmdash.uncertainty.spread import default_spread, set_spread
from pmdash.uncertainty.weights import QUANTILES_FROM, Weighted

Chart = Callable[[go.Figure, int, str], str]  # figure, height (px), title → markup


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def table_html(frame: pd.DataFrame, numeric: set[str]) -> str:
    head = "".join(
        f'<th class="{"num" if c in numeric else ""}">{escape(c)}</th>' for c in frame.columns
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if c in numeric else ""}">{escape(v)}</td>' for c, v in row.items()
        )
        + "</tr>"
        for _, row in frame.iterrows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _caption(text: str) -> str:
    return f'<p class="caption">{escape(text)}</p>'


def weighted_html(weighted: Weighted | list[str] | None, last_year: int, chart: Chart) -> str:
    """The "Weighted scenarios" section: empty without probabilities, the problems when
    they cannot be used, else the expected market, its range and the chart."""
    if weighted is None:
        return ""
    heading = "<h2>Weighted scenarios</h2>"
    if isinstance(weighted, list):
        items = "".join(f"<li>{escape(p)}</li>" for p in weighted)
        return f"{heading}<p>The saved probabilities cannot be used yet:</p><ul>{items}</ul>"
    end = weighted.last()
    year = int(end["year"])
    rows = pd.DataFrame(
        {
            "Scenario": list(weighted.probabilities),
            "Probability": [pct(p) for p in weighted.probabilities.values()],
            f"Market {year}": [usd_bn(float(t.loc[year])) for t in weighted.totals.values()],
        }
    )
    quantiles = (
        f"P10–P90 {usd_bn(end['p10_usd_bn'])} to {usd_bn(end['p90_usd_bn'])}"
        if not math.isnan(end["p10_usd_bn"])
        else f"P10/P90 not given with fewer than {QUANTILES_FROM} weighed scenarios"
    )
    summary = (
        f"<p><b>Expected market {year}: {escape(usd_bn(end['expected_usd_bn']))}</b> "
        f"(range {escape(usd_bn(end['min_usd_bn']))} to {escape(usd_bn(end['max_usd_bn']))}; "
        f"{escape(quantiles)}).</p>"
    )
    left_out = (
        f" Years not every scenario covers ({', '.join(map(str, weighted.years_left_out))}) "
        "are left out."
        if weighted.years_left_out
        else ""
    )
    figure = chart(weighted_chart(weighted, last_year), 360, f"Expected market size {year}, USD bn")
    return (
        heading
        + summary
        + table_html(rows, set(rows.columns[1:]))
        + f'<div class="chart">{figure}</div>'
        + _caption(
            "Expected = each scenario's size weighted by its probability (the probabilities "
            "are the analysts' assumptions); the range spans the scenarios with a probability "
            "above 0 %." + left_out
        )
    )


def funnel_html(
    found: Funnel | None, settings: FunnelSettings | None, parts: tuple[str, ...], chart: Chart
) -> str:
    """The "TAM, SAM and SOM" section: empty without funnel settings."""
    if found is None or settings is None:
        return ""
    years = found.table["year"].astype(int)
    year = settings.year if settings.year in set(years) else int(years.max())
    row = found.at(year)
    tam, sam, som = stage_labels()
    table = pd.DataFrame(
        {
            "Year": years.astype(str),
            tam: [usd_bn(v) for v in found.table["tam_usd_bn"]],
            sam: [usd_bn(v) for v in found.table["sam_usd_bn"]],
            som: [usd_bn(v) for v in found.table["som_usd_bn"]],
            "SOM % of SAM": [pct(v) for v in found.table["obtainable_pct"]],
        }
    )
    given = pd.DataFrame(assumptions(settings, found, parts), columns=["Assumption", "Value"])
    return (
        "<h2>TAM, SAM and SOM</h2>"
        f"<p><b>SOM {year}: {escape(usd_bn(row['som_usd_bn']))}</b> of a serviceable market "
        f"(SAM) of {escape(usd_bn(row['sam_usd_bn']))}, within a total market (TAM) of "
        f"{escape(usd_bn(row['tam_usd_bn']))}.</p>"
        + table_html(given, set())
        + f'<div class="chart">{chart(funnel_chart(row, year), 280, f"TAM, SAM, SOM {year}")}</div>'
        + f'<div class="chart">{chart(som_path_chart(found.table), 260, "SOM by year")}</div>'
        + table_html(table, set(table.columns[1:]))
        + _caption(
            "TAM is computed from the report; SAM and SOM rest on the percentages above, "
            "which are the analysts' assumptions, not the report's."
        )
    )


def uncertainty_html(
    market: Market,
    scenario: Scenario,
    frame: Frame,
    path: pd.Series,
    view: FanView | None,
    chart: Chart,
) -> str:
    """The "Uncertainty" section: empty unless the studio's fan is on; else the fan of
    the total, each region's P10–P90 in the target year, the chance asked for, and the
    settings the paths were drawn with (the same paths as the studio's, same seed)."""
    if view is None or not view.on:
        return ""
    spread = set_spread(view.spread_pts) if view.spread_pts is not None else default_spread(market)
    settings = settings_of(view, spread.pts)
    try:
        run = simulate(market.figures, scenario, settings, frame)
    except ValueError as exc:
        return f"<h2>Uncertainty</h2><p>No simulation for this scenario: {escape(exc)}.</p>"
    bands = percentiles(run)
    year = int(run.years[-1])
    last = bands[bands["year"] == year].set_index("segment")
    names = {TOTAL_SEGMENT: "Market"}
    table = pd.DataFrame(
        {
            "Segment": [names.get(s, s) for s in last.index],
            f"P10 {year}": [usd_bn(v) for v in last["p10"]],
            "Median": [usd_bn(v) for v in last["p50"]],
            f"P90 {year}": [usd_bn(v) for v in last["p90"]],
        }
    )
    total = bands[bands["segment"] == TOTAL_SEGMENT]
    ends = {p: float(last.at[TOTAL_SEGMENT, p]) for p in ("p10", "p50", "p90")}  # type: ignore[arg-type]
    lead = (
        f"<p><b>In {year}, 8 paths in 10 end between {escape(usd_bn(ends['p10']))} and "
        f"{escape(usd_bn(ends['p90']))}</b> (median {escape(usd_bn(ends['p50']))}).</p>"
    )
    target, by = view.pass_usd_bn, view.pass_year
    if target is not None and by is not None and run.years[0] <= by <= year:
        chance = chance_of_passing(run, target, by)
        lead += (
            f"<p>Chance the market passes {escape(usd_bn(target))} by {by}: "
            f"<b>{escape(pct(100 * chance, 0))}</b>.</p>"
        )
    drawn = [
        f"{settings.draws:,} paths (seed {settings.seed}); each region's growth drawn from a "
        f"triangular distribution around its rate, {spread.reason}",
        f"Correlation between regions: {settings.correlation:g}.",
    ]
    if scenario.shock_year is not None and scenario.shock_pct:
        drawn.append(f"The shock happens on {pct(100 * settings.shock_probability, 0)} of paths.")
    fan = fan_chart(total, path, frame.last_year, label="The scenario")
    return (
        "<h2>Uncertainty</h2>"
        + lead
        + f'<div class="chart">{chart(fan, 360, f"Range of simulated paths to {year}")}</div>'
        + table_html(table, set(table.columns[1:]))
        + _caption(" ".join(drawn))
    )

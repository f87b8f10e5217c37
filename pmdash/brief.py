"""The executive brief: one standalone HTML file for a market and a growth scenario.

Assumptions, the key numbers, the charts, the regions, the sources and the audit's
caveats. Print CSS lays it out on A4/Letter. Every piece of data text is HTML-escaped.

Two weights: the interactive brief inlines plotly.js (about 4.8 MB, works offline,
charts can be hovered); the light one (``light=True``) draws each chart as an
SVG picture inside the file (well under 500 KB, made to be emailed).

>>> html = brief_html(market)  # doctest: +SKIP
>>> html.startswith("<!DOCTYPE html>")  # doctest: +SKIP
True
"""

from __future__ import annotations

import base64
import html
from datetime import date
from string import Template
from typing import Final

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from pmdash.audit import Finding, audit, headline
from pmdash.brief_sections import funnel_html, uncertainty_html, weighted_html
from pmdash.brief_sections import table_html as _table
from pmdash.charts.scenario import path_chart, regions_chart, tornado_chart
from pmdash.charts.static import StaticExportUnavailable, to_image
from pmdash.charts.theme import color_map, set_export_info
from pmdash.formatting import delta_usd_bn, pct, points, source_label, usd_bn
from pmdash.model import Market
from pmdash.scenarios import (
    PRESET_LABELS,
    Scenario,
    as_reported,
    frame_of,
    outcome,
    pinned,
    project,
    rates_for,
    region_table,
    sensitivity,
)
from pmdash.schema import TOTAL_SEGMENT
from pmdash.triangulation import rate_text, triangulate
from pmdash.uncertainty import FunnelSettings, Weighted, funnel_of, reported_shares
from pmdash.uncertainty.fan_url import FanView

CHART_WIDTH_PX: Final = 700
LIGHT_LIMIT_BYTES: Final = 500_000
CAVEATS: Final = 6
_CHART_CONFIG: Final = {"displayModeBar": False, "responsive": False}

_PAGE: Final = Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
  :root { --ink:#1F2A44; --muted:#5B6478; --line:#E1E5EC; --accent:#D55E00; }
  * { box-sizing: border-box; }
  body { font: 14px/1.5 Inter, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
         margin: 0; background: #F6F7F9; }
  main { max-width: 780px; margin: 24px auto; background: #fff; padding: 36px 40px;
         border: 1px solid var(--line); border-radius: 10px; }
  h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px;
       border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
  .sub { color: var(--muted); margin: 0 0 18px; }
  .kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; margin: 16px 0; }
  .kpi { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
  .kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .kpi .value { font-size: 22px; font-weight: 700; }
  .kpi .delta { font-size: 13px; color: var(--muted); }
  .kpi .delta.up { color: #00785A; } .kpi .delta.down { color: #B3261E; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .chart { margin: 8px 0 4px; page-break-inside: avoid; break-inside: avoid; }
  .chart img { max-width: 100%; height: auto; display: block; }
  .caption { color: var(--muted); font-size: 12px; margin: 0 0 12px; }
  .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; }
  .sev.error { color: #B3261E; } .sev.warning { color: #9A6700; }
  a { color: #0072B2; word-break: break-all; }
  footer { color: var(--muted); font-size: 12px; margin-top: 28px; }
  @page { size: A4; margin: 14mm; }
  @media print {
    body { background: #fff; font-size: 12px; }
    main { margin: 0; padding: 0; border: 0; max-width: none; }
    h2 { break-after: avoid; page-break-after: avoid; }
    tr, .kpi { break-inside: avoid; page-break-inside: avoid; }
    .pagebreak { break-before: page; page-break-before: always; }
    a { color: var(--ink); text-decoration: none; }
  }
</style>
$plotlyjs
</head><body><main>
<h1>$title</h1>
<p class="sub">$subtitle</p>
<div class="kpis">$kpis</div>
<h2>Assumptions</h2>
$assumptions
<h2>Market path</h2>
<div class="chart">$path_chart</div>
<p class="caption">$path_caption</p>
$uncertainty
$weighted
<h2>Regions</h2>
$regions_table
<div class="chart">$regions_chart</div>
$funnel
<h2 class="pagebreak">Sensitivity</h2>
<div class="chart">$tornado_chart</div>
<p class="caption">$tornado_caption</p>
<h2>Caveats from the consistency audit</h2>
$caveats
<h2>Sources</h2>
$sources
<footer>$footer</footer>
</main></body></html>
""")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _chart(fig: go.Figure, height: int, light: bool, alt: str, source: str) -> str:
    """The chart as interactive plotly markup, or (light) as an SVG picture inside the page,
    titled ``alt`` and crediting ``source``."""
    if not light:
        fig.update_layout(width=CHART_WIDTH_PX, height=height)
        return str(fig.to_html(full_html=False, include_plotlyjs=False, config=_CHART_CONFIG))
    set_export_info(fig, alt, source)
    try:
        image = to_image(fig, width=CHART_WIDTH_PX, height=height, fmt="svg")
    except StaticExportUnavailable as exc:
        return f'<p class="caption">This chart could not be drawn here ({_e(exc)}); the table gives its figures.</p>'
    data = base64.b64encode(image).decode("ascii")
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}" '
        f'width="{CHART_WIDTH_PX}" height="{height}">'
    )


def _kpi(label: str, value: str, delta: str = "", sign: float = 0.0) -> str:
    tone = "up" if sign > 0 else "down" if sign < 0 else ""
    return (
        f'<div class="kpi"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>'
        f'<div class="delta {tone}">{_e(delta)}</div></div>'
    )


def _caveats(findings: list[Finding], primary_source: str) -> str:
    shown = headline(findings, primary_source, limit=CAVEATS)
    if not shown:
        return "<p>The audit found no inconsistency in the source's figures.</p>"
    items = "".join(
        f'<li><span class="sev {_e(f.severity)}">{_e(f.severity)}</span> '
        f"<b>{_e(f.subject)}</b>: {_e(f.message)}</li>"
        for f in shown
    )
    return f"<ul>{items}</ul>"


def _publishers(market: Market) -> str:
    """Who the market is compared with, by the triangulation rules (the same as the
    Sources page, the audit and the Consensus preset): same scope only, each with its
    edition, rate and basis; other scopes counted, never compared."""
    result = triangulate(market)
    if not result.peers and not result.others:
        return ""
    items = "".join(
        f"<li>{_e(e.label)}: edition {_e(e.edition)} ({_e(e.edition_how)}); "
        f"{_e(rate_text(e))}; {_e(e.basis)}"
        + (f" — <b>{_e(result.age_note(e))}</b>" if result.age_note(e) else "")
        + "</li>"
        for e in result.peers
    )
    scope = _e(result.scope or "not recorded")
    compared = (
        f"<p>Other publishers of this market's scope ({scope}), compared:</p><ul>{items}</ul>"
        if items
        else f"<p>No other publisher of this market's scope ({scope}) is recorded.</p>"
    )
    count = len(result.others)
    others = (
        f"<p>{count} publisher{'s' if count > 1 else ''} of other scopes "
        f"({_e(', '.join(sorted({e.scope or 'not recorded' for e in result.others})))}) "
        "are listed below but not compared: they size a different market.</p>"
        if result.others
        else ""
    )
    return f"{compared}<p>{_e(result.consensus.explanation)}</p>{others}"


def _sources(market: Market) -> str:
    rows = market.sources.copy()
    if rows.empty:
        return "<p>No sources are recorded for this market.</p>"
    rows["primary"] = rows["source"] == market.meta.primary_source
    rows = rows.sort_values(["primary", "publisher"], ascending=[False, True])
    items = []
    for row in rows.itertuples():
        title = _e(row.title or row.source)
        link = (
            f' — <a href="{_e(row.url)}">{_e(row.url)}</a>'
            if str(row.url).startswith("http")
            else ""
        )
        tag = " <b>(primary source)</b>" if row.primary else ""
        tag += f" — scope: {_e(row.scope)}" if row.scope else ""
        accessed = f" (read {_e(row.accessed)})" if row.accessed else ""
        items.append(f"<li>{_e(row.publisher)}: {title}{tag}{accessed}{link}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _global_rate(scenario: Scenario) -> str:
    if scenario.cagr_pct is not None:
        return (
            pct(scenario.cagr_pct, 2)
            + " a year"
            + (", some regions set apart" if scenario.segment_cagr_pct else "")
        )
    return (
        "set per region" if scenario.segment_cagr_pct else "as each region's stated figures imply"
    )


def _total_path(projection: pd.DataFrame) -> pd.Series:
    total = projection[projection["segment"] == TOTAL_SEGMENT]
    return total.set_index("year")["size_usd_bn"].astype(float)


def brief_html(
    market: Market,
    scenario: Scenario | None = None,
    *,
    name: str | None = None,
    link: str | None = None,
    findings: list[Finding] | None = None,
    light: bool = False,
    weighted: Weighted | list[str] | None = None,
    funnel: FunnelSettings | None = None,
    fan: FanView | None = None,
) -> str:
    """The standalone HTML brief of a market under a scenario ("As reported" by default).

    ``name`` titles the scenario (e.g. a saved scenario's name); ``link`` is the
    URL that reopens it in the app; ``findings`` the audit, computed when omitted;
    ``weighted`` the saved scenarios weighed by their probabilities (or why they cannot
    be), ``funnel`` the scenario's TAM → SAM → SOM settings, ``fan`` the studio's
    uncertainty settings (when switched on): each adds its section.
    ``light``: charts as SVG pictures (titled, with their source line) instead of plotly.js, for email (under
    ``LIGHT_LIMIT_BYTES``); drawn by the warm renderer, so it needs Chromium; without
    it each chart gives way to a line saying so.
    """
    figures = market.figures
    frame = frame_of(figures)
    scenario = pinned(scenario or Scenario(), frame)
    result = outcome(figures, scenario, frame)
    projection = project(figures, scenario, frame)
    reported = project(figures, as_reported(scenario, frame), frame)
    label = name or PRESET_LABELS[scenario.preset]
    rates = rates_for(frame, scenario)
    table = region_table(projection)
    years = f"{result.start_year}–{result.end_year}"

    assumptions = pd.DataFrame(
        [
            ("Scenario", label),
            ("Preset", PRESET_LABELS[scenario.preset]),
            (
                "Period",
                years + (f" (past {frame.last_year} extrapolated)" if result.extrapolated else ""),
            ),
            ("Global growth", _global_rate(scenario)),
            *((f"Growth, {part}", pct(rate, 2) + " a year") for part, rate in rates.items()),
            (
                "One-off shock",
                f"{scenario.shock_pct:+g} % from {scenario.shock_year}"
                if scenario.shock_pct
                else "none",
            ),
        ],
        columns=["Assumption", "Value"],
    )
    regions = pd.DataFrame(
        {
            "Region": table["segment"],
            f"{result.start_year}": [usd_bn(v) for v in table["start_usd_bn"]],
            f"{result.end_year}": [usd_bn(v) for v in table["end_usd_bn"]],
            "Growth a year": [pct(v, 2) for v in table["cagr_pct"]],
            f"Share {result.end_year}": [pct(v) for v in table["end_share_pct"]],
            "Share change": [points(v, 1) for v in table["share_change_pts"]],
        }
    )
    colors = color_map(frame.parts)
    sens = sensitivity(figures, scenario, frame=frame)
    publisher = source_label(market.meta.primary_source, market.sources.to_dict("records"))
    credit = f"{publisher}; scenario by pmdash" if publisher else "scenario by pmdash"

    def chart(fig: go.Figure, height: int, alt: str) -> str:
        return _chart(fig, height, light, alt, credit)

    found = funnel_of(projection, funnel, reported_shares(figures)) if funnel else None
    parts = frame.parts if frame.dimension != "total" else ()
    page = _PAGE.substitute(
        title=_e(f"{market.meta.name} — {label}"),
        subtitle=_e(
            f"Executive brief · {market.meta.geography} market, USD billions · scenario {years} · "
            f"prepared {date.today().isoformat()}"
        ),
        plotlyjs="" if light else f"<script>{plotly.offline.get_plotlyjs()}</script>",
        kpis=_kpi(f"Market size {result.end_year}", usd_bn(result.end_usd_bn))
        + _kpi(
            f"vs as reported ({usd_bn(result.reported_usd_bn)})",
            delta_usd_bn(result.delta_usd_bn),
            pct(result.delta_pct, signed=True),
            result.delta_usd_bn,
        )
        + _kpi(
            f"Growth a year, {years}",
            pct(result.cagr_pct, 2),
            f"from {usd_bn(result.start_usd_bn)} in {result.start_year}",
        ),
        assumptions=_table(assumptions, set()),
        path_chart=_chart(
            path_chart(projection, reported, frame.last_year, label=label),
            360,
            light,
            f"Market total {years}, USD bn, under the scenario and as reported",
            credit,
        ),
        path_caption=_e(
            "Market total under the scenario (solid) against the report's own path (dotted); "
            "filled dots are figures the source states"
            + (", diamonds analysts' assumptions" if frame.assumed else "")
            + f". Years after {frame.last_year} are extrapolated."
        ),
        uncertainty=uncertainty_html(market, scenario, frame, _total_path(projection), fan, chart),
        weighted=weighted_html(weighted, frame.last_year, chart),
        funnel=funnel_html(found, funnel, parts, chart),
        regions_table=_table(regions, set(regions.columns[1:]))
        if frame.dimension != "total"
        else "<p>The source gives no regional split.</p>",
        regions_chart=_chart(
            regions_chart(projection, colors, frame.last_year),
            320,
            light,
            f"Regions {years}, USD bn",
            credit,
        )
        if frame.dimension != "total"
        else "",
        tornado_chart=_chart(
            tornado_chart(sens, result.end_year),
            280,
            light,
            f"Change of the {result.end_year} total, USD bn, for one point of growth",
            credit,
        ),
        tornado_caption=_e(
            f"How far the {result.end_year} total moves if one region grows 1 point a year slower or faster."
        ),
        caveats=_caveats(
            findings if findings is not None else audit(market), market.meta.primary_source
        ),
        sources=_publishers(market) + _sources(market),
        footer=_e(
            f"Made with pmdash from {publisher or 'the market data'}. "
            "Scenario figures are projections under the stated assumptions, not forecasts by the source."
        )
        + (f' Reopen this scenario live: <a href="{_e(link)}">{_e(link)}</a>' if link else ""),
    )
    return page

"""Shared widgets of the analyst pages: page header and sidebar, KPI cards, basis
legend, findings, downloads, the assumption editor.

Text that comes from data is escaped before it reaches Markdown; nothing here
renders raw HTML.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pmdash.assumptions import (
    EDITOR_METRICS,
    blank_editor,
    clear_assumptions,
    editor_rows,
    has_assumptions,
    replace_assumptions,
)
from pmdash.audit import Finding
from pmdash.charts.market import (
    Kind,
    Mode,
    market_size_chart,
    segment_colors,
    share_donut,
    stacked_chart,
)
from pmdash.charts.static import to_png, unavailable_reason
from pmdash.charts.triangulation import estimates_chart
from pmdash.formatting import dimension_label, pct, plain, points, usd_bn
from pmdash.io import bundle_from_bytes
from pmdash.metrics import total_sizes
from pmdash.model import Market
from pmdash.problems import InvalidInput, Problem
from pmdash.store import MarketInfo
from pmdash.tables import (
    Kpis,
    cagr_paths,
    dimension_years,
    filter_rows,
    headline_kpis,
    publisher_estimates,
    segment_view,
    severity_counts,
    sized_dimensions,
    unattributed,
)
from pmdash.ui.data import (
    MARKET_PARAM,
    active_market,
    audit_findings,
    data_store,
    expanded_figures,
    load_market,
)
from pmdash.ui.router import ensure_routed

# Messages and lists are longer than names; plain() shortens to this many characters.
LONG_TEXT = 2000
# How every table shows a missing number (st.dataframe shows 'None' otherwise).
MISSING = "—"
SEVERITY_ICON = {
    "error": ":material/error:",
    "warning": ":material/warning:",
    "info": ":material/info:",
}
BASIS_BADGE = {"reported": "● Reported", "derived": "○ Computed", "assumed": "◇ Assumed"}


def page_start(title: str, intro: str = "") -> tuple[Market, MarketInfo]:
    """The active market, the sidebar that names it, and the page title.

    ``{market}`` in the title is replaced by the market's name.
    """
    market, info = active_market()
    sidebar(market, info)
    st.title(title.replace("{market}", plain(market.meta.name)))
    if intro:
        st.caption(intro)
    return market, info


def optional_page_start(title: str, intro: str = "") -> tuple[Market, MarketInfo] | None:
    """:func:`page_start` for a page that also works with no market imported yet:
    then only the title, the intro and an empty sidebar note, and ``None``."""
    if data_store().markets():
        return page_start(title, intro)
    ensure_routed()
    with st.sidebar:
        st.caption("No market imported yet.")
    st.title(title)
    if intro:
        st.caption(intro)
    return None


def first_market_notice() -> None:
    """The empty state of a fresh install: what to do first, in two steps."""
    with st.container(border=True):
        st.markdown("#### :material/inventory_2: No market yet")
        st.markdown(
            "pmdash shows a market once its figures are imported. **Download the template** "
            "below, fill in one figure a row (or export them from your sizing model), then "
            "**import the file**: every problem is listed with its row and column before "
            "anything is saved. The other pages open as soon as one market is in.  \n"
            "From a terminal: `pmdash import data/sources/personalized-medicine` loads the "
            "sample report."
        )


def full_figures(info: MarketInfo) -> pd.DataFrame:
    """The active market's figures plus every derived one (cached per version)."""
    return expanded_figures(str(data_store().root), info.id, info.version)


def segment_charts(
    info: MarketInfo, dimension: str, years: tuple[int, int], mode: Mode, kind: Kind
) -> tuple[pd.DataFrame, go.Figure, go.Figure]:
    """A dimension's segments over ``years``: the table, the stacked chart, the end-year donut.

    Cached per market version and inputs, so a slider step back to a range already
    seen costs nothing, and moving only the start year leaves the donut untouched.
    """
    root = str(data_store().root)
    return (
        _segment_view(root, info.id, info.version, dimension, years),
        _stacked(root, info.id, info.version, dimension, years, mode, kind),
        _donut(root, info.id, info.version, dimension, years[1]),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _segment_view(
    root: str, market_id: str, version: str, dimension: str, years: tuple[int, int]
) -> pd.DataFrame:
    market = load_market(root, market_id, version)
    return segment_view(market, expanded_figures(root, market_id, version), dimension, years)


# Figures are cached as resources (shared, never copied): nothing mutates them after
# they are built, and unpickling a plotly figure costs as much as building it again.
@st.cache_resource(show_spinner=False, max_entries=64)
def _stacked(
    root: str, market_id: str, version: str, dimension: str, years: tuple[int, int],
    mode: Mode, kind: Kind,
) -> go.Figure:  # fmt: skip
    view = _segment_view(root, market_id, version, dimension, years)
    colors = segment_colors(load_market(root, market_id, version), dimension)
    return stacked_chart(view, colors, mode=mode, kind=kind)


@st.cache_resource(show_spinner=False, max_entries=64)
def _donut(root: str, market_id: str, version: str, dimension: str, year: int) -> go.Figure:
    full = expanded_figures(root, market_id, version)
    view = _segment_view(root, market_id, version, dimension, (year, year))
    totals = total_sizes(full)
    return share_donut(
        view, year, segment_colors(load_market(root, market_id, version), dimension),
        not_attributed_usd_bn=unattributed(view, full, year),
        total_usd_bn=float(totals[year]) if year in totals.index else None,
    )  # fmt: skip


def findings_of(info: MarketInfo) -> list[Finding]:
    """The active market's audit (cached per version)."""
    return audit_findings(str(data_store().root), info.id, info.version)


def sidebar(market: Market, info: MarketInfo) -> None:
    """Active market, its source and period, and a picker when several markets exist."""
    with st.sidebar:
        st.markdown(
            f"**{plain(market.meta.name)}**  \n{plain(market.meta.geography)} · {plain(market.meta.currency)} bn"
        )
        if market.meta.base_year and market.meta.forecast_year:
            st.caption(
                f"Base year {market.meta.base_year} · forecast to {market.meta.forecast_year}"
            )
        if market.meta.primary_source:
            st.caption(f"Source: {plain(market.source_label(market.meta.primary_source))}")
            url = _source_url(market, market.meta.primary_source)
            if url:
                st.link_button("Open the source", url, width="stretch")
        market_picker()


def _source_url(market: Market, source: str) -> str:
    rows = market.sources[market.sources["source"] == source]
    url = str(rows["url"].iloc[0]) if len(rows) else ""
    return url if url.startswith(("https://", "http://")) else ""


# Above this many markets the picker lists the matches of a search, not every market:
# 3,724 options cost 200 KB on every page load.
PICKER_LIMIT: Final = 100


def market_picker(label: str = "Active market", key: str = "market_picker") -> None:
    """A select box of the imported markets (shown only when there are several); with
    more than :data:`PICKER_LIMIT`, a search box narrows it to the markets that match."""
    markets = data_store().markets()
    if len(markets) < 2:
        return
    current = st.session_state.get(MARKET_PARAM, markets[0].id)
    if len(markets) > PICKER_LIMIT:
        query = st.text_input(
            "Find a market", key=f"{key}_find", placeholder="part of a name or id",
            help=f"{len(markets):,} markets imported; the list shows the first "
            f"{PICKER_LIMIT} that match.",
        )  # fmt: skip
        markets = _matching(markets, query.strip().lower(), current)
    ids = [m.id for m in markets]
    names = {m.id: m.name for m in markets}
    st.selectbox(
        label,
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=lambda i: f"{names[i]} ({i})",
        key=key,
        on_change=_pick_market,
        args=(key,),
    )


def _matching(markets: list[MarketInfo], query: str, current: str) -> list[MarketInfo]:
    """The active market, then up to PICKER_LIMIT others whose name or id holds ``query``."""
    found = [
        m for m in markets
        if m.id != current and (query in m.name.lower() or query in m.id)
    ][:PICKER_LIMIT]  # fmt: skip
    return [m for m in markets if m.id == current] + found


def _pick_market(key: str) -> None:
    chosen = st.session_state[key]
    st.session_state[MARKET_PARAM] = chosen
    st.query_params[MARKET_PARAM] = chosen


def kpi_cards(kpis: Kpis) -> None:
    """Two rows of three cards: sizes (base, latest, forecast), then growth and the leader."""
    sizes = st.columns(3)
    sizes[0].metric(
        f"Market size {kpis.base_year or ''} · base year", usd_bn(kpis.base_size_usd_bn), border=True,
        help="Total market revenue in the report's base year, USD billions.",
    )  # fmt: skip
    sizes[1].metric(
        f"Latest estimate · {kpis.latest_year or '—'}", usd_bn(kpis.latest_size_usd_bn), border=True,
        help=f"The most recent size the source states for a year up to {date.today().year}.",
    )  # fmt: skip
    sizes[2].metric(
        f"Forecast · {kpis.forecast_year or ''}", usd_bn(kpis.forecast_size_usd_bn), border=True,
        help="The source's size for its last forecast year, USD billions.",
    )  # fmt: skip
    growth = st.columns(3)
    period = f"{kpis.cagr_period[0]}–{kpis.cagr_period[1]}" if kpis.cagr_period else ""
    gap = kpis.cagr_gap_pts
    growth[0].metric(
        f"CAGR as stated · {period}", pct(kpis.stated_cagr_pct, 2) + (" a year" if kpis.stated_cagr_pct else ""),
        border=True,
        delta=f"{points(gap)} above what the sizes imply" if gap is not None and abs(gap) >= 0.05 else None,
        delta_color="inverse", delta_arrow="off",
        help="The growth rate the source states. The note below it is the gap to the rate "
        "its own sizes imply.",
    )  # fmt: skip
    growth[1].metric(
        f"CAGR implied by sizes · {period}",
        pct(kpis.implied_cagr_pct, 2) + (" a year" if kpis.implied_cagr_pct else ""), border=True,
        help="The rate that takes the stated start size to the stated end size.",
    )  # fmt: skip
    growth[2].metric(
        f"Dominant {dimension_label(kpis.dominant_dimension or 'region').lower()}",
        kpis.dominant_segment or "—", border=True,
        delta=f"{pct(kpis.dominant_share_pct)} of the market in {kpis.base_year}"
        if kpis.dominant_share_pct else None,
        delta_color="off", delta_arrow="off",
        help="The segment with the largest share of the market in the base year.",
    )  # fmt: skip


def basis_legend() -> None:
    """How reported, computed and assumed figures look everywhere in the app."""
    st.caption(
        "● **Reported**: stated by the source (solid) · ○ **Computed**: derived here from "
        "reported figures (hollow or lighter) · ◇ **Assumed**: entered by an analyst "
        "(dashed or hatched)"
    )


def findings_list(
    findings: list[Finding], market: Market, *, empty: str = "No findings.", columns: int = 1
) -> None:
    """Findings as alert boxes, most severe first (in ``columns`` side by side)."""
    if not findings:
        st.success(empty, icon=":material/check_circle:")
    slots = st.columns(columns) if columns > 1 else [st.container()]
    for index, finding in enumerate(findings):
        box = {"error": st.error, "warning": st.warning, "info": st.info}[finding.severity]
        with slots[index % len(slots)]:
            box(
                f"**{plain(finding_title(finding, market))}**  \n{plain(finding.message, LONG_TEXT)}",
                icon=SEVERITY_ICON[finding.severity],
            )


def finding_title(finding: Finding, market: Market) -> str:
    """The finding's subject, with a source id replaced by its publisher."""
    subject = finding.subject
    if finding.source and subject.startswith(f"{finding.source}: "):
        label = market.source_label(finding.source).split(" — ")[0]
        subject = f"{label}: {subject.removeprefix(finding.source + ': ')}"
    return subject[:1].upper() + subject[1:]


def problems_table(problems: list[Problem]) -> None:
    """Every validation problem with its row and column, errors first."""
    frame = pd.DataFrame(
        [
            {
                "severity": p.severity,
                "row": p.row,
                "column": p.column or "",
                "message": p.message,
                "file": p.file,
            }
            for p in sorted(problems, key=lambda p: (p.severity != "error", p.row or 0))
        ],
        columns=["severity", "row", "column", "message", "file"],
    )
    frame["row"] = frame["row"].astype("Int64")
    st.dataframe(
        frame, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "severity": st.column_config.TextColumn("Severity", width="small"),
            "row": st.column_config.NumberColumn("Row", format="%d", width="small"),
            "column": st.column_config.TextColumn("Column", width="small"),
            "message": st.column_config.TextColumn("Problem", width="large"),
            "file": st.column_config.TextColumn("File", width="small"),
        },
    )  # fmt: skip


def market_downloads(market: Market, findings: list[Finding], key: str = "export") -> None:
    """Download the market as interchange CSV and as a formatted XLSX workbook."""
    from pmdash import export  # openpyxl costs ~0.1 s of every page's cold start otherwise

    left, right = st.columns(2)
    left.download_button(
        "Figures (CSV)", export.to_csv(market), icon=":material/download:", file_name=f"{market.id}.csv", mime="text/csv",
        key=f"{key}_csv", width="stretch", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        "Workbook (XLSX)", lambda: export.to_xlsx(market, findings), icon=":material/download:", file_name=f"{market.id}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", width="stretch", on_click="ignore",
    )  # fmt: skip


def png_download(fig: go.Figure, name: str, key: str, label: str = "Chart as PNG") -> None:
    """A download button that renders the chart to PNG only when clicked (~3 s)."""
    png_button(lambda: to_png(fig), f"{name}.png", key=key, label=label)


def png_button(
    render: Callable[[], bytes], file_name: str, key: str, label: str, **button: Any
) -> None:
    """A PNG download rendered on click; disabled, with the reason shown, when this
    server cannot render PNGs (no Chromium for kaleido)."""
    reason = _png_unavailable()
    if reason:
        st.download_button(
            label, b"", file_name=file_name, mime="image/png", key=key, disabled=True,
            icon=":material/hide_image:", help=reason, **button,
        )  # fmt: skip
        st.caption(f":red[{reason}.]")
        return
    st.download_button(
        label, render, file_name=file_name, mime="image/png", icon=":material/image:", key=key,
        on_click="ignore", help="Rendered when you click, at 2× for slides.", **button,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, ttl=600)
def _png_unavailable() -> str | None:
    """:func:`~pmdash.charts.static.unavailable_reason`, checked every 10 minutes at most."""
    return unavailable_reason()


def plot(fig: go.Figure, key: str) -> None:
    """A chart at full width, with the toolbar's own PNG button kept for quick grabs."""
    st.plotly_chart(fig, key=key, width="stretch", theme=None, config={"displaylogo": False})


def assumption_editor(market: Market, dimension: str) -> None:
    """Enter, save and clear assumptions for one dimension (stored as basis=assumed)."""
    key = f"assume_{dimension}"
    current = editor_rows(market, dimension)
    start = current if len(current) else blank_editor(market, dimension)
    edited = st.data_editor(
        start, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "segment": st.column_config.TextColumn("Segment", required=True),
            "year": st.column_config.NumberColumn("Year", format="%d", min_value=1900, max_value=2200, step=1),
            "metric": st.column_config.SelectboxColumn("Metric", options=list(EDITOR_METRICS), required=True),
            "value": st.column_config.NumberColumn("Value (USD bn or %)", format="%.2f"),
            "note": st.column_config.TextColumn("Note (why you assume it)"),
        },
    )  # fmt: skip
    save, clear, _ = st.columns([1, 1, 3])
    if save.button("💾 Save assumptions", key=f"{key}_save", type="primary", width="stretch"):
        try:
            updated = replace_assumptions(market, dimension, edited)
        except InvalidInput as exc:
            st.error(
                f"Not saved: {len(exc.problems)} problem(s). Rows are numbered from 1 as in the editor."
            )
            problems_table(exc.problems)
        else:
            data_store().save(updated)
            st.session_state["assumptions_saved"] = dimension
            st.rerun()
    if clear.button(
        "🗑️ Clear",
        key=f"{key}_clear",
        width="stretch",
        disabled=not has_assumptions(market, dimension),
    ):
        data_store().save(clear_assumptions(market, dimension))
        st.session_state.pop(key, None)
        st.rerun()
    if st.session_state.pop("assumptions_saved", None) == dimension:
        st.toast(f"Assumptions for {dimension_label(dimension).lower()} saved.", icon="✅")


BASIS_OPTIONS = list(BASIS_BADGE.values())


def _badge(basis: object) -> str:
    return BASIS_BADGE.get(str(basis), "")


def segment_table(view: pd.DataFrame, dimension: str, parent_label: str = "Region") -> None:
    """The segments × years table with sizes, shares and the basis of each."""
    shown = view.assign(
        size_basis=view["size_basis"].map(_badge), share_basis=view["share_basis"].map(_badge)
    )
    has_parent = bool((view["parent"] != "").any())
    st.dataframe(
        shown, placeholder=MISSING, hide_index=True, width="stretch",
        column_order=[
            "segment", *(["parent"] if has_parent else []), "year", "size_usd_bn", "size_basis",
            "share_pct", "share_basis", "source", "note",
        ],
        column_config={
            "segment": st.column_config.TextColumn(dimension_label(dimension), pinned=True),
            "parent": st.column_config.TextColumn(parent_label),
            "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
            "size_usd_bn": st.column_config.NumberColumn("Size (USD bn)", format="USD %.1f bn"),
            "size_basis": st.column_config.TextColumn("Size basis", width=105),
            "share_pct": st.column_config.NumberColumn("Share (%)", format="%.2f %%"),
            "share_basis": st.column_config.TextColumn("Share basis", width=105),
            "source": st.column_config.TextColumn("Source"),
            "note": st.column_config.TextColumn("How it was obtained", width="large"),
        },
    )  # fmt: skip


def not_reported_notice(market: Market, dimension: str, segments: list[str]) -> None:
    """What the report says about a dimension it names but does not size."""
    names = ", ".join(segments) if segments else "no segments"
    st.info(
        f"**{plain(dimension_label(dimension))}: not reported by the source.** "
        f"{plain(market.source_label(market.meta.primary_source).split(' — ')[0])} names "
        f"{len(segments)} segments ({plain(names, LONG_TEXT)}) but gives no size or share for any of them. "
        "Enter assumptions below to see them charted; they are stored and shown as **Assumed**, "
        "apart from the reported figures.",
        icon=":material/visibility_off:",
    )


def assumed_notice(dimension: str) -> None:
    """A badge-like warning that the dimension's figures rest on an analyst's assumptions."""
    st.warning(
        f"**Assumed**: the {plain(dimension_label(dimension).lower())} figures below are an analyst's "
        "assumptions, not the source's (hatched bars, ◇ in the table).",
        icon=":material/edit_note:",
    )


def region_cards(growth: pd.DataFrame, view: pd.DataFrame, year: int, per_row: int = 2) -> None:
    """One card per region: its size in ``year`` (USD bn), its share and its implied growth.

    Short values ('492.2 bn', '45.0 % share · 6.6 %/yr') so two cards fit side by side
    in half of a 1280-px screen; the caption above the cards names the currency.
    """
    rows = view[view["year"] == year].set_index("segment")
    cards = st.columns(per_row)
    for index, row in enumerate(growth.itertuples(index=False)):
        segment = str(row.segment)
        size = _num(rows["size_usd_bn"].get(segment))
        share = _num(rows["share_pct"].get(segment))
        cagr = _num(row.cagr_pct)
        cards[index % len(cards)].metric(
            segment, "—" if size is None else f"{size:,.1f} bn", border=True,
            delta=f"{pct(share)} share · {pct(cagr)}/yr", delta_color="off", delta_arrow="off",
            help=f"{segment} in {year}: {usd_bn(size)}, {pct(share, 2)} of the market; "
            f"growth its reported start and end sizes imply: {pct(cagr, 2)} a year.",
        )  # fmt: skip


def _num(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(str(value))
    return None if number != number else number


def countries_named(growth: pd.DataFrame, label: str = "Countries named") -> None:
    """One line per region: the countries (children) the report names in it."""
    lines = [
        f"**{plain(row.segment)}**: {plain(row.named, LONG_TEXT)}"
        for row in growth.itertuples(index=False)
        if row.named
    ]
    if lines:
        st.caption(f"{label} · " + " · ".join(lines))


def growth_table(growth: pd.DataFrame, child_label: str = "Countries named") -> None:
    """Per region: start and end size and share, implied CAGR, trend and the countries named."""
    st.dataframe(
        growth, placeholder=MISSING, hide_index=True, width="stretch",
        column_order=[
            "segment", "start_usd_bn", "end_usd_bn", "start_share_pct", "end_share_pct",
            "cagr_pct", "trend_usd_bn", "named",
        ],
        column_config={
            "segment": st.column_config.TextColumn("Region", pinned=True),
            "start_usd_bn": st.column_config.NumberColumn("First size (USD bn)", format="USD %.1f bn"),
            "end_usd_bn": st.column_config.NumberColumn("Last size (USD bn)", format="USD %.1f bn"),
            "start_share_pct": st.column_config.NumberColumn("First share", format="%.2f %%"),
            "end_share_pct": st.column_config.NumberColumn("Last share", format="%.2f %%"),
            "cagr_pct": st.column_config.NumberColumn("Implied CAGR", format="%.2f %% a year"),
            "trend_usd_bn": st.column_config.LineChartColumn("Size by year", y_min=0),
            "named": st.column_config.TextColumn(child_label, width="medium"),
        },
    )  # fmt: skip


def claims_view(claims: pd.DataFrame) -> None:
    """The report's claims next to what its numbers say, one box each."""
    if claims.empty:
        st.caption("The report makes no claim about its segments that could be checked.")
        return
    slots = st.columns(min(3, len(claims)))
    for index, row in enumerate(claims.itertuples(index=False)):
        verdict = str(row.verdict)
        box, icon = _VERDICT_BOX.get(verdict, (st.info, ":material/help:"))
        with slots[index % len(slots)]:
            box(
                f"**{plain(verdict)}**  \nThe report says: *{plain(row.claim, LONG_TEXT)}*.  \n{plain(row.numbers_say, LONG_TEXT)}",
                icon=icon,
            )


_VERDICT_BOX = {
    "Supported": (st.success, ":material/check_circle:"),
    "Not shown by the numbers": (st.warning, ":material/help:"),
    "Contradicted": (st.error, ":material/cancel:"),
}


def figures_browser(figures: pd.DataFrame, key: str = "figures") -> None:
    """Every figure with its basis and source: search box, basis and dimension filters."""
    search, bases, dims = st.columns([2, 2, 2])
    query = search.text_input(
        "Search", key=f"{key}_query", placeholder="e.g. Europe 2030, interpolated"
    )
    basis = bases.multiselect(
        "Basis", list(BASIS_BADGE), default=list(BASIS_BADGE), key=f"{key}_basis",
        format_func=lambda b: BASIS_BADGE[b],
    )  # fmt: skip
    dimensions = sorted(set(figures["dimension"]))
    chosen = dims.multiselect(
        "Dimension",
        dimensions,
        default=dimensions,
        key=f"{key}_dimension",
        format_func=dimension_label,
    )
    shown = filter_rows(figures, query, basis=basis, dimension=chosen)
    st.caption(f"{len(shown):,} of {len(figures):,} figures")
    st.dataframe(
        shown.assign(basis=shown["basis"].map(_badge)), placeholder=MISSING, hide_index=True,
        width="stretch", height=420,
        column_config={
            "dimension": st.column_config.TextColumn("Dimension", width="small"),
            "segment": st.column_config.TextColumn("Segment"),
            "year": st.column_config.NumberColumn("Year", format="%d", width="small"),
            "metric": st.column_config.TextColumn("Metric", width="small"),
            "period": st.column_config.TextColumn("Period", width="small"),
            "value": st.column_config.NumberColumn("Value", format="%.2f"),
            "unit": st.column_config.TextColumn("Unit", width="small"),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "source": st.column_config.TextColumn("Source"),
            "note": st.column_config.TextColumn("Note", width="large"),
        },
    )  # fmt: skip


def audit_by_severity(findings: list[Finding], market: Market) -> None:
    """The full audit, one expander per severity (errors and warnings open)."""
    counts = severity_counts(findings)
    titles = {"error": "Errors", "warning": "Warnings", "info": "Checks passed and notes"}
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        with st.expander(
            f"{titles[severity]} ({counts[severity]})", expanded=severity != "info" and bool(group),
            icon=SEVERITY_ICON[severity],
        ):  # fmt: skip
            findings_list(group, market, columns=2, empty=f"No {titles[severity].lower()}.")


def simple_table(
    frame: pd.DataFrame, labels: dict[str, str], key: str, height: int | None = None
) -> None:
    """A read-only table with people's column names (columns not in ``labels`` hidden)."""
    st.dataframe(
        frame, placeholder=MISSING, hide_index=True, width="stretch", key=key, height=height or "auto",
        column_order=list(labels),
        column_config={c: st.column_config.TextColumn(label) for c, label in labels.items()},
    )  # fmt: skip


def cagr_table(cagrs: pd.DataFrame) -> None:
    """Stated vs implied CAGR per publisher, with the gap in points."""
    st.dataframe(
        cagrs, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)", pinned=True),
            "scope": st.column_config.TextColumn("Scope"),
            "is_primary": st.column_config.CheckboxColumn("This report", width="small"),
            "stated_cagr_pct": st.column_config.NumberColumn("Stated CAGR", format="%.2f %%"),
            "stated_period": st.column_config.TextColumn("Stated for", width="small"),
            "implied_cagr_pct": st.column_config.NumberColumn("Implied by its sizes", format="%.2f %%"),
            "implied_period": st.column_config.TextColumn("Sizes of", width="small"),
            "gap_pts": st.column_config.NumberColumn("Gap (points)", format="%+.2f"),
        },
    )  # fmt: skip


def spread_table(summary: pd.DataFrame, spread: pd.DataFrame) -> None:
    """Min / median / max of the publishers' sizes for the year, then each publisher's."""
    st.dataframe(
        summary, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "scope": st.column_config.TextColumn("Scope"),
            "publishers": st.column_config.NumberColumn("Publishers", width="small"),
            "min_usd_bn": st.column_config.NumberColumn("Lowest", format="USD %.1f bn"),
            "median_usd_bn": st.column_config.NumberColumn("Median", format="USD %.1f bn"),
            "max_usd_bn": st.column_config.NumberColumn("Highest", format="USD %.1f bn"),
        },
    )  # fmt: skip
    st.dataframe(
        spread.assign(basis=spread["basis"].map(_badge)), placeholder=MISSING, hide_index=True,
        width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Publisher (edition)"),
            "scope": st.column_config.TextColumn("Scope"),
            "is_primary": st.column_config.CheckboxColumn("This report", width="small"),
            "size_usd_bn": st.column_config.NumberColumn("Size (USD bn)", format="USD %.1f bn"),
            "basis": st.column_config.TextColumn("Basis", width=105),
            "method": st.column_config.TextColumn("How", width="large"),
        },
    )  # fmt: skip


UPLOAD_TYPES = ["csv", "xlsx", "parquet"]


def display_name(name: str) -> str:
    """An uploaded file's name for messages only (never a path): base name, printable, short.

    >>> display_name("../../etc/passwd.csv")
    'passwd.csv'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable()).strip() or "upload"
    return clean[-80:]


def import_flow() -> None:
    """Upload a market file: every problem listed, or a preview and an Import button."""
    round_ = st.session_state.setdefault("upload_round", 0)
    upload = st.file_uploader(
        "Market file (CSV, XLSX or Parquet, up to 20 MB)", type=UPLOAD_TYPES, key=f"upload_{round_}",
        help="One figure a row, in the interchange format of the template.",
    )  # fmt: skip
    done = st.session_state.pop("imported", None)
    if done:
        st.success(
            f"Imported **{plain(done)}**. It is now the active market.",
            icon=":material/check_circle:",
        )
    if upload is None:
        return
    name = display_name(upload.name)
    try:
        market = bundle_from_bytes(upload.getvalue(), name)
    except InvalidInput as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        st.error(
            f"**{plain(name)}** cannot be imported: {len(errors)} problem(s) to fix. Nothing was saved.",
            icon=":material/error:",
        )
        problems_table(exc.problems)
        return
    _preview(market)


def _preview(market: Market) -> None:
    store = data_store()
    exists = market.id in {m.id for m in store.markets()}
    figures = market.figures
    years = figures["year"].dropna()
    st.success(
        f"**{plain(market.meta.name)}** ({plain(market.id)}) is valid: {len(figures):,} figures, "
        f"{int(years.min())}–{int(years.max())}, dimensions: "
        f"{plain(', '.join(dimension_label(d) for d in market.dimensions()))}.",
        icon=":material/task_alt:",
    )
    st.dataframe(
        figures.head(200), placeholder=MISSING, hide_index=True, width="stretch", height=260
    )
    confirmed = True
    if exists:
        confirmed = st.checkbox(
            f"Replace the existing market '{market.id}' (its figures and assumptions are overwritten)",
            key="upload_replace",
        )
    if st.button(
        "Import",
        type="primary",
        disabled=not confirmed,
        key="upload_import",
        icon=":material/upload:",
    ):
        store.save(market)
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
        st.session_state["imported"] = market.meta.name
        st.session_state[MARKET_PARAM] = market.id
        st.query_params[MARKET_PARAM] = market.id
        st.rerun()


def template_downloads() -> None:
    """The empty, documented template as CSV and as XLSX."""
    from pmdash import export  # openpyxl costs ~0.1 s of every page's cold start otherwise

    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        "Template (CSV)", export.template_csv(), file_name="pmdash-template.csv", mime="text/csv",
        key="template_csv", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip
    right.download_button(
        "Template (XLSX)", export.template_xlsx, file_name="pmdash-template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="template_xlsx", icon=":material/download:", on_click="ignore", width="stretch",
    )  # fmt: skip


def markets_overview() -> None:
    """Every imported market, and the picker for the active one."""
    markets = data_store().markets()
    frame = pd.DataFrame(
        [
            {
                "name": m.name, "id": m.id,
                "years": f"{m.years[0]}–{m.years[1]}" if m.years else "",
                "dimensions": ", ".join(dimension_label(d) for d in m.dimensions),
                "figures": m.rows,
            }
            for m in markets
        ]
    )  # fmt: skip
    st.dataframe(
        frame, placeholder=MISSING, hide_index=True, width="stretch",
        column_config={
            "name": "Market", "id": "Id", "years": "Years", "dimensions": "Dimensions",
            "figures": st.column_config.NumberColumn("Figures", width="small"),
        },
    )  # fmt: skip
    market_picker("Active market", key="data_market_picker")


def chart_png_picker(market: Market, info: MarketInfo) -> None:
    """Pick any chart of the app and download it as a PNG (rendered on click)."""
    builders = chart_builders(market, info)
    if not builders:
        st.caption("This market has no figures to chart yet.")
        return
    name = st.selectbox("Chart", list(builders), key="data_png_chart")
    fig = builders[name]()
    png_download(
        fig, f"{market.id}-{name.lower().replace(' ', '-')}", key="data_png", label="Download PNG"
    )


def chart_builders(market: Market, info: MarketInfo) -> dict[str, Callable[[], go.Figure]]:
    """The app's charts of a market, by name, built only when called."""
    full = full_figures(info)
    kpis = headline_kpis(market, full, date.today().year)
    builders: dict[str, Callable[[], go.Figure]] = {
        "Market size by year": lambda: market_size_chart(
            full, source_label=market.source_label(market.meta.primary_source),
            stated_cagr_pct=kpis.stated_cagr_pct, cagr_period=kpis.cagr_period,
        ),
    }  # fmt: skip
    for dimension in sized_dimensions(full):
        years = dimension_years(full, dimension)
        view = segment_view(market, full, dimension, (years[0], years[-1]))
        colors = segment_colors(market, dimension)
        label = dimension_label(dimension)
        builders[f"{label} sizes"] = functools.partial(stacked_chart, view, colors, mode="size")
        builders[f"{label} shares"] = functools.partial(stacked_chart, view, colors, mode="share")
    estimates = publisher_estimates(market)
    if estimates["source"].nunique() > 1:
        builders["Publishers compared"] = lambda: estimates_chart(
            estimates, cagr_paths(estimates), log_y=True
        )
    return builders

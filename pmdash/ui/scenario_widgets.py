"""The scenario studio's widgets: state, sliders, results, save/compare, downloads.

One :class:`~pmdash.scenarios.Scenario` in ``st.session_state`` is the truth.
Widget callbacks change it; :func:`_show` then writes it back to every widget
and to the URL (``st.query_params``), so a copied link reopens the same scenario.
The maths is all in :mod:`pmdash.scenarios`; the figures in :mod:`pmdash.charts.scenario`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pmdash import urlstate
from pmdash.brief import brief_html
from pmdash.charts import scenario as charts
from pmdash.charts.market import segment_colors
from pmdash.charts.static import to_png
from pmdash.formatting import delta_usd_bn, pct, points, usd_bn
from pmdash.model import Market
from pmdash.scenario_store import Draft, Rejected, SavedScenario, ScenarioStore, database_url
from pmdash.scenarios import (
    PRESET_LABELS,
    PRESETS,
    SHOCK_LIMITS_PCT,
    Frame,
    Outcome,
    PresetName,
    Scenario,
    as_reported,
    available_presets,
    compare,
    coverage,
    frame_of,
    is_assumed_year,
    outcome,
    project,
    publisher_range,
    rates_for,
    region_table,
    same_assumptions,
    sensitivity,
    slug,
    years_of,
)
from pmdash.store import MarketInfo
from pmdash.ui.auth import current_user
from pmdash.ui.data import audit_findings, data_store, load_market
from pmdash.ui.widgets import MISSING, png_button

STATE: Final = "scenario"
NOTICES: Final = "scenario_notices"
OWNER: Final = "scenario_market"
SHARE_OPEN: Final = "sc_share_open"
RATE_STEP: Final = 0.1
COMPARE_MAX: Final = 4


@dataclass(frozen=True)
class Context:
    """What the studio needs of a market, computed once per market version."""

    market: Market
    info: MarketInfo
    frame: Frame
    presets: dict[PresetName, Scenario]


@st.cache_resource(show_spinner=False, max_entries=32)
def _frame_and_presets(
    root: str, market_id: str, version: str
) -> tuple[Frame, dict[PresetName, Scenario]]:
    market = load_market(root, market_id, version)
    frame = frame_of(market.figures)
    return frame, available_presets(market.figures, market.estimates, frame)


@dataclass(frozen=True)
class Results:
    """Everything the studio shows for one scenario (the maths is :mod:`pmdash.scenarios`)."""

    projection: pd.DataFrame
    reported: pd.DataFrame  # "As reported" up to the same target year
    outcome: Outcome
    reported_cagr_pct: float


# Results are cached per (market version, scenario): a scenario is a frozen dataclass,
# so a slider step back to a value already seen costs a lookup, not a projection.
# Shared (cache_resource), never copied: a step reads them three times, and unpickling
# a copy each time (cache_data) cost more than the lookup. Nothing mutates them.
@st.cache_resource(show_spinner=False, max_entries=256)
def _results(root: str, market_id: str, version: str, scenario: Scenario) -> Results:
    figures = load_market(root, market_id, version).figures
    frame, _ = _frame_and_presets(root, market_id, version)
    reported, reported_cagr_pct = _as_reported(
        root, market_id, version, years_of(frame, scenario)[1]
    )
    projection = project(figures, scenario, frame)
    return Results(
        projection=projection,
        reported=reported,
        outcome=outcome(figures, scenario, frame, projection=projection, baseline=reported),
        reported_cagr_pct=reported_cagr_pct,
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _as_reported(
    root: str, market_id: str, version: str, end_year: int
) -> tuple[pd.DataFrame, float]:
    """ "As reported" to ``end_year`` and its growth: the same for every rate a slider sets."""
    figures = load_market(root, market_id, version).figures
    frame, _ = _frame_and_presets(root, market_id, version)
    baseline = as_reported(Scenario(end_year=end_year), frame)
    return project(figures, baseline, frame), outcome(figures, baseline, frame).cagr_pct


@st.cache_data(show_spinner=False, max_entries=256)
def _sensitivity(root: str, market_id: str, version: str, scenario: Scenario) -> pd.DataFrame:
    frame, _ = _frame_and_presets(root, market_id, version)
    return sensitivity(load_market(root, market_id, version).figures, scenario, frame=frame)


# Figures are shared resources, never mutated once built; unpickling a plotly figure
# (what st.cache_data would do) costs about as much as building it.
@st.cache_resource(show_spinner=False, max_entries=256)
def _path_figure(
    root: str, market_id: str, version: str, scenario: Scenario, band: bool
) -> go.Figure:
    market = load_market(root, market_id, version)
    frame, _ = _frame_and_presets(root, market_id, version)
    results = _results(root, market_id, version, scenario)
    years = range(frame.first_year, int(results.projection["year"].max()) + 1)
    label = (
        "Your scenario"
        if scenario.preset == "custom"
        else f"Scenario: {PRESET_LABELS[scenario.preset]}"
    )
    return charts.path_chart(
        results.projection, results.reported, frame.last_year, label=label, height=430,
        band=publisher_range(market.estimates, years) if band else None,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=256)
def _regions_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    market = load_market(root, market_id, version)
    frame, _ = _frame_and_presets(root, market_id, version)
    projection = _results(root, market_id, version, scenario).projection
    return charts.regions_chart(
        projection, region_colors(market, frame), frame.last_year, height=360
    )


@st.cache_resource(show_spinner=False, max_entries=256)
def _shares_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    market = load_market(root, market_id, version)
    frame, _ = _frame_and_presets(root, market_id, version)
    found = _results(root, market_id, version, scenario)
    return charts.shares_chart(
        region_table(found.projection), region_colors(market, frame),
        found.outcome.start_year, found.outcome.end_year, height=360,
    )  # fmt: skip


@st.cache_resource(show_spinner=False, max_entries=256)
def _tornado_figure(root: str, market_id: str, version: str, scenario: Scenario) -> go.Figure:
    end = _results(root, market_id, version, scenario).outcome.end_year
    return charts.tornado_chart(_sensitivity(root, market_id, version, scenario), end, height=300)


def region_colors(market: Market, frame: Frame) -> dict[str, str]:
    """The regions' colours as on every other page (the market's catalogue order)."""
    return segment_colors(market, frame.dimension)


def results(ctx: Context, scenario: Scenario | None = None) -> Results:
    """The cached results of ``scenario`` (by default the current one)."""
    return _results(*_key(ctx), scenario or current())


def _key(ctx: Context) -> tuple[str, str, str]:
    return str(data_store().root), ctx.info.id, ctx.info.version


@st.cache_resource(show_spinner=False)
def scenario_store(url: str) -> ScenarioStore:
    """The saved-scenario database, opened once per process."""
    return ScenarioStore(url)


def context(market: Market, info: MarketInfo) -> Context:
    frame, presets = _frame_and_presets(str(data_store().root), info.id, info.version)
    return Context(market, info, frame, presets)


# --- state --------------------------------------------------------------------------


def start(ctx: Context) -> list[str]:
    """Read the scenario from the URL the first time the page shows this market."""
    if st.session_state.get(OWNER) != ctx.info.id or STATE not in st.session_state:
        params = {k: v for k, v in st.query_params.to_dict().items()}
        scenario, notices = urlstate.parse(params, ctx.frame, ctx.presets)
        st.session_state[OWNER] = ctx.info.id
        st.session_state[NOTICES] = notices
        _set(ctx, scenario)
    return list(st.session_state.get(NOTICES, []))


def current() -> Scenario:
    scenario = st.session_state[STATE]
    assert isinstance(scenario, Scenario)
    return scenario


def _set(ctx: Context, scenario: Scenario, sliders: bool = True) -> None:
    """Make ``scenario`` the truth and write it to the widgets (before they are drawn).

    ``sliders=False`` leaves the rate sliders alone: rewriting sliders while the user
    drags one makes the browser report them back as moves.
    """
    named = ctx.presets.get(scenario.preset) if scenario.preset != "custom" else None
    if named is None or not same_assumptions(scenario, named):
        scenario = replace(scenario, preset="custom")
    st.session_state[STATE] = scenario
    rates = rates_for(ctx.frame, scenario)
    shown = (
        scenario.cagr_pct
        if scenario.cagr_pct is not None
        else results(ctx, scenario).outcome.cagr_pct
    )
    widgets: dict[str, Any] = {
        "sc_preset": scenario.preset,
        "sc_cagr": _slider_rate(shown),
        "sc_start": scenario.start_year,
        "sc_end": scenario.end_year,
        "sc_shock_on": bool(scenario.shock_pct),
        **{f"sc_rate_{slug(p)}": _slider_rate(r) for p, r in rates.items()},
    }
    if scenario.segment_cagr_pct:
        widgets["sc_each"] = True
    if scenario.shock_pct:
        widgets["sc_shock_year"] = scenario.shock_year
        widgets["sc_shock_pct"] = float(scenario.shock_pct)
    if not sliders:
        widgets = {k: v for k, v in widgets.items() if not k.startswith(("sc_cagr", "sc_rate_"))}
    for key, value in widgets.items():
        # Rewriting a widget the user is moving would fight the browser; write only changes.
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _slider_rate(rate: float) -> float:
    low, high = urlstate.RATE_RANGE_PCT
    return float(min(max(round(rate, 1), low), high))


def _on_preset(ctx: Context) -> None:
    name = st.session_state.get("sc_preset")
    scenario = current()
    if name is None or name == "custom":
        _set(ctx, replace(scenario, preset="custom"))
        return
    chosen = ctx.presets[name]
    # A preset sets the growth assumptions; the target year stays where the user put it.
    end = (
        scenario.end_year
        if scenario.end_year and scenario.end_year > (chosen.start_year or 0)
        else chosen.end_year
    )
    _set(ctx, replace(chosen, end_year=end))


def _on_global(ctx: Context) -> None:
    rate = float(st.session_state["sc_cagr"])
    scenario = current()
    if (
        scenario.cagr_pct is not None
        and abs(rate - scenario.cagr_pct) < 1e-6
        and not scenario.segment_cagr_pct
    ):
        return  # the browser echoing a value it was sent
    _set(ctx, replace(scenario, cagr_pct=rate, segment_cagr_pct=(), preset="custom"))


def _on_region(ctx: Context, part: str) -> None:
    rate = float(st.session_state[f"sc_rate_{slug(part)}"])
    scenario = current()
    if abs(rate - _slider_rate(rates_for(ctx.frame, scenario)[part])) < 1e-6:
        return  # the browser echoing a value it was sent
    _set(ctx, scenario.with_segment_rate(part, rate), sliders=False)


def _on_each(ctx: Context) -> None:
    scenario = current()
    _set(
        ctx, scenario if st.session_state.get("sc_each") else replace(scenario, segment_cagr_pct=())
    )


def _on_years(ctx: Context) -> None:
    scenario = current()
    begin = int(st.session_state["sc_start"])
    end = max(int(st.session_state["sc_end"]), begin + 1)
    shock = scenario.shock_year
    if shock is not None and not begin < shock <= end:
        shock = min(max(shock, begin + 1), end)
    _set(ctx, replace(scenario, start_year=begin, end_year=end, shock_year=shock))


def _on_shock(ctx: Context) -> None:
    scenario = current()
    if not st.session_state.get("sc_shock_on"):
        _set(ctx, replace(scenario, shock_year=None, shock_pct=0.0))
        return
    assert scenario.start_year is not None and scenario.end_year is not None
    default_year = min(scenario.start_year + 3, scenario.end_year)
    year = int(st.session_state.get("sc_shock_year") or default_year)
    year = min(max(year, scenario.start_year + 1), scenario.end_year)
    size = float(st.session_state.get("sc_shock_pct") or -10.0)
    _set(ctx, replace(scenario, shock_year=year, shock_pct=size or -10.0, preset="custom"))


# --- controls -----------------------------------------------------------------------


def preset_control(ctx: Context) -> None:
    """The presets as one segmented control; moving a slider selects Custom."""
    options = [p for p in PRESETS if p in ctx.presets or p == "custom"]
    st.segmented_control(
        "Preset", options, key="sc_preset", format_func=lambda p: PRESET_LABELS[p],
        on_change=_on_preset, args=(ctx,), width="stretch",
        help="As reported: each region at the rate its own figures imply. Headline CAGR: the "
        "report's stated rate from its stated base year. Conservative / Optimistic: each "
        "region 2 points below / above As reported. Consensus: the median of other "
        "publishers' stated CAGRs.",
    )  # fmt: skip


def sliders(ctx: Context) -> None:
    """Growth (global and per region), start and target year, the one-off shock."""
    scenario, frame = current(), ctx.frame
    low, high = urlstate.RATE_RANGE_PCT
    st.slider(
        "Market growth, % a year", low, high, step=RATE_STEP, key="sc_cagr", format="%.1f %%",
        on_change=_on_global, args=(ctx,),
        help="Sets every region's growth. Shows the effective rate when regions differ.",
    )  # fmt: skip
    each = frame.dimension != "total" and st.toggle(
        "Set each region", key="sc_each", on_change=_on_each, args=(ctx,)
    )
    if each:
        for part in frame.parts:
            st.slider(
                f"{part}, % a year", low, high, step=RATE_STEP,
                key=f"sc_rate_{slug(part)}", format="%.1f %%", on_change=_on_region, args=(ctx, part),
            )  # fmt: skip
    st.select_slider(
        "Start year", urlstate.start_years(frame), key="sc_start", on_change=_on_years, args=(ctx,)
    )
    st.slider(
        "Target year", min(urlstate.start_years(frame)) + 1, urlstate.max_target_year(frame),
        key="sc_end", on_change=_on_years, args=(ctx,),
        help=f"{coverage(frame)}; later years are extrapolated.",
    )  # fmt: skip
    if scenario.end_year and scenario.end_year > frame.last_year:
        st.caption(f"{frame.last_year + 1}–{scenario.end_year}: extrapolation beyond the report.")
    if st.toggle("One-off shock", key="sc_shock_on", on_change=_on_shock, args=(ctx,)):
        assert scenario.start_year is not None and scenario.end_year is not None
        st.slider(
            "Shock year", scenario.start_year + 1, max(scenario.end_year, scenario.start_year + 2),
            key="sc_shock_year", on_change=_on_shock, args=(ctx,),
        )  # fmt: skip
        st.slider(
            "Shock, % of the market from that year on", SHOCK_LIMITS_PCT[0], 50.0, step=1.0,
            key="sc_shock_pct", format="%+.0f %%", on_change=_on_shock, args=(ctx,),
        )  # fmt: skip


# --- results ------------------------------------------------------------------------


def kpis(ctx: Context) -> None:
    """Target-year size, its difference from "As reported" (absolute and %), growth."""
    found = results(ctx)
    result, reported_cagr = found.outcome, found.reported_cagr_pct
    moved = abs(result.delta_usd_bn) >= 0.05  # shown to one decimal: below it reads +0.0
    first, second, third = st.columns(3)
    first.metric(
        f"Market in {result.end_year}", usd_bn(result.end_usd_bn),
        f"{delta_usd_bn(result.delta_usd_bn)} ({pct(result.delta_pct, signed=True)}) vs as reported"
        if moved else "same as reported",
        border=True, delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off",
    )  # fmt: skip
    if result.extrapolated:
        whose = f"extrapolated past {ctx.frame.last_year}"
    elif is_assumed_year(ctx.frame, result.end_year):
        whose = "an analyst's assumption"
    else:
        whose = "the source's own figures"
    second.metric(
        f"As reported, {result.end_year}", usd_bn(result.reported_usd_bn), whose,
        border=True, delta_color="off", delta_arrow="off",
    )  # fmt: skip
    faster = abs(result.cagr_pct - reported_cagr) >= 0.005
    third.metric(
        f"Growth a year, {result.start_year}–{result.end_year}", pct(result.cagr_pct, 2),
        f"{result.cagr_pct - reported_cagr:+.2f} pts vs as reported", border=True,
        delta_color="normal" if faster else "off", delta_arrow="auto" if faster else "off",
    )  # fmt: skip


def path(ctx: Context) -> None:
    """The market total under the scenario against "As reported", optional publishers' band."""
    band = not ctx.market.estimates.empty and bool(st.session_state.get("sc_band"))
    fig = _path_figure(*_key(ctx), current(), band)
    st.plotly_chart(fig, key="sc_path_chart", theme=None, config={"displayModeBar": False})
    if not ctx.market.estimates.empty:
        st.toggle("Show other publishers' range (middle half of their estimates)", key="sc_band")


def details(ctx: Context) -> None:
    """Each region under the scenario: figures, stacked, shares, or the ±1 point tornado.

    One tab at a time, and only the open one is computed and drawn. The first tab is
    figures, not a chart, so a slider step redraws one chart (the path), not two.
    """
    if ctx.frame.dimension == "total":
        st.caption("The source gives no regional split, so the market grows as one.")
        return
    outcome = results(ctx).outcome
    plain = {"displayModeBar": False}
    cards, regions, shares, tornado = st.tabs(
        ["By region", "Regions, stacked", "Shares", "Sensitivity"],
        key="sc_details", on_change="rerun",
    )  # fmt: skip
    if cards.open:
        with cards:
            region_cards(ctx)
    if regions.open:
        stacked = _regions_figure(*_key(ctx), current())
        regions.caption(f"Each region's size under the scenario, USD bn, {outcome.start_year}–"
                        f"{outcome.end_year}.")  # fmt: skip
        regions.plotly_chart(stacked, config=plain, theme=None, key="sc_regions_chart")
    if shares.open:
        bars = _shares_figure(*_key(ctx), current())
        shares.caption(f"Each region's share of the market, {outcome.start_year} (grey) vs "
                       f"{outcome.end_year}, with the change in points.")  # fmt: skip
        shares.plotly_chart(bars, config=plain, theme=None, key="sc_shares_chart")
    if tornado.open:
        tornado.caption(
            f"The {outcome.end_year} market if one region grows 1 point a year slower or faster."
        )
        tornado.plotly_chart(
            _tornado_figure(*_key(ctx), current()), config=plain, theme=None, key="sc_tornado_chart"
        )


@st.cache_resource(show_spinner=False, max_entries=256)
def _region_rows(root: str, market_id: str, version: str, scenario: Scenario) -> pd.DataFrame:
    """``region_table`` of the scenario, with each region's "As reported" target-year size."""
    found = _results(root, market_id, version, scenario)
    table = region_table(found.projection)
    reported = region_table(found.reported).set_index("segment")["end_usd_bn"]
    return table.assign(reported_usd_bn=table["segment"].map(reported))


def region_cards(ctx: Context) -> None:
    """One card a region: target-year size, against "As reported", and share of the market."""
    outcome = results(ctx).outcome
    rows = _region_rows(*_key(ctx), current()).to_dict("records")
    per_row = 2 if len(rows) in (2, 4) else 3  # a card fits "USD 1,094.8 bn" at 1/3 width
    st.caption(
        f"Each region in {outcome.end_year} under the scenario (USD bn), against the same "
        f"region as reported; its share of the market and the change since {outcome.start_year}."
    )
    for start in range(0, len(rows), per_row):
        for column, row in zip(st.columns(per_row), rows[start : start + per_row], strict=False):
            delta = float(row["end_usd_bn"]) - float(row["reported_usd_bn"])
            moved = abs(delta) >= 0.05
            column.metric(
                str(row["segment"]), usd_bn(float(row["end_usd_bn"])),
                f"{delta_usd_bn(delta)} vs as reported" if moved else "same as reported",
                delta_color="normal" if moved else "off", delta_arrow="auto" if moved else "off",
                border=True,
                help=f"Share of the market: {pct(float(row['end_share_pct']))} in "
                f"{outcome.end_year}, {points(float(row['share_change_pts']))} since "
                f"{outcome.start_year}.",
            )  # fmt: skip
            column.caption(
                f"{pct(float(row['end_share_pct']))} of the market · "
                f"{points(float(row['share_change_pts']), 1)} since {outcome.start_year}"
            )


def share_link(ctx: Context) -> str:
    """The URL that reopens the current scenario (also written to the address bar)."""
    params = urlstate.to_params(current(), ctx.frame)
    market = st.query_params.get("market")
    full = {**params, **({"market": market} if market else {})}
    if st.query_params.to_dict() != full:
        st.query_params.from_dict(full)
    base = st.context.url or "/scenarios"
    return f"{base}?{urlencode(full)}"


def share_box(ctx: Context, link: str) -> None:
    """The link to the scenario; the executive brief (HTML) and main chart (PNG), built on click."""
    scenario, market = current(), ctx.market
    stem = f"{market.id}-{slug(PRESET_LABELS[scenario.preset])}-{scenario.end_year}"

    def brief() -> str:
        findings = audit_findings(str(data_store().root), ctx.info.id, ctx.info.version)
        return brief_html(market, scenario, link=link, findings=findings)

    def png() -> bytes:
        found = results(ctx, scenario)
        fig = charts.path_chart(
            found.projection, found.reported, ctx.frame.last_year,
            label=PRESET_LABELS[scenario.preset],
        )  # fmt: skip
        fig.update_layout(title={"text": f"{market.meta.name}: market size, USD bn", "x": 0})
        return to_png(fig)

    # Drawn only when open, so a slider step sends one button, not the box's nine elements.
    box = st.popover(
        "Share and export", icon=":material/ios_share:", key=SHARE_OPEN, on_change="rerun",
        width="stretch", help="A link that reopens this exact scenario, the executive brief "
        "(HTML) and the main chart (PNG).",
    )  # fmt: skip
    if not box.open:
        return
    with box:
        # A text field, not st.code: the code block's highlighter is 1.5 MB of JavaScript.
        st.text_input(
            "Link to this scenario", link,
            help="Select it and copy; the address bar holds it too.",
        )  # fmt: skip
        st.download_button(
            "Executive brief (HTML)", brief, f"{stem}-brief.html", "text/html",
            on_click="ignore", type="primary", width="stretch", key="sc_brief",
            icon=":material/description:",
        )  # fmt: skip
        png_button(png, f"{stem}.png", key="sc_png", label="Main chart (PNG)", width="stretch")


# --- save, load, delete, compare ------------------------------------------------------


def store() -> ScenarioStore:
    return scenario_store(database_url(data_store().root))


def save_form(ctx: Context) -> None:
    """Name, author and note; a taken name asks before it overwrites."""
    with st.form("sc_save", clear_on_submit=False, border=False):
        name = st.text_input("Name", max_chars=80, placeholder="e.g. APAC push", key="sc_name")
        signed_in = current_user()  # with st.login configured, saves record who saved them
        author = st.text_input(
            "Your name", value=signed_in, max_chars=80, key="sc_author", disabled=bool(signed_in)
        )
        author = signed_in or author
        note = st.text_area("Note", max_chars=2000, height=80, key="sc_note")
        pressed = st.form_submit_button("Save scenario", type="primary", icon=":material/save:")
    if pressed:
        draft = Draft(name, urlstate.to_params(current(), ctx.frame), author, note)
        _report(store().save(ctx.info.id, draft))
        if st.session_state.get("sc_flash", ("",))[0] == "duplicate":
            st.session_state["sc_pending"] = draft
    kind, message = st.session_state.pop("sc_flash", ("", ""))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)
    pending = st.session_state.get("sc_pending")
    if isinstance(pending, Draft):
        st.warning(f"{message or 'That name is taken.'} Replace it with the current scenario?")
        yes, no = st.columns(2)
        yes.button(
            "Overwrite", key="sc_overwrite", type="primary", on_click=_on_overwrite, args=(ctx,)
        )
        no.button("Cancel", key="sc_keep", on_click=st.session_state.pop, args=("sc_pending", None))


def _report(saved: SavedScenario | Rejected) -> None:
    if isinstance(saved, Rejected):
        st.session_state["sc_flash"] = ("duplicate" if saved.duplicate else "error", saved.message)
        return
    version = f" (version {saved.version})" if saved.version > 1 else ""
    st.session_state["sc_flash"] = ("success", f"Saved **{saved.name}**{version}.")


def _on_overwrite(ctx: Context) -> None:
    pending = st.session_state.pop("sc_pending", None)
    if isinstance(pending, Draft):
        _report(store().save(ctx.info.id, pending, overwrite=True))


def saved_list(ctx: Context) -> None:
    """The market's saved scenarios: load, delete (confirmed), compare 2–4."""
    saved = store().list(ctx.info.id)
    if not saved:
        st.info("No saved scenarios yet for this market. Name the current one and save it.")
        return
    rows = []
    named: dict[str, Scenario] = {}
    for item in saved:
        scenario, _ = urlstate.parse(item.params, ctx.frame, ctx.presets)
        named[item.name] = scenario
        rows.append(
            {
                "Name": item.name,
                "By": item.author,
                "Saved": item.updated_at.strftime("%Y-%m-%d %H:%M"),
                "Note": item.note,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        key="sc_saved_table",
        placeholder=MISSING,
    )
    choice = st.selectbox("Saved scenario", list(named), key="sc_pick")
    a, b = st.columns(2)
    if choice:
        a.button(
            "Load", key="sc_load", width="stretch", on_click=_on_load, args=(ctx, named[choice])
        )
    if st.session_state.pop("sc_reload", False):
        st.rerun()  # the whole page, so the studio fragment shows the loaded scenario
    if b.button("Delete…", key="sc_delete", width="stretch"):
        st.session_state["sc_confirm"] = choice
    if st.session_state.get("sc_confirm") == choice and choice:
        st.warning(f"Delete **{choice}** for everyone? This cannot be undone.")
        yes, no = st.columns(2)
        if yes.button("Yes, delete", key="sc_delete_yes", type="primary", width="stretch"):
            store().delete(ctx.info.id, choice)
            st.session_state["sc_confirm"] = None
            st.rerun(scope="fragment")
        if no.button("Keep it", key="sc_delete_no", width="stretch"):
            st.session_state["sc_confirm"] = None
            st.rerun(scope="fragment")
    picked = st.multiselect(
        "Compare (2–4)", list(named), max_selections=COMPARE_MAX, key="sc_compare"
    )
    if len(picked) >= 2:
        comparison(ctx, {name: named[name] for name in picked})


def _on_load(ctx: Context, scenario: Scenario) -> None:
    _set(ctx, scenario)
    st.session_state[NOTICES] = []
    st.session_state["sc_reload"] = True


def comparison(ctx: Context, named: dict[str, Scenario]) -> None:
    figures, frame = ctx.market.figures, ctx.frame
    table = compare(figures, named, frame)
    shown = pd.DataFrame(
        {
            "Scenario": table["name"],
            "Preset": table["preset"],
            "Years": [
                f"{a}–{b}" for a, b in zip(table["start_year"], table["end_year"], strict=True)
            ],
            "Market, target year": [usd_bn(v) for v in table["end_usd_bn"]],
            "vs As reported": [
                f"{delta_usd_bn(d)} ({pct(p, signed=True)})"
                for d, p in zip(table["delta_usd_bn"], table["delta_pct"], strict=True)
            ],
            "Growth a year": [pct(v, 2) for v in table["cagr_pct"]],
            **{
                part: [usd_bn(v) for v in table[f"{part}_usd_bn"]]
                for part in frame.parts
                if f"{part}_usd_bn" in table
            },
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", placeholder=MISSING)
    end = max(s.end_year or frame.last_year for s in named.values())
    reported = project(
        figures, Scenario("reported", start_year=frame.first_year, end_year=end), frame
    )
    projections = {name: project(figures, s, frame) for name, s in named.items()}
    st.plotly_chart(
        charts.comparison_chart(projections, reported, frame.last_year),
        theme=None,
        config={"displayModeBar": False},
    )

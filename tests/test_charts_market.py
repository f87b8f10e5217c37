"""Chart builders, checked through fig.to_dict(): traces, basis styling, units, colours."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from pmdash.charts.market import (
    growth_bars,
    market_size_chart,
    segment_colors,
    segment_lines,
    share_donut,
    stacked_chart,
    view_chart,
    view_title,
)
from pmdash.charts.static import to_png, unavailable_reason
from pmdash.charts.theme import MAX_YEAR_TICKS, year_dtick
from pmdash.charts.triangulation import SCOPE_COLORS, estimates_chart, spread_chart
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.tables import cagr_paths, publisher_estimates, region_growth, segment_view, spread_at


@pytest.fixture(scope="module")
def full(seed_market: Market) -> pd.DataFrame:
    return expand(seed_market.figures)


@pytest.fixture(scope="module")
def regions(seed_market: Market, full: pd.DataFrame) -> pd.DataFrame:
    return segment_view(seed_market, full, "region", (2024, 2034))


def traces(fig: object) -> list[dict[str, object]]:
    """The figure's traces as plain dicts (arrays as lists, not plotly's binary encoding)."""
    return [
        {
            k: list(v) if hasattr(v, "tolist") or isinstance(v, tuple) else v
            for k, v in t.to_plotly_json().items()
        }
        for t in fig.data  # type: ignore[attr-defined]
    ]


def test_market_chart_draws_reported_solid_and_computed_hollow(full: pd.DataFrame) -> None:
    fig = market_size_chart(full, stated_cagr_pct=11.37, cagr_period=(2025, 2034))
    by_name = {t.get("name"): t for t in traces(fig)}
    reported = by_name["Reported by the source"]
    computed = by_name["Computed here (interpolated)"]
    assert list(reported["x"]) == [2024, 2025, 2034]
    assert reported["marker"]["color"] != "white" and computed["marker"]["color"] == "white"
    assert len(computed["x"]) == 8
    assert fig.to_dict()["layout"]["yaxis"]["title"]["text"] == "Market size (USD bn)"


def test_market_chart_shows_where_the_stated_cagr_would_lead(full: pd.DataFrame) -> None:
    fig = market_size_chart(full, stated_cagr_pct=11.37, cagr_period=(2025, 2034))
    path = next(t for t in traces(fig) if str(t.get("name", "")).startswith("At the stated"))
    assert path["y"][0] == pytest.approx(616.26)
    assert path["y"][-1] == pytest.approx(616.26 * 1.1137**9)
    texts = [a["text"] for a in fig.to_dict()["layout"]["annotations"]]
    assert "USD 1,094.8 bn reported" in texts


def test_hover_is_short_lines_with_units_value_share_basis_and_source(
    regions: pd.DataFrame, seed_market: Market
) -> None:
    fig = stacked_chart(regions, segment_colors(seed_market, "region"))
    europe = next(t for t in traces(fig) if t["name"] == "Europe")
    assert europe["hovertemplate"] == "%{customdata}<extra></extra>"
    lines = europe["customdata"][0].split("<br>")
    assert lines == [
        "<b>Europe, 2024</b>",
        "USD 166.0 bn · 28.7 % of the market",
        "Reported by the source",
        "Source: Cervicorn Consulting (2025)",
    ]


def test_donut_hover_is_one_text_a_slice_with_missing_parts_left_out(
    regions: pd.DataFrame,
) -> None:
    # plotly gives a pie's hover template its custom data as a list of the slice's points:
    # "%{customdata[0]}" printed the whole row ("…,Cervicorn Consulting · - of the market").
    no_source = regions.assign(source="", share_pct=None)
    donut = traces(share_donut(regions, 2024, {}))[0]
    assert "customdata[" not in donut["hovertemplate"]
    assert all(isinstance(text, str) for text in donut["customdata"])
    bare = stacked_chart(no_source, {})
    text = traces(bare)[0]["customdata"][0]
    assert "Source" not in text and "of the market" not in text and " - " not in text
    assert text.split("<br>")[1] == "USD 259.9 bn"


def test_hover_text_from_data_is_escaped(regions: pd.DataFrame) -> None:
    hostile = regions.assign(segment="<a href='x'>Europe</a>")
    text = traces(stacked_chart(hostile, {}))[0]["customdata"][0]
    assert "<a" not in text and "&lt;a href=" in text


def test_stacked_bars_are_lighter_when_computed_and_keyed_in_the_legend(
    regions: pd.DataFrame, seed_market: Market
) -> None:
    fig = stacked_chart(regions, segment_colors(seed_market, "region"))
    europe = next(t for t in traces(fig) if t["name"] == "Europe")
    opacity = list(europe["marker"]["opacity"])
    assert opacity[0] == 1.0 and opacity[1] < 1.0 and opacity[-1] == 1.0
    assert "Computed (lighter)" in [t["name"] for t in traces(fig)]
    assert fig.to_dict()["layout"]["barmode"] == "stack"


def test_assumed_bars_are_hatched(regions: pd.DataFrame) -> None:
    assumed = regions.assign(size_basis="assumed")
    fig = stacked_chart(assumed, {})
    first = traces(fig)[0]
    assert set(first["marker"]["pattern"]["shape"]) == {"/"}
    assert "Assumed (hatched)" in [t["name"] for t in traces(fig)]
    # plotly's default "replace" fill draws the hatching on a transparent background:
    # white lines on white, an invisible bar. "overlay" keeps the bar's colour under them.
    assert all(t["marker"]["pattern"]["fillmode"] == "overlay" for t in traces(fig))


@pytest.mark.skipif(unavailable_reason() is not None, reason="PNG export needs Chromium")
def test_hatched_bars_keep_their_colour_when_drawn(regions: pd.DataFrame) -> None:
    europe = regions[regions["segment"] == "Europe"].assign(size_basis="assumed")
    fig = stacked_chart(europe, {"Europe": "#0072B2"}).update_layout(showlegend=False)
    png = Image.open(io.BytesIO(to_png(fig, width=400, height=300, scale=1))).convert("RGB")
    r, g, b = np.asarray(png, dtype=int).transpose(2, 0, 1)
    bluish = int(((b > r + 60) & (b > g + 20)).sum())
    assert bluish > 0.1 * png.width * png.height  # the bars, not only white hatching


def test_share_mode_uses_percent_axis(regions: pd.DataFrame) -> None:
    layout = stacked_chart(regions, {}, mode="share").to_dict()["layout"]
    assert layout["yaxis"]["title"]["text"] == "Share of the market (%)"
    assert list(layout["yaxis"]["range"]) == [0, 100]


def test_area_kind_stacks_lines(regions: pd.DataFrame) -> None:
    assert {t["stackgroup"] for t in traces(stacked_chart(regions, {}, kind="area"))} == {"one"}


def test_colours_are_stable_per_segment_across_charts(
    regions: pd.DataFrame, seed_market: Market
) -> None:
    colors = segment_colors(seed_market, "region")
    bars = {t["name"]: t["marker"]["color"] for t in traces(stacked_chart(regions, colors))}
    lines = {t["name"]: t["line"]["color"] for t in traces(segment_lines(regions, colors))}
    donut = traces(share_donut(regions, 2030, colors))[0]
    assert (
        bars["LAMEA"]
        == lines["LAMEA"]
        == dict(zip(donut["labels"], donut["marker"]["colors"], strict=True))["LAMEA"]
    )


def test_donut_adds_a_grey_slice_for_what_segments_leave_out(regions: pd.DataFrame) -> None:
    donut = traces(share_donut(regions, 2024, {}, not_attributed_usd_bn=57.8, total_usd_bn=578.0))[
        0
    ]
    assert donut["labels"][-1] == "Not attributed" and donut["values"][-1] == pytest.approx(10.0)


def test_growth_bars_mark_reference_rates(seed_market: Market, full: pd.DataFrame) -> None:
    fig = growth_bars(region_growth(seed_market, full), {}, references=[("Market, stated", 11.37)])
    shapes = fig.to_dict()["layout"]["shapes"]
    assert shapes[0]["x0"] == 11.37
    assert list(traces(fig)[0]["y"]) == ["LAMEA", "Asia-Pacific", "Europe", "North America"]


def test_reference_rates_are_named_in_the_legend_not_beside_the_axis(
    seed_market: Market, full: pd.DataFrame
) -> None:
    references = [("Market, stated", 11.37), ("Market, implied", 6.59)]
    fig = growth_bars(region_growth(seed_market, full), {}, references=references)
    assert not fig.to_dict()["layout"].get("annotations")  # "Market, implied" sat on the axis
    names = [t["name"] for t in traces(fig) if t.get("showlegend")]
    assert names == ["Market, stated: 11.37 %", "Market, implied: 6.59 %"]


def test_estimates_chart_shows_the_markets_scope_and_highlights_the_source(
    seed_market: Market,
) -> None:
    estimates = publisher_estimates(seed_market)
    fig = estimates_chart(estimates, cagr_paths(estimates), log_y=True)
    points = {t["name"]: t for t in traces(fig) if "markers" in t["mode"]}
    assert set(points) == {
        "Cervicorn Consulting (2025) — this market's source",
        "Grand View Research (2021)",
        "Precedence Research (2022)",
    }
    assert (
        points["Cervicorn Consulting (2025) — this market's source"]["marker"]["symbol"] == "star"
    )
    layout = fig.to_dict()["layout"]
    assert layout["yaxis"]["type"] == "log" and "xaxis2" not in layout  # one panel
    ends = [a["text"] for a in layout["annotations"] if a.get("name") == "end-1"]
    assert "Grand View Research (2021)" in ends


def test_other_scopes_get_a_panel_beside_never_the_same_axes(seed_market: Market) -> None:
    estimates = publisher_estimates(seed_market, other_scopes=True)
    fig = estimates_chart(estimates, cagr_paths(estimates), log_y=True)
    points = {t["name"]: t for t in traces(fig) if "markers" in t["mode"]}
    assert points["BIS Research ⚠"]["xaxis"] == "x2"  # ⚠: its edition year is unknown
    assert points["BIS Research ⚠"]["marker"]["color"] == SCOPE_COLORS["precision medicine"]
    assert points["Grand View Research (2021)"].get("xaxis", "x") == "x"
    ends = {a["text"] for a in fig.to_dict()["layout"]["annotations"] if a.get("name") == "end-2"}
    assert "Global Market Insights (2016) ⚠" in ends  # an old edition, flagged
    assert "BIS Research (edition ?) ⚠" in ends  # an edition of unknown year, flagged


def test_on_a_phone_the_legend_names_the_lines(seed_market: Market) -> None:
    estimates = publisher_estimates(seed_market, other_scopes=True)
    fig = estimates_chart(estimates, cagr_paths(estimates), log_y=True, compact=True)
    ends = [
        a for a in fig.to_dict()["layout"]["annotations"] if a.get("name", "").startswith("end")
    ]
    assert ends and not any(a["visible"] for a in ends)
    assert "Global Market Insights (2016) ⚠" in {t["name"] for t in traces(fig)}


def test_spread_chart_shows_projected_sizes_hollow(seed_market: Market) -> None:
    spread = spread_at(publisher_estimates(seed_market), 2030)
    names = {t["name"]: t for t in traces(spread_chart(spread, 2030))}
    assert names["Projected here"]["marker"]["color"] == "white"
    assert "Stated for the year" in names


def test_builders_do_not_mutate_their_inputs(regions: pd.DataFrame) -> None:
    before = regions.copy()
    stacked_chart(regions, {})
    share_donut(regions, 2030, {})
    segment_lines(regions, {})
    pd.testing.assert_frame_equal(regions, before)


def test_png_export_reports_a_missing_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    from choreographer.browsers.chromium import Chromium

    from pmdash.charts import static

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **_: None))
    assert static.unavailable_reason() == static.NO_CHROMIUM


@pytest.mark.parametrize(
    ("first", "last", "step"), [(2024, 2034, 1), (2024, 2035, 1), (2018, 2040, 2), (1990, 2040, 5)]
)
def test_year_labels_never_crowd_the_axis(first: int, last: int, step: int) -> None:
    assert year_dtick(first, last) == step
    assert (last - first) // year_dtick(first, last) + 1 <= MAX_YEAR_TICKS


def test_a_long_year_axis_labels_every_other_year(seed_market: Market, full: pd.DataFrame) -> None:
    view = segment_view(seed_market, full, "region", (2024, 2034))
    assert stacked_chart(view, {}).to_dict()["layout"]["xaxis"]["dtick"] == 1
    earlier = view.assign(year=view["year"] - 11)  # 2013-2023: 22 years in all
    long_view = pd.concat([earlier, view], ignore_index=True)
    assert stacked_chart(long_view, {}).to_dict()["layout"]["xaxis"]["dtick"] == 2


@pytest.fixture(scope="module")
def end_users(seed_market: Market, full: pd.DataFrame) -> pd.DataFrame:
    """The seed report sizes its end users for 2024 only."""
    return segment_view(seed_market, full, "end_user", (2024, 2034))


def test_a_view_of_one_year_is_told_from_one_over_time(
    end_users: pd.DataFrame, regions: pd.DataFrame
) -> None:
    assert (view_chart(end_users), view_chart(regions), view_chart(end_users.head(0))) == (
        "one_year",
        "over_time",
        "empty",
    )


@pytest.mark.parametrize("kind", ["bar", "area"])
def test_a_dimension_sized_for_one_year_gets_one_bar_a_segment(
    end_users: pd.DataFrame, kind: str
) -> None:
    fig = stacked_chart(end_users, {}, kind=kind, dimension="end_user")  # type: ignore[arg-type]
    bars = traces(fig)
    assert {t["type"] for t in bars} == {"bar"} and bars[0]["orientation"] == "h"
    assert len([y for t in bars for y in t["y"] if y is not None]) == end_users["segment"].nunique()
    assert not any("2023" in str(t.get("x")) or "2023" in str(t.get("y")) for t in bars)


def test_a_one_year_heading_names_the_year_once(end_users: pd.DataFrame) -> None:
    assert view_title(end_users, "end_user") == "End user in 2024 (USD bn)"
    assert "2024–2024" not in view_title(end_users, "end_user", "share")

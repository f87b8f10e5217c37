"""Page-ready tables: KPIs, segment views, regional growth, claims, triangulation."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.audit import audit
from pmdash.metrics import expand
from pmdash.model import Market
from pmdash.tables import (
    COMPARED,
    NOT_COMPARED,
    THIS_REPORT,
    cagr_paths,
    claims_table,
    dimension_years,
    figures_table,
    filter_rows,
    headline_kpis,
    meta_table,
    publisher_cagrs,
    publisher_estimates,
    region_growth,
    segment_view,
    sized_dimensions,
    spread_at,
    spread_summary,
    unattributed,
)
from tests.test_metrics import _no_infinity, finite


@pytest.fixture(scope="module")
def full(seed_market: Market) -> pd.DataFrame:
    return expand(seed_market.figures)


def test_headline_kpis_of_the_seed(seed_market: Market, full: pd.DataFrame) -> None:
    kpis = headline_kpis(seed_market, full, today_year=2026)
    assert (kpis.base_year, kpis.base_size_usd_bn) == (2024, 578.14)
    assert (kpis.latest_year, kpis.latest_size_usd_bn) == (2025, 616.26)
    assert (kpis.forecast_year, kpis.forecast_size_usd_bn) == (2034, 1094.83)
    assert kpis.cagr_period == (2025, 2034) and kpis.stated_cagr_pct == 11.37
    assert round(kpis.implied_cagr_pct or 0, 2) == 6.59
    assert round(kpis.cagr_gap_pts or 0, 2) == 4.78
    assert (kpis.dominant_segment, kpis.dominant_share_pct) == ("North America", 44.96)


@pytest.mark.parametrize(
    ("today", "latest"), [(2024, 2024), (2025, 2025), (2040, 2034), (2000, None)]
)
def test_latest_estimate_is_the_last_reported_year_up_to_today(
    seed_market: Market, full: pd.DataFrame, today: int, latest: int | None
) -> None:
    assert headline_kpis(seed_market, full, today).latest_year == latest


def test_sized_and_unsized_dimensions(full: pd.DataFrame) -> None:
    assert sized_dimensions(full) == ["end_user", "region"]
    assert dimension_years(full, "end_user") == [2024]


def test_segment_view_keeps_catalogue_order_and_range(
    seed_market: Market, full: pd.DataFrame
) -> None:
    view = segment_view(seed_market, full, "region", (2030, 2031))
    assert list(dict.fromkeys(view["segment"])) == [
        "North America",
        "Europe",
        "Asia-Pacific",
        "LAMEA",
    ]
    assert set(view["year"]) == {2030, 2031}
    europe = view[(view["segment"] == "Europe") & (view["year"] == 2030)].iloc[0]
    assert round(europe["size_usd_bn"], 2) == 243.56 and europe["size_basis"] == "derived"


def test_segment_shares_add_up_to_100(seed_market: Market, full: pd.DataFrame) -> None:
    view = segment_view(seed_market, full, "region", (2024, 2034))
    assert view.groupby("year")["share_pct"].sum().round(1).eq(100.0).all()


def test_unattributed_part_of_partial_countries(sample_market: Market) -> None:
    full = expand(sample_market.figures)
    view = segment_view(sample_market, full, "country", (2025, 2025))
    assert unattributed(view, full, 2025) == pytest.approx(60 - 9.5 - 7.0)


def test_region_growth_names_countries_and_rates(seed_market: Market, full: pd.DataFrame) -> None:
    growth = region_growth(seed_market, full).set_index("segment")
    assert growth.loc["LAMEA", "named"] == "Brazil, Mexico, United Arab Emirates"
    assert growth["cagr_pct"].round(2).eq(6.59).all()
    assert len(growth.loc["Europe", "trend_usd_bn"]) == 11


def test_claims_table_gives_a_verdict_per_claim(seed_market: Market) -> None:
    claims = claims_table(audit(seed_market)).set_index("claim")
    assert claims.loc["North America is the largest region", "verdict"] == "Supported"
    assert (
        claims.loc["Asia-Pacific is the fastest-growing region", "verdict"]
        == "Not shown by the numbers"
    )


def test_figures_table_marks_basis_and_publisher(seed_market: Market, full: pd.DataFrame) -> None:
    table = figures_table(seed_market, full)
    assert len(table) == len(full)
    assert set(table["basis"]) == {"reported", "derived"}
    cagr = table[table["metric"] == "CAGR"].iloc[0]
    assert cagr["period"] == "2025–2034" and cagr["unit"] == "% a year"
    assert set(table["metric"]) == {"Size", "Share", "CAGR"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 3), ("europe", 1), ("EUROPE 2030", 1), ("europe 2031", 0), ("20", 3)],
)
def test_filter_rows_matches_every_word(query: str, expected: int) -> None:
    frame = pd.DataFrame({"segment": ["Europe", "Asia", "LAMEA"], "year": [2030, 2030, 2020]})
    assert len(filter_rows(frame, query)) == expected


def test_filter_rows_by_allowed_values() -> None:
    frame = pd.DataFrame({"basis": ["reported", "derived"], "v": [1, 2]})
    assert filter_rows(frame, basis=["derived"])["v"].tolist() == [2]
    assert len(filter_rows(frame, basis=None)) == 2


def test_publisher_estimates_hold_only_the_markets_own_scope_by_default(
    seed_market: Market,
) -> None:
    estimates = publisher_estimates(seed_market)
    primary = estimates[estimates["is_primary"]]
    assert set(primary["label"]) == {"Cervicorn Consulting (2025)"}
    assert set(estimates["scope"]) == {"personalized medicine"}
    assert set(estimates["label"]) == {
        "Cervicorn Consulting (2025)", "Grand View Research (2021)", "Precedence Research (2022)",
    }  # fmt: skip


def test_other_scopes_are_added_on_request_and_marked_not_compared(seed_market: Market) -> None:
    estimates = publisher_estimates(seed_market, other_scopes=True)
    by_label = estimates.groupby("label").first()
    assert by_label.loc["Emergen Research (2022)", "status"] == NOT_COMPARED
    assert by_label.loc["Grand View Research (2021)", "status"] == COMPARED
    assert by_label.loc["BIS Research", "edition"] == "unknown"  # no date, none inferred
    assert by_label.loc["Global Market Insights (2016)", "age_note"] == (
        "old edition: 2016, 8 years before 2024"
    )


def test_paths_bring_every_estimate_to_the_common_years(seed_market: Market) -> None:
    paths = cagr_paths(publisher_estimates(seed_market))
    grand_view = paths[paths["label"] == "Grand View Research (2021)"].set_index("year")
    assert (grand_view.index.min(), grand_view.index.max()) == (2020, 2034)  # its own 2020 on
    assert grand_view.loc[2020, "how"] == "stated" and grand_view.loc[2034, "how"] == "derived"
    assert grand_view.loc[2034, "value"] == pytest.approx(493.1 * 1.062**14)
    assert grand_view.loc[2034, "method"].startswith("projected here from 2020")
    own = paths[paths["is_primary"]]
    assert own["year"].min() == 2024  # the source is not drawn back before its first size


def test_publisher_cagrs_stated_against_implied(seed_market: Market) -> None:
    estimates = publisher_estimates(seed_market, other_scopes=True)
    cagrs = publisher_cagrs(estimates).set_index("label")
    assert round(cagrs.loc["Cervicorn Consulting (2025)", "gap_pts"], 2) == 4.78
    assert round(cagrs.loc["Precedence Research (2022)", "implied_cagr_pct"], 2) == 11.61
    assert cagrs.loc["Precedence Research (2022)", "rate"] == "implied"
    assert math.isnan(cagrs.loc["TechSci Research (2021)", "stated_cagr_pct"])
    grand_view = cagrs.loc["Grand View Research (2021)"]
    assert (grand_view["currency"], grand_view["prices"], grand_view["exchange_rates"]) == (
        "USD", "not stated", "not stated",
    )  # fmt: skip


def test_the_spread_compares_the_markets_own_scope_only(seed_market: Market) -> None:
    spread = spread_at(publisher_estimates(seed_market), 2030).set_index("label")
    assert spread.loc["Precedence Research (2022)", "basis"] == "reported"
    assert spread.loc["Grand View Research (2021)", "basis"] == "derived"
    summary = spread_summary(spread.reset_index())
    assert summary["scope"].tolist() == ["personalized medicine"]  # no "all publishers" row
    row = summary.iloc[0]
    assert row["publishers"] == 2
    assert row["median_usd_bn"] == pytest.approx((493.1 * 1.062**10 + 5700) / 2)
    assert row["this_report_usd_bn"] == pytest.approx(
        spread.loc["Cervicorn Consulting (2025)", "size_usd_bn"]
    )


def test_other_scopes_get_a_spread_row_of_their_own(seed_market: Market) -> None:
    spread = spread_at(publisher_estimates(seed_market, other_scopes=True), 2030)
    summary = spread_summary(spread).set_index("scope")
    assert summary.loc["personalized medicine", "publishers"] == 2
    assert summary.loc["precision medicine", "status"] == NOT_COMPARED
    assert summary.loc["precision medicine", "publishers"] == 3
    assert math.isnan(summary.loc["precision medicine", "this_report_usd_bn"])


def test_a_spread_of_fewer_than_two_says_so() -> None:
    spread = spread_at(_publishers([100.0, 120.0, 4.0, 50.0, 8.0, 20.0]), 2024)
    alone = spread[spread["label"] != "R"]  # P (this report) and Q (compared)
    row = spread_summary(alone).iloc[0]
    assert row["publishers"] == 1 and math.isnan(row["median_usd_bn"])
    assert row["note"] == "fewer than two publishers sized for the year (only Q): no spread"


@settings(max_examples=30, deadline=None)
@given(st.floats(10, 1000), st.floats(0.5, 30), st.integers(2020, 2040))
def test_projecting_at_the_implied_rate_reproduces_stated_ends(
    start: float, rate: float, year: int
) -> None:
    end = start * (1 + rate / 100) ** 10
    implied = (end / start) ** 0.1 * 100 - 100
    estimates = pd.DataFrame(
        {
            "source": ["p", "p"], "label": ["P", "P"], "scope": ["s", "s"],
            "status": [COMPARED] * 2, "is_primary": [False, False], "edition": "2020",
            "age_note": "", "basis": "USD", "currency": "USD", "prices": "nominal",
            "exchange_rates": "not stated", "rate_kind": "implied", "rate_pct": implied,
            "year": [2020, 2030], "metric": ["size", "size"], "value": [start, end],
            "base_year": [pd.NA, pd.NA], "note": ["", ""],
        }
    )  # fmt: skip
    value = spread_at(estimates, year).iloc[0]["size_usd_bn"]
    assert value == pytest.approx(start * (1 + rate / 100) ** (year - 2020), rel=1e-9)


def _publishers(values: list[float]) -> pd.DataFrame:
    """Three publishers' estimates (as ``publisher_estimates`` gives them), every value drawn:
    P is this report, Q compared, R of another scope."""
    return pd.DataFrame(
        {
            "source": ["p", "p", "p", "q", "q", "r"], "label": ["P", "P", "P", "Q", "Q", "R"],
            "scope": ["s", "s", "s", "s", "s", "t"],
            "status": [THIS_REPORT] * 3 + [COMPARED] * 2 + [NOT_COMPARED],
            "is_primary": [True, True, True, False, False, False],
            "edition": "2020", "age_note": "", "basis": "USD", "currency": "USD",
            "prices": "nominal", "exchange_rates": "not stated",
            "rate_kind": ["stated"] * 5 + [""],
            "rate_pct": [values[2]] * 3 + [values[4]] * 2 + [math.nan],
            "year": [2020, 2025, 2025, 2021, 2030, 2024],
            "metric": ["size", "size", "cagr", "size", "cagr", "size"],
            "value": values,
            "base_year": [pd.NA, pd.NA, 2020, pd.NA, 2021, pd.NA], "note": "",
        }
    )  # fmt: skip


def test_a_zero_size_does_not_break_publishers_compared() -> None:
    estimates = _publishers([0.0, 50.0, 10.0, 0.0, 8.0, 20.0])
    spread = spread_at(estimates, 2023).set_index("label")
    assert spread.loc["P", "method"] == "interpolated between its 2020 and 2025 sizes"
    assert spread.loc["P", "size_usd_bn"] == pytest.approx(30.0)  # a straight line from zero
    assert math.isnan(publisher_cagrs(estimates).set_index("label").loc["P", "implied_cagr_pct"])


@settings(max_examples=40)
@given(st.lists(finite, min_size=6, max_size=6), st.integers(2000, 2060))
def test_triangulation_is_total_on_finite_input(values: list[float], year: int) -> None:
    estimates = _publishers(values)
    for result in (
        cagr_paths(estimates),
        publisher_cagrs(estimates),
        spread_at(estimates, year),
        spread_summary(spread_at(estimates, year)),
    ):
        _no_infinity(result)


def test_tables_do_not_mutate_their_inputs(seed_market: Market, full: pd.DataFrame) -> None:
    before = full.copy()
    segment_view(seed_market, full, "region", (2024, 2034))
    region_growth(seed_market, full)
    figures_table(seed_market, full)
    pd.testing.assert_frame_equal(full, before)


def test_the_package_exports_every_public_name_of_its_modules() -> None:
    import ast
    import inspect

    import pmdash.tables as tables

    modules = (tables.audit, tables.market, tables.regions, tables.sources, tables.triangulation)
    defined = set()
    for module in modules:
        for node in ast.parse(inspect.getsource(module)).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
    assert {name for name in defined if not name.startswith("_")} == set(tables.__all__)


def test_findings_name_publishers_and_never_print_huge_numbers_in_full() -> None:
    from pmdash.audit import Finding
    from pmdash.tables import findings_table

    finding = Finding("parts_vs_total", "region sizes 2024", 1e300, -0.001, "error", "m",
                      "marketsandmarkets-2025", "MarketsandMarkets (2025)")  # fmt: skip
    row = findings_table([finding]).iloc[0]
    assert (row["stated"], row["computed"], row["source"]) == (
        "1.00e+300",
        "0.00",
        "MarketsandMarkets (2025)",
    )


def test_the_metadata_states_the_price_basis_only_as_the_source_does(seed_market: Market) -> None:
    rows = dict(
        zip(meta_table(seed_market)["field"], meta_table(seed_market)["value"], strict=True)
    )
    assert rows["Currency and unit"] == "USD billions, price basis not stated by the source"
    sources = seed_market.sources.copy()
    sources.loc[sources["source"] == "cervicorn-2025", ["price_basis", "price_base_year"]] = [
        "real", 2020,
    ]  # fmt: skip
    stated = replace(seed_market, sources=sources)
    rows = dict(zip(meta_table(stated)["field"], meta_table(stated)["value"], strict=True))
    assert rows["Currency and unit"] == "USD billions, real (2020 prices)"

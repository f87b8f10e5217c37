"""TAM → SAM → SOM: regions and segments kept, the ramp, the link keys and the charts;
SOM ≤ SAM ≤ TAM every year by hypothesis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmdash.charts.funnel import funnel_chart, som_path_chart
from pmdash.model import Market
from pmdash.scenarios import Scenario, frame_of, project
from pmdash.uncertainty import (
    FunnelSettings,
    ReportedShares,
    funnel_of,
    funnel_url,
    ramp,
    reported_shares,
)
from pmdash.uncertainty.funnel import assumptions
from tests.conftest import figures

PARTS = ("North America", "Europe", "Asia-Pacific", "LAMEA")


def _projection(total: list[float], **parts: list[float]) -> pd.DataFrame:
    years = list(range(2024, 2024 + len(total)))
    rows = [("All", y, v) for y, v in zip(years, total, strict=True)]
    rows += [(p, y, v) for p, values in parts.items() for y, v in zip(years, values, strict=True)]
    return pd.DataFrame(rows, columns=["segment", "year", "size_usd_bn"])


def test_everything_kept_makes_sam_the_whole_market(seed_market: Market) -> None:
    projection = project(seed_market.figures, Scenario())
    found = funnel_of(projection, FunnelSettings(som_start_pct=2.0, som_end_pct=2.0))
    assert np.allclose(found.table["sam_usd_bn"], found.table["tam_usd_bn"])
    assert found.at(2034)["tam_usd_bn"] == 1094.83  # the report's own figure
    assert found.at(2034)["som_usd_bn"] == pytest.approx(21.8966)


def test_regions_are_kept_by_percentage_and_the_end_users_by_their_reported_share(
    seed_market: Market,
) -> None:
    projection = project(seed_market.figures, Scenario())
    settings = FunnelSettings((("Europe", 50.0),), "end_user", ("Hospitals", "Others"))
    found = funnel_of(projection, settings, reported_shares(seed_market.figures))
    assert found.filter_pct == 54.0  # 41 % + 13 %, as the report states them for 2024
    row = found.at(2024)  # 578.14 less half of Europe's 166.04, then 54 % of it
    assert row["sam_usd_bn"] == pytest.approx((578.14 - 83.02) * 0.54)
    assert row["obtainable_pct"] == 1.0 and found.at(2034)["obtainable_pct"] == 5.0


def test_only_reported_shares_filter_never_computed_or_assumed_ones() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100.0, None, "reported"),
            ("end_user", "Clinics", 2024, "share", 60.0, None, "reported"),
            ("end_user", "Labs", 2024, "share", 40.0, None, "assumed"),
            ("product", "Kits", 2024, "share", 30.0, None, "derived"),
            ("region", "EU", 2024, "share", 30.0, None, "reported"),
        ]
    )
    shares = reported_shares(table)
    assert list(shares) == ["end_user"]
    assert shares["end_user"].shares_pct == {"Clinics": 60.0}


def test_the_latest_year_of_reported_shares_is_used() -> None:
    table = figures(
        [
            ("end_user", "Clinics", 2020, "share", 60.0, None, "reported"),
            ("end_user", "Clinics", 2024, "share", 55.0, None, "reported"),
        ]
    )
    assert reported_shares(table)["end_user"].year == 2024
    assert reported_shares(table)["end_user"].shares_pct == {"Clinics": 55.0}


@pytest.mark.parametrize(
    ("curve", "want"),
    [("linear", [1.0, 2.0, 3.0, 4.0, 5.0]), ("s", [1.0, 1.2804, 3.0, 4.7196, 5.0])],
)
def test_the_obtainable_share_ramps_from_start_to_end(curve: str, want: list[float]) -> None:
    years = np.arange(2024, 2029)
    assert ramp(1.0, 5.0, years, curve).round(4).tolist() == want  # type: ignore[arg-type]


def test_a_single_year_takes_the_end_share() -> None:
    assert ramp(1.0, 5.0, np.array([2030]), "linear").tolist() == [5.0]


percent = st.floats(0.0, 100.0, allow_nan=False)
size = st.floats(0.0, 1e6, allow_nan=False)


@given(
    st.lists(st.tuples(size, size), min_size=2, max_size=8),
    st.tuples(percent, percent),
    percent,
    percent,
    st.sampled_from(["linear", "s"]),
)
def test_som_never_exceeds_sam_and_sam_never_exceeds_tam(
    regions: list[tuple[float, float]],
    kept: tuple[float, float],
    som_start: float,
    som_end: float,
    curve: str,
) -> None:
    a = [r[0] for r in regions]
    b = [r[1] for r in regions]
    total = [x + y for x, y in zip(a, b, strict=True)]
    settings = FunnelSettings(
        (("A", kept[0]), ("B", kept[1])), som_start_pct=som_start, som_end_pct=som_end,
        curve=curve,  # type: ignore[arg-type]
    )  # fmt: skip
    table = funnel_of(_projection(total, A=a, B=b), settings).table
    assert (table["som_usd_bn"] <= table["sam_usd_bn"]).all()
    assert (table["sam_usd_bn"] <= table["tam_usd_bn"]).all()
    assert (table["som_usd_bn"] >= 0).all()


@given(st.floats(0.0, 100.0), st.sampled_from(["Hospitals", "Others"]))
def test_the_bounds_hold_on_the_shipped_market_too(kept: float, segment: str) -> None:
    from pmdash.store import DataStore
    from tests.conftest import ROOT

    market = DataStore(ROOT / "data").load("personalized-medicine")
    settings = FunnelSettings((("North America", kept),), "end_user", (segment,), 0.0, 100.0)
    found = funnel_of(
        project(market.figures, Scenario(cagr_pct=9.0)), settings, reported_shares(market.figures)
    ).table
    assert (found["som_usd_bn"] <= found["sam_usd_bn"]).all()
    assert (found["sam_usd_bn"] <= found["tam_usd_bn"]).all()


def test_the_input_projection_is_not_mutated(seed_market: Market) -> None:
    projection = project(seed_market.figures, Scenario())
    before = projection.copy()
    funnel_of(projection, FunnelSettings((("Europe", 10.0),)))
    pd.testing.assert_frame_equal(projection, before)


def test_a_market_without_regions_keeps_a_share_of_the_whole() -> None:
    found = funnel_of(_projection([100.0, 200.0]), FunnelSettings((("All", 40.0),)))
    assert found.table["sam_usd_bn"].tolist() == [40.0, 80.0]


def test_the_link_round_trips_every_setting(seed_market: Market) -> None:
    settings = FunnelSettings(
        (("North America", 0.0), ("Europe", 50.0)), "end_user", ("Hospitals", "Others"),
        2.5, 12.0, "s", 2030,
    )  # fmt: skip
    shares = reported_shares(seed_market.figures)
    params = funnel_url.to_params(settings)
    assert params["keep_end_user"] == "hospitals,others"
    assert funnel_url.parse(params, PARTS, shares, (2024, 2034)) == (settings, [])


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"sam_mars": "50"}, 'Ignored "sam_mars=50": no such region (known: sam_north_america'),
        ({"sam_europe": "150"}, 'Ignored "sam_europe=150": outside 0 to 100 %.'),
        ({"som_end": "lots"}, 'Ignored "som_end=lots": not a number.'),
        ({"som_curve": "wavy"}, 'Ignored "som_curve=wavy": choose linear or s.'),
        ({"funnel_year": "2050"}, 'Ignored "funnel_year=2050": the scenario runs 2024–2034.'),
        ({"keep_end_user": "vets"}, 'Ignored "keep_end_user=vets": no such end user'),
        ({"keep_product": "kits"}, "the report states no shares for it (usable: keep_end_user)"),
    ],
)
def test_bad_link_values_are_ignored_with_a_notice(
    seed_market: Market, params: dict[str, str], fragment: str
) -> None:
    settings, notices = funnel_url.parse(
        params, PARTS, reported_shares(seed_market.figures), (2024, 2034)
    )
    assert settings is not None  # a funnel key switches the funnel on, defaults kept
    assert any(fragment in notice for notice in notices), notices


def test_no_funnel_key_means_no_funnel() -> None:
    assert funnel_url.parse({"cagr": "8", "market": "x"}, PARTS, {}, (2024, 2034)) == (None, [])


def test_the_scenario_link_parser_leaves_the_funnel_keys_to_their_own(
    seed_market: Market,
) -> None:
    from pmdash import urlstate
    from pmdash.scenarios import available_presets

    frame = frame_of(seed_market.figures)
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    _, notices = urlstate.parse({"sam_europe": "50", "som_end": "5", "funnel_year": "2030",
                                 "keep_end_user": "hospitals", "sam2": "1"}, frame, presets)  # fmt: skip
    assert notices == ['Ignored "sam2=1": not a scenario setting.']


def test_the_assumptions_say_which_figures_are_assumed(seed_market: Market) -> None:
    shares = reported_shares(seed_market.figures)
    settings = FunnelSettings((("Europe", 50.0),), "end_user", ("Hospitals",))
    found = funnel_of(project(seed_market.figures, Scenario()), settings, shares)
    rows = dict(assumptions(settings, found, PARTS))
    assert rows["TAM"] == "the scenario's projected market, computed from the report"
    assert rows["Served, Europe"] == "50.0 % (assumed)"
    assert rows["Kept, end user"] == "Hospitals 41.0 % = 41.0 % (reported shares, 2024)"
    assert rows["Obtainable share of SAM"] == (
        "1.0 % in 2024 → 5.0 % in 2034, along a straight line (assumed)"
    )


def test_the_funnel_chart_labels_each_stage_with_its_basis(seed_market: Market) -> None:
    found = funnel_of(project(seed_market.figures, Scenario()), FunnelSettings())
    fig = funnel_chart(found.at(2034), 2034).to_dict()
    (trace,) = fig["data"]
    assert trace["type"] == "funnel"
    assert list(trace["y"]) == ["TAM · computed", "SAM · assumed", "SOM · assumed"]
    assert list(trace["customdata"]) == [
        "the market, computed from the report",
        "what we serve, assumed %",
        "what we can win, assumed share",
    ]
    assert list(trace["text"]) == ["USD 1,094.8 bn", "USD 1,094.8 bn · 100.0 %",
                                   "USD 54.7 bn · 5.0 %"]  # fmt: skip


def test_the_som_path_is_in_usd_with_its_ends_labelled(seed_market: Market) -> None:
    found = funnel_of(project(seed_market.figures, Scenario()), FunnelSettings())
    (bars,) = som_path_chart(found.table).to_dict()["data"]
    assert list(bars["x"]) == list(range(2024, 2035))
    assert bars["text"][0] == "USD 5.8 bn" and bars["text"][-1] == "USD 54.7 bn"
    assert set(bars["text"][1:-1]) == {""}


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "sam_europe",
                "sam_x",
                "keep_end_user",
                "keep_product",
                "som_start",
                "som_end",
                "som_curve",
                "funnel_year",
                "SAM_EUROPE ",
            ]
        ),
        st.text(max_size=30) | st.sampled_from(["nan", "inf", "-0", "1e308", "50", "s"]),
    )
)
def test_any_link_gives_settings_within_bounds_and_never_raises(params: dict[str, str]) -> None:
    shares = {"end_user": ReportedShares("end_user", 2024, {"Hospitals": 41.0, "Others": 13.0})}
    settings, _ = funnel_url.parse(params, PARTS, shares, (2024, 2034))
    if settings is not None:
        assert all(0.0 <= pct <= 100.0 for _, pct in settings.region_pct)
        assert 0.0 <= settings.som_start_pct <= 100.0 and 0.0 <= settings.som_end_pct <= 100.0
        assert settings.year is None or 2024 <= settings.year <= 2034

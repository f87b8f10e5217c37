"""The goal-seek and grid panels' settings in a link: parsed, written back, bad ones reported."""

from __future__ import annotations

import pytest

from pmdash.model import Market
from pmdash.scenarios import Frame, available_presets, frame_of
from pmdash.uncertainty.goal_url import GoalView, Panels, panel_params, parse_panels
from pmdash.uncertainty.sensitivity import GridSpec
from pmdash.urlstate import parse


@pytest.fixture(scope="module")
def frame(seed_market: Market) -> Frame:
    return frame_of(seed_market.figures)


@pytest.mark.parametrize(
    "panels",
    [
        Panels(GoalView(1500.0, 2034), None),
        Panels(GoalView(400.5, 2030, "Asia-Pacific", "region"), None),
        Panels(
            GoalView(1500.0, 2040, "LAMEA", "market_by_region"), GridSpec("Europe", "LAMEA", 5.0)
        ),
        Panels(None, GridSpec()),
    ],
)
def test_a_link_reopens_the_panels(frame: Frame, panels: Panels) -> None:
    params = panel_params(panels)
    assert parse_panels(params, frame, 2024, 2040) == (panels, [])


def test_the_panels_write_only_what_is_open(frame: Frame) -> None:
    assert panel_params(Panels()) == {}
    assert panel_params(Panels(GoalView(None, 2034))) == {}
    assert panel_params(Panels(GoalView(1500.0, 2034, "Europe", "market_by_region"))) == {
        "goal": "1500", "goal_year": "2034", "goal_region": "europe", "goal_of": "market",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"goal": "lots"}, 'Ignored "goal=lots": a target is a size above zero, USD bn.'),
        ({"goal": "-5"}, 'Ignored "goal=-5": a target is a size above zero, USD bn.'),
        ({"goal": "inf"}, 'Ignored "goal=inf": a target is a size above zero, USD bn.'),
        ({"goal_year": "2024"}, 'Ignored "goal_year=2024": a year must be 2025–2040.'),
        ({"goal_region": "mars"}, 'Ignored "goal_region=mars": no such region (known: north_america, europe, asia_pacific, lamea).'),
        ({"goal_of": "market"}, 'Ignored "goal_of=market": needs goal_region too.'),
        ({"goal_region": "lamea", "goal_of": "both"}, 'Ignored "goal_of=both": choose region or market.'),
        ({"grid_rows": "europe", "grid_cols": "Europe"}, 'Ignored "grid_cols=Europe": it is the rows\' region too.'),
        ({"grid_span": "7"}, 'Ignored "grid_span=7": choose one of 1, 2, 3, 5, 10.'),
    ],
)  # fmt: skip
def test_a_bad_panel_setting_is_ignored_with_a_notice(
    seed_market: Market, frame: Frame, params: dict[str, str], notice: str
) -> None:
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    scenario, notices = parse({"cagr": "8", **params}, frame, presets)
    assert notices == [notice]
    assert scenario.cagr_pct == 8.0  # the scenario is read as before


def test_panel_keys_are_not_unknown_settings(seed_market: Market, frame: Frame) -> None:
    presets = available_presets(seed_market.figures, seed_market.estimates, frame)
    link = {
        "goal": "1500",
        "goal_year": "2034",
        "grid_rows": "growth",
        "grid_cols": "year",
        "grid_span": "2",
    }
    assert parse(link, frame, presets)[1] == []

"""A scenario in the query string: every string parses, and a scenario survives the trip."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.model import Market
from pmdash.scenarios import Frame, PresetName, Scenario, frame_of, presets_of
from pmdash.urlstate import (
    RATE_RANGE_PCT,
    SegmentsView,
    max_target_year,
    number,
    parse,
    parse_regions,
    parse_segments,
    segments_params,
    start_years,
    to_params,
)


@pytest.fixture(scope="module")
def seed(seed_market: Market) -> tuple[Frame, dict[PresetName, Scenario]]:
    frame = frame_of(seed_market.figures)
    return frame, presets_of(seed_market, frame)[0]


def test_the_contract_example_sets_rate_and_target(
    seed: tuple[Frame, dict[PresetName, Scenario]],
) -> None:
    frame, presets = seed
    scenario, notices = parse({"cagr": "8.5", "to": "2034"}, frame, presets)
    assert notices == []
    assert (scenario.preset, scenario.cagr_pct, scenario.start_year, scenario.end_year) == (
        "custom", 8.5, 2024, 2034,
    )  # fmt: skip


def test_a_region_rate_is_read_by_its_slug(seed: tuple[Frame, dict[PresetName, Scenario]]) -> None:
    scenario, notices = parse({"cagr_north_america": "9"}, *seed)
    assert notices == [] and scenario.overrides == {"North America": 9.0}


def test_a_preset_alone_is_the_preset(seed: tuple[Frame, dict[PresetName, Scenario]]) -> None:
    frame, presets = seed
    scenario, notices = parse({"preset": "headline"}, frame, presets)
    assert notices == [] and scenario == presets["headline"]
    assert (scenario.start_year, scenario.end_year, scenario.cagr_pct) == (2025, 2034, 11.37)


def test_a_preset_with_a_later_target_stays_the_preset(
    seed: tuple[Frame, dict[PresetName, Scenario]],
) -> None:
    scenario, _ = parse({"preset": "optimistic", "to": "2040"}, *seed)
    assert (scenario.preset, scenario.end_year) == ("optimistic", 2040)


def test_a_preset_with_another_rate_becomes_custom(
    seed: tuple[Frame, dict[PresetName, Scenario]],
) -> None:
    scenario, _ = parse({"preset": "headline", "cagr_asia_pacific": "14"}, *seed)
    assert scenario.preset == "custom"
    assert (scenario.cagr_pct, scenario.overrides) == (11.37, {"Asia-Pacific": 14.0})


def test_market_passes_through_without_a_notice(
    seed: tuple[Frame, dict[PresetName, Scenario]],
) -> None:
    assert parse({"market": "anything"}, *seed)[1] == []


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"cagr": "abc"}, "cagr"),
        ({"cagr": "500"}, "cagr"),
        ({"cagr": "nan"}, "cagr"),
        ({"cagr": "inf"}, "cagr"),
        ({"to": "1999"}, "to"),
        ({"to": "2100"}, "to"),
        ({"to": "soon"}, "to"),
        ({"from": "2040"}, "from"),
        ({"preset": "rosy"}, "preset"),
        ({"cagr_mars": "5"}, "cagr_mars"),
        ({"shock": "-10"}, "shock"),
        ({"shock_year": "2027"}, "shock_year"),
        ({"shock_year": "2020", "shock": "-10"}, "shock_year"),
        ({"shock_year": "2027", "shock": "-95"}, "shock"),
        ({"utm_source": "mail"}, "utm_source"),
    ],
)
def test_a_bad_value_is_ignored_with_a_notice_naming_it(
    seed: tuple[Frame, dict[PresetName, Scenario]], params: dict[str, str], key: str
) -> None:
    scenario, notices = parse(params, *seed)
    assert len(notices) == 1 and f'"{key}=' in notices[0]
    assert scenario.preset in ("reported", "custom")


def test_a_shock_needs_a_year_and_a_size(seed: tuple[Frame, dict[PresetName, Scenario]]) -> None:
    scenario, notices = parse({"shock_year": "2027", "shock": "-10"}, *seed)
    assert notices == [] and (scenario.shock_year, scenario.shock_pct, scenario.preset) == (
        2027,
        -10.0,
        "custom",
    )


def test_notices_do_not_echo_long_values(
    seed: tuple[Frame, dict[PresetName, Scenario]],
) -> None:
    _, notices = parse({"cagr": "`" + "x" * 500}, *seed)
    assert len(notices[0]) < 120


@pytest.mark.parametrize(
    ("value", "text"),
    [(9.0, "9"), (8.5, "8.5"), (-2.25, "-2.25"), (0.1 + 0.2, "0.30000000000000004")],
)
def test_numbers_are_written_short_and_exact(value: float, text: str) -> None:
    assert number(value) == text and float(text) == value


query_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
keys = st.one_of(
    st.sampled_from(
        [
            "preset",
            "from",
            "to",
            "cagr",
            "shock_year",
            "shock",
            "market",
            "cagr_europe",
            "cagr_lamea",
            "cagr_",
        ]
    ),
    query_text,
)
values = st.one_of(
    query_text,
    st.integers(-10_000, 10_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["reported", "headline", "conservative", "optimistic", "consensus", "custom"]),
)


@settings(max_examples=300, deadline=None)
@given(params=st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=8))
def test_any_query_string_parses_without_exception(
    seed: tuple[Frame, dict[PresetName, Scenario]], params: dict[str, str | list[str]]
) -> None:
    frame, presets = seed
    scenario, notices = parse(params, frame, presets)
    assert isinstance(notices, list)
    assert scenario.start_year is not None and scenario.end_year is not None
    assert scenario.start_year < scenario.end_year <= max_target_year(frame)


rates = st.floats(*RATE_RANGE_PCT, allow_nan=False).map(lambda v: round(v, 4))


@st.composite
def scenarios(draw: st.DrawFn, frame: Frame, presets: dict[PresetName, Scenario]) -> Scenario:
    start = draw(st.sampled_from(start_years(frame)))
    end = draw(st.integers(start + 1, max_target_year(frame)))
    if draw(st.booleans()):
        named = presets[draw(st.sampled_from(sorted(presets)))]
        return replace(named, start_year=start, end_year=end)
    overrides = draw(
        st.dictionaries(st.sampled_from(frame.parts), rates, max_size=len(frame.parts))
    )
    shock = draw(
        st.one_of(
            st.none(), st.tuples(st.integers(start + 1, end), st.floats(-90, 100).filter(bool))
        )
    )
    return Scenario(
        "custom", start, end, cagr_pct=draw(st.one_of(st.none(), rates)),
        segment_cagr_pct=tuple(sorted(overrides.items())),
        shock_year=shock[0] if shock else None, shock_pct=shock[1] if shock else 0.0,
    )  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_scenario_to_params_to_scenario_is_identity(
    seed: tuple[Frame, dict[PresetName, Scenario]], data: st.DataObject
) -> None:
    frame, presets = seed
    scenario = data.draw(scenarios(frame, presets))
    again, notices = parse(to_params(scenario, frame), frame, presets)
    assert notices == []
    assert again == scenario


def test_the_sample_market_has_its_own_regions(sample_market: Market) -> None:
    frame = frame_of(sample_market.figures)
    presets = presets_of(sample_market, frame)[0]
    assert "consensus" not in presets
    scenario, notices = parse({"cagr_apac": "15", "preset": "consensus"}, frame, presets)
    assert scenario.overrides == {"APAC": 15.0}
    assert len(notices) == 1 and "preset" in notices[0]


# The analyst pages' views: /segments and /regions.

DIMENSIONS = ["region", "end_user", "product"]
YEARS = {"region": list(range(2024, 2035)), "end_user": [2024]}


@pytest.mark.parametrize(
    ("params", "view"),
    [
        ({}, SegmentsView("region", 2024, 2034)),
        ({"dimension": "End-User"}, SegmentsView("end_user", 2024, 2024)),
        ({"dimension": "product"}, SegmentsView("product")),
        ({"from": "2026", "to": "2030"}, SegmentsView("region", 2026, 2030)),
        ({"year": "2030", "mode": "shares"}, SegmentsView("region", 2024, 2030, "share")),
        ({"chart": "Areas", "mode": "size"}, SegmentsView("region", 2024, 2034, "size", "area")),
    ],
)
def test_a_segments_link_reads_as_its_view(params: dict[str, str], view: SegmentsView) -> None:
    assert parse_segments(params, DIMENSIONS, YEARS) == (view, [])


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"dimension": "planets"}, "dimension=planets"),
        ({"from": "1990"}, "from=1990"),
        ({"to": "soon"}, "to=soon"),
        ({"from": "2030", "to": "2026"}, "from=2030"),
        ({"mode": "pie"}, "mode=pie"),
        ({"chart": "3d"}, "chart=3d"),
        ({"dimension": "product", "from": "2024"}, "from=2024"),
        ({"dimension": "`x`\n<b>"}, "dimension=`x`"),
    ],
)
def test_a_bad_segments_value_is_ignored_with_a_notice(
    params: dict[str, str], ignored: str
) -> None:
    view, notices = parse_segments(params, DIMENSIONS, YEARS)
    assert len(notices) == 1 and ignored in notices[0]
    assert view.dimension in DIMENSIONS


@given(
    dimension=st.sampled_from(["region", "end_user", "product"]),
    span=st.tuples(st.integers(2024, 2034), st.integers(2024, 2034)).map(sorted),
    mode=st.sampled_from(["size", "share"]),
    chart=st.sampled_from(["bar", "area"]),
)
def test_a_segments_view_survives_its_own_link(
    dimension: str, span: list[int], mode: str, chart: str
) -> None:
    years = YEARS.get(dimension, [])
    start, end = (
        (span[0], span[1]) if len(years) > 1 else (years[0], years[0]) if years else (None, None)
    )
    view = SegmentsView(dimension, start, end, mode, chart)
    assert parse_segments(segments_params(view), DIMENSIONS, YEARS) == (view, [])


@given(
    st.dictionaries(
        st.sampled_from(["dimension", "from", "to", "year", "mode", "chart"]), st.text()
    )
)
def test_no_segments_link_raises(params: dict[str, str]) -> None:
    view, _ = parse_segments(params, DIMENSIONS, YEARS)
    assert view.dimension in DIMENSIONS


def test_a_regions_link_names_its_year_or_falls_back_to_the_last() -> None:
    assert parse_regions({"year": "2030"}, [2024, 2030, 2034]) == (2030, [])
    year, notices = parse_regions({"year": "2031"}, [2024, 2030, 2034])
    assert year == 2034 and "year=2031" in notices[0]

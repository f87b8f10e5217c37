"""The like-for-like rules (pmdash.triangulation) on hand-made tables, then the shipped market."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmdash.formatting import usd_bn
from pmdash.model import Market, MarketMeta, coerce_table
from pmdash.scenarios import available_presets, frame_of, outcome
from pmdash.tables import publisher_estimates, spread_at, spread_summary
from pmdash.triangulation import (
    DEFAULT_MAX_AGE_YEARS,
    Estimate,
    Triangulation,
    peer_estimates,
    size_at,
    triangulate,
    triangulation_of,
)
from tests.conftest import ROOT, figures

OWN = figures([("total", "All", 2024, "size", 100.0), ("total", "All", 2030, "size", 150.0)])


def estimates(*rows: tuple[str, int, str, float, int | None]) -> pd.DataFrame:
    """Other publishers' total figures from (source, year, metric, value, base_year) tuples."""
    table = figures([("total", "All", y, m, v, b) for _, y, m, v, b in rows])
    return table.assign(source=[r[0] for r in rows])


def sources(*rows: dict[str, object]) -> pd.DataFrame:
    """A sources table; ``own`` (this market's source) sizes 'widgets' unless told."""
    own = {"source": "own", "publisher": "Own Co", "scope": "widgets", "published": "2024-03-01"}
    return coerce_table("sources", pd.DataFrame([own, *rows]))


def of(table: pd.DataFrame, found: pd.DataFrame, **options: int) -> Triangulation:
    return triangulation_of(OWN, table, found, "own", reference_year=2024, **options)


PEERS = estimates(
    ("a", 2020, "size", 80.0, None), ("a", 2028, "cagr", 6.0, 2021),
    ("b", 2020, "size", 50.0, None), ("b", 2030, "size", 100.0, None),
    ("c", 2022, "cagr", 20.0, 2020),
)  # fmt: skip
PEER_SOURCES = sources(
    {"source": "a", "publisher": "Alpha", "scope": "Widgets", "published": "2021-05-01"},
    {"source": "b", "publisher": "Beta", "scope": "widgets", "edition_year": 2022},
    {"source": "c", "publisher": "Gamma", "scope": "gadgets", "published": "2023-01-01"},
)


def test_only_publishers_of_the_markets_own_scope_are_compared() -> None:
    result = of(PEERS, PEER_SOURCES)
    assert result.scope == "widgets"
    assert [e.source for e in result.peers] == ["a", "b"]  # scope matched without case
    assert [e.source for e in result.others] == ["c"]
    assert result.own is not None and result.own.source == "own"


def test_consensus_is_the_median_of_stated_else_implied_rates() -> None:
    consensus = of(PEERS, PEER_SOURCES).consensus
    implied_b = ((100 / 50) ** 0.1 - 1) * 100  # 7.18 %: Beta states sizes, no rate
    assert consensus.cagr_pct == pytest.approx(round((6.0 + implied_b) / 2, 2))
    assert [e.rate_kind for e in consensus.publishers] == ["stated", "implied"]
    assert "Gamma" not in consensus.explanation  # another scope: never drawn on
    assert consensus.explanation.startswith("Consensus: 6.59 % a year, the median of 2 other")


def test_consensus_needs_two_publishers_of_the_scope() -> None:
    lonely = sources(
        {"source": "a", "publisher": "Alpha", "scope": "widgets"},
        {"source": "b", "publisher": "Beta", "scope": "gadgets"},
    )
    consensus = of(PEERS, lonely).consensus
    assert consensus.cagr_pct is None
    assert consensus.explanation == (
        "Consensus is not offered: only one other publisher of widgets gives a growth rate "
        "(Alpha: 6.00 % a year stated (2021–2028)); it needs at least 2."
    )


def test_consensus_needs_the_markets_own_scope() -> None:
    unscoped = sources({"source": "a", "publisher": "Alpha", "scope": "widgets"})
    unscoped.loc[unscoped["source"] == "own", "scope"] = ""
    explanation = of(PEERS, unscoped).consensus.explanation
    assert explanation == (
        "Consensus is not offered: the market's own scope is not recorded (its primary "
        "source 'own' has no scope in the sources table)."
    )


def test_the_markets_own_source_is_never_its_own_peer() -> None:
    echoed = pd.concat([PEERS, estimates(("own", 2030, "cagr", 30.0, 2024))])
    result = of(echoed, PEER_SOURCES)
    assert [e.source for e in result.estimates if e.source == "own"] == ["own"]
    assert all(not e.is_primary for e in result.consensus.publishers)
    assert result.consensus.cagr_pct == of(PEERS, PEER_SOURCES).consensus.cagr_pct


@pytest.mark.parametrize(
    ("row", "year", "how"),
    [
        ({"published": "2022-01-25", "edition_year": 2019}, 2022, "published 2022-01-25"),
        ({"edition_year": 2019}, 2019, "inferred in the source's note"),
        ({}, None, "unknown"),
    ],
)
def test_the_edition_is_published_else_given_else_unknown(
    row: dict[str, object], year: int | None, how: str
) -> None:
    found = sources({"source": "a", "publisher": "Alpha", "scope": "widgets", **row})
    alpha = of(PEERS, found).peers[0]
    assert (alpha.edition_year, alpha.edition_how) == (year, how)
    assert alpha.label == (f"Alpha ({year})" if year else "Alpha")  # never a guessed year


@pytest.mark.parametrize(
    ("edition", "threshold", "old", "note"),
    [
        (2020, 4, False, ""),
        (2019, 4, True, "old edition: 2019, 5 years before 2024"),
        (2021, 2, True, "old edition: 2021, 3 years before 2024"),
        (None, 4, False, "edition year unknown"),
    ],
)
def test_editions_older_than_the_threshold_are_old(
    edition: int | None, threshold: int, old: bool, note: str
) -> None:
    found = sources({"source": "a", "publisher": "A", "scope": "widgets", "edition_year": edition})
    result = of(PEERS, found, max_age_years=threshold)
    alpha = result.peers[0]
    assert (result.is_old(alpha), result.age_note(alpha)) == (old, note)


def test_age_is_counted_from_the_markets_base_year() -> None:
    meta = MarketMeta("m", "M", primary_source="own", base_year=2030)
    market = Market(meta, OWN, sources=PEER_SOURCES, estimates=PEERS)
    result = triangulate(market)
    assert result.reference_year == 2030 and result.max_age_years == DEFAULT_MAX_AGE_YEARS
    assert result.age(result.peers[0]) == 9  # Alpha, published 2021


def test_a_path_is_projected_here_at_the_publishers_own_rate() -> None:
    alpha, beta = of(PEERS, PEER_SOURCES).peers
    value, how = size_at(alpha, 2024)
    assert value == pytest.approx(80 * 1.06**4)
    assert how == "projected here from 2020 (USD 80.0 bn) at its stated 6.00 % a year"
    value, how = size_at(beta, 2034)
    assert value == pytest.approx(100 * (2**0.1) ** 4)
    assert how.endswith("at its implied 7.18 % a year")
    assert size_at(beta, 2030) == (100.0, "stated for 2030")


def test_a_publisher_with_no_size_cannot_be_projected() -> None:
    gamma = of(PEERS, PEER_SOURCES).others[0]
    value, how = size_at(gamma, 2024)
    assert math.isnan(value) and how == "cannot be projected: no size stated"


def test_the_basis_says_what_is_not_stated() -> None:
    stated = sources(
        {"source": "a", "publisher": "A", "scope": "widgets", "currency": "EUR",
         "price_basis": "real", "price_base_year": 2020, "fx_basis": "2020 average"},
    )  # fmt: skip
    alpha = of(PEERS, stated).peers[0]
    assert alpha.basis == "EUR, real (2020 prices), exchange rates: 2020 average"
    assert of(PEERS, PEER_SOURCES).peers[0].basis == (
        "currency not stated, price basis not stated, exchange rates not stated"
    )


def test_peer_estimates_keep_only_the_compared_publishers_rows() -> None:
    meta = MarketMeta("m", "M", primary_source="own", base_year=2024)
    market = Market(meta, OWN, sources=PEER_SOURCES, estimates=PEERS)
    assert set(peer_estimates(market)["source"]) == {"a", "b"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-20, 40), min_size=2, max_size=6))
def test_consensus_lies_between_the_peers_rates_whatever_their_order(rates: list[float]) -> None:
    rows = [(f"p{i}", 2030, "cagr", r, 2024) for i, r in enumerate(rates)]
    found = sources(*({"source": f"p{i}", "scope": "widgets"} for i in range(len(rates))))
    forward = of(estimates(*rows), found).consensus.cagr_pct
    backward = of(estimates(*reversed(rows)), found).consensus.cagr_pct
    assert forward == backward
    assert forward is not None and min(rates) - 0.005 <= forward <= max(rates) + 0.005


def test_inputs_are_not_mutated() -> None:
    table, found, own = PEERS.copy(), PEER_SOURCES.copy(), OWN.copy()
    of(PEERS, PEER_SOURCES)
    pd.testing.assert_frame_equal(PEERS, table)
    pd.testing.assert_frame_equal(PEER_SOURCES, found)
    pd.testing.assert_frame_equal(OWN, own)


def test_on_the_shipped_market_consensus_draws_on_personalized_medicine_only(
    seed_market: Market,
) -> None:
    result = triangulate(seed_market)
    assert result.scope == "personalized medicine"
    assert [e.label for e in result.peers] == [
        "Grand View Research (2021)",
        "Precedence Research (2022)",
    ]
    grand_view, precedence = result.consensus.publishers
    assert (grand_view.rate_kind, grand_view.rate_pct) == ("stated", 6.2)
    assert precedence.rate_kind == "implied"
    assert precedence.rate_pct == pytest.approx(11.6123, abs=1e-4)  # 1,900 → 5,700, 2020–2030
    assert result.consensus.cagr_pct == 8.91
    assert {e.scope for e in result.others} == {"precision medicine"}
    assert isinstance(result.own, Estimate) and result.own.label == "Cervicorn Consulting (2025)"


def test_the_methodology_example_is_what_the_code_computes(seed_market: Market) -> None:
    section = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    section = section.split("## Triangulation", 1)[1]
    consensus = triangulate(seed_market).consensus.cagr_pct
    assert f"**{consensus:.2f} %**" in section
    frame = frame_of(seed_market.figures)
    scenario = available_presets(
        seed_market.figures, seed_market.estimates, frame,
        sources=seed_market.sources, primary_source="cervicorn-2025",
    )["consensus"]  # fmt: skip
    total = outcome(seed_market.figures, scenario, frame).end_usd_bn
    assert f"**{usd_bn(total)}**" in section
    spread = spread_summary(spread_at(publisher_estimates(seed_market), 2030)).iloc[0]
    assert f"median **{usd_bn(spread['median_usd_bn'])}**" in section

"""The audit's triangulation checks and CAGR period counts, on hand-made tables."""

from __future__ import annotations

import pytest

from pmdash.audit import audit, check_cagrs
from pmdash.audit_publishers import check_publishers, other_count
from pmdash.findings import Finding
from pmdash.model import Market
from tests.conftest import figures
from tests.test_triangulation import PEER_SOURCES, PEERS, of, sources


@pytest.mark.parametrize(
    ("start", "end", "years", "stated", "expected"),
    [
        (145.53, 246.66, (2024, 2030), 11.1, ((2025, 2030), 11.13)),  # from the first forecast year
        (100.0, 200.0, (2025, 2034), 7.18, ((2024, 2034), 7.18)),  # years counted inclusively
        (100.0, 200.0, (2025, 2034), 12.0, None),  # no count gives 12 %
        (100.0, 121.0, (2024, 2025), 10.0, ((2023, 2025), 10.0)),  # never a 0-year period
    ],
)
def test_a_stated_cagr_counted_another_way(
    start: float,
    end: float,
    years: tuple[int, int],
    stated: float,
    expected: tuple[tuple[int, int], float] | None,
) -> None:
    found = other_count(start, end, years, stated, 0.1)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found[0] == expected[0]
        assert found[1] == pytest.approx(expected[1], abs=0.01)


def test_a_rate_that_matches_one_year_fewer_is_a_warning_that_says_how() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 145.53),
            ("total", "All", 2030, "size", 246.66),
            ("total", "All", 2030, "cagr", 11.1, 2024),
        ]
    )
    (finding,) = check_cagrs(table)
    assert finding.severity == "warning"
    assert "matches if the period is counted 2025–2030 instead of 2024–2030" in finding.message
    assert "(5 years: 11.13 % a year)" in finding.message


def test_a_rate_that_matches_no_count_stays_an_error() -> None:
    table = figures(
        [
            ("total", "All", 2025, "size", 616.26),
            ("total", "All", 2034, "size", 1094.83),
            ("total", "All", 2034, "cagr", 11.37, 2025),
        ]
    )
    (finding,) = check_cagrs(table)
    assert finding.severity == "error" and "counted" not in finding.message


def test_a_rate_that_matches_as_stated_is_not_second_guessed() -> None:
    table = figures(
        [
            ("total", "All", 2020, "size", 100.0),
            ("total", "All", 2030, "size", 200.0),
            ("total", "All", 2030, "cagr", 7.18, 2020),
        ]
    )
    (finding,) = check_cagrs(table)
    assert finding.severity == "info" and "counted" not in finding.message


def _by(findings: list[Finding], check: str) -> dict[str, Finding]:
    return {f.source: f for f in findings if f.check == check}


def test_every_other_publisher_has_its_scope_checked() -> None:
    scope = _by(check_publishers(of(PEERS, PEER_SOURCES)), "scope")
    assert set(scope) == {"a", "b", "c"}
    assert scope["a"].message == "Sizes Widgets, this market's scope: compared."
    assert scope["c"].message.startswith("Sizes gadgets, not this market's scope (widgets)")


def test_a_publisher_with_no_scope_is_not_compared_and_warned_about() -> None:
    found = sources({"source": "a", "publisher": "Alpha", "scope": ""})
    scope = _by(check_publishers(of(PEERS, found)), "scope")
    assert scope["a"].severity == "warning" and "not recorded" in scope["a"].message


@pytest.mark.parametrize(
    ("threshold", "severity"),
    [(4, "info"), (2, "warning")],
)
def test_the_threshold_decides_whether_an_edition_is_old(threshold: int, severity: str) -> None:
    ages = _by(check_publishers(of(PEERS, PEER_SOURCES, max_age_years=threshold)), "edition_age")
    assert ages["a"].severity == severity  # Alpha, published 2021: 3 years before 2024
    assert set(ages) == {"a", "b"}  # compared publishers only


def test_an_edition_of_unknown_year_is_a_warning() -> None:
    found = sources({"source": "a", "publisher": "Alpha", "scope": "widgets"})
    ages = _by(check_publishers(of(PEERS, found)), "edition_age")
    assert ages["a"].severity == "warning" and "unknown" in ages["a"].message


@pytest.mark.parametrize(
    ("own", "theirs", "severity", "says"),
    [
        ({}, {}, "warning", "Not stated for it or for this report: the currency and the price"),
        (
            {"currency": "USD", "price_basis": "nominal", "fx_basis": "spot"},
            {"currency": "USD", "price_basis": "nominal", "fx_basis": "spot"},
            "info",
            "The same basis as this report",
        ),
        (
            {"currency": "USD", "price_basis": "nominal", "fx_basis": "spot"},
            {"currency": "USD", "price_basis": "real", "price_base_year": 2020, "fx_basis": "spot"},
            "warning",
            "A different basis (price basis (nominal or real) real against nominal",
        ),
        (
            {"currency": "USD", "price_basis": "nominal", "fx_basis": "spot"},
            {"currency": "EUR", "price_basis": "nominal", "fx_basis": "spot"},
            "error",
            "Stated in another currency (currency EUR against USD)",
        ),
    ],
)
def test_comparisons_across_bases_are_flagged_never_converted(
    own: dict[str, object], theirs: dict[str, object], severity: str, says: str
) -> None:
    found = sources({"source": "a", "publisher": "Alpha", "scope": "widgets", **theirs})
    for key, value in own.items():
        found.loc[found["source"] == "own", key] = value
    basis = _by(check_publishers(of(PEERS, found)), "basis")["a"]
    assert basis.severity == severity
    assert basis.message.startswith(says)


def test_too_few_publishers_of_the_scope_is_a_warning() -> None:
    lonely = sources({"source": "a", "publisher": "Alpha", "scope": "widgets"})
    findings = check_publishers(of(PEERS, lonely))
    (consensus,) = [f for f in findings if f.check == "consensus"]
    assert consensus.severity == "warning"
    assert consensus.message.startswith("Consensus is not offered: only one other publisher")


def test_the_consensus_is_reported_with_who_forms_it() -> None:
    (consensus,) = [f for f in check_publishers(of(PEERS, PEER_SOURCES)) if f.check == "consensus"]
    assert consensus.severity == "info" and consensus.computed == "Alpha (2021), Beta (2022)"


def test_on_the_shipped_market_the_audit_follows_the_rules(seed_market: Market) -> None:
    findings = audit(seed_market)
    mnm = next(f for f in findings if f.subject.startswith("MarketsandMarkets (2025): market"))
    assert mnm.severity == "warning"  # was an error: 11.1 % matches 2025–2030, 5 years
    assert "counted 2025–2030 instead of 2024–2030" in mnm.message
    basis = {f.source for f in findings if f.check == "basis"}
    assert basis == {"grandview-2021", "precedence-2022"}  # compared: the same scope only
    (consensus,) = [f for f in findings if f.check == "consensus"]
    assert consensus.stated == 8.91
    assert consensus.computed == "Grand View Research (2021), Precedence Research (2022)"


def test_a_lower_threshold_flags_grand_view_in_the_audit(seed_market: Market) -> None:
    def old(threshold: int) -> set[str]:
        findings = audit(seed_market, max_age_years=threshold)
        return {f.source for f in findings if f.check == "edition_age" and f.severity != "info"}

    assert old(4) == set()
    assert old(2) == {"grandview-2021"}  # the 2021 edition, 3 years before 2024


def test_a_bare_market_audits_without_publishers() -> None:
    (consensus,) = [
        f for f in check_publishers(of(PEERS.iloc[0:0], sources())) if f.check == "consensus"
    ]
    assert consensus.severity == "info"  # nothing to compare is not a fault
    assert consensus.message == (
        "Consensus is not offered: no other publisher's estimate is recorded."
    )

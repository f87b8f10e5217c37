"""Each audit check on small hand-made tables, and the seed report's known faults."""

from __future__ import annotations

import pandas as pd
import pytest

from pmdash.audit import (
    audit,
    check_cagrs,
    check_claims,
    check_not_sized,
    check_parts_vs_total,
    check_shares_sum,
    check_shares_vs_sizes,
    headline,
    stated_rounding,
)
from pmdash.model import Market, coerce_table
from tests.conftest import figures


def _one(findings: list) -> object:  # type: ignore[type-arg]
    assert len(findings) == 1, findings
    return findings[0]


@pytest.mark.parametrize(
    ("stated", "severity"), [(10.0, "info"), (10.04, "info"), (10.3, "warning"), (12.0, "error")]
)
def test_a_stated_cagr_is_checked_against_its_sizes(stated: float, severity: str) -> None:
    table = figures(
        [
            ("total", "All", 2020, "size", 100),
            ("total", "All", 2022, "size", 121),
            ("total", "All", 2022, "cagr", stated, 2020),
        ]
    )
    finding = _one(check_cagrs(table))
    assert (finding.severity, finding.computed) == (severity, pytest.approx(10.0))


def test_a_rate_stated_to_one_decimal_gets_that_rounding() -> None:
    assert stated_rounding(10.3) == pytest.approx(0.05)
    assert stated_rounding(11.37) == pytest.approx(0.005)
    assert stated_rounding(7.0) == pytest.approx(0.5)


def test_a_cagr_without_sizes_cannot_be_checked() -> None:
    finding = _one(check_cagrs(figures([("total", "All", 2030, "cagr", 8, 2020)])))
    assert finding.severity == "warning" and "cannot be checked" in finding.message


@pytest.mark.parametrize(
    ("parts", "severity"), [((60, 40), "info"), ((60, 45), "error"), ((50, 40), "warning")]
)
def test_parts_are_compared_with_the_total(parts: tuple[int, int], severity: str) -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100),
            ("region", "A", 2024, "size", parts[0]),
            ("region", "B", 2024, "size", parts[1]),
        ]
    )
    assert _one(check_parts_vs_total(table)).severity == severity


@pytest.mark.parametrize(
    ("share", "severity"), [(40.0, "info"), (40.5, "warning"), (45.0, "error")]
)
def test_a_stated_share_is_compared_with_its_size(share: float, severity: str) -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100),
            ("region", "A", 2024, "size", 40),
            ("region", "A", 2024, "share", share),
        ]
    )
    assert _one(check_shares_vs_sizes(table)).severity == severity


@pytest.mark.parametrize(
    ("shares", "severity"), [((60, 40), "info"), ((50, 40), "warning"), ((70, 40), "error")]
)
def test_shares_should_add_up_to_100(shares: tuple[int, int], severity: str) -> None:
    table = figures(
        [("end_user", "A", 2024, "share", shares[0]), ("end_user", "B", 2024, "share", shares[1])]
    )
    assert _one(check_shares_sum(table)).severity == severity


def _claims(*rows: tuple[str, str, str, object]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"market": "m", "claim": c, "dimension": d, "segment": s, "year": y}
            for c, d, s, y in rows
        ]
    )
    return coerce_table("claims", frame)


SIZES = [
    ("region", "A", 2020, "size", 60),
    ("region", "A", 2030, "size", 90),
    ("region", "B", 2020, "size", 40),
    ("region", "B", 2030, "size", 100),
]


@pytest.mark.parametrize(
    ("claim", "segment", "severity"),
    [
        ("largest", "A", "info"),
        ("largest", "B", "error"),
        ("fastest_growing", "B", "info"),
        ("fastest_growing", "A", "error"),
    ],
)
def test_narrative_claims_are_checked_against_the_numbers(
    claim: str, segment: str, severity: str
) -> None:
    finding = _one(check_claims(figures(SIZES), _claims((claim, "region", segment, 2020))))
    assert finding.severity == severity


def test_a_fastest_growing_claim_among_equal_rates_is_a_warning() -> None:
    equal = [
        ("region", "A", 2020, "size", 50),
        ("region", "A", 2030, "size", 100),
        ("region", "B", 2020, "size", 25),
        ("region", "B", 2030, "size", 50),
    ]
    finding = _one(check_claims(figures(equal), _claims(("fastest_growing", "region", "B", None))))
    assert finding.severity == "warning" and "same implied rate" in finding.message


def test_named_but_unsized_dimensions_are_reported() -> None:
    segments = coerce_table(
        "segments",
        pd.DataFrame({"market": "m", "dimension": ["product", "product"], "segment": ["X", "Y"]}),
    )
    finding = _one(check_not_sized(figures(SIZES), segments))
    assert finding.subject == "product segments" and "X, Y" in finding.message


def test_the_seed_report_faults_are_found(seed_market: Market) -> None:
    findings = {
        (f.check, f.subject): f
        for f in audit(seed_market)
        if not f.source.startswith(
            ("grand", "prec", "emer", "bis", "gmi", "tech", "vision", "markets")
        )
    }
    headline = findings[("cagr_vs_sizes", "market total CAGR 2025–2034")]
    assert headline.severity == "error"
    assert (headline.stated, round(float(headline.computed), 2)) == (11.37, 6.59)  # type: ignore[arg-type]
    assert (
        findings[("claim_fastest", "claim: Asia-Pacific is the fastest-growing region")].severity
        == "warning"
    )
    assert (
        findings[("claim_largest", "claim: North America is the largest region")].severity == "info"
    )
    assert findings[("parts_vs_total", "region sizes 2034")].severity == "info"
    assert {s for (c, s) in findings if c == "not_sized"} == {
        "product segments",
        "application segments",
        "country segments",
    }


def test_findings_come_most_serious_first(seed_market: Market) -> None:
    order = [f.severity for f in audit(seed_market)]
    assert order == sorted(order, key=["error", "warning", "info"].index)


def test_every_publisher_estimate_is_audited(seed_market: Market) -> None:
    sources = {f.source for f in audit(seed_market) if f.check == "cagr_vs_sizes"}
    assert (
        set(seed_market.estimates[seed_market.estimates["metric"] == "cagr"]["source"]) <= sources
    )


def test_a_market_with_no_side_tables_audits(sample_market: Market) -> None:
    bare = Market(meta=sample_market.meta, figures=sample_market.figures)
    assert all(f.severity in {"info", "warning", "error"} for f in audit(bare))


def test_headline_puts_the_markets_own_findings_first(seed_market: Market) -> None:
    top = headline(audit(seed_market), "cervicorn-2025", limit=2)
    assert [f.source for f in top] == ["cervicorn-2025", "cervicorn-2025"]


def test_headline_leaves_out_passed_checks(seed_market: Market) -> None:
    top = headline(audit(seed_market), limit=50)
    assert top and all(f.severity != "info" for f in top)


def test_a_cagr_from_a_zero_start_size_says_it_cannot_be_computed() -> None:
    table = figures(
        [
            ("total", "All", 2020, "size", 0),
            ("total", "All", 2022, "size", 121),
            ("total", "All", 2022, "cagr", 10, 2020),
        ]
    )
    finding = _one(check_cagrs(table))
    assert (finding.severity, finding.computed) == ("warning", None)
    assert "cannot be computed" in finding.message
    assert "nan" not in finding.message.lower() and "—" not in finding.message


def test_messages_write_sizes_with_their_unit_and_year() -> None:
    table = figures(
        [
            ("total", "All", 2020, "size", 5700),
            ("total", "All", 2022, "size", 616.26),
            ("total", "All", 2022, "cagr", 10, 2020),
        ]
    )
    message = _one(check_cagrs(table)).message
    assert "USD 5,700.0 bn (2020)" in message and "USD 616.3 bn (2022)" in message


def test_huge_figures_never_print_hundreds_of_digits() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 1e300),
            ("region", "Europe", 2024, "size", 1e300),
            ("region", "Asia", 2024, "size", 1e300),
        ]
    )
    message = _one(check_parts_vs_total(table)).message
    assert "more than USD 1,000,000,000 bn" in message
    assert max(len(word) for word in message.split()) < 20


def test_a_tiny_gap_is_never_minus_zero() -> None:
    table = figures(
        [
            ("total", "All", 2024, "size", 100),
            ("region", "Europe", 2024, "size", 60),
            ("region", "Asia", 2024, "size", 39.999),
        ]
    )
    assert "-0.00" not in _one(check_parts_vs_total(table)).message


def test_subjects_and_messages_show_no_raw_keys() -> None:
    table = figures(
        [
            ("end_user", "Hospitals", 2024, "size", 60),
            ("end_user", "Clinics", 2024, "size", 40),
        ]
    )
    claims = coerce_table(
        "claims",
        pd.DataFrame(
            [{"claim": "largest", "dimension": "end_user", "segment": "Hospitals",
              "year": 2024, "source": "x"}]
        ),
    )  # fmt: skip
    finding = _one(check_claims(table, claims))
    assert finding.subject == "claim: Hospitals is the largest end user"
    assert "end_user" not in finding.message


def test_audit_messages_carry_units_and_people_words(seed_market: Market) -> None:
    from pmdash.audit import audit

    findings = audit(seed_market)
    text = " ".join(f.subject + " " + f.message for f in findings)
    assert "end_user" not in text and "-0.00" not in text
    cagr = next(
        f for f in findings if f.check == "cagr_vs_sizes" and f.subject.startswith("market")
    )
    assert "USD 616.3 bn (2025)" in cagr.message and "% a year" in cagr.message
    assert all(f.source_label != f.source for f in findings if f.source)

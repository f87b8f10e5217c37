"""Consistency audit of a market: does the report agree with itself?

Each check returns :class:`Finding` values; passing checks are reported too (as
``info``), so an analyst sees what was verified, not only what failed.
Tolerances are explicit: a source that rounds to two decimals is not in error.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Final

import pandas as pd

from pmdash.audit_claims import TIE_TOLERANCE_PTS, check_claims
from pmdash.audit_publishers import check_publishers, other_count
from pmdash.findings import SEVERITY_ORDER, Finding, Severity, subject_of
from pmdash.formatting import (
    delta_usd_bn,
    dimension_noun,
    pct,
    points,
    rate,
    source_label,
    stated,
    usd_bn,
    usd_bn_in,
)
from pmdash.metrics import cagr_pct, sizes, total_sizes
from pmdash.model import Market, records
from pmdash.schema import TOTAL_DIMENSION, TOTAL_SEGMENT
from pmdash.triangulation import DEFAULT_MAX_AGE_YEARS, triangulate

__all__ = [
    "SEVERITY_ORDER",
    "TIE_TOLERANCE_PTS",
    "Finding",
    "Severity",
    "audit",
    "check_cagrs",
    "check_claims",
    "check_not_sized",
    "check_parts_vs_total",
    "check_shares_sum",
    "check_shares_vs_sizes",
    "headline",
    "stated_rounding",
]


CAGR_TOLERANCE_PTS: Final = 0.05  # rounding of stated sizes and rates
CAGR_WARNING_PTS: Final = 0.5
SHARE_TOLERANCE_PTS: Final = 0.06  # shares stated to two decimals
SHARE_WARNING_PTS: Final = 1.0
SUM_TOLERANCE_PCT: Final = 0.01  # parts vs total, percent of the total
SHARES_SUM_TOLERANCE_PTS: Final = 0.1


def audit(market: Market, *, max_age_years: int = DEFAULT_MAX_AGE_YEARS) -> list[Finding]:
    """Every check on the market's own figures and on other publishers' estimates, and
    the triangulation checks (:mod:`pmdash.audit_publishers`; editions older than
    ``max_age_years`` before the market's base year are flagged)."""
    figures = market.figures
    findings = [
        *check_cagrs(figures),
        *check_parts_vs_total(figures),
        *check_shares_vs_sizes(figures),
        *check_shares_sum(figures),
        *check_claims(figures, market.claims),
        *check_not_sized(figures, market.segments),
    ]
    result = triangulate(market, max_age_years=max_age_years)
    labels = {e.source: e.label for e in result.estimates}
    sources = market.sources.to_dict("records")
    for source, estimates in market.estimates.groupby("source", sort=True):
        publisher = labels.get(str(source)) or source_label(str(source), sources)
        findings += [
            replace(f, subject=f"{publisher}: {f.subject}", source=str(source))
            for f in check_cagrs(estimates)
        ]
    findings += check_publishers(result)
    labelled = [replace(f, source_label=source_label(f.source, sources)) for f in findings]
    return sorted(labelled, key=lambda f: SEVERITY_ORDER[f.severity])


def check_cagrs(figures: pd.DataFrame) -> list[Finding]:
    """Each stated CAGR against the CAGR its stated sizes imply."""
    found: list[Finding] = []
    stated_sizes = sizes(figures[figures["basis"] == "reported"])
    stated_rates = figures[(figures["metric"] == "cagr") & (figures["basis"] == "reported")]
    for row in records(stated_rates):
        base, end = int(row["base_year"]), int(row["year"])
        period = f"{base}–{end}"
        subject = f"{subject_of(row['dimension'], row['segment'])} CAGR {period}"
        own = stated_sizes[
            (stated_sizes["dimension"] == row["dimension"])
            & (stated_sizes["segment"] == row["segment"])
        ]
        by_year = dict(zip(own["year"].astype(int), own["value"], strict=True))
        if base in by_year and end in by_year:
            span = (base, end)
            implied = cagr_pct(by_year[base], by_year[end], end - base)
            basis_text = (
                f"the stated sizes {usd_bn_in(by_year[base], base)} "
                f"and {usd_bn_in(by_year[end], end)}"
            )
        elif len(by_year) >= 2:
            first, last = min(by_year), max(by_year)
            span = (first, last)
            implied = cagr_pct(by_year[first], by_year[last], last - first)
            basis_text = (
                f"the stated sizes {usd_bn_in(by_year[first], first)} and "
                f"{usd_bn_in(by_year[last], last)}, the nearest stated period"
            )
        else:
            found.append(
                Finding(
                    "cagr_vs_sizes",
                    subject,
                    float(row["value"]),
                    None,
                    "warning",
                    f"The stated {stated(row['value'])} % a year cannot be checked: "
                    "fewer than two sizes are stated.",
                    row["source"],
                )
            )
            continue
        gap = float(row["value"]) - implied
        stated_rate = f"{stated(row['value'])} % a year"
        tolerance = CAGR_TOLERANCE_PTS + stated_rounding(float(row["value"]))
        computable = not math.isnan(implied)
        severity = _graded(gap, tolerance, CAGR_WARNING_PTS) if computable else "warning"
        counted = (
            other_count(by_year[span[0]], by_year[span[1]], span, float(row["value"]), tolerance)
            if computable and severity != "info"
            else None
        )
        if counted is not None:
            (other_first, other_last), other_rate = counted
            severity = "warning"
            message = (
                f"The stated {stated_rate} does not follow from {basis_text} counted "
                f"{span[0]}–{span[1]} ({span[1] - span[0]} years: {rate(implied)}), but matches "
                f"if the period is counted {other_first}–{other_last} instead of "
                f"{span[0]}–{span[1]} ({other_last - other_first} years: {rate(other_rate)}); "
                "the source counts its period another way, so compare the rate with care."
            )
        elif not computable:
            message = (
                f"The stated {stated_rate} cannot be checked: the growth implied by "
                f"{basis_text} cannot be computed (a start size of zero or less)."
            )
        elif severity == "info":
            message = (
                f"The stated {stated_rate} matches the {rate(implied)} implied by {basis_text}."
            )
        else:
            message = (
                f"The stated {stated_rate} does not follow from {basis_text}, "
                f"which imply {rate(implied)} ({points(gap)}); treat the stated rate with caution."
            )
        found.append(
            Finding(
                "cagr_vs_sizes",
                subject,
                float(row["value"]),
                round(implied, 4) if computable else None,
                severity,
                message,
                row["source"],
            )
        )
    return found


def _graded(gap: float, tolerance: float, warning_band: float) -> Severity:
    """A stated figure against the computed one: within tolerance is fine (info), within
    the warning band a warning, beyond it an error."""
    if abs(gap) <= tolerance:
        return "info"
    return "warning" if abs(gap) <= warning_band else "error"


def stated_rounding(value: float) -> float:
    """Half a unit in the last decimal a stated number shows: 10.3 → 0.05, 11.37 → 0.005.

    >>> stated_rounding(10.3)
    0.05
    """
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return float(0.5 * 10.0**-decimals)


def check_parts_vs_total(figures: pd.DataFrame) -> list[Finding]:
    """Stated segment sizes of each dimension against the stated total, year by year."""
    reported = figures[figures["basis"] == "reported"]
    totals = total_sizes(reported)
    found: list[Finding] = []
    for dimension in sorted(set(reported["dimension"]) - {TOTAL_DIMENSION}):
        parts = sizes(reported, dimension)
        for key, group in parts.groupby("year"):
            year = int(str(key))
            if year not in totals.index:
                continue
            summed, total = float(group["value"].sum()), float(totals[year])
            gap = summed - total
            rounding = 0.005 * (len(group) + 1)
            noun = dimension_noun(dimension)
            subject = f"{noun} sizes {year}"
            summed_text, total_text = usd_bn(summed, 2), usd_bn(total, 2)
            if abs(gap) <= max(rounding, total * SUM_TOLERANCE_PCT / 100):
                severity: Severity = "info"
                message = (
                    f"The {len(group)} {noun} sizes add up to {summed_text}, the stated total "
                    f"{total_text} within rounding ({delta_usd_bn(gap, 2)})."
                )
            elif gap > 0:
                severity = "error"
                message = (
                    f"The {noun} sizes add up to {summed_text}, more than the stated total "
                    f"{total_text} ({delta_usd_bn(gap, 2)}); one of them is wrong."
                )
            else:
                severity = "warning"
                message = (
                    f"The {noun} sizes add up to {summed_text}, {usd_bn(-gap, 2)} short of the "
                    f"stated total {total_text}; a segment may be missing."
                )
            found.append(
                Finding(
                    "parts_vs_total", subject, round(total, 4), round(summed, 4), severity, message
                )
            )
    return found


def check_shares_vs_sizes(figures: pd.DataFrame) -> list[Finding]:
    """Each stated share against the share its stated size gives of the stated total."""
    reported = figures[figures["basis"] == "reported"]
    totals = total_sizes(reported)
    size_of = {
        (r["dimension"], r["segment"], int(r["year"])): float(r["value"])
        for r in records(sizes(reported))
    }
    found: list[Finding] = []
    for row in records(reported[reported["metric"] == "share"]):
        year = int(row["year"])
        size = size_of.get((row["dimension"], row["segment"], year))
        if size is None or year not in totals.index or totals[year] <= 0:
            continue
        computed = size / float(totals[year]) * 100.0
        gap = float(row["value"]) - computed
        subject = f"{subject_of(row['dimension'], row['segment'])} share {year}"
        severity = _graded(gap, SHARE_TOLERANCE_PTS, SHARE_WARNING_PTS)
        of_total = f"{usd_bn(size)} of {usd_bn(float(totals[year]))} in {year}"
        if severity == "info":
            message = (
                f"The stated {stated(row['value'])} % matches {of_total} ({pct(computed, 2)})."
            )
        else:
            message = (
                f"The stated {stated(row['value'])} % differs from {of_total}, which is "
                f"{pct(computed, 2)} ({points(gap)})."
            )
        found.append(
            Finding(
                "share_vs_size",
                subject,
                float(row["value"]),
                round(computed, 4),
                severity,
                message,
                row["source"],
            )
        )
    return found


def check_shares_sum(figures: pd.DataFrame) -> list[Finding]:
    """The stated shares of each dimension and year should add up to 100 %."""
    shares = figures[(figures["metric"] == "share") & (figures["basis"] == "reported")]
    found: list[Finding] = []
    for (dimension, year), group in shares.groupby(["dimension", "year"]):
        summed = float(group["value"].sum())
        gap = summed - 100.0
        noun = dimension_noun(str(dimension))
        subject = f"{noun} shares {year}"
        if abs(gap) <= SHARES_SUM_TOLERANCE_PTS:
            severity: Severity = "info"
            message = f"The {len(group)} {noun} shares add up to {pct(summed, 2)}."
        elif gap > 0:
            severity = "error"
            message = (
                f"The {noun} shares add up to {pct(summed, 2)}, more than 100 %; "
                "at least one is wrong."
            )
        else:
            severity = "warning"
            message = (
                f"The {noun} shares add up to {pct(summed, 2)}; {points(-gap).lstrip('+')} are not "
                "attributed to any segment."
            )
        found.append(Finding("shares_sum", subject, 100.0, round(summed, 4), severity, message))
    return found


def check_not_sized(figures: pd.DataFrame, segments: pd.DataFrame) -> list[Finding]:
    """Dimensions the report names but never sizes."""
    found: list[Finding] = []
    sized = set(figures[figures["metric"].isin(["size", "share"])]["dimension"])
    for dimension, group in segments.groupby("dimension", sort=False):
        if dimension in sized:
            continue
        names = ", ".join(group["segment"])
        noun = dimension_noun(str(dimension))
        found.append(
            Finding(
                "not_sized",
                f"{noun} segments",
                None,
                None,
                "info",
                f"The report names {len(group)} {noun} segments ({names}) but gives no size "
                "or share for them; any figure for them is an assumption.",
            )
        )
    return found


def headline(
    findings: list[Finding], primary_source: str | None = None, limit: int = 3
) -> list[Finding]:
    """The most important findings for a summary: errors and warnings, those about the
    market's own figures (``primary_source``, or no source) first, each group in audit order."""
    serious = [f for f in findings if f.severity != "info"]
    own = [f for f in serious if f.source in ("", primary_source)]
    return (own + [f for f in serious if f not in own])[:limit]


__all__ = ["TOTAL_SEGMENT", "Finding", "audit", "headline"]

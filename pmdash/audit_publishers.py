"""The audit's triangulation checks: how other publishers' estimates may be compared.

Built on :func:`pmdash.triangulation.triangulate`, the same rules the Sources page,
the brief and the Consensus preset follow:

- ``scope``: each other publisher is compared only when it sizes the market's own
  scope (info), else shown beside (info), or not compared because no scope is
  recorded (warning);
- ``edition_age``: each compared edition older than the threshold, or of unknown
  year (warning), else info;
- ``basis``: each comparison of a compared publisher with the market's own source
  across a different currency (error), a different price or exchange-rate basis
  (warning) or one that is not stated on either side (warning); nothing is converted;
- ``consensus``: the Consensus rate and who forms it (info), or why it is not
  offered (warning; info when the market records no other publisher at all);
- :func:`other_count`: a stated CAGR that matches its sizes only when its period
  is counted another way (used by :func:`pmdash.audit.check_cagrs`).
"""

from __future__ import annotations

import math
from typing import Final

from pmdash.findings import Finding, Severity
from pmdash.metrics import cagr_pct
from pmdash.triangulation import Estimate, Triangulation


def other_count(
    start: float, end: float, years: tuple[int, int], stated_pct: float, tolerance: float
) -> tuple[tuple[int, int], float] | None:
    """The period, counted another way, over which ``start`` → ``end`` grows at the
    stated rate (within ``tolerance`` points), and the rate it gives; else ``None``.

    Two other counts are tried: one year more (the years counted inclusively, as
    if from the year before the first) and one year fewer (from the first forecast
    year instead of the base year). The closer match wins.

    >>> span, implied = other_count(145.53, 246.66, (2024, 2030), 11.1, 0.1)
    >>> span, round(implied, 2)
    ((2025, 2030), 11.13)
    """
    first, last = years
    found: list[tuple[float, tuple[int, int], float]] = []
    for shift in (-1, 1):  # -1: one year more; +1: one year fewer
        span = (first + shift, last)
        count = span[1] - span[0]
        if count <= 0:
            continue
        implied = cagr_pct(start, end, count)
        if not math.isnan(implied) and abs(stated_pct - implied) <= tolerance:
            found.append((abs(stated_pct - implied), span, implied))
    if not found:
        return None
    _, span, implied = min(found)
    return span, implied


def check_publishers(result: Triangulation) -> list[Finding]:
    """Scope, edition age and basis of every other publisher, and the Consensus."""
    found: list[Finding] = []
    for estimate in result.estimates:
        if estimate.is_primary:
            continue
        found.append(_scope(result, estimate))
        if result.same_scope(estimate):
            found.append(_age(result, estimate))
            found.append(_basis(result, estimate))
    found.append(_consensus(result))
    return found


def _finding(
    check: str,
    estimate: Estimate,
    subject: str,
    values: tuple[float | str | None, float | str | None],
    severity: Severity,
    message: str,
) -> Finding:
    return Finding(
        check, f"{estimate.label}: {subject}", values[0], values[1], severity, message,
        estimate.source,
    )  # fmt: skip


def _scope(result: Triangulation, estimate: Estimate) -> Finding:
    own = result.scope or "not recorded"
    values = (estimate.scope or None, result.scope or None)
    if not estimate.scope:
        return _finding(
            "scope", estimate, "scope", values, "warning",
            "Its scope is not recorded (sources.csv), so it is not compared with this market; "
            "add the scope it sizes to compare it.",
        )  # fmt: skip
    if result.same_scope(estimate):
        return _finding(
            "scope", estimate, "scope", values, "info",
            f"Sizes {estimate.scope}, this market's scope: compared.",
        )  # fmt: skip
    return _finding(
        "scope", estimate, "scope", values, "info",
        f"Sizes {estimate.scope}, not this market's scope ({own}): shown beside, never in "
        "the Consensus or a spread.",
    )  # fmt: skip


def _age(result: Triangulation, estimate: Estimate) -> Finding:
    age = result.age(estimate)
    threshold = f"{result.max_age_years} years"
    if estimate.edition_year is None:
        return _finding(
            "edition_age", estimate, "edition", (None, None), "warning",
            "Its edition year is unknown (no publication date, none inferred), so how old its "
            "figures are cannot be checked; weigh it with care.",
        )  # fmt: skip
    if age is None:
        return _finding(
            "edition_age", estimate, "edition", (estimate.edition_year, None), "info",
            f"Edition {estimate.edition_year}; the market has no base year to count its age from.",
        )  # fmt: skip
    if result.is_old(estimate):
        return _finding(
            "edition_age", estimate, "edition", (estimate.edition_year, age), "warning",
            f"The {estimate.edition_year} edition is {age} years older than the market's base "
            f"year {result.reference_year} (threshold {threshold}); its sizes after "
            f"{estimate.edition_year} are its forecasts, projected here.",
        )  # fmt: skip
    return _finding(
        "edition_age", estimate, "edition", (estimate.edition_year, age), "info",
        f"Edition {estimate.edition_year} ({estimate.edition_how}), within {threshold} of the "
        f"market's base year {result.reference_year}.",
    )  # fmt: skip


BASIS_PARTS: Final = (
    ("currency", "currency"),
    ("price_basis", "price basis (nominal or real)"),
    ("price_base_year", "price base year"),
    ("fx_basis", "exchange-rate basis"),
)


def _basis(result: Triangulation, estimate: Estimate) -> Finding:
    own = result.own
    subject = "basis"
    if own is None:
        return _finding(
            "basis", estimate, subject, (estimate.basis, None), "warning",
            "The market has no source of its own to compare this estimate's basis with.",
        )  # fmt: skip
    different, unknown = [], []
    for attribute, noun in BASIS_PARTS:
        if attribute == "price_base_year" and "real" not in (own.price_basis, estimate.price_basis):
            continue  # nominal prices have no base year
        mine, theirs = getattr(own, attribute), getattr(estimate, attribute)
        if mine in ("", None) or theirs in ("", None):
            unknown.append(noun)
        elif str(mine).casefold() != str(theirs).casefold():
            different.append(f"{noun} {theirs} against {mine}")
    values = (estimate.basis, own.basis)
    if any(d.startswith("currency") for d in different):
        return _finding(
            "basis", estimate, subject, values, "error",
            f"Stated in another currency ({'; '.join(different)}); nothing is converted, so "
            "its sizes cannot be set against this report's as they are.",
        )  # fmt: skip
    if different:
        return _finding(
            "basis", estimate, subject, values, "warning",
            f"A different basis ({'; '.join(different)}); nothing is converted: compare with care.",
        )  # fmt: skip
    if unknown:
        return _finding(
            "basis", estimate, subject, values, "warning",
            f"Not stated for it or for this report: the {' and the '.join(unknown)}; the "
            "comparison assumes the same basis and converts nothing.",
        )  # fmt: skip
    return _finding(
        "basis", estimate, subject, values, "info",
        f"The same basis as this report ({estimate.basis}).",
    )  # fmt: skip


def _consensus(result: Triangulation) -> Finding:
    consensus = result.consensus
    stated = consensus.cagr_pct
    names = ", ".join(e.label for e in consensus.publishers) or None
    if stated is None:
        # No other publisher at all is nothing to warn about; too few of the scope is.
        alone = not result.peers and not result.others
        return Finding(
            "consensus", "Consensus preset", None, names, "info" if alone else "warning",
            consensus.explanation,
        )  # fmt: skip
    return Finding(
        "consensus", "Consensus preset", stated, names, "info", consensus.explanation,
    )  # fmt: skip

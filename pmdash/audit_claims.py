"""The audit's check of a report's narrative claims (largest, fastest-growing segment)
against its own numbers."""

from __future__ import annotations

from typing import Final

import pandas as pd

from pmdash.findings import Finding
from pmdash.formatting import dimension_noun, pct, points, rate, usd_bn
from pmdash.metrics import implied_cagrs
from pmdash.model import records

TIE_TOLERANCE_PTS: Final = 0.05  # growth rates closer than this are a tie


def check_claims(figures: pd.DataFrame, claims: pd.DataFrame) -> list[Finding]:
    """Narrative claims (largest, fastest-growing segment) against the numbers."""
    found: list[Finding] = []
    for claim in records(claims):
        if claim["claim"] == "largest":
            found.append(
                _check_largest(
                    figures, claim["dimension"], claim["segment"], claim["year"], claim["source"]
                )
            )
        elif claim["claim"] == "fastest_growing":
            found.append(
                _check_fastest(figures, claim["dimension"], claim["segment"], claim["source"])
            )
    return found


def _check_largest(
    figures: pd.DataFrame, dimension: str, segment: str, year: object, source: str
) -> Finding:
    rows = figures[(figures["dimension"] == dimension) & figures["metric"].isin(["size", "share"])]
    if year is not None and not pd.isna(year):  # type: ignore[call-overload]
        rows = rows[rows["year"] == int(str(year))]
    noun = dimension_noun(dimension)
    subject = f"claim: {segment} is the largest {noun}"
    metric = "size" if (rows["metric"] == "size").any() else "share"
    rows = rows[rows["metric"] == metric]
    if rows.empty:
        return Finding(
            "claim_largest",
            subject,
            segment,
            None,
            "warning",
            f"No {noun} figures to check the claim against.",
            source,
        )
    leader = rows.sort_values("value", ascending=False).iloc[0]
    amount = usd_bn(float(leader["value"])) if metric == "size" else pct(float(leader["value"]))
    if leader["segment"] == segment:
        return Finding(
            "claim_largest",
            subject,
            segment,
            str(leader["segment"]),
            "info",
            f"{segment} leads with the largest {metric} ({amount}) in {int(leader['year'])}.",
            source,
        )
    return Finding(
        "claim_largest",
        subject,
        segment,
        str(leader["segment"]),
        "error",
        f"The numbers put {leader['segment']} first ({amount} in {int(leader['year'])}), "
        f"not {segment}.",
        source,
    )


def _check_fastest(figures: pd.DataFrame, dimension: str, segment: str, source: str) -> Finding:
    rates = implied_cagrs(figures, dimension).sort_values("cagr_pct", ascending=False)
    noun = dimension_noun(dimension)
    subject = f"claim: {segment} is the fastest-growing {noun}"
    if segment not in set(rates["segment"]) or len(rates) < 2:
        return Finding(
            "claim_fastest",
            subject,
            segment,
            None,
            "warning",
            f"The report gives no two sizes of each {noun} to compare growth.",
            source,
        )
    own = float(rates.loc[rates["segment"] == segment, "cagr_pct"].iloc[0])
    best = rates.iloc[0]
    spread = float(rates["cagr_pct"].max() - rates["cagr_pct"].min())
    if spread <= TIE_TOLERANCE_PTS:
        return Finding(
            "claim_fastest",
            subject,
            segment,
            "all equal",
            "warning",
            f"Every {noun} grows at the same implied rate ({rate(rates['cagr_pct'].mean())}, "
            f"spread {points(spread, 3).lstrip('+')}), "
            f"so the numbers do not single out {segment}; the claim rests on the prose alone.",
            source,
        )
    if best["segment"] == segment:
        return Finding(
            "claim_fastest",
            subject,
            segment,
            segment,
            "info",
            f"{segment} has the highest implied growth, {rate(own)}.",
            source,
        )
    return Finding(
        "claim_fastest",
        subject,
        segment,
        str(best["segment"]),
        "error",
        f"{best['segment']} grows faster ({rate(best['cagr_pct'])}) than {segment} ({rate(own)}).",
        source,
    )

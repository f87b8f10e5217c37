"""Triangulation, page-ready: every publisher's estimate of the total market with its
scope, edition and basis, their growth paths over common years, and the spread of
their sizes in one year — by the rules of :mod:`pmdash.triangulation`.

By default only the market's own source and the publishers of its scope are in
the tables; ``other_scopes=True`` adds the rest, marked as not compared.
"""

from __future__ import annotations

import math

import pandas as pd

from pmdash.metrics import finite_or_nan, implied_rate, median_of
from pmdash.model import Market
from pmdash.schema import TOTAL_DIMENSION
from pmdash.triangulation import (
    DEFAULT_MAX_AGE_YEARS,
    Estimate,
    Triangulation,
    size_and_method,
    triangulate,
)

# How an estimate stands in the comparison (the ``status`` column).
THIS_REPORT = "this report"
COMPARED = "compared"
NOT_COMPARED = "other scope, not compared"
NOT_STATED = "not stated"

ESTIMATE_COLUMNS = [
    "source", "label", "scope", "status", "is_primary", "edition", "edition_how", "age_note",
    "basis", "currency", "prices", "exchange_rates", "rate_kind", "rate_pct",
    "year", "metric", "value", "base_year", "note",
]  # fmt: skip


def in_view(result: Triangulation, *, other_scopes: bool = False) -> list[Estimate]:
    """The estimates a view shows: the market's own and its scope's, then (on request) the rest."""
    own = [result.own] if result.own is not None else []
    return [*own, *result.peers, *(result.others if other_scopes else ())]


def status_of(result: Triangulation, estimate: Estimate) -> str:
    if estimate.is_primary:
        return THIS_REPORT
    return COMPARED if result.same_scope(estimate) else NOT_COMPARED


def publisher_estimates(
    market: Market,
    *,
    other_scopes: bool = False,
    max_age_years: int = DEFAULT_MAX_AGE_YEARS,
) -> pd.DataFrame:
    """The stated total-market sizes and CAGRs of every estimate in view, one figure a row.

    Columns: source, label ('Publisher (edition)'), scope, status (this report,
    compared, other scope), is_primary, edition, edition_how, age_note (old or
    unknown edition, else ''), basis (currency, prices, exchange rates in one phrase;
    also one column each), rate_kind / rate_pct (the rate that projects
    it: stated, else implied), year, metric, value, base_year, note.
    """
    result = triangulate(market, max_age_years=max_age_years)
    shown = {e.source: e for e in in_view(result, other_scopes=other_scopes)}
    own = market.figures[market.figures["basis"] == "reported"].assign(
        source=market.meta.primary_source
    )
    rows = pd.concat([own, market.estimates], ignore_index=True)
    rows = rows[
        (rows["dimension"] == TOTAL_DIMENSION)
        & rows["metric"].isin(["size", "cagr"])
        & rows["source"].isin(shown)
    ]
    info = {
        source: {
            "label": e.label, "scope": e.scope or NOT_STATED, "status": status_of(result, e),
            "is_primary": e.is_primary, "edition": e.edition, "edition_how": e.edition_how,
            "age_note": result.age_note(e), "basis": e.basis,
            "currency": e.currency or NOT_STATED, "prices": e.prices,
            "exchange_rates": e.fx_basis or NOT_STATED, "rate_kind": e.rate_kind,
            "rate_pct": e.rate_pct,
        }
        for source, e in shown.items()
    }  # fmt: skip
    extra = pd.DataFrame([info[s] for s in rows["source"]], index=rows.index)
    out = pd.concat([rows.drop(columns=["basis"]), extra], axis=1)
    order = {source: i for i, source in enumerate(shown)}
    out = out.assign(_order=out["source"].map(order))
    out = out.sort_values(["_order", "metric", "year"]).reset_index(drop=True)
    return out.reindex(columns=ESTIMATE_COLUMNS)


def _own_sizes(estimates: pd.DataFrame, source: str) -> dict[int, float]:
    rows = estimates[(estimates["source"] == source) & (estimates["metric"] == "size")]
    return {
        int(y): float(v)
        for y, v in zip(rows["year"], rows["value"], strict=True)
        if not math.isnan(float(v))
    }


def _publishers(estimates: pd.DataFrame) -> list[pd.Series]:
    """One row (the first figure) per estimate, in the table's order."""
    return [group.iloc[0] for _, group in estimates.groupby("source", sort=False)]


def cagr_paths(estimates: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Each estimate's path over common years, year by year, and how each year was had.

    The common years run over the market's own source's sized years (or ``years``;
    without a source, every sized year in view), widened to each estimate's own
    stated years; a year is stated,
    interpolated, or projected here at the estimate's rate (:mod:`pmdash.triangulation`).
    Columns: source, label, scope, status, is_primary, edition, age_note, year,
    value, how (stated / derived), method.
    """
    sized = estimates[estimates["metric"] == "size"]
    if not sized[sized["is_primary"].astype(bool)].empty:
        sized = sized[sized["is_primary"].astype(bool)]
    if years is None and sized.empty:
        return pd.DataFrame(columns=_PATH_COLUMNS)
    first, last = years or (int(sized["year"].min()), int(sized["year"].max()))
    rows = []
    for publisher in _publishers(estimates):
        sizes = _own_sizes(estimates, str(publisher["source"]))
        if not sizes:
            continue
        rate, kind = float(publisher["rate_pct"]), str(publisher["rate_kind"])
        for year in range(min(first, min(sizes)), max(last, max(sizes)) + 1):
            value, method = size_and_method(sizes, year, rate, kind)
            if math.isnan(value):
                continue
            rows.append(
                {
                    **{c: publisher[c] for c in _PATH_COLUMNS[:7]},
                    "year": year, "value": value,
                    "how": "stated" if year in sizes else "derived", "method": method,
                }
            )  # fmt: skip
    return pd.DataFrame(rows, columns=_PATH_COLUMNS)


_PATH_COLUMNS = [
    "source", "label", "scope", "status", "is_primary", "edition", "age_note",
    "year", "value", "how", "method",
]  # fmt: skip


def publisher_cagrs(estimates: pd.DataFrame) -> pd.DataFrame:
    """Per estimate: scope, edition, basis, the stated CAGR and the one its sizes imply.

    The implied rate is over the stated period when both ends are sized, else over
    the estimate's first and last stated sizes; ``rate`` says which one projects it.
    """
    rows = []
    for publisher in _publishers(estimates):
        source = str(publisher["source"])
        own = estimates[estimates["source"] == source]
        stated = own[own["metric"] == "cagr"].sort_values(["year", "base_year"])
        record: dict[str, object] = {c: publisher[c] for c in _CAGR_COLUMNS[:9]}
        period = None
        record.update(stated_cagr_pct=math.nan, stated_period="")
        if not stated.empty:
            row = stated.iloc[0]
            period = (int(row["base_year"]), int(row["year"]))
            record.update(stated_cagr_pct=float(row["value"]), stated_period=_years(period))
        implied, span = implied_rate(_own_sizes(estimates, source), period)
        record.update(implied_cagr_pct=implied, implied_period=_years(span))
        record["gap_pts"] = finite_or_nan(
            float(record["stated_cagr_pct"]) - float(record["implied_cagr_pct"])  # type: ignore[arg-type]
        )
        record["rate"] = str(publisher["rate_kind"]) or "none"
        rows.append(record)
    return pd.DataFrame(rows, columns=_CAGR_COLUMNS)


_CAGR_COLUMNS = [
    "label", "scope", "status", "edition", "age_note", "currency", "prices", "exchange_rates",
    "is_primary",
    "stated_cagr_pct", "stated_period", "implied_cagr_pct", "implied_period", "gap_pts", "rate",
]  # fmt: skip


def _years(period: tuple[int, int] | None) -> str:
    return f"{period[0]}–{period[1]}" if period else ""


def spread_at(estimates: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each estimate's market size in ``year``, and how it was had (stated, interpolated,
    or projected here at its own stated, else implied, rate: ``basis="derived"``).
    An estimate that cannot be brought to the year gets no size and says why. The
    market's own scope comes first, then other scopes; each by size."""
    rows = []
    for publisher in _publishers(estimates):
        sizes = _own_sizes(estimates, str(publisher["source"]))
        value, method = size_and_method(
            sizes, year, float(publisher["rate_pct"]), str(publisher["rate_kind"])
        )
        basis = "" if math.isnan(value) else "reported" if year in sizes else "derived"
        rows.append(
            {
                **{c: publisher[c] for c in _SPREAD_COLUMNS[:6]},
                "size_usd_bn": value, "basis": basis, "method": method,
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=_SPREAD_COLUMNS)
    order = frame["status"].map({THIS_REPORT: 0, COMPARED: 0, NOT_COMPARED: 1})
    frame = frame.assign(_order=order).sort_values(["_order", "size_usd_bn"], na_position="last")
    return frame.drop(columns="_order").reset_index(drop=True)


_SPREAD_COLUMNS = [
    "label", "scope", "status", "is_primary", "edition", "age_note",
    "size_usd_bn", "basis", "method",
]  # fmt: skip


def spread_summary(spread: pd.DataFrame) -> pd.DataFrame:
    """Lowest, median and highest size of the compared publishers (the market's own
    scope, its own source apart), then of each other scope in view, never merged.

    A group with fewer than two sized publishers has no spread and says so.
    Columns: scope, status, publishers, min_usd_bn, median_usd_bn, max_usd_bn,
    this_report_usd_bn, note.
    """
    own = spread[spread["is_primary"]]
    own_size = float(own["size_usd_bn"].iloc[0]) if not own.empty else math.nan
    scope = str(own["scope"].iloc[0]) if not own.empty else ""
    groups = [(scope, COMPARED, spread[spread["status"] == COMPARED])]
    others = spread[spread["status"] == NOT_COMPARED]
    groups += [(str(s), NOT_COMPARED, g) for s, g in others.groupby("scope", sort=True)]
    rows = [_spread_row(*group, own_size) for group in groups if group[0] or len(group[2])]
    return pd.DataFrame(rows, columns=_SUMMARY_COLUMNS)


_SUMMARY_COLUMNS = [
    "scope", "status", "publishers", "min_usd_bn", "median_usd_bn", "max_usd_bn",
    "this_report_usd_bn", "note",
]  # fmt: skip


def _spread_row(scope: str, status: str, group: pd.DataFrame, own: float) -> dict[str, object]:
    sized = group.dropna(subset=["size_usd_bn"])
    names = ", ".join(str(n) for n in sized["label"])
    count = len(sized)
    if count >= 2:
        note = f"{count} publishers: {names}"
        low, mid, high = (
            float(sized["size_usd_bn"].min()),
            median_of(sized["size_usd_bn"]),
            float(sized["size_usd_bn"].max()),
        )
    else:
        have = f"only {names}" if count else "none"
        note = f"fewer than two publishers sized for the year ({have}): no spread"
        low = mid = high = math.nan
    return {
        "scope": scope or NOT_STATED, "status": status, "publishers": count,
        "min_usd_bn": low, "median_usd_bn": mid, "max_usd_bn": high,
        "this_report_usd_bn": own if status == COMPARED else math.nan, "note": note,
    }  # fmt: skip

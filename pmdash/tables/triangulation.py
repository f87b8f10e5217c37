"""Triangulation: every publisher's estimate of the total market, their stated against
implied growth, and the spread of their sizes in one year."""

from __future__ import annotations

import math

import pandas as pd

from pmdash.metrics import finite_or_nan, grow, implied_rate, median_of, size_in_year
from pmdash.model import Market
from pmdash.schema import TOTAL_DIMENSION

NOT_STATED = "not stated"


def publisher_estimates(market: Market) -> pd.DataFrame:
    """The total-market sizes and CAGRs of the market's own source and of other publishers.

    Columns: source, label ('Publisher (edition)'), scope, is_primary, year, metric,
    value, base_year, note.
    """
    own = market.figures[(market.figures["basis"] == "reported")].assign(is_primary=True)
    others = market.estimates.assign(is_primary=False)
    rows = pd.concat([own, others], ignore_index=True)
    rows = rows[(rows["dimension"] == TOTAL_DIMENSION) & rows["metric"].isin(["size", "cagr"])]
    info = market.sources.set_index("source")
    rows = rows.assign(
        label=rows["source"].map(lambda s: _publisher_label(info, s)),
        scope=rows["source"].map(
            lambda s: str(info.at[s, "scope"]) or NOT_STATED if s in info.index else NOT_STATED
        ),
    )
    columns = [
        "source",
        "label",
        "scope",
        "is_primary",
        "year",
        "metric",
        "value",
        "base_year",
        "note",
    ]
    return (
        rows[columns]
        .sort_values(
            ["is_primary", "source", "metric", "year"], ascending=[False, True, True, True]
        )
        .reset_index(drop=True)
    )


def _publisher_label(info: pd.DataFrame, source: str) -> str:
    if source not in info.index:
        return source
    publisher = str(info.at[source, "publisher"]) or source
    published = str(info.at[source, "published"])[:4]
    edition = published or (source.rsplit("-", 1)[-1] if source[-4:].isdigit() else "")
    return f"{publisher} ({edition})" if edition else publisher


def _own_sizes(estimates: pd.DataFrame, source: str) -> dict[int, float]:
    rows = estimates[(estimates["source"] == source) & (estimates["metric"] == "size")]
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}


def cagr_paths(estimates: pd.DataFrame) -> pd.DataFrame:
    """Each stated CAGR drawn as a path through one of its publisher's stated sizes.

    The anchor is the size stated for the CAGR's base year, else for its end
    year, else the nearest stated size; a CAGR with no size at all has no path.
    """
    rows = []
    for cagr in estimates[estimates["metric"] == "cagr"].itertuples(index=False):
        sizes = _own_sizes(estimates, str(cagr.source))
        if not sizes:
            continue
        base, end = int(str(cagr.base_year)), int(str(cagr.year))
        anchor = (
            base
            if base in sizes
            else end
            if end in sizes
            else min(sizes, key=lambda y: abs(y - base))
        )
        for year in range(min(anchor, base), max(anchor, end) + 1):
            rows.append(
                {
                    "source": cagr.source, "label": cagr.label, "scope": cagr.scope,
                    "is_primary": cagr.is_primary, "year": year,
                    "value": grow(sizes[anchor], float(str(cagr.value)), year - anchor),
                    "cagr_pct": float(str(cagr.value)), "period": f"{base}–{end}",
                    "anchor_year": anchor,
                }
            )  # fmt: skip
    columns = [
        "source",
        "label",
        "scope",
        "is_primary",
        "year",
        "value",
        "cagr_pct",
        "period",
        "anchor_year",
    ]
    return pd.DataFrame(rows, columns=columns)


def publisher_cagrs(estimates: pd.DataFrame) -> pd.DataFrame:
    """Per publisher: the stated CAGR and the one its own stated sizes imply.

    The implied rate is over the stated period when both ends are sized, else
    over the publisher's first and last stated sizes.
    """
    rows = []
    for source, group in estimates.groupby("source", sort=False):
        sizes = _own_sizes(estimates, str(source))
        stated = group[group["metric"] == "cagr"]
        first = group.iloc[0]
        record: dict[str, object] = {
            "label": first["label"], "scope": first["scope"],
            "is_primary": bool(first["is_primary"]),
            "stated_cagr_pct": math.nan, "stated_period": "", "implied_cagr_pct": math.nan,
            "implied_period": "", "gap_pts": math.nan,
        }  # fmt: skip
        period = None
        if not stated.empty:
            row = stated.iloc[0]
            period = (int(row["base_year"]), int(row["year"]))
            record.update(
                stated_cagr_pct=float(row["value"]), stated_period=f"{period[0]}–{period[1]}"
            )
        implied, span = implied_rate(sizes, period)
        if span is not None:
            record.update(implied_cagr_pct=implied, implied_period=f"{span[0]}–{span[1]}")
        record["gap_pts"] = finite_or_nan(
            float(record["stated_cagr_pct"]) - float(record["implied_cagr_pct"])  # type: ignore[arg-type]
        )
        rows.append(record)
    columns = [
        "label", "scope", "is_primary", "stated_cagr_pct", "stated_period",
        "implied_cagr_pct", "implied_period", "gap_pts",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def spread_at(estimates: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each publisher's market size in ``year``, and how it was obtained.

    Stated when the publisher sizes that year; between two stated sizes,
    interpolated at the rate they imply; otherwise projected from the nearest
    stated size at the publisher's stated (else implied) CAGR. Computed values
    are marked ``basis="derived"``; a publisher that cannot be projected gets no size.
    """
    rates = publisher_cagrs(estimates).set_index("label")
    rows = []
    for (source, label), group in estimates.groupby(["source", "label"], sort=False):
        sizes = _own_sizes(estimates, str(source))
        first = group.iloc[0]
        record = {"label": label, "scope": first["scope"], "is_primary": bool(first["is_primary"])}
        own_rates = rates[rates.index == label].iloc[0]
        rows.append({**record, **_size_in(sizes, year, own_rates)})
    columns = ["label", "scope", "is_primary", "size_usd_bn", "basis", "method"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("size_usd_bn", na_position="last").reset_index(drop=True)


def _size_in(sizes: dict[int, float], year: int, rates: pd.Series) -> dict[str, object]:
    stated = float(rates["stated_cagr_pct"])
    kind, rate = (
        ("stated", stated)
        if not math.isnan(stated)
        else ("implied", float(rates["implied_cagr_pct"]))
    )
    found = size_in_year(sizes, year, rate)
    if found.how == "stated":
        method = f"stated for {year}"
    elif found.how == "interpolated":
        method = f"interpolated between its {found.from_years[0]} and {found.from_years[1]} sizes"
    elif found.how == "projected":
        anchor = found.from_years[0]
        method = f"projected from {anchor} (USD {sizes[anchor]:,.1f} bn) at its {kind} {rate:.2f} % a year"
    else:
        reason = (
            "no size stated"
            if not sizes
            else "one size and no growth rate"
            if math.isnan(rate)
            else "too large to compute"
        )
        return {"size_usd_bn": math.nan, "basis": "", "method": f"cannot be projected: {reason}"}
    basis = "reported" if found.how == "stated" else "derived"
    return {"size_usd_bn": found.value, "basis": basis, "method": method}


def spread_summary(spread: pd.DataFrame) -> pd.DataFrame:
    """Min, median and max of the publishers' sizes, per scope and over all."""
    sized = spread.dropna(subset=["size_usd_bn"])
    groups = [("all publishers", sized), *((str(s), g) for s, g in sized.groupby("scope"))]
    rows = [
        {
            "scope": name, "publishers": len(g),
            "min_usd_bn": g["size_usd_bn"].min(), "median_usd_bn": median_of(g["size_usd_bn"]),
            "max_usd_bn": g["size_usd_bn"].max(),
        }
        for name, g in groups
        if len(g)
    ]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["scope", "publishers", "min_usd_bn", "median_usd_bn", "max_usd_bn"]
    )

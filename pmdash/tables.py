"""Page-ready tables: what the analyst pages show, as plain DataFrames.

Pure functions over a :class:`~pmdash.model.Market`, its expanded figures
(:func:`pmdash.metrics.expand`) and its audit findings. Pages render these
tables as they are; they never group, merge or compute themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pmdash.assumptions import effective_basis
from pmdash.audit import Finding
from pmdash.formatting import dimension_label
from pmdash.metrics import cagr_pct, implied_cagrs, total_sizes, yoy_growth
from pmdash.model import Market
from pmdash.schema import TOTAL_DIMENSION

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Kpis:
    """The headline numbers of a market, as the overview shows them."""

    base_year: int | None
    base_size_usd_bn: float | None
    latest_year: int | None
    latest_size_usd_bn: float | None
    forecast_year: int | None
    forecast_size_usd_bn: float | None
    cagr_period: tuple[int, int] | None
    stated_cagr_pct: float | None
    implied_cagr_pct: float | None
    dominant_dimension: str | None
    dominant_segment: str | None
    dominant_share_pct: float | None

    @property
    def cagr_gap_pts(self) -> float | None:
        """Stated minus implied CAGR, in percentage points."""
        if self.stated_cagr_pct is None or self.implied_cagr_pct is None:
            return None
        return self.stated_cagr_pct - self.implied_cagr_pct


def headline_kpis(market: Market, full: pd.DataFrame, today_year: int) -> Kpis:
    """Base-year, latest and forecast size, stated vs implied CAGR, dominant region.

    The latest estimate is the last *reported* total size in a year up to
    ``today_year``; the implied CAGR is taken over the stated CAGR's own period
    (or base to forecast year when none is stated).
    """
    totals = total_sizes(full)
    reported = total_sizes(full[full["basis"] == "reported"])
    base = market.meta.base_year or (int(totals.index.min()) if len(totals) else None)
    end = market.meta.forecast_year or (int(totals.index.max()) if len(totals) else None)
    past = reported[reported.index <= today_year]
    latest = int(past.index.max()) if len(past) else None
    cagr = _stated_total_cagr(market.figures, end)
    period = (int(cagr["base_year"]), int(cagr["year"])) if cagr is not None else None
    if period is None and base is not None and end is not None and end > base:
        period = (base, end)
    implied = None
    if period is not None and period[0] in totals.index and period[1] in totals.index:
        value = cagr_pct(float(totals[period[0]]), float(totals[period[1]]), period[1] - period[0])
        implied = None if math.isnan(value) else value
    dimension, segment, share = _dominant(full, base)
    return Kpis(
        base_year=base,
        base_size_usd_bn=_at(totals, base),
        latest_year=latest,
        latest_size_usd_bn=_at(totals, latest),
        forecast_year=end,
        forecast_size_usd_bn=_at(totals, end),
        cagr_period=period,
        stated_cagr_pct=float(cagr["value"]) if cagr is not None else None,
        implied_cagr_pct=implied,
        dominant_dimension=dimension,
        dominant_segment=segment,
        dominant_share_pct=share,
    )


def _at(series: pd.Series, year: int | None) -> float | None:
    return float(series[year]) if year is not None and year in series.index else None


def _stated_total_cagr(figures: pd.DataFrame, end: int | None) -> pd.Series | None:
    rows = figures[
        (figures["dimension"] == TOTAL_DIMENSION)
        & (figures["metric"] == "cagr")
        & (figures["basis"] == "reported")
    ]
    if rows.empty:
        return None
    rows = rows.assign(ends_at_forecast=rows["year"] == end).sort_values(
        ["ends_at_forecast", "year"], ascending=False
    )
    return rows.iloc[0]


def _dominant(full: pd.DataFrame, year: int | None) -> tuple[str | None, str | None, float | None]:
    for dimension in ("region", *sorted(set(full["dimension"]) - {"region", TOTAL_DIMENSION})):
        shares = full[(full["dimension"] == dimension) & (full["metric"] == "share")]
        if shares.empty:
            continue
        at_year = shares[shares["year"] == year] if year is not None else shares
        if at_year.empty:
            at_year = shares[shares["year"] == shares["year"].min()]
        leader = at_year.sort_values("value", ascending=False).iloc[0]
        return dimension, str(leader["segment"]), float(leader["value"])
    return None, None, None


def sized_dimensions(full: pd.DataFrame) -> list[str]:
    """Dimensions (other than the total) with at least one size or share."""
    rows = full[full["metric"].isin(["size", "share"]) & (full["dimension"] != TOTAL_DIMENSION)]
    return sorted(set(rows["dimension"]))


def dimension_years(full: pd.DataFrame, dimension: str) -> list[int]:
    """The years a dimension has sizes or shares for (stated or derived), ascending."""
    rows = full[(full["dimension"] == dimension) & full["metric"].isin(["size", "share"])]
    return sorted({int(y) for y in rows["year"]})


def catalogue(market: Market, dimension: str) -> list[str]:
    """The dimension's segments in catalogue order (named, then any with figures)."""
    named = market.segments[market.segments["dimension"] == dimension]["segment"].tolist()
    sized = market.figures[market.figures["dimension"] == dimension]["segment"].tolist()
    return list(dict.fromkeys([*named, *sized]))


def segment_view(
    market: Market, full: pd.DataFrame, dimension: str, years: tuple[int, int]
) -> pd.DataFrame:
    """One row per segment and year in ``years`` (inclusive): size, share, basis, source.

    Basis is the shown basis (computed from an assumption counts as assumed).
    Rows follow the catalogue order; ``parent`` is the segment's parent (a
    country's region), when the catalogue names one.
    """
    columns = [
        "segment", "parent", "year", "size_usd_bn", "share_pct",
        "size_basis", "share_basis", "source", "note",
    ]  # fmt: skip
    rows = full[
        (full["dimension"] == dimension)
        & full["metric"].isin(["size", "share"])
        & full["year"].between(years[0], years[1])
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(basis=effective_basis(rows))
    size = rows[rows["metric"] == "size"].rename(
        columns={"value": "size_usd_bn", "basis": "size_basis", "note": "size_note"}
    )[["segment", "year", "size_usd_bn", "size_basis", "source", "size_note"]]
    share = rows[rows["metric"] == "share"].rename(
        columns={
            "value": "share_pct",
            "basis": "share_basis",
            "source": "share_source",
            "note": "share_note",
        }
    )[["segment", "year", "share_pct", "share_basis", "share_source", "share_note"]]
    table = size.merge(share, on=["segment", "year"], how="outer")
    table["source"] = table["source"].fillna(table["share_source"])
    table["note"] = table["size_note"].fillna(table["share_note"])
    labels = {s: publisher(market, s) for s in set(table["source"].dropna())}
    table["source"] = table["source"].map(lambda s: labels.get(s, s) if isinstance(s, str) else "")
    parents = _parents(market, dimension)
    table["parent"] = table["segment"].map(lambda s: parents.get(s, ""))
    order = {s: i for i, s in enumerate(catalogue(market, dimension))}
    table = table.assign(_order=table["segment"].map(order)).sort_values(["_order", "year"])
    table["year"] = table["year"].astype(int)
    return table[columns].reset_index(drop=True)


def publisher(market: Market, source: str) -> str:
    """The publisher's name for a source id (the id itself when unknown)."""
    return market.source_label(source).split(" — ")[0] if source else ""


def _parents(market: Market, dimension: str) -> dict[str, str]:
    rows = market.segments[market.segments["dimension"] == dimension]
    return {str(s): str(p) for s, p in zip(rows["segment"], rows["parent"], strict=True) if p}


def unattributed(view: pd.DataFrame, full: pd.DataFrame, year: int) -> float | None:
    """The part of the total (USD bn) the dimension's segment sizes leave out in ``year``."""
    totals = total_sizes(full)
    if year not in totals.index:
        return None
    summed = float(view[view["year"] == year]["size_usd_bn"].fillna(0).sum())
    rest = float(totals[year]) - summed
    return rest if rest > 0.005 * float(totals[year]) else None


def region_growth(market: Market, full: pd.DataFrame, dimension: str = "region") -> pd.DataFrame:
    """Per segment of ``dimension``: first and last size and share, implied CAGR, named children.

    ``trend_usd_bn`` holds the yearly sizes (for a sparkline); ``named`` the
    catalogue entries whose parent is the segment (a region's countries).
    """
    columns = [
        "segment", "start_year", "end_year", "start_usd_bn", "end_usd_bn",
        "start_share_pct", "end_share_pct", "share_change_pts", "cagr_pct",
        "trend_usd_bn", "named",
    ]  # fmt: skip
    years = dimension_years(full, dimension)
    if not years:
        return pd.DataFrame(columns=columns)
    view = segment_view(market, full, dimension, (years[0], years[-1]))
    rates = implied_cagrs(market.figures, dimension).set_index("segment")["cagr_pct"]
    children = named_children(market)
    rows = []
    for segment, group in view.groupby("segment", sort=False):
        sized = group.dropna(subset=["size_usd_bn"])
        first = sized.iloc[0] if len(sized) else group.iloc[0]
        last = sized.iloc[-1] if len(sized) else group.iloc[-1]
        rows.append(
            {
                "segment": segment,
                "start_year": int(first["year"]),
                "end_year": int(last["year"]),
                "start_usd_bn": first["size_usd_bn"],
                "end_usd_bn": last["size_usd_bn"],
                "start_share_pct": first["share_pct"],
                "end_share_pct": last["share_pct"],
                "share_change_pts": last["share_pct"] - first["share_pct"],
                "cagr_pct": float(rates[segment]) if segment in rates.index else math.nan,
                "trend_usd_bn": [float(v) for v in sized["size_usd_bn"]],
                "named": ", ".join(children.get(str(segment), [])),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def named_children(market: Market) -> dict[str, list[str]]:
    """Parent segment → the catalogue segments naming it as parent (a region's countries)."""
    rows = market.segments[market.segments["parent"] != ""]
    out: dict[str, list[str]] = {}
    for parent, child in zip(rows["parent"], rows["segment"], strict=True):
        out.setdefault(str(parent), []).append(str(child))
    return out


def growth_by_year(full: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """Year-on-year growth (percent) of each segment's size, from the expanded figures."""
    rows = full[(full["dimension"] == dimension) & (full["metric"] == "size")]
    series = rows[["segment", "year", "value"]].assign(year=rows["year"].astype(int))
    grown = yoy_growth(series)
    return grown.dropna(subset=["growth_pct"]).reset_index(drop=True)


_VERDICT = {"info": "Supported", "warning": "Not shown by the numbers", "error": "Contradicted"}


def claims_table(findings: list[Finding]) -> pd.DataFrame:
    """The report's narrative claims next to what its numbers say."""
    rows = [
        {
            "claim": f.subject.removeprefix("claim: "),
            "verdict": _VERDICT[f.severity],
            "numbers_say": f.message,
            "source": f.source,
        }
        for f in findings
        if f.check.startswith("claim_")
    ]
    return pd.DataFrame(rows, columns=["claim", "verdict", "numbers_say", "source"])


def top_findings(findings: list[Finding], primary_source: str, limit: int = 4) -> list[Finding]:
    """The most serious findings, those about the market's own figures first."""
    serious = [f for f in findings if f.severity != "info"]
    own = [f for f in serious if f.source in ("", primary_source)]
    return (own + [f for f in serious if f not in own])[:limit]


def findings_table(findings: list[Finding]) -> pd.DataFrame:
    """The audit as a table, most severe first."""
    rows = [
        {
            "severity": f.severity,
            "check": f.check,
            "subject": f.subject,
            "stated": _cell(f.stated),
            "computed": _cell(f.computed),
            "message": f.message,
            "source": f.source,
        }
        for f in findings
    ]
    columns = ["severity", "check", "subject", "stated", "computed", "message", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    order = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return (
        frame.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def _cell(value: float | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity (every severity present as a key)."""
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def figures_table(market: Market, full: pd.DataFrame) -> pd.DataFrame:
    """Every figure (stated, derived, assumed, and stated CAGRs) with its basis and source."""
    rows = full.assign(basis=effective_basis(full))
    labels = {s: market.source_label(s) for s in set(rows["source"]) if s}
    unit = rows["metric"].map({"size": "USD bn", "share": "%", "cagr": "% a year"})
    period = rows["base_year"].astype("string").fillna("") + "–" + rows["year"].astype("string")
    out = pd.DataFrame(
        {
            "dimension": rows["dimension"].map(dimension_label),
            "segment": rows["segment"],
            "year": rows["year"].astype(int),
            "metric": rows["metric"],
            "period": period.where(rows["metric"] == "cagr", ""),
            "value": rows["value"],
            "unit": unit.fillna(""),
            "basis": rows["basis"],
            "source": rows["source"].map(lambda s: labels.get(s, s)),
            "note": rows["note"],
        }
    )
    return out.sort_values(["dimension", "segment", "metric", "year"]).reset_index(drop=True)


def filter_rows(
    frame: pd.DataFrame,
    query: str = "",
    **allowed: list[str] | None,
) -> pd.DataFrame:
    """Rows whose text contains every word of ``query`` (any column, case-insensitive) and whose
    columns hold one of the allowed values (``basis=["reported"]``; None = any)."""
    keep = pd.Series(True, index=frame.index)
    for column, values in allowed.items():
        if values is not None:
            keep &= frame[column].isin(values)
    words = query.lower().split()
    if words:
        text = frame.astype(str).agg(" ".join, axis=1).str.lower()
        for word in words:
            keep &= text.str.contains(word, regex=False)
    return frame[keep].reset_index(drop=True)


def meta_table(market: Market) -> pd.DataFrame:
    """The market's metadata as field / value rows, for people."""
    meta = market.meta
    period = (
        f"{meta.base_year}–{meta.forecast_year}" if meta.base_year and meta.forecast_year else ""
    )
    rows = [
        ("Market", meta.name),
        ("Geography", meta.geography),
        ("Currency and unit", f"{meta.currency} {meta.unit}s, nominal"),
        ("Base year – forecast year", period),
        ("Primary source", market.source_label(meta.primary_source) if meta.primary_source else ""),
        ("Description", " ".join(meta.description.split())),
        ("Notes", meta.notes),
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=["field", "value"])


def definitions_table(market: Market) -> pd.DataFrame:
    """The market's definitions: term (with its dimension, when it names a segment) and meaning."""
    rows = []
    for key, meaning in market.meta.definitions.items():
        dimension, _, segment = key.rpartition("/")
        rows.append({"term": segment, "dimension": dimension, "definition": meaning})
    frame = pd.DataFrame(rows, columns=["term", "dimension", "definition"])
    return frame.sort_values(["dimension", "term"]).reset_index(drop=True)


def sources_table(market: Market) -> pd.DataFrame:
    """The sources, with how many of the market's figures and estimates each gives."""
    counts = pd.concat([market.figures["source"], market.estimates["source"]]).value_counts()
    out = market.sources.drop(columns=["currency"], errors="ignore").copy()
    out["figures"] = out["source"].map(counts).fillna(0).astype(int)
    return out.reset_index(drop=True)


# Triangulation (issue 8): every publisher's estimate of the total market.

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
                    "value": sizes[anchor] * (1 + float(str(cagr.value)) / 100) ** (year - anchor),
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
        span: tuple[int, int] | None = (min(sizes), max(sizes)) if len(sizes) >= 2 else None
        if not stated.empty:
            row = stated.iloc[0]
            base, end = int(row["base_year"]), int(row["year"])
            record.update(stated_cagr_pct=float(row["value"]), stated_period=f"{base}–{end}")
            if base in sizes and end in sizes:
                span = (base, end)
        if span is not None:
            implied = cagr_pct(sizes[span[0]], sizes[span[1]], span[1] - span[0])
            record.update(implied_cagr_pct=implied, implied_period=f"{span[0]}–{span[1]}")
        record["gap_pts"] = float(record["stated_cagr_pct"]) - float(record["implied_cagr_pct"])  # type: ignore[arg-type]
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
    if year in sizes:
        return {"size_usd_bn": sizes[year], "basis": "reported", "method": f"stated for {year}"}
    before = [y for y in sizes if y < year]
    after = [y for y in sizes if y > year]
    if before and after:
        y0, y1 = max(before), min(after)
        value = sizes[y0] * (sizes[y1] / sizes[y0]) ** ((year - y0) / (y1 - y0))
        method = f"interpolated between its {y0} and {y1} sizes"
        return {"size_usd_bn": value, "basis": "derived", "method": method}
    stated = float(rates["stated_cagr_pct"])
    kind, rate = (
        ("stated", stated)
        if not math.isnan(stated)
        else ("implied", float(rates["implied_cagr_pct"]))
    )
    if not sizes or math.isnan(rate):
        reason = "no size stated" if not sizes else "one size and no growth rate"
        return {"size_usd_bn": math.nan, "basis": "", "method": f"cannot be projected: {reason}"}
    anchor = min(sizes, key=lambda y: abs(y - year))
    value = sizes[anchor] * (1 + rate / 100) ** (year - anchor)
    method = (
        f"projected from {anchor} (USD {sizes[anchor]:,.1f} bn) at its {kind} {rate:.2f} % a year"
    )
    return {"size_usd_bn": value, "basis": "derived", "method": method}


def spread_summary(spread: pd.DataFrame) -> pd.DataFrame:
    """Min, median and max of the publishers' sizes, per scope and over all."""
    sized = spread.dropna(subset=["size_usd_bn"])
    groups = [("all publishers", sized), *((str(s), g) for s, g in sized.groupby("scope"))]
    rows = [
        {
            "scope": name, "publishers": len(g),
            "min_usd_bn": g["size_usd_bn"].min(), "median_usd_bn": g["size_usd_bn"].median(),
            "max_usd_bn": g["size_usd_bn"].max(),
        }
        for name, g in groups
        if len(g)
    ]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["scope", "publishers", "min_usd_bn", "median_usd_bn", "max_usd_bn"]
    )

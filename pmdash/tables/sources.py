"""Where the numbers come from: every figure with its basis and source, the report's
metadata, definitions and sources, and a text filter for any of these tables."""

from __future__ import annotations

import pandas as pd

from pmdash.assumptions import effective_basis
from pmdash.formatting import dimension_label, metric_label
from pmdash.model import Market


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
            "metric": rows["metric"].map(metric_label),
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
        ("Currency and unit", f"{meta.currency} {meta.unit}s, {_price_basis(market)}"),
        ("Base year – forecast year", period),
        ("Primary source", market.source_label(meta.primary_source) if meta.primary_source else ""),
        ("Description", " ".join(meta.description.split())),
        ("Notes", meta.notes),
    ]
    return pd.DataFrame([r for r in rows if r[1]], columns=["field", "value"])


def _price_basis(market: Market) -> str:
    """The primary source's price basis, as its sources row says (never assumed)."""
    row = market.sources[market.sources["source"] == market.meta.primary_source]
    basis = str(row["price_basis"].iloc[0]).strip() if not row.empty else ""
    if not basis:
        return "price basis not stated by the source"
    year = row["price_base_year"].iloc[0] if basis == "real" else None
    return f"{basis} ({year} prices)" if year is not None and not pd.isna(year) else basis


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
    out = market.sources.copy()
    for column in ("edition_year", "price_base_year"):  # years as text; empty when not given
        if column in out.columns:
            out[column] = out[column].astype("string").fillna("")
    out["figures"] = out["source"].map(counts).fillna(0).astype(int)
    return out.reset_index(drop=True)

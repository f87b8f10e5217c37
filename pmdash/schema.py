"""What a valid figures table is: the interchange format of CONTRACT.md, in one place.

The columns, vocabularies, limits and their help texts. Checking a raw table
against them is :mod:`pmdash.validate`.
"""

from __future__ import annotations

import re
from typing import Final

import pandas as pd

REQUIRED_COLUMNS: Final = ("market", "dimension", "segment", "year", "metric", "value")
OPTIONAL_COLUMNS: Final = ("base_year", "basis", "source", "note")
COLUMNS: Final = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
IDENTITY: Final = ("market", "dimension", "segment", "year", "metric", "base_year")

METRICS: Final = ("size", "share", "cagr")
BASES: Final = ("reported", "derived", "assumed")
TOTAL_DIMENSION: Final = "total"
TOTAL_SEGMENT: Final = "All"
WELL_KNOWN_DIMENSIONS: Final = ("total", "region", "end_user", "product", "application", "country")

MARKET_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
DIMENSION_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
FORMULA_PREFIXES: Final = ("=", "+", "-", "@")
HTML_TAG: Final = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_KEY_TEXT: Final = 200
MAX_NOTE_TEXT: Final = 2000
YEAR_RANGE: Final = (1900, 2200)
SHARE_SUM_TOLERANCE_PCT: Final = 0.5

COLUMN_HELP: Final = {
    "market": "market id, lower-case words joined by '-', e.g. personalized-medicine",
    "dimension": "total, region, end_user, product, application, country or another snake_case name",
    "segment": "segment name; All for the total",
    "year": "the year the figure is for; for cagr, the period's end year",
    "metric": "size (USD billions), share (percent of the market that year) or cagr (percent a year)",
    "value": "the figure, a plain number such as 1094.83",
    "base_year": "for cagr rows only: the period's start year",
    "basis": "reported (default), derived or assumed",
    "source": "source id or URL",
    "note": "free text",
}


def empty_figures() -> pd.DataFrame:
    """A typed figures frame with no rows."""
    return pd.DataFrame(
        {
            "market": pd.Series([], dtype=str),
            "dimension": pd.Series([], dtype=str),
            "segment": pd.Series([], dtype=str),
            "year": pd.Series([], dtype="Int64"),
            "metric": pd.Series([], dtype=str),
            "value": pd.Series([], dtype=float),
            "base_year": pd.Series([], dtype="Int64"),
            "basis": pd.Series([], dtype=str),
            "source": pd.Series([], dtype=str),
            "note": pd.Series([], dtype=str),
        }
    )


def normalise_column_name(name: object) -> str:
    """Header cell → column name: trims, lower-cases, drops a byte-order mark."""
    return str(name).replace("\ufeff", "").strip().lower().replace(" ", "_")


def coerce_stored(frame: pd.DataFrame) -> pd.DataFrame:
    """A stored figures frame with the canonical column order and dtypes."""
    out = frame.reindex(columns=list(COLUMNS)).copy()
    for name in ("market", "dimension", "segment", "metric", "basis", "source", "note"):
        out[name] = out[name].fillna("").astype(str)
    out["basis"] = out["basis"].mask(out["basis"] == "", "reported")
    for name in ("year", "base_year"):
        out[name] = out[name].astype("Int64")
    out["value"] = out["value"].astype(float)
    return out

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
CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embedding, override and isolate controls: they reorder the text shown after them.
BIDI_CONTROLS: Final = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Line breaks and tabs belong in free text (notes) only, never in a name.
LINE_BREAKS: Final = re.compile(r"[\t\n\r\u2028\u2029\x85]")
# A cell of these columns that names a scheme (``xyz:``) must be an http(s) link.
URL_SCHEME: Final = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES: Final = ("http", "https")
LINK_COLUMNS: Final = ("source", "url")
MAX_KEY_TEXT: Final = 200
MAX_NOTE_TEXT: Final = 2000
YEAR_RANGE: Final = (1900, 2200)
SHARE_SUM_TOLERANCE_PCT: Final = 0.5

# Plausible values (docs/security.md, "What the schema refuses"): a size is USD
# billions, at least USD 1,000 and at most a million billion (ten times world GDP);
# a growth rate is percent a year, above -100 and at most 1,000; a share 0-100 %.
SIZE_RANGE_USD_BN: Final = (1e-6, 1e6)
CAGR_RANGE_PCT: Final = (-100.0, 1000.0)
SHARE_RANGE_PCT: Final = (0.0, 100.0)

# Bounded work per upload: every reader checks these before (or while) decoding, so a
# small compressed file cannot make the server decode unbounded data.
MAX_FILE_BYTES: Final = 20 * 1024 * 1024  # unless PMDASH_MAX_UPLOAD_MB says otherwise
MAX_ROWS: Final = 200_000
MAX_COLUMNS: Final = 100
MAX_CELLS: Final = 4_000_000  # rows x columns of one sheet or table
MAX_LINE_CHARS: Final = 64 * 1024  # one CSV line
MAX_DECODED_BYTES: Final = 128 * 1024 * 1024  # a workbook unzipped, a Parquet file decoded
MAX_ZIP_MEMBERS: Final = 1000
MAX_PARQUET_FOOTER_BYTES: Final = 4 * 1024 * 1024
MAX_META_BYTES: Final = 1024 * 1024  # market.toml
MAX_DEFINITIONS: Final = 1000

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

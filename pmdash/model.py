"""The value objects a market is made of: its metadata and its tables."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final

import pandas as pd

from pmdash.schema import COLUMNS, coerce_stored, empty_figures

SEGMENT_COLUMNS: Final = ("market", "dimension", "segment", "parent", "source", "note")
COMPANY_COLUMNS: Final = ("market", "company", "source", "note")
CLAIM_COLUMNS: Final = (
    "market",
    "claim",
    "dimension",
    "segment",
    "year",
    "base_year",
    "source",
    "note",
)
SOURCE_COLUMNS: Final = (
    "source", "publisher", "title", "url", "accessed", "published", "edition_year",
    "scope", "definition", "currency", "price_basis", "price_base_year", "fx_basis", "note",
)  # fmt: skip
CLAIMS: Final = ("largest", "fastest_growing")

TABLES: Final = {
    "segments": SEGMENT_COLUMNS,
    "companies": COMPANY_COLUMNS,
    "claims": CLAIM_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "estimates": COLUMNS,
}


@dataclass(frozen=True)
class MarketMeta:
    """What a market is and where its figures come from."""

    id: str
    name: str
    geography: str = "Global"
    currency: str = "USD"
    unit: str = "billion"
    description: str = ""
    primary_source: str = ""
    base_year: int | None = None
    forecast_year: int | None = None
    definitions: dict[str, str] = field(default_factory=dict)
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MarketMeta:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["definitions"] = {
            str(k): str(v) for k, v in dict(known.get("definitions", {})).items()
        }
        return cls(**known)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as plain dicts keyed by column name."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def empty_table(name: str) -> pd.DataFrame:
    """An empty side table (segments, companies, claims, sources, estimates)."""
    if name == "estimates":
        return empty_figures()
    columns = TABLES[name]
    return pd.DataFrame({c: pd.Series([], dtype="Int64" if "year" in c else str) for c in columns})


def coerce_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A side table with its canonical columns and dtypes (missing text → '')."""
    if name == "estimates":
        return coerce_stored(frame)
    out = frame.reindex(columns=list(TABLES[name])).copy()
    for column in out.columns:
        if "year" in column:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
        else:
            out[column] = out[column].astype(object).fillna("").astype(str).str.strip()
    return out.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Market:
    """One market: metadata, its figures (interchange format) and side tables."""

    meta: MarketMeta
    figures: pd.DataFrame
    segments: pd.DataFrame = field(default_factory=lambda: empty_table("segments"))
    companies: pd.DataFrame = field(default_factory=lambda: empty_table("companies"))
    claims: pd.DataFrame = field(default_factory=lambda: empty_table("claims"))
    sources: pd.DataFrame = field(default_factory=lambda: empty_table("sources"))
    estimates: pd.DataFrame = field(default_factory=lambda: empty_table("estimates"))

    @property
    def id(self) -> str:
        return self.meta.id

    def table(self, name: str) -> pd.DataFrame:
        """A side table by name."""
        value = getattr(self, name)
        assert isinstance(value, pd.DataFrame)
        return value

    def dimensions(self) -> list[str]:
        """Every dimension the market names, sized or not, the total first."""
        named = list(self.figures["dimension"]) + list(self.segments["dimension"])
        ordered = list(dict.fromkeys(named))
        return sorted(ordered, key=lambda d: (d != "total", _DIMENSION_ORDER.get(d, 99), d))

    def source_label(self, source_id: str) -> str:
        """'Publisher — Title' for a source id (the id itself when unknown)."""
        row = self.sources[self.sources["source"] == source_id]
        if row.empty:
            return source_id
        publisher, title = row.iloc[0]["publisher"], row.iloc[0]["title"]
        return f"{publisher} — {title}" if title else str(publisher or source_id)


_DIMENSION_ORDER: Final = {
    "total": 0,
    "region": 1,
    "country": 2,
    "end_user": 3,
    "product": 4,
    "application": 5,
}

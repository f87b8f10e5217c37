"""Shared fixtures: a private copy of the shipped datasets, and small hand-made tables."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pmdash.io import read_bundle
from pmdash.model import Market
from pmdash.schema import coerce_stored
from pmdash.store import DataStore

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_DATA = ROOT / "data"
SEED_BUNDLE = SHIPPED_DATA / "sources" / "personalized-medicine"
SAMPLE_FILE = ROOT / "pmdash" / "sample" / "sample-market.csv"


@pytest.fixture(autouse=True)
def _debug_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages raise in tests instead of showing the friendly error (see pmdash.ui.errors)."""
    monkeypatch.setenv("PMDASH_DEBUG", "1")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of data/ (manifest and Parquet only), set as PMDASH_DATA_DIR."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target, ignore=shutil.ignore_patterns("sources", ".lock", "*.db"))
    monkeypatch.setenv("PMDASH_DATA_DIR", str(target))
    monkeypatch.setenv("PMDASH_DATABASE_URL", f"sqlite:///{tmp_path / 'scenarios.db'}")
    yield target


@pytest.fixture(scope="session")
def seed_market() -> Market:
    """The personalized medicine market, read from its source bundle."""
    return read_bundle(SEED_BUNDLE)


@pytest.fixture(scope="session")
def sample_market() -> Market:
    """The fictional sample market: other regions and other dimensions than the seed's."""
    return read_bundle(SAMPLE_FILE)


@pytest.fixture
def store_with_both(data_dir: Path, sample_market: Market) -> DataStore:
    store = DataStore(data_dir)
    store.save(sample_market)
    return store


def figures(rows: list[tuple[object, ...]], market: str = "m") -> pd.DataFrame:
    """A typed figures table from (dimension, segment, year, metric, value[, base_year[, basis]]) tuples."""
    records = []
    for row in rows:
        dimension, segment, year, metric, value, *rest = row
        records.append(
            {
                "market": market,
                "dimension": dimension,
                "segment": segment,
                "year": year,
                "metric": metric,
                "value": float(value),  # type: ignore[arg-type]
                "base_year": rest[0] if rest else None,
                "basis": rest[1] if len(rest) > 1 else "reported",
                "source": "test",
                "note": "",
            }
        )
    return coerce_stored(pd.DataFrame(records))

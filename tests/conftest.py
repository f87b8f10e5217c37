"""Shared fixtures: a private copy of the shipped datasets, and small hand-made tables."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings

from pmdash.io import read_bundle
from pmdash.model import Market
from pmdash.schema import coerce_stored
from pmdash.store import DataStore

# Speed is measured in bench/, never asserted in tests: no per-example deadline, and
# no health check that fails a test because the shared machine was slow.
settings.register_profile(
    "pmdash", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("pmdash")

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


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes (to prove nothing was written)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }

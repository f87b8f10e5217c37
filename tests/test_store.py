"""The Parquet datasets: round trips, versions, atomic replacement, crash safety."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from pmdash.model import Market
from pmdash.storage import LocalStorage
from pmdash.store import DataStore, content_version, manifest_bytes
from tests.conftest import snapshot


def test_a_saved_market_loads_back_equal(tmp_path: Path, seed_market: Market) -> None:
    store = DataStore(tmp_path)
    store.save(seed_market)
    loaded = store.load(seed_market.id)
    assert loaded.meta == seed_market.meta
    for name in ("segments", "companies", "claims", "sources", "estimates"):
        pd.testing.assert_frame_equal(
            loaded.table(name), seed_market.table(name), check_dtype=False
        )
    ordered = seed_market.figures.sort_values(
        ["dimension", "segment", "metric", "year"]
    ).reset_index(drop=True)
    pd.testing.assert_frame_equal(loaded.figures, ordered)


def test_the_same_content_gets_the_same_version(seed_market: Market) -> None:
    assert content_version(seed_market) == content_version(seed_market)


def test_reimporting_replaces_the_market_and_keeps_one_previous_version(
    tmp_path: Path, seed_market: Market, sample_market: Market
) -> None:
    store = DataStore(tmp_path)
    first = store.save(seed_market)
    changed = Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-1].copy())
    second = store.save(changed)
    third = store.save(seed_market)
    assert third == first and len({first, second}) == 2
    assert len(store.load(seed_market.id).figures) == len(seed_market.figures)
    assert sorted(p.name for p in (tmp_path / "markets" / seed_market.id).iterdir()) == sorted(
        {first, second}
    )


def test_markets_are_listed_with_their_years_dimensions_and_sources(
    store_with_both: DataStore,
) -> None:
    infos = {i.id: i for i in store_with_both.markets()}
    assert set(infos) == {"personalized-medicine", "sample-robotics"}
    seed = infos["personalized-medicine"]
    assert seed.years == (2024, 2034)
    assert seed.dimensions[:2] == ("total", "region")
    assert seed.sources == ("cervicorn-2025",)


class RecordingStorage(LocalStorage):
    """A local folder that notes every object read."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read: list[str] = []

    def read_bytes(self, name: str) -> bytes:
        self.read.append(name)
        return super().read_bytes(name)


class FailingStorage(LocalStorage):
    """A local folder whose disk fills up at the n-th file of a version."""

    def __init__(self, root: Path, fail_at: int) -> None:
        super().__init__(root)
        self.written = 0
        self.fail_at = fail_at

    def _write_staged(self, path: Path, data: bytes) -> None:
        self.written += 1
        if self.written == self.fail_at:
            raise OSError("disk full")
        super()._write_staged(path, data)


class RacedStorage(LocalStorage):
    """A local folder where another writer switches the manifest just before our first swap."""

    def __init__(self, root: Path, other: dict[str, object]) -> None:
        super().__init__(root)
        self.other = other
        self.swaps = 0

    def swap(self, name: str, data: bytes, tag: str | None) -> bool:
        self.swaps += 1
        if self.swaps == 1:
            manifest = json.loads(self.read_bytes(name))
            manifest["markets"]["other-market"] = self.other
            self.write_bytes(name, manifest_bytes(manifest))
        return super().swap(name, data, tag)


def test_loading_one_market_reads_only_its_own_files(
    store_with_both: DataStore,
) -> None:
    storage = RecordingStorage(store_with_both.root)
    DataStore(storage=storage).load("sample-robotics", tables=("figures",))
    tables = [name for name in storage.read if name != "manifest.json"]
    assert tables and all(name.startswith("markets/sample-robotics/") for name in tables)


def test_a_crash_while_writing_leaves_the_previous_state_intact(
    tmp_path: Path, seed_market: Market
) -> None:
    DataStore(tmp_path).save(seed_market)
    before = snapshot(tmp_path)
    store = DataStore(storage=FailingStorage(tmp_path, fail_at=3))
    changed = Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-2].copy())
    with pytest.raises(OSError, match="disk full"):
        store.save(changed)
    assert snapshot(tmp_path) == before
    assert len(store.load(seed_market.id).figures) == len(seed_market.figures)


def test_a_manifest_switched_by_another_writer_is_read_again_and_kept(
    tmp_path: Path, seed_market: Market, sample_market: Market
) -> None:
    DataStore(tmp_path).save(seed_market)
    other = DataStore(tmp_path).manifest()["markets"][seed_market.id]
    store = DataStore(storage=RacedStorage(tmp_path, other))
    store.save(sample_market)
    assert store.storage.swaps == 2  # type: ignore[attr-defined]
    assert [m.id for m in store.markets()] == sorted(
        ["other-market", seed_market.id, sample_market.id]
    )


@pytest.mark.parametrize(
    ("mask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)]
)
def test_an_import_gives_files_and_folders_the_umask_s_permissions(
    tmp_path: Path, seed_market: Market, mask: int, file_mode: int, folder_mode: int
) -> None:
    previous = os.umask(mask)
    try:
        DataStore(tmp_path).save(seed_market)
        DataStore(tmp_path).save(
            Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-1])
        )
    finally:
        os.umask(previous)
    versions = list((tmp_path / "markets" / seed_market.id).iterdir())
    files = [tmp_path / "manifest.json", *(f for v in versions for f in v.iterdir())]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {file_mode}
    assert {stat.S_IMODE(v.stat().st_mode) for v in versions} == {folder_mode}


def test_removing_a_market_drops_it_from_the_manifest(store_with_both: DataStore) -> None:
    store_with_both.remove("sample-robotics")
    manifest = json.loads((store_with_both.root / "manifest.json").read_text())
    assert list(manifest["markets"]) == ["personalized-medicine"]
    with pytest.raises(KeyError):
        store_with_both.version("sample-robotics")


def test_an_empty_folder_has_no_markets(tmp_path: Path) -> None:
    assert DataStore(tmp_path / "nothing").markets() == []

"""The Parquet datasets: round trips, versions, atomic replacement, crash safety."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pmdash import store as store_module
from pmdash.model import Market
from pmdash.store import DataStore, content_version
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


def test_loading_one_market_reads_only_its_own_files(
    store_with_both: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real = store_module.pq.read_table
    monkeypatch.setattr(
        store_module.pq,
        "read_table",
        lambda path, **kw: opened.append(str(path)) or real(path, **kw),
    )
    store_with_both.load("sample-robotics", tables=("figures",))
    assert opened and all("sample-robotics" in p for p in opened)


def test_a_crash_while_writing_leaves_the_previous_state_intact(
    tmp_path: Path, seed_market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DataStore(tmp_path)
    store.save(seed_market)
    before = snapshot(tmp_path)
    calls = {"n": 0}
    real = store_module.pq.write_table

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(*args, **kwargs)

    monkeypatch.setattr(store_module.pq, "write_table", failing)
    changed = Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-2].copy())
    with pytest.raises(OSError):
        store.save(changed)
    assert snapshot(tmp_path) == before
    assert len(store.load(seed_market.id).figures) == len(seed_market.figures)


def test_removing_a_market_drops_it_from_the_manifest(store_with_both: DataStore) -> None:
    store_with_both.remove("sample-robotics")
    manifest = json.loads((store_with_both.root / "manifest.json").read_text())
    assert list(manifest["markets"]) == ["personalized-medicine"]
    with pytest.raises(KeyError):
        store_with_both.version("sample-robotics")


def test_an_empty_folder_has_no_markets(tmp_path: Path) -> None:
    assert DataStore(tmp_path / "nothing").markets() == []

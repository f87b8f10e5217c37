"""Replicas importing into one bucket at the same moment (the self-test and tests/test_storage.py).

Each importer is its own process with its own S3 client, released by one barrier,
so they coordinate only through the bucket, as separate machines would.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from typing import Any

from pmdash.model import Market


def renamed(market: Market, market_id: str) -> Market:
    """The same market under another id, as a distinct import."""
    figures = market.figures.assign(market=market_id)
    return replace(market, meta=replace(market.meta, id=market_id), figures=figures)


def _import_one(url: str, endpoint: str, market_id: str, start: Any) -> None:
    from pmdash.io import read_bundle
    from pmdash.storage import Storage
    from pmdash.store import DataStore
    from tests.conftest import SEED_BUNDLE

    market = renamed(read_bundle(SEED_BUNDLE), market_id)
    store = DataStore(storage=Storage.open(url, endpoint))
    start.wait()
    store.save(market)


def import_at_once(url: str, endpoint: str, count: int) -> list[str]:
    """``count`` processes, each importing a distinct market at the same moment; their ids.

    Raises RuntimeError when an importer fails.
    """
    context = multiprocessing.get_context("fork")  # children start at once, modules loaded
    start = context.Barrier(count)
    ids = [f"concurrent-{i}" for i in range(count)]
    workers = [
        context.Process(target=_import_one, args=(url, endpoint, market_id, start))
        for market_id in ids
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    failed = [w.exitcode for w in workers if w.exitcode]
    if failed:
        raise RuntimeError(f"{len(failed)} importer(s) failed (exit codes {failed})")
    return ids


def markets_lost(url: str, endpoint: str, count: int) -> int:
    """How many of ``count`` concurrent imports are missing from the manifest afterwards."""
    from pmdash.storage import Storage
    from pmdash.store import DataStore

    imported = import_at_once(url, endpoint, count)
    present = {m.id for m in DataStore(storage=Storage.open(url, endpoint)).markets()}
    return len(set(imported) - present)

"""The Parquet datasets: one folder a market version, switched by an atomic manifest.

Layout under the data directory::

    manifest.json                      which version of each market is current
    markets/<id>/<version>/figures.parquet (+ segments, companies, claims, sources,
                                           estimates).parquet and meta.json

An import writes a new version folder, then replaces ``manifest.json`` with
``os.replace``; readers that follow the manifest never see half a dataset, and
the previous version is kept so that readers in flight can finish.

The data directory may also be a bucket, ``s3://bucket/prefix`` (see
:mod:`pmdash.config` and :mod:`pmdash.storage`), with the same layout. There an
import PUTs the version's objects (``meta.json`` last, so a complete version is
one whose ``meta.json`` exists), then PUTs ``manifest.json`` whole: readers still
never see half a dataset. A bucket has no lock: imports within one process are
serialised, but two processes importing at the same moment race on the manifest
and the last one wins (the other market's entry must be imported again). Run
imports from one place, or one at a time, when the data live in a bucket.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pmdash import config, logs
from pmdash.model import TABLES, Market, MarketMeta, coerce_table
from pmdash.schema import coerce_stored
from pmdash.storage import Storage, atomic_replace

MANIFEST: Final = "manifest.json"
_ALL_TABLES: Final = ("figures", *TABLES)


@dataclass
class _ParsedManifest:
    key: tuple[int, ...]
    entries: dict[str, Any]
    infos: tuple[MarketInfo, ...] | None = None


_MANIFEST_CACHE: dict[str, _ParsedManifest] = {}
_BUCKET_STORAGE: dict[tuple[str, str | None], Storage] = {}
_BUCKET_WRITES = threading.Lock()  # a bucket has no file lock; serialise this process's imports


def default_data_dir() -> Path:
    """``PMDASH_DATA_DIR`` when set, else the config file's ``data_dir``, else ``data/``.

    A bucket URL comes back as ``Path("s3:/bucket/prefix")`` (``Path`` folds the
    double slash); :class:`DataStore` reads both spellings as the bucket.
    """
    return Path(config.data_location())


@dataclass(frozen=True)
class MarketInfo:
    """A manifest entry: enough to list a market without reading its figures."""

    id: str
    name: str
    version: str
    years: tuple[int, int] | None
    dimensions: tuple[str, ...]
    sources: tuple[str, ...]
    rows: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "years": list(self.years) if self.years else None,
            "dimensions": list(self.dimensions),
            "sources": list(self.sources),
            "rows": self.rows,
        }


class DataStore:
    """Market datasets in one data directory."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.location = config.canonical_location(
            str(root) if root is not None else config.data_location()
        )
        self.root = Path(self.location)
        self._bucket = (
            _bucket_storage(self.location) if config.is_object_url(self.location) else None
        )

    def manifest(self) -> dict[str, Any]:
        """The current manifest (empty when the directory holds no market)."""
        if self._bucket is not None:
            return _read_bucket_manifest(self._bucket)
        path = self.root / MANIFEST
        if not path.exists():
            return {"format": 1, "markets": {}}
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded

    def markets(self) -> list[MarketInfo]:
        """Every market in the datasets, sorted by id."""
        parsed = self._parsed()
        if parsed.infos is None:
            entries = parsed.entries
            parsed.infos = tuple(
                _info(market_id, entries[market_id]) for market_id in sorted(entries)
            )
        return list(parsed.infos)

    def version(self, market_id: str) -> str:
        """The current version of a market (changes on every import of new content)."""
        entry = self._entries().get(market_id)
        if entry is None:
            raise KeyError(market_id)
        return str(entry["version"])

    def figures_file(self, market_id: str) -> Path:
        """The current figures file of one market (raises KeyError for an unknown id)."""
        self._local_only("figures_file")
        return self._folder(market_id, self.version(market_id)) / "figures.parquet"

    def load(self, market_id: str, tables: tuple[str, ...] = _ALL_TABLES) -> Market:
        """Read one market (only its own files; only the named tables)."""
        if self._bucket is not None:
            return _load_from_bucket(self._bucket, market_id, self.version(market_id), tables)
        folder = self._folder(market_id, self.version(market_id))
        meta = MarketMeta.from_dict(json.loads((folder / "meta.json").read_text(encoding="utf-8")))
        frames: dict[str, pd.DataFrame] = {}
        for name in tables:
            frame = pq.read_table(folder / f"{name}.parquet").to_pandas()
            frames[name] = coerce_stored(frame) if name == "figures" else coerce_table(name, frame)
        return Market(meta=meta, **frames)

    def save(self, market: Market) -> str:
        """Write a market as a new version and switch the manifest to it; returns the version."""
        if self._bucket is not None:
            return _save_to_bucket(self._bucket, market)
        self.root.mkdir(parents=True, exist_ok=True)
        version = content_version(market)
        with self._lock():
            manifest = self.manifest()
            previous = manifest["markets"].get(market.id, {}).get("version")
            target = self._folder(market.id, version)
            if not target.exists():
                _write_version(market, target)
            manifest["markets"][market.id] = _entry(market, version)
            atomic_replace(self.root / MANIFEST, manifest_bytes(manifest))
            self._prune(market.id, keep={version, previous})
        logs.event(
            "import", market=market.id, version=version, previous=previous, rows=len(market.figures)
        )
        return version

    def remove(self, market_id: str) -> None:
        """Drop a market from the manifest, then its files."""
        if self._bucket is not None:
            _remove_from_bucket(self._bucket, market_id)
            return
        with self._lock():
            manifest = self.manifest()
            if manifest["markets"].pop(market_id, None) is None:
                raise KeyError(market_id)
            atomic_replace(self.root / MANIFEST, manifest_bytes(manifest))
            shutil.rmtree(self.root / "markets" / market_id, ignore_errors=True)

    def figure_files(self) -> list[Path]:
        """The current figures file of every market (for databank-wide queries)."""
        self._local_only("figure_files")
        entries = self._entries()
        return [
            self._folder(m, e["version"]) / "figures.parquet" for m, e in sorted(entries.items())
        ]

    def _entries(self) -> dict[str, Any]:
        return self._parsed().entries

    def _parsed(self) -> _ParsedManifest:
        """The manifest's markets, parsed once per manifest file (for read-only use).

        Every switch of the manifest is an ``os.replace``, which gives the file a new
        inode, so (inode, size, mtime) names one manifest's content. A databank of
        thousands of markets has a manifest of megabytes: pages list markets on every
        rerun, and must not parse it each time. In a bucket the key is the manifest
        object's ETag (one HEAD request), see :meth:`pmdash.storage.Storage.fingerprint`.
        """
        if self._bucket is not None:
            return _parsed_bucket_manifest(self._bucket)
        path = self.root / MANIFEST
        try:
            stat = path.stat()
        except FileNotFoundError:
            return _ParsedManifest(key=(), entries={})
        name = str(path.resolve())
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        cached = _MANIFEST_CACHE.get(name)
        if cached is not None and cached.key == key:
            return cached
        parsed = _ParsedManifest(key=key, entries=self.manifest()["markets"])
        _MANIFEST_CACHE[name] = parsed
        return parsed

    def _local_only(self, method: str) -> None:
        if self._bucket is not None:
            raise NotImplementedError(
                f"DataStore.{method} needs a local data folder; {self.location} is a bucket"
            )

    def _folder(self, market_id: str, version: str) -> Path:
        return self.root / "markets" / market_id / version

    def _prune(self, market_id: str, keep: set[str | None]) -> None:
        folder = self.root / "markets" / market_id
        for child in folder.iterdir():  # under the lock, so any staging folder is a dead writer's
            if child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.root / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def content_version(market: Market) -> str:
    """A short hash of the market's content: the same content, the same version."""
    digest = hashlib.sha256(json.dumps(market.meta.to_dict(), sort_keys=True).encode())
    for name in _ALL_TABLES:
        digest.update(name.encode())
        digest.update(market.table(name).to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def _arrow_table(market: Market, name: str) -> pa.Table:
    frame = market.table(name)
    if name == "figures":
        frame = frame.sort_values(["dimension", "segment", "metric", "year"], kind="stable")
    return pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)


def _write_version(market: Market, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        for name in _ALL_TABLES:
            pq.write_table(
                _arrow_table(market, name), staging / f"{name}.parquet", compression="zstd"
            )
        (staging / "meta.json").write_text(
            json.dumps(market.meta.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        _fsync_tree(staging)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for child in folder.iterdir():
        with open(child, "rb") as handle:
            os.fsync(handle.fileno())


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """The manifest as stored: sorted, indented JSON."""
    return (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()


def _entry(market: Market, version: str) -> dict[str, Any]:
    figures = market.figures
    years = figures["year"].dropna()
    return {
        "name": market.meta.name,
        "version": version,
        "years": [int(years.min()), int(years.max())] if not years.empty else None,
        "dimensions": market.dimensions(),
        "sources": sorted({s for s in figures["source"] if s}),
        "rows": len(figures),
    }


def _info(market_id: str, entry: dict[str, Any]) -> MarketInfo:
    years = entry.get("years")
    return MarketInfo(
        id=market_id,
        name=str(entry.get("name", market_id)),
        version=str(entry["version"]),
        years=(int(years[0]), int(years[1])) if years else None,
        dimensions=tuple(entry.get("dimensions", ())),
        sources=tuple(entry.get("sources", ())),
        rows=int(entry.get("rows", 0)),
    )


def _bucket_storage(location: str) -> Storage:
    """One pyarrow S3 filesystem per bucket location and endpoint, reused across stores."""
    endpoint = os.environ.get("PMDASH_S3_ENDPOINT_URL") or None
    key = (location, endpoint)
    if key not in _BUCKET_STORAGE:
        _BUCKET_STORAGE[key] = Storage.open(location, endpoint_url=endpoint)
    return _BUCKET_STORAGE[key]


def _read_bucket_manifest(bucket: Storage) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(bucket.read_text(MANIFEST))
    except FileNotFoundError:
        return {"format": 1, "markets": {}}
    return loaded


def _parsed_bucket_manifest(bucket: Storage) -> _ParsedManifest:
    fingerprint = bucket.fingerprint(MANIFEST)
    if fingerprint is None:
        return _ParsedManifest(key=(), entries={})
    name = f"{bucket.filesystem.type_name}://{bucket.path(MANIFEST)}"
    key = tuple(hash(part) for part in fingerprint)
    cached = _MANIFEST_CACHE.get(name)
    if cached is not None and cached.key == key:
        return cached
    # A write between the HEAD and this GET leaves a newer manifest under an older
    # ETag; the next call sees a new ETag and reads again.
    parsed = _ParsedManifest(key=key, entries=_read_bucket_manifest(bucket)["markets"])
    _MANIFEST_CACHE[name] = parsed
    return parsed


def _bucket_folder(market_id: str, version: str) -> str:
    return f"markets/{market_id}/{version}"


def _load_from_bucket(
    bucket: Storage, market_id: str, version: str, tables: tuple[str, ...]
) -> Market:
    folder = _bucket_folder(market_id, version)
    meta = MarketMeta.from_dict(json.loads(bucket.read_text(f"{folder}/meta.json")))
    frames: dict[str, pd.DataFrame] = {}
    for name in tables:
        path = bucket.path(f"{folder}/{name}.parquet")
        frame = pq.read_table(path, filesystem=bucket.filesystem).to_pandas()
        frames[name] = coerce_stored(frame) if name == "figures" else coerce_table(name, frame)
    return Market(meta=meta, **frames)


def _save_to_bucket(bucket: Storage, market: Market) -> str:
    version = content_version(market)
    folder = _bucket_folder(market.id, version)
    with _BUCKET_WRITES:
        if not bucket.exists(f"{folder}/meta.json"):  # meta.json last: present means complete
            for name in _ALL_TABLES:
                sink = pa.BufferOutputStream()
                pq.write_table(_arrow_table(market, name), sink, compression="zstd")
                bucket.write_bytes(f"{folder}/{name}.parquet", sink.getvalue().to_pybytes())
            bucket.write_text(
                f"{folder}/meta.json",
                json.dumps(market.meta.to_dict(), indent=2, sort_keys=True) + "\n",
            )
        # Read the manifest just before switching it, to keep the window for a lost
        # update from another process as short as a bucket allows.
        manifest = _read_bucket_manifest(bucket)
        previous = manifest["markets"].get(market.id, {}).get("version")
        manifest["markets"][market.id] = _entry(market, version)
        bucket.write_bytes(MANIFEST, manifest_bytes(manifest))
        keep = {version, previous}
        for name in bucket.list(f"markets/{market.id}"):
            if name.split("/")[2] not in keep:
                bucket.delete(name)
    logs.event(
        "import", market=market.id, version=version, previous=previous, rows=len(market.figures)
    )
    return version


def _remove_from_bucket(bucket: Storage, market_id: str) -> None:
    with _BUCKET_WRITES:
        manifest = _read_bucket_manifest(bucket)
        if manifest["markets"].pop(market_id, None) is None:
            raise KeyError(market_id)
        bucket.write_bytes(MANIFEST, manifest_bytes(manifest))
        bucket.delete_tree(f"markets/{market_id}")

"""The Parquet datasets: one folder a market version, switched by an atomic manifest.

Layout under the data location (a folder, or ``s3://bucket/prefix``)::

    manifest.json                      which version of each market is current
    markets/<id>/<version>/figures.parquet (+ segments, companies, claims, sources,
                                           estimates).parquet and meta.json

Every read and write goes through one :class:`pmdash.storage.Storage`, whatever
holds the bytes. An import, under the storage's lock (``flock`` on a folder, a
lease object in a bucket):

1. writes the new version's files (a staging folder renamed into place; in a
   bucket object by object, ``meta.json`` last), unless that content is there;
2. switches ``manifest.json`` with a compare-and-swap (``If-Match`` on its ETag in
   a bucket): if another writer changed it since it was read, the change is read
   again and applied again, so no writer's market is ever lost;
3. deletes the market's versions other than the new one and the one before it
   (kept so that readers in flight can finish).

Readers follow the manifest, so they see the old version or the new, never half of
one; a writer killed at any point leaves the previous state readable.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pmdash import config, logs
from pmdash.config import Settings
from pmdash.model import TABLES, Market, MarketMeta, coerce_table
from pmdash.schema import coerce_stored
from pmdash.storage import Storage

MANIFEST: Final = "manifest.json"
_ALL_TABLES: Final = ("figures", *TABLES)
_SWAP_ATTEMPTS: Final = 20


@dataclass
class _ParsedManifest:
    key: tuple[str, ...]
    entries: dict[str, Any]
    infos: tuple[MarketInfo, ...] | None = None


_MANIFEST_CACHE: dict[str, _ParsedManifest] = {}
_STORAGE: dict[tuple[str, str | None], Storage] = {}


class ManifestConflict(RuntimeError):
    """The manifest kept changing under a writer (far more writers than ever seen at once)."""


def default_data_dir() -> Path:
    """The data location of the current settings (``PMDASH_DATA_DIR``, the file, ``data/``).

    A bucket URL comes back as ``Path("s3:/bucket/prefix")`` (``Path`` folds the
    double slash); :class:`DataStore` reads both spellings as the bucket.
    """
    return Path(config.current().data_dir)


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
    """Market datasets in one data location.

    ``DataStore(root)`` opens a folder or ``s3://`` URL (its endpoint from
    ``settings``, else the current settings); ``DataStore(storage=...)`` uses a
    given :class:`Storage`; :meth:`from_settings` the settings' data location.
    """

    def __init__(
        self,
        root: Path | str | None = None,
        *,
        storage: Storage | None = None,
        settings: Settings | None = None,
    ) -> None:
        if storage is None:
            if root is not None and not config.is_object_url(str(root)):
                storage = open_storage(str(root))  # a folder given by path needs no settings
            else:
                settings = settings if settings is not None else config.current()
                location = str(root) if root is not None else settings.data_dir
                storage = open_storage(location, settings.s3_endpoint_url)
        self.storage = storage
        self.location = config.canonical_location(storage.location)
        self.root = Path(self.location)

    @classmethod
    def from_settings(cls, settings: Settings) -> DataStore:
        """The datasets at ``settings.data_dir``."""
        return cls(settings.data_dir, settings=settings)

    def manifest(self) -> dict[str, Any]:
        """The current manifest (empty when the location holds no market)."""
        try:
            return _parse_manifest(self.storage.read_bytes(MANIFEST))
        except FileNotFoundError:
            return _empty_manifest()

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
        entry = self._parsed().entries.get(market_id)
        if entry is None:
            raise KeyError(market_id)
        return str(entry["version"])

    def figures_file(self, market_id: str) -> Path:
        """The current figures file of one market (raises KeyError for an unknown id)."""
        return self._local_file(_folder(market_id, self.version(market_id)) + "/figures.parquet")

    def figure_files(self) -> list[Path]:
        """The current figures file of every market (for databank-wide queries)."""
        entries = self._parsed().entries
        return [
            self._local_file(_folder(m, e["version"]) + "/figures.parquet")
            for m, e in sorted(entries.items())
        ]

    def load(self, market_id: str, tables: tuple[str, ...] = _ALL_TABLES) -> Market:
        """Read one market (only its own files; only the named tables)."""
        folder = _folder(market_id, self.version(market_id))
        meta = MarketMeta.from_dict(json.loads(self.storage.read_text(f"{folder}/meta.json")))
        frames: dict[str, pd.DataFrame] = {}
        for name in tables:
            data = self.storage.read_bytes(f"{folder}/{name}.parquet")
            frame = pq.read_table(pa.BufferReader(data)).to_pandas()
            frames[name] = coerce_stored(frame) if name == "figures" else coerce_table(name, frame)
        return Market(meta=meta, **frames)

    def save(self, market: Market) -> str:
        """Write a market as a new version and switch the manifest to it; returns the version."""
        version = content_version(market)
        folder = _folder(market.id, version)
        with self.storage.lock():
            if not self.storage.exists(f"{folder}/meta.json"):  # meta.json last: present = complete
                self.storage.write_folder(folder, version_files(market))
            entry = _entry(market, version)
            before = self._switch(lambda markets: markets.update({market.id: entry}))
            previous = before.get(market.id, {}).get("version")
            self._prune(market.id, keep={version, previous})
        logs.event(
            "import", market=market.id, version=version, previous=previous, rows=len(market.figures)
        )
        return version

    def remove(self, market_id: str) -> None:
        """Drop a market from the manifest, then its files."""
        with self.storage.lock():
            if market_id not in self._switch(lambda markets: markets.pop(market_id, None)):
                raise KeyError(market_id)
            self.storage.delete_tree(f"markets/{market_id}")

    def _switch(self, change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
        """Apply ``change`` to the manifest's markets by compare-and-swap; the markets before.

        On a conflict (another writer switched the manifest since it was read) the
        manifest is read again and the change applied again.
        """
        for _ in range(_SWAP_ATTEMPTS):
            tagged = self.storage.read_tagged(MANIFEST)
            manifest = _parse_manifest(tagged[0]) if tagged else _empty_manifest()
            before = dict(manifest["markets"])
            change(manifest["markets"])
            if manifest["markets"] == before:
                return before
            if self.storage.swap(MANIFEST, manifest_bytes(manifest), tagged[1] if tagged else None):
                return before
        raise ManifestConflict(
            f"{self.location}: the manifest changed {_SWAP_ATTEMPTS} times while switching it"
        )

    def _parsed(self) -> _ParsedManifest:
        """The manifest's markets, parsed once per manifest content (for read-only use).

        A databank of thousands of markets has a manifest of megabytes: pages list
        markets on every rerun, and must not parse it each time. The key is the
        storage's fingerprint of the manifest (a ``stat`` on a folder, one ``HEAD``
        on a bucket), which changes on every switch.
        """
        fingerprint = self.storage.fingerprint(MANIFEST)
        if fingerprint is None:
            return _ParsedManifest(key=(), entries={})
        local = self.storage.local_path(MANIFEST)
        name = str(local.resolve()) if local is not None else f"{self.location}/{MANIFEST}"
        cached = _MANIFEST_CACHE.get(name)
        if cached is not None and cached.key == fingerprint:
            return cached
        # A write between the fingerprint and this read leaves newer content under an
        # older key; the next call sees a new fingerprint and reads again.
        parsed = _ParsedManifest(key=fingerprint, entries=self.manifest()["markets"])
        _MANIFEST_CACHE[name] = parsed
        return parsed

    def _local_file(self, name: str) -> Path:
        path = self.storage.local_path(name)
        if path is None:
            raise NotImplementedError(
                f"DataStore.figure_files needs a local data folder; {self.location} is a bucket"
            )
        return path

    def _prune(self, market_id: str, keep: set[str | None]) -> None:
        # Under the lock, so any other folder (a staging one too) is a dead writer's.
        prefix = f"markets/{market_id}"
        names = self.storage.list(prefix)
        for version in sorted({name.split("/")[2] for name in names} - keep):
            self.storage.delete_tree(f"{prefix}/{version}")


def open_storage(location: str, endpoint_url: str | None = None) -> Storage:
    """One storage per location and endpoint, reused across stores (a bucket's client is costly)."""
    key = (config.canonical_location(location), endpoint_url)
    if not config.is_object_url(location):
        return Storage.open(location)
    if key not in _STORAGE:
        _STORAGE[key] = Storage.open(key[0], endpoint_url=endpoint_url)
    return _STORAGE[key]


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


def version_files(market: Market) -> dict[str, bytes]:
    """The files of one version: each table as zstd Parquet, and ``meta.json``."""
    files: dict[str, bytes] = {}
    for name in _ALL_TABLES:
        sink = io.BytesIO()
        pq.write_table(_arrow_table(market, name), sink, compression="zstd")
        files[f"{name}.parquet"] = sink.getvalue()
    meta = json.dumps(market.meta.to_dict(), indent=2, sort_keys=True) + "\n"
    files["meta.json"] = meta.encode()
    return files


def _empty_manifest() -> dict[str, Any]:
    return {"format": 1, "markets": {}}


def _parse_manifest(data: bytes) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def _folder(market_id: str, version: str) -> str:
    return f"markets/{market_id}/{version}"

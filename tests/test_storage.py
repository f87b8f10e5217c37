"""The storage seam on a local folder and in a bucket, and DataStore on a bucket.

The bucket is a moto S3 server that this module starts on a free loopback port.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow.fs as pafs
import pytest

from pmdash.config import split_object_url
from pmdash.model import Market
from pmdash.storage import LOCK, BucketStorage, LockTimeout, Storage
from pmdash.store import DataStore
from tests.load.import_workers import import_at_once

ThreadedMotoServer = pytest.importorskip("moto.server").ThreadedMotoServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }.items():
            patch.setenv(name, value)
        port = _free_port()
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stop()


@pytest.fixture
def bucket_url(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty bucket; the store finds its endpoint in PMDASH_S3_ENDPOINT_URL."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("PMDASH_S3_ENDPOINT_URL", s3_endpoint)
    name = f"pmdash-{uuid.uuid4().hex[:12]}"
    admin = pafs.S3FileSystem(
        endpoint_override=s3_endpoint.removeprefix("http://"),
        scheme="http",
        allow_bucket_creation=True,
        region="us-east-1",
    )
    admin.create_dir(name)
    return f"s3://{name}/team"


@pytest.fixture(params=["local", "bucket"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return Storage.open(tmp_path / "root")
    url = request.getfixturevalue("bucket_url")
    return Storage.open(url, endpoint_url=request.getfixturevalue("s3_endpoint"))


def test_written_bytes_read_back(storage: Storage) -> None:
    storage.write_bytes("markets/a/v1/meta.json", b'{"id": "a"}')
    assert storage.read_bytes("markets/a/v1/meta.json") == b'{"id": "a"}'
    assert json.loads(storage.read_text("markets/a/v1/meta.json")) == {"id": "a"}


def test_a_write_replaces_the_whole_object(storage: Storage) -> None:
    storage.write_text("manifest.json", "x" * 1000)
    storage.write_text("manifest.json", "short")
    assert storage.read_text("manifest.json") == "short"


def test_a_missing_object_raises_file_not_found(storage: Storage) -> None:
    with pytest.raises(FileNotFoundError):
        storage.read_bytes("nope.json")
    assert not storage.exists("nope.json")


def test_list_names_every_object_under_a_prefix(storage: Storage) -> None:
    for name in ("markets/a/v1/f.parquet", "markets/a/v2/f.parquet", "markets/b/v1/f.parquet"):
        storage.write_bytes(name, b"1")
    assert storage.list("markets/a") == ["markets/a/v1/f.parquet", "markets/a/v2/f.parquet"]
    assert storage.list("markets/none") == []


def test_delete_tree_removes_a_prefix_and_nothing_else(storage: Storage) -> None:
    storage.write_bytes("markets/a/v1/f.parquet", b"1")
    storage.write_bytes("markets/b/v1/f.parquet", b"1")
    storage.delete_tree("markets/a")
    storage.delete_tree("markets/never-there")
    assert storage.list() == ["markets/b/v1/f.parquet"]


def test_the_fingerprint_changes_on_every_replace(storage: Storage) -> None:
    assert storage.fingerprint("manifest.json") is None
    storage.write_text("manifest.json", '{"v": 1}')
    first = storage.fingerprint("manifest.json")
    storage.write_text("manifest.json", '{"v": 2}')  # same size, same second
    assert storage.fingerprint("manifest.json") not in (None, first)


def test_a_swap_writes_only_over_the_object_it_read(storage: Storage) -> None:
    assert storage.read_tagged("manifest.json") is None
    assert storage.swap("manifest.json", b"first", None)
    assert not storage.swap("manifest.json", b"second creator", None)
    read = storage.read_tagged("manifest.json")
    assert read is not None and read[0] == b"first"
    storage.write_bytes("manifest.json", b"another writer")  # between our read and our write
    assert not storage.swap("manifest.json", b"ours", read[1])
    assert storage.read_bytes("manifest.json") == b"another writer"
    again = storage.read_tagged("manifest.json")
    assert again is not None and storage.swap("manifest.json", b"ours", again[1])
    assert storage.read_bytes("manifest.json") == b"ours"


def test_a_folder_appears_whole_with_its_meta_json(storage: Storage) -> None:
    storage.write_folder("markets/a/v1", {"meta.json": b"{}", "figures.parquet": b"PAR1"})
    assert storage.list("markets/a") == ["markets/a/v1/figures.parquet", "markets/a/v1/meta.json"]


def test_a_failed_local_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = Storage.open(tmp_path)
    storage.write_text("manifest.json", "old")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pmdash.storage.local.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        storage.write_text("manifest.json", "new")
    assert storage.read_text("manifest.json") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


# DataStore on a bucket: the same behaviour as on a folder.


def test_a_market_saved_to_a_bucket_loads_back(bucket_url: str, seed_market: Market) -> None:
    store = DataStore(bucket_url)
    version = store.save(seed_market)
    assert store.version(seed_market.id) == version
    loaded = store.load(seed_market.id)
    assert loaded.meta == seed_market.meta
    assert len(loaded.figures) == len(seed_market.figures)
    assert [m.id for m in store.markets()] == [seed_market.id]


def test_a_path_folded_bucket_url_names_the_same_bucket(
    bucket_url: str, seed_market: Market
) -> None:
    DataStore(bucket_url).save(seed_market)
    folded = DataStore(Path(bucket_url))
    assert folded.location == bucket_url
    assert [m.id for m in folded.markets()] == [seed_market.id]


def test_another_store_sees_a_new_import_at_once(bucket_url: str, seed_market: Market) -> None:
    reader, writer = DataStore(bucket_url), DataStore(bucket_url)
    writer.save(seed_market)
    first = reader.version(seed_market.id)
    changed = Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-2].copy())
    second = writer.save(changed)
    assert second != first
    assert reader.version(seed_market.id) == second
    assert len(reader.load(seed_market.id).figures) == len(seed_market.figures) - 2


def test_a_bucket_keeps_the_current_and_previous_version_only(
    bucket_url: str, seed_market: Market
) -> None:
    store = DataStore(bucket_url)
    versions = [
        store.save(Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-n].copy()))
        for n in (1, 2, 3)
    ]
    bucket = Storage.open(bucket_url, endpoint_url=_endpoint())
    kept = {name.split("/")[2] for name in bucket.list(f"markets/{seed_market.id}")}
    assert kept == set(versions[1:])


class FailingBucket(BucketStorage):
    """A bucket whose connection drops at the n-th PUT of a version's objects."""

    def __init__(self, url: str, endpoint: str, fail_at: int) -> None:
        bucket, prefix = split_object_url(url)
        super().__init__(bucket, prefix, endpoint)
        self.written = 0
        self.fail_at = fail_at

    def write_bytes(self, name: str, data: bytes) -> None:
        self.written += 1
        if self.written == self.fail_at:
            raise OSError("connection reset")
        super().write_bytes(name, data)


def test_a_failed_bucket_import_leaves_the_manifest_as_it_was(
    bucket_url: str, s3_endpoint: str, seed_market: Market
) -> None:
    store = DataStore(bucket_url)
    before = store.save(seed_market)
    failing = DataStore(storage=FailingBucket(bucket_url, s3_endpoint, fail_at=3))
    with pytest.raises(OSError, match="connection reset"):
        failing.save(Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-2].copy()))
    assert store.version(seed_market.id) == before
    assert len(store.load(seed_market.id).figures) == len(seed_market.figures)
    assert not Storage.open(bucket_url, s3_endpoint).exists(LOCK)  # the lease was given back


def test_readers_during_imports_see_whole_versions_only(
    bucket_url: str, seed_market: Market
) -> None:
    store = DataStore(bucket_url)
    store.save(seed_market)
    sizes = {len(seed_market.figures), len(seed_market.figures) - 2}
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        reader = DataStore(bucket_url)
        try:
            for _ in range(8):
                seen.append(len(reader.load(seed_market.id, tables=("figures",)).figures))
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)

    thread = threading.Thread(target=read)
    thread.start()
    for n in (2, 0, 2):
        figures = seed_market.figures.iloc[: len(seed_market.figures) - n].copy()
        store.save(Market(meta=seed_market.meta, figures=figures))
    thread.join()
    assert not errors
    assert set(seen) <= sizes


def test_removing_a_market_from_a_bucket_drops_its_objects(
    bucket_url: str, seed_market: Market
) -> None:
    store = DataStore(bucket_url)
    store.save(seed_market)
    store.remove(seed_market.id)
    assert store.markets() == []
    assert Storage.open(bucket_url, endpoint_url=_endpoint()).list("markets") == []


def test_databank_file_paths_need_a_local_folder(bucket_url: str, seed_market: Market) -> None:
    store = DataStore(bucket_url)
    store.save(seed_market)
    with pytest.raises(NotImplementedError, match="local data folder"):
        store.figure_files()


def test_a_lease_left_by_a_dead_writer_is_taken_over(bucket_url: str, s3_endpoint: str) -> None:
    bucket, prefix = split_object_url(bucket_url)
    storage = BucketStorage(bucket, prefix, s3_endpoint, lease_seconds=-1)  # every lease is old
    storage.write_bytes(LOCK, b'{"owner": "killed:1"}')
    with storage.lock():
        assert storage.read_bytes(LOCK) != b'{"owner": "killed:1"}'
    assert not storage.exists(LOCK)


def test_a_held_lease_makes_another_writer_wait_then_fail_with_a_message(
    bucket_url: str, s3_endpoint: str
) -> None:
    bucket, prefix = split_object_url(bucket_url)
    holder = Storage.open(bucket_url, s3_endpoint)
    other = BucketStorage(bucket, prefix, s3_endpoint, wait_seconds=0)
    with holder.lock(), pytest.raises(LockTimeout, match="another import has held"), other.lock():
        pass


def test_importers_racing_into_one_bucket_lose_no_market(bucket_url: str, s3_endpoint: str) -> None:
    imported = import_at_once(bucket_url, s3_endpoint, count=3)
    store = DataStore(bucket_url)
    assert [m.id for m in store.markets()] == sorted(imported)
    assert all(len(store.load(m).figures) == 20 for m in imported)


def test_an_s3_endpoint_only_in_the_toml_file_reaches_the_data_store(
    bucket_url: str,
    s3_endpoint: str,
    seed_market: Market,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = tmp_path / "pmdash.toml"
    file.write_text(
        f'[pmdash]\ndata_dir = "{bucket_url}"\ns3_endpoint = "{s3_endpoint}"\n'
        f'database_url = "sqlite:///{tmp_path / "s.db"}"\n'
    )
    for name in ("PMDASH_S3_ENDPOINT_URL", "PMDASH_DATA_DIR", "PMDASH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PMDASH_CONFIG", str(file))
    store = DataStore()
    assert store.location == bucket_url
    store.save(seed_market)
    assert Storage.open(bucket_url, s3_endpoint).exists("manifest.json")


def _endpoint() -> str:
    return os.environ["PMDASH_S3_ENDPOINT_URL"]

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

from pmdash.model import Market
from pmdash.storage import Storage
from pmdash.store import DataStore

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


def test_a_failed_local_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = Storage.open(tmp_path)
    storage.write_text("manifest.json", "old")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pmdash.storage.os.replace", fail)
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


def test_a_failed_bucket_import_leaves_the_manifest_as_it_was(
    bucket_url: str, seed_market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DataStore(bucket_url)
    before = store.save(seed_market)
    calls = {"n": 0}
    real = Storage.write_bytes

    def failing(self: Storage, name: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("connection reset")
        real(self, name, data)

    monkeypatch.setattr(Storage, "write_bytes", failing)
    with pytest.raises(OSError, match="connection reset"):
        store.save(Market(meta=seed_market.meta, figures=seed_market.figures.iloc[:-2].copy()))
    assert store.version(seed_market.id) == before
    assert len(store.load(seed_market.id).figures) == len(seed_market.figures)


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


def _endpoint() -> str:
    return os.environ["PMDASH_S3_ENDPOINT_URL"]

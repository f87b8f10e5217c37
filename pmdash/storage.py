"""Files under one root, on a local disk or in an S3-compatible bucket: the store's one seam.

:class:`pmdash.store.DataStore` reads and writes only through a :class:`Storage`;
tests hand it a :class:`LocalStorage` (or their own subclass) instead of patching
pyarrow. Names passed in are relative (``markets/x/v1/meta.json``), always with ``/``.

What every storage guarantees:

- writing one object is atomic: a reader gets the old bytes or the new, never a mix
  (locally a temporary file renamed over the name; in a bucket one PUT);
- :meth:`Storage.write_folder` makes a folder of objects visible whole (locally a
  staging folder renamed into place) or, in a bucket, object by object with
  ``meta.json`` last, so "``meta.json`` exists" means "complete";
- :meth:`Storage.swap` is a compare-and-swap: it writes only if the object is
  still the one read (a bucket's ``If-Match`` / ``If-None-Match`` conditional PUT);
- :meth:`Storage.lock` serialises writers across processes and machines (locally
  ``flock``; in a bucket a lease object created with ``If-None-Match: *``).

Local files and folders get the permissions the umask gives (``0o666 & ~umask``,
``0o777 & ~umask``), so an app running as another user of the same group can read
what ``pmdash import`` wrote.

>>> import tempfile
>>> storage = Storage.open(tempfile.mkdtemp())
>>> storage.write_bytes("a/b.txt", b"hi")
>>> storage.read_text("a/b.txt"), storage.list("a")
('hi', ['a/b.txt'])
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import shutil
import socket
import tempfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from pmdash.config import is_object_url, split_object_url

LOCK: Final = ".lock"
LEASE_SECONDS: Final = 300.0  # a bucket lock older than this is a dead writer's
LOCK_WAIT_SECONDS: Final = 600.0


class LockTimeout(RuntimeError):
    """Another writer held the data location's lock for longer than we wait."""


class Storage(ABC):
    """A root of named objects; see the module docstring for what each method guarantees."""

    location: str

    @staticmethod
    def open(location: str | Path, endpoint_url: str | None = None) -> Storage:
        """A local folder, or ``s3://bucket/prefix`` (at ``endpoint_url`` when given).

        Credentials and region come from the standard AWS variables, read by the AWS SDK.
        """
        text = str(location)
        if is_object_url(text):
            bucket, prefix = split_object_url(text)
            return BucketStorage(bucket, prefix, endpoint_url)
        return LocalStorage(Path(text))

    @abstractmethod
    def read_bytes(self, name: str) -> bytes:
        """The whole object (raises FileNotFoundError when there is none)."""

    @abstractmethod
    def write_bytes(self, name: str, data: bytes) -> None:
        """Create or replace one object atomically."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether an object (or, locally, a folder) of that name exists."""

    @abstractmethod
    def list(self, prefix: str = "") -> list[str]:
        """Every object under ``prefix``, as sorted names relative to the root."""

    @abstractmethod
    def delete(self, name: str) -> None:
        """Delete one object (nothing happens when there is none)."""

    @abstractmethod
    def delete_tree(self, prefix: str) -> None:
        """Delete everything under ``prefix`` (nothing happens when there is nothing)."""

    @abstractmethod
    def fingerprint(self, name: str) -> tuple[str, ...] | None:
        """A value that changes whenever the object is replaced; ``None`` when it is missing."""

    @abstractmethod
    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        """The object and a tag for :meth:`swap`; ``None`` when it is missing."""

    @abstractmethod
    def swap(self, name: str, data: bytes, tag: str | None) -> bool:
        """Write ``data`` only if the object still has ``tag`` (``None``: is still missing).

        Returns ``False``, writing nothing, when another writer got there first.
        """

    @abstractmethod
    def write_folder(self, folder: str, files: Mapping[str, bytes]) -> None:
        """Write a folder of objects so that readers who look for ``meta.json`` see it whole."""

    @abstractmethod
    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Exclusive access for one writer at a time, across processes and machines."""

    def local_path(self, name: str) -> Path | None:
        """The file on this machine's disk that holds ``name``, when there is one."""
        return None

    def read_text(self, name: str) -> str:
        """The object decoded as UTF-8."""
        return self.read_bytes(name).decode("utf-8")

    def write_text(self, name: str, text: str) -> None:
        """Create or replace one UTF-8 object atomically."""
        self.write_bytes(name, text.encode("utf-8"))


class LocalStorage(Storage):
    """A folder on a local (or shared, ``flock``-capable) file system."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()
        self.location = str(root)
        self._held = threading.local()

    def local_path(self, name: str) -> Path:
        return self.root / name if name else self.root

    def read_bytes(self, name: str) -> bytes:
        path = self.local_path(name)
        if path.is_dir():
            raise FileNotFoundError(path)
        return path.read_bytes()

    def write_bytes(self, name: str, data: bytes) -> None:
        atomic_replace(self.local_path(name), data)

    def exists(self, name: str) -> bool:
        return self.local_path(name).exists()

    def list(self, prefix: str = "") -> list[str]:
        folder = self.local_path(prefix)
        if folder.is_file():
            return [prefix]
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in folder.rglob("*") if p.is_file())

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.local_path(name).unlink()

    def delete_tree(self, prefix: str) -> None:
        shutil.rmtree(self.local_path(prefix), ignore_errors=True)

    def fingerprint(self, name: str) -> tuple[str, ...] | None:
        # Every replace is a rename of a new file: a new inode, whatever the size or time.
        try:
            stat = self.local_path(name).stat()
        except FileNotFoundError:
            return None
        return (str(stat.st_ino), str(stat.st_size), str(stat.st_mtime_ns))

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        with self._locked():
            return self._read_tagged(name)

    def swap(self, name: str, data: bytes, tag: str | None) -> bool:
        with self._locked():
            current = self._read_tagged(name)
            if (current[1] if current else None) != tag:
                return False
            self.write_bytes(name, data)
            return True

    def _read_tagged(self, name: str) -> tuple[bytes, str] | None:
        try:
            data = self.read_bytes(name)
        except FileNotFoundError:
            return None
        return data, "|".join(self.fingerprint(name) or ())

    def write_folder(self, folder: str, files: Mapping[str, bytes]) -> None:
        target = self.local_path(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
        try:
            os.chmod(staging, 0o777 & ~umask())  # mkdtemp makes 0700
            for name, data in files.items():
                self._write_staged(staging / name, data)
            os.replace(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def _write_staged(self, path: Path, data: bytes) -> None:
        """One file of a staged folder, on disk before the folder is renamed into place."""
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def lock(self) -> contextlib.AbstractContextManager[None]:
        return self._locked()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # flock excludes other processes and other threads (each opens its own file);
        # the same thread may nest (a swap inside the store's locked save).
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)


class BucketStorage(Storage):
    """A prefix in an S3-compatible bucket, through boto3 (which reads the AWS variables)."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None) -> None:
        import boto3  # about 0.3 s; only deployments with a bucket pay it
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.location = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}),
        )
        self._threads = threading.Lock()  # the lease is per process; threads queue here first

    def key(self, name: str = "") -> str:
        """The object key of ``name``."""
        return "/".join(part for part in (self.prefix, name) if part)

    def read_bytes(self, name: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.NoSuchKey as error:
            raise FileNotFoundError(f"{self.location}/{name}") from error
        data: bytes = response["Body"].read()
        return data

    def write_bytes(self, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=data)

    def exists(self, name: str) -> bool:
        return self._head(name) is not None

    def list(self, prefix: str = "") -> list[str]:
        start = len(self.key()) + 1 if self.prefix else 0
        folder = self.key(prefix)
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"{folder}/" if folder else ""
        )
        return sorted(item["Key"][start:] for page in pages for item in page.get("Contents", ()))

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(name))

    def delete_tree(self, prefix: str) -> None:
        names = self.list(prefix)
        for start in range(0, len(names), 1000):  # DeleteObjects takes 1,000 keys a call
            batch = [{"Key": self.key(name)} for name in names[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})

    def fingerprint(self, name: str) -> tuple[str, ...] | None:
        # The ETag, from one HEAD: Last-Modified counts whole seconds, and two writes
        # of the same size within a second are ordinary.
        head = self._head(name)
        return None if head is None else (str(head["ETag"]), str(head["ContentLength"]))

    def read_tagged(self, name: str) -> tuple[bytes, str] | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.NoSuchKey:
            return None
        return response["Body"].read(), str(response["ETag"])

    def swap(self, name: str, data: bytes, tag: str | None) -> bool:
        condition = {"IfNoneMatch": "*"} if tag is None else {"IfMatch": tag}
        try:
            self.client.put_object(Bucket=self.bucket, Key=self.key(name), Body=data, **condition)
        except self.client.exceptions.ClientError as error:
            if _status(error) in (409, 412):  # 409: a concurrent conditional write
                return False
            if _status(error) == 404 and tag is not None:  # If-Match on a deleted object
                return False
            raise
        return True

    def write_folder(self, folder: str, files: Mapping[str, bytes]) -> None:
        for name in sorted(files, key=lambda n: n == "meta.json"):  # meta.json last
            self.write_bytes(f"{folder}/{name}", files[name])

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        with self._threads:
            tag = self._acquire()
            try:
                yield
            finally:
                with contextlib.suppress(self.client.exceptions.ClientError):
                    # Only our own lease: a lease taken over as stale belongs to its new owner.
                    self.client.delete_object(Bucket=self.bucket, Key=self.key(LOCK), IfMatch=tag)

    def _acquire(self) -> str:
        owner = {"owner": f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"}
        body = json.dumps({**owner, "since": datetime.now(UTC).isoformat()}).encode()
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        pause = 0.05
        while True:
            try:
                response = self.client.put_object(
                    Bucket=self.bucket, Key=self.key(LOCK), Body=body, IfNoneMatch="*"
                )
                return str(response["ETag"])
            except self.client.exceptions.ClientError as error:
                if _status(error) not in (409, 412):
                    raise
            self._break_if_stale()
            if time.monotonic() > deadline:
                raise LockTimeout(
                    f"{self.location}: another import has held {LOCK} for over "
                    f"{LOCK_WAIT_SECONDS:.0f} s; try again later"
                )
            time.sleep(pause * (1 + random.random()))  # jitter: waiters do not stampede
            pause = min(pause * 2, 1.0)

    def _break_if_stale(self) -> None:
        head = self._head(LOCK)
        if head is None:
            return
        age = (datetime.now(UTC) - head["LastModified"]).total_seconds()
        if age > LEASE_SECONDS:  # its writer died; If-Match: never a fresher lease
            with contextlib.suppress(self.client.exceptions.ClientError):
                self.client.delete_object(
                    Bucket=self.bucket, Key=self.key(LOCK), IfMatch=head["ETag"]
                )

    def _head(self, name: str) -> dict[str, Any] | None:
        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.ClientError as error:
            if _status(error) == 404:
                return None
            raise
        return head


def _status(error: Any) -> int:
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))


def umask() -> int:
    """The process's umask, read without changing it (``os.umask`` would race other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_replace(path: Path, data: bytes) -> None:
    """Write a local file so that readers see the old content or the new, never a part.

    The file gets ``0o666 & ~umask``, as ``open`` would give it (``mkstemp`` makes 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o666 & ~umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

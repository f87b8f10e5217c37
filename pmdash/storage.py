"""Files under one root, on a local disk or in an S3-compatible bucket (through ``pyarrow.fs``).

The one seam between :mod:`pmdash.store` and where the bytes live. Names passed
in are relative (``markets/x/v1/meta.json``), always with ``/``.

Writing one object is atomic on both: locally a temporary file in the same
folder is renamed over the name (``os.replace``); in a bucket a single PUT
replaces the object whole, so a reader gets the old bytes or the new, never a
mix. A bucket has no rename and no lock: a folder of objects appears object by
object, which is why the store writes a version's files before the manifest
that names them.

>>> import tempfile
>>> storage = Storage.open(tempfile.mkdtemp())
>>> storage.write_bytes("a/b.txt", b"hi")
>>> storage.read_text("a/b.txt"), storage.list("a")
('hi', ['a/b.txt'])
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow.fs as pafs

from pmdash.config import is_object_url, split_object_url


@dataclass(frozen=True)
class Storage:
    """A root folder (``base``) inside a pyarrow filesystem."""

    filesystem: Any  # pyarrow.fs.FileSystem (pyarrow ships no type hints)
    base: str
    local: bool

    @classmethod
    def open(cls, location: str | Path, endpoint_url: str | None = None) -> Storage:
        """A local folder, or ``s3://bucket/prefix`` (at ``endpoint_url`` when given).

        Credentials and region come from the standard AWS variables, read by the
        AWS SDK inside pyarrow.
        """
        text = str(location)
        if not is_object_url(text):
            return cls(pafs.LocalFileSystem(), Path(text).absolute().as_posix(), local=True)
        bucket, prefix = split_object_url(text)
        options: dict[str, Any] = {
            # Small objects go up as one PutObject instead of a multipart upload.
            "allow_delayed_open": True,
            "region": os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"),
        }
        if endpoint_url:
            parts = urlsplit(endpoint_url)
            options["endpoint_override"] = parts.netloc
            options["scheme"] = parts.scheme
        options = {k: v for k, v in options.items() if v is not None}
        base = f"{bucket}/{prefix}" if prefix else bucket
        return cls(pafs.S3FileSystem(**options), base, local=False)

    def path(self, name: str = "") -> str:
        """The full path of ``name`` inside :attr:`filesystem`."""
        return f"{self.base}/{name}" if name else self.base

    def read_bytes(self, name: str) -> bytes:
        """The whole object (raises FileNotFoundError when there is none)."""
        try:
            with self.filesystem.open_input_stream(self.path(name)) as stream:
                data: bytes = stream.read()
                return data
        except OSError as error:
            if not self.exists(name):
                raise FileNotFoundError(self.path(name)) from error
            raise

    def read_text(self, name: str) -> str:
        """The object decoded as UTF-8."""
        return self.read_bytes(name).decode("utf-8")

    def write_bytes(self, name: str, data: bytes) -> None:
        """Create or replace one object atomically."""
        if self.local:
            atomic_replace(Path(self.path(name)), data)
            return
        with self.filesystem.open_output_stream(self.path(name)) as stream:
            stream.write(data)

    def write_text(self, name: str, text: str) -> None:
        """Create or replace one UTF-8 object atomically."""
        self.write_bytes(name, text.encode("utf-8"))

    def exists(self, name: str) -> bool:
        """Whether an object (or, locally, a folder) of that name exists."""
        info = self.filesystem.get_file_info(self.path(name))
        return bool(info.type != pafs.FileType.NotFound)

    def list(self, prefix: str = "") -> list[str]:
        """Every object under ``prefix``, as sorted names relative to the root."""
        selector = pafs.FileSelector(self.path(prefix), recursive=True, allow_not_found=True)
        start = len(self.base) + 1
        return sorted(
            info.path[start:]
            for info in self.filesystem.get_file_info(selector)
            if info.type == pafs.FileType.File
        )

    def delete(self, name: str) -> None:
        """Delete one object (nothing happens when there is none)."""
        with contextlib.suppress(FileNotFoundError):
            self.filesystem.delete_file(self.path(name))

    def delete_tree(self, prefix: str) -> None:
        """Delete everything under ``prefix`` (nothing happens when there is nothing)."""
        if not self.exists(prefix) and not self.list(prefix):
            return
        if self.local:
            self.filesystem.delete_dir(self.path(prefix))
            return
        for name in self.list(prefix):
            self.filesystem.delete_file(self.path(name))
        with contextlib.suppress(OSError):  # a "folder" marker, when the server made one
            self.filesystem.delete_dir(self.path(prefix))

    def fingerprint(self, name: str) -> tuple[str, ...] | None:
        """A value that changes whenever the object is replaced; ``None`` when it is missing.

        Locally (inode, size, mtime): every replace is a rename of a new file. In a
        bucket the ETag, from one HEAD request: Last-Modified counts whole seconds,
        and two writes of the same size within a second are ordinary.
        """
        if self.local:
            try:
                stat = os.stat(self.path(name))
            except FileNotFoundError:
                return None
            return (str(stat.st_ino), str(stat.st_size), str(stat.st_mtime_ns))
        try:
            handle = self.filesystem.open_input_file(self.path(name))
        except FileNotFoundError:
            return None
        with handle:
            metadata = handle.metadata()
        etag = metadata.get("ETag", b"")
        size = metadata.get("Content-Length", b"")
        return (etag.decode(), size.decode())


def atomic_replace(path: Path, data: bytes) -> None:
    """Write a local file so that readers see the old content or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

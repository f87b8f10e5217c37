"""What every storage offers (see :mod:`pmdash.storage` for the guarantees)."""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from pmdash.config import is_object_url, split_object_url

LOCK: Final = ".lock"


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
        from pmdash.storage.bucket import BucketStorage
        from pmdash.storage.local import LocalStorage

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

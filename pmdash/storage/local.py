"""A data folder on a local (or shared, ``flock``-capable) file system."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from pmdash.storage.base import LOCK, Storage


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

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

from pmdash.storage.base import LOCK, LockTimeout, Storage
from pmdash.storage.bucket import BucketStorage
from pmdash.storage.local import LocalStorage, atomic_replace, umask

__all__ = [
    "LOCK",
    "BucketStorage",
    "LocalStorage",
    "LockTimeout",
    "Storage",
    "atomic_replace",
    "umask",
]

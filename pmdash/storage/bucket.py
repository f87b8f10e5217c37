"""A data location in an S3-compatible bucket: conditional PUTs and a lease for writers."""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from pmdash.storage.base import LOCK, LockTimeout, Storage

LEASE_SECONDS: Final = 300.0  # a bucket lock older than this is a dead writer's
LOCK_WAIT_SECONDS: Final = 600.0


class BucketStorage(Storage):
    """A prefix in an S3-compatible bucket, through boto3 (which reads the AWS variables)."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        *,
        lease_seconds: float = LEASE_SECONDS,
        wait_seconds: float = LOCK_WAIT_SECONDS,
    ) -> None:
        import boto3  # imported on use: only deployments with a bucket pay for it
        from botocore.config import Config

        self.bucket = bucket
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self.prefix = prefix.strip("/")
        self.location = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            config=Config(
                retries={"max_attempts": 5, "mode": "standard"},
                # Checksums only where S3 requires them: several S3-compatible servers
                # refuse the CRC32 headers that boto3 otherwise adds to every PUT.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
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
        deadline = time.monotonic() + self.wait_seconds
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
                    f"{self.wait_seconds:.0f} s; try again later"
                )
            time.sleep(pause * (1 + random.random()))  # jitter: waiters do not stampede
            pause = min(pause * 2, 1.0)

    def _break_if_stale(self) -> None:
        head = self._head(LOCK)
        if head is None:
            return
        age = (datetime.now(UTC) - head["LastModified"]).total_seconds()
        if age > self.lease_seconds:  # its writer died; If-Match: never a fresher lease
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

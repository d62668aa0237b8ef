"""Where uploaded recordings and transcripts are kept, behind a small interface.

The default keeps files in a local directory. Files arrive as a stream of chunks and are written
to a scratch file first, hashed and counted on the way, so memory stays flat whatever the size,
and a file appears under its key only once it is complete.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from service.errors import PayloadTooLargeError

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Stored:
    key: str
    size: int
    sha256: str
    head: bytes  # the first bytes, to tell what the file is


class Intake:
    """Counts and hashes a stream as it passes and keeps its head; refuses it past the limit."""

    def __init__(self, key: str, max_bytes: int) -> None:
        self.key, self.max_bytes = key, max_bytes
        self.digest, self.size, self.head = hashlib.sha256(), 0, b""

    def take(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise too_large(self.max_bytes)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.digest.update(chunk)
        return chunk

    def stored(self) -> Stored:
        return Stored(key=self.key, size=self.size, sha256=self.digest.hexdigest(), head=self.head)


def too_large(max_bytes: int) -> PayloadTooLargeError:
    return PayloadTooLargeError(
        f"the upload is larger than the limit of {max_bytes:,} bytes; "
        "split the recording or raise CALLPLAN_UPLOAD_MAX_BYTES"
    )


class Storage(Protocol):
    async def put(self, key: str, chunks: AsyncIterator[bytes], max_bytes: int) -> Stored:
        """Store a stream under `key`; PayloadTooLargeError past `max_bytes` (nothing is kept)."""
        ...

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        """A local file holding the object while the context is open (for the pipeline)."""
        ...

    def move(self, key: str, new_key: str) -> None: ...

    def delete(self, key: str) -> None:
        """Remove the object (a duplicate upload that lost a race); no error if it is gone."""
        ...

    def exists(self, key: str) -> bool: ...

    def url(self, key: str, filename: str) -> str | None:
        """Where a browser can fetch the object directly, or None (the API serves it)."""
        ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key {key!r} leaves the storage folder")
        return path

    async def put(self, key: str, chunks: AsyncIterator[bytes], max_bytes: int) -> Stored:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        intake = Intake(key, max_bytes)
        fd, scratch = tempfile.mkstemp(prefix=".upload-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                async for chunk in chunks:
                    file.write(intake.take(chunk))
            Path(scratch).replace(target)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            self._prune(target.parent)  # a refused upload leaves no empty folder either
            raise
        return intake.stored()

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        return nullcontext(self.path(key))

    def move(self, key: str, new_key: str) -> None:
        target = self.path(new_key)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.path(key).replace(target)
        self._prune(self.path(key).parent)

    def delete(self, key: str) -> None:
        path = self.path(key)
        path.unlink(missing_ok=True)
        self._prune(path.parent)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def _prune(self, folder: Path) -> None:
        """Remove `folder` and its parents up to the root while they are empty."""
        root = self.root.resolve()
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()
            except OSError:  # not empty (or already gone after a race): stop here
                return
            folder = folder.parent

    def url(self, key: str, filename: str) -> str | None:
        return None  # served by the API (FileResponse, with Range requests)

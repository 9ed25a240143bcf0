"""Content-addressed blob storage behind a small interface (filesystem by default).

Callers only use :class:`BlobStore`; an S3-compatible store can implement it without touching them.
Partial uploads live apart from published blobs, one per uploader (``owner``: an opaque, file-name-safe
key the caller derives from the person), so two people sending the same bytes never touch each other's
upload. A blob is published only after its SHA-256 matched.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_OWNER_RE = re.compile(r"^[0-9a-f]{16,64}$")


class ChecksumMismatch(Exception):
    """The uploaded bytes do not hash to the announced SHA-256; the partial upload was discarded."""


class OffsetMismatch(Exception):
    """A chunk was sent for an offset other than the bytes held so far."""

    def __init__(self, held: int) -> None:
        super().__init__(f"the server holds {held} bytes")
        self.held = held


class BlobStore(Protocol):
    def has(self, sha256: str) -> bool: ...
    def size(self, sha256: str) -> int: ...
    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]: ...
    def keyed_digest(self, sha256: str, key: bytes) -> str: ...
    def partial_size(self, sha256: str, owner: str) -> int: ...
    def append(self, sha256: str, owner: str, offset: int, data: bytes) -> int: ...
    def publish(self, sha256: str, owner: str) -> None: ...
    def discard(self, sha256: str, owner: str) -> None: ...
    def put_bytes(self, sha256: str, data: bytes) -> None: ...


class FileBlobStore:
    """Blobs as files ``root/ab/abcdef...``; partial uploads as ``root/partial/<owner>/<sha>.part``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True, mode=0o700)
        root.chmod(0o700)

    def _path(self, sha256: str) -> Path:
        if not SHA256_RE.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    def _partial(self, sha256: str, owner: str) -> Path:
        self._path(sha256)  # validates
        if not _OWNER_RE.match(owner):
            raise ValueError("not an upload owner key")
        return self.root / "partial" / owner / f"{sha256}.part"

    def has(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def size(self, sha256: str) -> int:
        return self._path(sha256).stat().st_size

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` .. ``end`` inclusive, in 64 KiB pieces."""
        with open(self._path(sha256), "rb") as fh:
            fh.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                piece = fh.read(min(65536, remaining))
                if not piece:
                    break
                remaining -= len(piece)
                yield piece

    def keyed_digest(self, sha256: str, key: bytes) -> str:
        """Hex HMAC-SHA256 of the stored bytes under ``key`` (checks a device's proof that it holds them)."""
        mac = hmac.new(key, digestmod=hashlib.sha256)
        with open(self._path(sha256), "rb") as fh:
            for piece in iter(lambda: fh.read(1 << 20), b""):
                mac.update(piece)
        return mac.hexdigest()

    def partial_size(self, sha256: str, owner: str) -> int:
        try:
            return self._partial(sha256, owner).stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, sha256: str, owner: str, offset: int, data: bytes) -> int:
        """Write ``data`` at ``offset`` (which must equal the bytes held); returns the new size.

        A file lock keeps two requests of the same uploader from interleaving writes.
        """
        path = self._partial(sha256, owner)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            held = os.fstat(fh.fileno()).st_size
            if offset != held:
                raise OffsetMismatch(held)
            fh.seek(offset)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            return offset + len(data)

    def publish(self, sha256: str, owner: str) -> None:
        """Verify the partial upload's SHA-256 and move it into place (or discard it on mismatch).

        When someone else's identical upload was published first, the verified partial is simply dropped.
        """
        partial = self._partial(sha256, owner)
        digest = hashlib.sha256()
        with open(partial, "rb") as fh:
            for piece in iter(lambda: fh.read(1 << 20), b""):
                digest.update(piece)
        if digest.hexdigest() != sha256:
            partial.unlink(missing_ok=True)
            raise ChecksumMismatch(sha256)
        target = self._path(sha256)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        _fsync_dir(target.parent)

    def discard(self, sha256: str, owner: str) -> None:
        """Delete an unfinished upload (expired, or its owner is gone)."""
        self._partial(sha256, owner).unlink(missing_ok=True)

    def put_bytes(self, sha256: str, data: bytes) -> None:
        """Store a whole blob at once (admin publishing, packs); verified like an upload."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ChecksumMismatch(sha256)
        if self.has(sha256):
            return
        target = self._path(sha256)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

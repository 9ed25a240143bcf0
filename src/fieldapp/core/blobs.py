"""A content-addressed file store: ``blobs/ab/abcdef...`` named by the SHA-256 of the bytes.

A file is written to a temporary name on the same file system, fsynced, renamed into place and the
directory fsynced, so a blob under its final name is always complete; the caller references it only
after :meth:`BlobStore.put_file` returns. A kill mid-write leaves at most a stray temp file, which
:meth:`BlobStore.gc` removes.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from fieldapp.core.errors import InvalidInput, NotFound, StoreError
from fieldapp.protocol import AttachmentRef

__all__ = ["CHUNK", "BlobStore", "file_sha256"]

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: A file younger than this is never collected: it may be on its way to being referenced.
GC_GRACE_SECONDS = 3600.0
#: Largest attachment accepted (a phone video or a scanned document fits comfortably).
MAX_FILE_BYTES = 200 * 1024 * 1024


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as lowercase hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename itself.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_sha(sha: str) -> str:
    if not _SHA_RE.match(sha):
        raise InvalidInput(f"{sha!r} is not a SHA-256 file id.")
    return sha


class BlobStore:
    """Files by SHA-256 under ``root`` (``<profile>/blobs``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"

    def path(self, sha: str) -> Path:
        """Where the blob ``sha`` lives (whether or not it is there)."""
        _check_sha(sha)
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        """Whether the complete blob is stored here."""
        return self.path(sha).is_file()

    def open(self, sha: str) -> BinaryIO:
        """Read a stored blob."""
        try:
            return open(self.path(sha), "rb")
        except FileNotFoundError:
            raise NotFound(f"The file {sha[:12]}… is not on this device yet; sync to fetch it.") from None

    def put_file(self, source: Path, name: str | None = None, mime: str | None = None) -> AttachmentRef:
        """Copy ``source`` into the store; return the reference to put in a record."""
        try:
            size = source.stat().st_size
            if not source.is_file():
                raise InvalidInput(f"{source} is not a file.")
            if size > MAX_FILE_BYTES:
                raise InvalidInput(
                    f"{source.name} is {size // (1024 * 1024)} MB; the largest file fieldapp accepts is "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
                )
            with open(source, "rb") as handle:
                sha = self._write(handle)
        except FileNotFoundError:
            raise InvalidInput(f"There is no file {source}.") from None
        except PermissionError:
            raise InvalidInput(f"fieldapp may not read {source}.") from None
        guessed = mime or mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return AttachmentRef(sha256=sha, name=name or source.name, size=size, mime=guessed)

    def put_bytes(self, data: bytes, name: str, mime: str = "application/octet-stream") -> AttachmentRef:
        """Store bytes held in memory."""
        import io

        sha = self._write(io.BytesIO(data))
        return AttachmentRef(sha256=sha, name=name, size=len(data), mime=mime)

    def _write(self, source: BinaryIO) -> str:
        try:
            self.tmp.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, suffix=".tmp")
        except OSError as exc:
            raise StoreError(f"Could not write to the file store {self.root}: {exc.strerror}.") from None
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            return self._publish(tmp, digest.hexdigest())
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"Could not save the file ({exc.strerror}); is the disk full?") from None

    def _publish(self, tmp: Path, sha: str) -> str:
        final = self.path(sha)
        if final.exists():
            tmp.unlink()  # Same bytes already stored: content addressing deduplicates.
            return sha
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
        return sha

    # ------------------------------------------------------------ resumable downloads

    def partial_path(self, sha: str) -> Path:
        """The temp file a download of ``sha`` appends to (its size is the offset to resume from)."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        return self.tmp / f"{_check_sha(sha)}.part"

    def finish_partial(self, sha: str) -> Path:
        """Verify a completed download and move it into the store; a mismatch deletes it and raises."""
        part = self.partial_path(sha)
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        if file_sha256(part) != sha:
            part.unlink()
            raise InvalidInput(f"The downloaded file {sha[:12]}… was damaged in transit and was discarded.")
        self._publish(part, sha)
        return self.path(sha)

    # ------------------------------------------------------------ housekeeping

    def all_shas(self) -> set[str]:
        """Every complete blob stored."""
        if not self.root.exists():
            return set()
        return {p.name for p in self.root.glob("??/*") if _SHA_RE.match(p.name)}

    def gc(self, referenced: Iterable[str], grace_seconds: float = GC_GRACE_SECONDS) -> int:
        """Delete blobs nobody references and stale temp files; return how many files were removed."""
        keep = set(referenced)
        cutoff = time.time() - grace_seconds
        removed = 0
        candidates = [self.path(sha) for sha in self.all_shas() - keep]
        if self.tmp.exists():
            candidates += [p for p in self.tmp.iterdir() if p.suffix == ".tmp"]
        for path in candidates:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def wipe(self) -> None:
        """Delete every stored file (the admin's wipe order)."""
        import shutil

        shutil.rmtree(self.root, ignore_errors=True)

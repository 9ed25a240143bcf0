"""A content-addressed file store: ``blobs/ab/abcdef...`` named by the SHA-256 of the (plaintext) bytes.

A file is written to a temporary name on the same file system, fsynced, renamed into place and the
directory fsynced, so a blob under its final name is always complete; the caller references it only
after :meth:`BlobStore.put_file` returns. A kill mid-write leaves at most a stray temp file, which
:meth:`BlobStore.gc` removes.

When the profile is locked by a PIN the store has her data key, and every stored file (and every partial
download) is encrypted in the segment format of :mod:`fieldapp.core.blobcrypt`. Readers never open
:meth:`BlobStore.path` themselves: they use :meth:`BlobStore.open` (a seekable reader of the plaintext),
:meth:`BlobStore.read_bytes`, or :meth:`BlobStore.view_copy` when a viewer needs a real file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from fieldapp.core import blobcrypt
from fieldapp.core.errors import InvalidInput, NotFound, StoreError
from fieldapp.core.private import PRIVATE_FILE_MODE, fsync_dir, make_private_dir, tighten
from fieldapp.core.safefiles import clean_name
from fieldapp.core.vault import DataKey
from fieldapp.protocol import AttachmentRef

__all__ = ["CHUNK", "BlobStore", "PartialDownload", "file_sha256"]

log = logging.getLogger(__name__)

CHUNK = 1 << 20
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_EMPTY_SHA = hashlib.sha256(b"").hexdigest()
#: A file younger than this is never collected: it may be on its way to being referenced.
GC_GRACE_SECONDS = 3600.0
#: Largest attachment accepted (a phone video or a scanned document fits comfortably).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Decrypted copies for viewers live here (inside her profile), and are removed at close / next start.
VIEW_DIR = "view"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as lowercase hex."""
    with open(path, "rb") as handle:
        return _stream_sha256(handle)


def _stream_sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    fsync_dir(directory)


def _check_sha(sha: str) -> str:
    if not _SHA_RE.match(sha):
        raise InvalidInput(f"{sha!r} is not a SHA-256 file id.")
    return sha


class PartialDownload:
    """A download being written to ``blobs/tmp/<sha>.part`` (encrypted when the store is).

    :meth:`checkpoint` makes what was written durable and returns the offset a resumed download may
    start from: with encryption, only complete sealed segments count, so a cut connection loses at most
    one segment's worth of bytes, and no plaintext is ever on disk.
    """

    def __init__(self, handle: BinaryIO, writer: blobcrypt.SegmentWriter | None) -> None:
        self._handle = handle
        self._writer = writer

    def write(self, data: bytes) -> None:
        """Append bytes that arrived."""
        if self._writer is not None:
            self._writer.write(data)
        else:
            self._handle.write(data)

    def checkpoint(self) -> int:
        """fsync and return the plaintext offset now durably on disk."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return self._writer.written if self._writer is not None else self._handle.tell()

    def close(self) -> None:
        """Close the file (call :meth:`checkpoint` first to keep what arrived)."""
        self._handle.close()

    def __enter__(self) -> PartialDownload:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class BlobStore:
    """Files by SHA-256 under ``root`` (``<profile>/blobs``); encrypted when ``key`` is given."""

    def __init__(self, root: Path, key: DataKey | None = None) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self._file_key = key.subkey(blobcrypt.PURPOSE) if key is not None else None
        self._views: list[Path] = []

    def __repr__(self) -> str:
        return f"BlobStore({str(self.root)!r}, encrypted={self.encrypted})"

    @property
    def encrypted(self) -> bool:
        """Whether files are stored encrypted (a PIN-locked profile)."""
        return self._file_key is not None

    def path(self, sha: str) -> Path:
        """Where the stored (possibly encrypted) file of ``sha`` lives. Do not read it directly: use
        :meth:`open`, :meth:`read_bytes` or :meth:`view_copy`."""
        _check_sha(sha)
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        """Whether the complete blob is stored here."""
        return self.path(sha).is_file()

    def _private_dir(self, path: Path) -> Path:
        try:
            return make_private_dir(path)
        except OSError as exc:
            raise StoreError(f"Could not write to the file store {self.root}: {exc.strerror}.") from None

    # ------------------------------------------------------------ reading

    def open(self, sha: str) -> BinaryIO:
        """A seekable binary reader of the stored file's bytes (decrypted as read, each segment checked)."""
        try:
            raw = open(self.path(sha), "rb")  # noqa: SIM115 - handed to the caller, who closes it
        except FileNotFoundError:
            raise NotFound(f"The file {sha[:12]}… is not on this device yet; sync to fetch it.") from None
        if self._file_key is None:
            return raw
        try:
            reader = blobcrypt.SegmentReader(raw, self._file_key, sha)
        except BaseException:
            raw.close()
            raise
        return io.BufferedReader(reader, buffer_size=blobcrypt.SEGMENT)  # type: ignore[return-value]

    def read_bytes(self, sha: str) -> bytes:
        """The whole file in memory (for small things: thumbnails, lesson images)."""
        with self.open(sha) as handle:
            return handle.read()

    def head(self, sha: str, size: int = 4096) -> bytes:
        """The first ``size`` bytes (to recognise a file's type by its content)."""
        with self.open(sha) as handle:
            return handle.read(size)

    def size(self, sha: str) -> int:
        """The file's length in bytes (of the plaintext)."""
        stored = self.path(sha).stat().st_size
        return blobcrypt.plain_size(stored) if self._file_key is not None else stored

    def view_copy(self, sha: str, file_name: str) -> Path:
        """A decrypted copy for a viewer that needs a real file, named ``file_name`` (a plain base name),
        0600 in its own 0700 folder inside the profile; removed by :meth:`discard_views` (at close) or
        :meth:`clear_views` (at the next start, after a crash)."""
        name = Path(file_name).name
        if not name or name in {".", ".."}:
            raise InvalidInput("The file has no usable name.")
        views = self._private_dir(self.root / VIEW_DIR)
        folder = Path(tempfile.mkdtemp(dir=views))  # 0700 from the start
        target = folder / name
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        try:
            with os.fdopen(fd, "wb") as out, self.open(sha) as source:
                shutil.copyfileobj(source, out, CHUNK)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        self._views.append(folder)
        return target

    def discard_views(self) -> None:
        """Remove the viewer copies this store made (when the app closes)."""
        while self._views:
            shutil.rmtree(self._views.pop(), ignore_errors=True)

    def clear_views(self) -> None:
        """Remove every viewer copy, also those a crashed session left (when the desktop app starts)."""
        self._views.clear()
        shutil.rmtree(self.root / VIEW_DIR, ignore_errors=True)

    # ------------------------------------------------------------ writing

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
        # Names travel to mentors and the server: no folders, control or direction-override characters.
        return AttachmentRef(sha256=sha, name=clean_name(name or source.name), size=size, mime=guessed)

    def put_bytes(self, data: bytes, name: str, mime: str = "application/octet-stream") -> AttachmentRef:
        """Store bytes held in memory."""
        sha = self._write(io.BytesIO(data))
        return AttachmentRef(sha256=sha, name=clean_name(name), size=len(data), mime=mime)

    def _temp(self) -> tuple[int, Path]:
        self._private_dir(self.tmp)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=self.tmp, suffix=".tmp")
        except OSError as exc:
            raise StoreError(f"Could not write to the file store {self.root}: {exc.strerror}.") from None
        return fd, Path(tmp_name)

    def _write(self, source: BinaryIO) -> str:
        if self._file_key is not None:
            return self._write_sealed(source)
        fd, tmp = self._temp()
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

    def _write_sealed(self, source: BinaryIO) -> str:
        # The name (the SHA-256 of the plaintext) is bound into every segment, so it must be known first:
        # one pass to hash (and to skip a file already stored), one to encrypt.
        start = source.tell()
        sha = _stream_sha256(source)
        size = source.tell() - start
        if self.has(sha):
            return sha
        source.seek(start)
        fd, tmp = self._temp()
        digest = hashlib.sha256()
        assert self._file_key is not None
        try:
            with os.fdopen(fd, "wb") as out:
                writer = blobcrypt.SegmentWriter.create(out, self._file_key, sha, size)
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                writer.finish()
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha:
                tmp.unlink(missing_ok=True)
                raise InvalidInput("The file changed while it was being saved. Please try again.")
            return self._publish(tmp, sha)
        except blobcrypt.BlobDamaged:
            tmp.unlink(missing_ok=True)
            raise InvalidInput("The file changed while it was being saved. Please try again.") from None
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"Could not save the file ({exc.strerror}); is the disk full?") from None

    def _publish(self, tmp: Path, sha: str) -> str:
        final = self.path(sha)
        if final.exists():
            tmp.unlink()  # Same bytes already stored: content addressing deduplicates.
            return sha
        self._private_dir(final.parent)
        tighten(tmp)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
        return sha

    # ------------------------------------------------------------ resumable downloads

    def partial_path(self, sha: str) -> Path:
        """The temp file a download of ``sha`` is written to (encrypted when the store is)."""
        self._private_dir(self.tmp)
        return self.tmp / f"{_check_sha(sha)}.part"

    def trim_partial(self, sha: str, recorded: int, size: int) -> int:
        """Cut the partial download of ``sha`` back to what may be trusted and return that offset.

        ``recorded`` is the offset recorded after the last fsync; bytes beyond it (or beyond a whole
        segment, when encrypted) are dropped, and the download resumes from the returned offset.
        """
        part = self.partial_path(sha)
        try:
            stored = part.stat().st_size
        except FileNotFoundError:
            return 0
        if self._file_key is not None:
            with open(part, "rb") as handle:
                sealed = blobcrypt.looks_encrypted(handle.read(blobcrypt.HEADER_SIZE))
            on_disk = blobcrypt.resume_point(stored) if sealed else 0
            offset = min(on_disk, recorded)
            offset -= offset % blobcrypt.SEGMENT
            if offset > size:
                offset = 0
            if not sealed or offset == 0:
                part.unlink(missing_ok=True)  # a plaintext leftover from before her data was locked
                return 0
            segments = offset // blobcrypt.SEGMENT
            keep = blobcrypt.HEADER_SIZE + segments * (blobcrypt.SEGMENT + blobcrypt.OVERHEAD)
        else:
            offset = min(stored, recorded)
            if offset > size:
                offset = 0
            keep = offset
        if stored != keep:
            with open(part, "r+b") as handle:
                handle.truncate(keep)
        return offset

    def open_partial(self, sha: str, size: int, offset: int) -> PartialDownload:
        """Open the partial download of ``sha`` (``size`` bytes in all) to append from ``offset``."""
        part = self.partial_path(sha)
        if not part.exists():
            fd = os.open(part, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
            os.close(fd)
        handle = open(part, "r+b")  # noqa: SIM115 - owned by the returned PartialDownload
        try:
            if self._file_key is None:
                handle.truncate(offset)
                handle.seek(offset)
                return PartialDownload(handle, None)
            aligned = offset - offset % blobcrypt.SEGMENT
            if aligned != offset:
                raise ValueError("an encrypted download resumes at a segment boundary")
            writer = blobcrypt.SegmentWriter.resume(handle, self._file_key, sha, size, offset)
            return PartialDownload(handle, writer)
        except BaseException:
            handle.close()
            raise

    def finish_partial(self, sha: str) -> Path:
        """Verify a completed download and move it into the store; a mismatch deletes it and raises."""
        part = self.partial_path(sha)
        if not part.exists():
            if sha == _EMPTY_SHA:  # an empty file needs no bytes from the server
                self.put_bytes(b"", "empty")
                return self.path(sha)
            raise InvalidInput(f"The download of {sha[:12]}… is incomplete; sync will try again.")
        with open(part, "rb+") as handle:
            os.fsync(handle.fileno())
        try:
            if self._file_key is not None:
                with blobcrypt.SegmentReader(open(part, "rb"), self._file_key, sha) as reader:
                    actual = _stream_sha256(io.BufferedReader(reader, buffer_size=blobcrypt.SEGMENT))
            else:
                actual = file_sha256(part)
        except blobcrypt.BlobDamaged:
            actual = ""
        if actual != sha:
            part.unlink()
            raise InvalidInput(f"The downloaded file {sha[:12]}… was damaged in transit and was discarded.")
        self._publish(part, sha)
        return self.path(sha)

    # ------------------------------------------------------------ locking an older profile

    def _stored_encrypted(self, sha: str) -> bool:
        with open(self.path(sha), "rb") as handle:
            return blobcrypt.looks_encrypted(handle.read(blobcrypt.HEADER_SIZE))

    def plain_files(self) -> list[str]:
        """Stored files still in plaintext (left by a version before her data was locked)."""
        return sorted(sha for sha in self.all_shas() if not self._stored_encrypted(sha))

    def seal_plain_files(self) -> int:
        """Encrypt every plaintext file left by an older version, in place; return how many.

        Each file is encrypted to a temp file, checked by decrypting it, then renamed over the plaintext
        one: a kill at any point leaves either the old or the new file, both complete. Plaintext partial
        downloads are dropped (the download starts again).
        """
        if self._file_key is None:
            raise StoreError("The file store has no key to lock files with.")
        sealed = 0
        for sha in self.plain_files():
            final = self.path(sha)
            fd, tmp = self._temp()
            try:
                with os.fdopen(fd, "wb") as out, open(final, "rb") as plain:
                    size = os.fstat(plain.fileno()).st_size
                    writer = blobcrypt.SegmentWriter.create(out, self._file_key, sha, size)
                    while chunk := plain.read(CHUNK):
                        writer.write(chunk)
                    writer.finish()
                    out.flush()
                    os.fsync(out.fileno())
                with (
                    open(final, "rb") as plain,
                    blobcrypt.SegmentReader(open(tmp, "rb"), self._file_key, sha) as check,
                ):
                    checker = io.BufferedReader(check, buffer_size=blobcrypt.SEGMENT)
                    if _stream_sha256(checker) != _stream_sha256(plain):
                        raise StoreError(f"Locking the file {sha[:12]}… did not verify; it was left as is.")
                tighten(tmp)
                os.replace(tmp, final)
                _fsync_dir(final.parent)
                sealed += 1
            finally:
                tmp.unlink(missing_ok=True)
        if self.tmp.exists():
            for leftover in self.tmp.iterdir():
                if leftover.suffix == ".part":
                    with open(leftover, "rb") as handle:
                        if blobcrypt.looks_encrypted(handle.read(blobcrypt.HEADER_SIZE)):
                            continue
                leftover.unlink(missing_ok=True)
        self.clear_views()
        return sealed

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
        shutil.rmtree(self.root, ignore_errors=True)

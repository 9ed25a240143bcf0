"""Encrypted file format for her stored files: AES-256-GCM in fixed-size segments.

Layout of one stored file::

    header   = MAGIC (8 bytes, "FLDBLOB" + version 1) || segment size (uint32, big-endian)
    segment* = nonce (12 random bytes) || AES-GCM(SEGMENT plaintext bytes, fewer in the last) || tag (16)

Every segment is authenticated with associated data ``header || sha256 (32 raw bytes) || index (uint64)
|| last (1 byte)``, so:

* a segment moved to another place (reordering) or another file (swapping) fails;
* a file cut at a segment boundary fails, because what is now its last segment was sealed as "not last";
* a file cut inside a segment fails that segment's tag.

Segments make random access cheap (an upload resuming at byte N decrypts from segment N // SEGMENT),
and a download can be written as it arrives: each complete segment is sealed and appended, and only
complete segments count as written (:class:`SegmentWriter`). Every file has at least one segment (an
empty file is one empty last segment). The key is a sub-key of her data key (``DataKey.subkey``).
"""

from __future__ import annotations

import io
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldapp.core.errors import StoreError

__all__ = [
    "HEADER_SIZE",
    "MAGIC",
    "OVERHEAD",
    "SEGMENT",
    "BlobDamaged",
    "SegmentReader",
    "SegmentWriter",
    "encrypted_size",
    "looks_encrypted",
    "plain_size",
    "resume_point",
]

MAGIC = b"FLDBLOB\x01"
#: Plaintext bytes per segment.
SEGMENT = 64 * 1024
_NONCE = 12
_TAG = 16
#: Bytes a segment adds to its plaintext.
OVERHEAD = _NONCE + _TAG
HEADER_SIZE = len(MAGIC) + 4
#: Purpose string for ``DataKey.subkey``.
PURPOSE = "fieldapp blobs v1"


class BlobDamaged(StoreError):
    """A stored file failed its authentication: it was cut short, changed, or is not this file."""


def _header(segment: int = SEGMENT) -> bytes:
    return MAGIC + struct.pack(">I", segment)


def _aad(header: bytes, sha: bytes, index: int, last: bool) -> bytes:
    return header + sha + struct.pack(">QB", index, 1 if last else 0)


def _sha_bytes(sha: str) -> bytes:
    return bytes.fromhex(sha)


def encrypted_size(size: int, segment: int = SEGMENT) -> int:
    """Bytes on disk for ``size`` plaintext bytes."""
    count = max(1, -(-size // segment))
    return HEADER_SIZE + size + count * OVERHEAD


def plain_size(stored: int, segment: int = SEGMENT) -> int:
    """Plaintext length of a complete stored file of ``stored`` bytes (raises when impossible)."""
    body = stored - HEADER_SIZE
    if body < OVERHEAD:
        raise BlobDamaged("The stored file is cut short.")
    full = segment + OVERHEAD
    count = -(-body // full)
    last = body - (count - 1) * full
    if last < OVERHEAD:
        raise BlobDamaged("The stored file is cut short.")
    return (count - 1) * segment + (last - OVERHEAD)


def looks_encrypted(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a stored file) starts like this format."""
    return head[: len(MAGIC)] == MAGIC


class SegmentReader(io.RawIOBase):
    """A seekable, read-only view of the plaintext of one encrypted stored file.

    Each segment is authenticated before any of its bytes are returned; a failure raises
    :class:`BlobDamaged`. Wrap in ``io.BufferedReader`` for the usual ``read(n)`` semantics.
    """

    def __init__(self, raw: BinaryIO, key: bytes, sha: str) -> None:
        super().__init__()
        self._raw = raw
        self._aead = AESGCM(key)
        self._sha = _sha_bytes(sha)
        self._header = raw.read(HEADER_SIZE)
        if len(self._header) != HEADER_SIZE or not looks_encrypted(self._header):
            raise BlobDamaged("The stored file is not in fieldapp's encrypted format.")
        (self._segment,) = struct.unpack(">I", self._header[len(MAGIC) :])
        if not 1024 <= self._segment <= 16 * 1024 * 1024:
            raise BlobDamaged("The stored file's header is damaged.")
        raw.seek(0, os.SEEK_END)
        self._size = plain_size(raw.tell(), self._segment)
        self._count = max(1, -(-self._size // self._segment))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    @property
    def size(self) -> int:
        """Plaintext length."""
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            target = offset
        elif whence == os.SEEK_CUR:
            target = self._pos + offset
        elif whence == os.SEEK_END:
            target = self._size + offset
        else:
            raise ValueError("bad whence")
        if target < 0:
            raise ValueError("negative seek position")
        self._pos = target
        return target

    def _segment_plain(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        last = index == self._count - 1
        length = (self._size - index * self._segment if last else self._segment) + OVERHEAD
        self._raw.seek(HEADER_SIZE + index * (self._segment + OVERHEAD))
        blob = self._raw.read(length)
        if len(blob) != length:
            raise BlobDamaged("The stored file is cut short.")
        try:
            aad = _aad(self._header, self._sha, index, last)
            plain = self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad)
        except InvalidTag:
            raise BlobDamaged("A stored file was changed or damaged on this laptop.") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._pos >= self._size:
            return 0
        index, within = divmod(self._pos, self._segment)
        plain = self._segment_plain(index)
        piece = plain[within : within + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)

    def readall(self) -> bytes:
        parts = []
        while chunk := self.read(self._segment):
            parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            self._cached = None
            super().close()


class SegmentWriter:
    """Appends plaintext to an encrypted file, sealing each complete segment as it fills.

    ``size`` is the whole plaintext length, known in advance (the blob's recorded size), so the writer
    knows which segment is the last. ``written`` counts plaintext bytes in sealed segments: only those
    are on disk, and only those may be recorded as a resume point. Open with :meth:`create` or
    :meth:`resume`.
    """

    def __init__(self, out: BinaryIO, key: bytes, sha: str, size: int, start: int) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._sha = _sha_bytes(sha)
        self._header = _header()
        self._size = size
        self._count = max(1, -(-size // SEGMENT))
        self._index = start // SEGMENT
        self._pending = bytearray()
        self.written = start

    @classmethod
    def create(cls, out: BinaryIO, key: bytes, sha: str, size: int) -> SegmentWriter:
        """Start a new file (``out`` empty, positioned at 0)."""
        out.write(_header())
        return cls(out, key, sha, size, 0)

    @classmethod
    def resume(cls, out: BinaryIO, key: bytes, sha: str, size: int, offset: int) -> SegmentWriter:
        """Continue a partial file at plaintext ``offset`` (rounded down to a segment boundary by the
        caller; see :func:`resume_point`). Anything after it is cut off first."""
        if offset % SEGMENT:
            raise ValueError("resume offsets are segment-aligned")
        if offset == 0:
            out.seek(0)
            out.truncate(0)
            return cls.create(out, key, sha, size)
        position = HEADER_SIZE + (offset // SEGMENT) * (SEGMENT + OVERHEAD)
        out.seek(0)
        if out.read(HEADER_SIZE) != _header():
            out.seek(0)
            out.truncate(0)
            return cls.create(out, key, sha, size)
        out.truncate(position)
        out.seek(position)
        return cls(out, key, sha, size, offset)

    def _seal(self, plain: bytes, last: bool) -> None:
        nonce = os.urandom(_NONCE)
        aad = _aad(self._header, self._sha, self._index, last)
        self._out.write(nonce + self._aead.encrypt(nonce, plain, aad))
        self._index += 1
        self.written += len(plain)

    def write(self, data: bytes) -> int:
        """Add plaintext; complete segments are sealed and written at once."""
        if self.complete and data:
            raise BlobDamaged("More bytes arrived than the file has.")
        self._pending += data
        while len(self._pending) >= SEGMENT and self._index < self._count - 1:
            self._seal(bytes(self._pending[:SEGMENT]), last=False)
            del self._pending[:SEGMENT]
        if self._index == self._count - 1 and self.written + len(self._pending) >= self._size:
            if self.written + len(self._pending) > self._size:
                raise BlobDamaged("More bytes arrived than the file has.")
            self._seal(bytes(self._pending), last=True)
            self._pending.clear()
        return len(data)

    @property
    def complete(self) -> bool:
        """Whether the last segment has been sealed."""
        return self._index >= self._count

    def finish(self) -> None:
        """Seal what is left as the last segment (for writers that know they are at the end)."""
        if not self.complete:
            if self.written + len(self._pending) != self._size:
                raise BlobDamaged("The file is shorter than its recorded size.")
            self._seal(bytes(self._pending), last=True)
            self._pending.clear()


def resume_point(stored: int) -> int:
    """Plaintext bytes held by complete, non-final segments of a partial file of ``stored`` bytes."""
    if stored <= HEADER_SIZE:
        return 0
    return ((stored - HEADER_SIZE) // (SEGMENT + OVERHEAD)) * SEGMENT

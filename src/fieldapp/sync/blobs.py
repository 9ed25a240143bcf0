"""Moving files: chunked, resumable, SHA-256-verified uploads and downloads.

Upload: ask the server how many bytes of this person's upload it holds (``GET /blobs/<sha>/upload``), then
``PATCH`` chunks from there. The server verifies the SHA-256 before it publishes the blob. When it has the
bytes already (from another device or person) it sends a challenge instead, and a keyed hash of the file
proves this device holds them without sending them again (de-duplication that a bare hash cannot abuse).
An interrupted upload resumes from the server's offset, so at most the chunk in flight is sent twice.

Download: bytes are appended to ``blobs/tmp/<sha>.part``; every chunk is fsynced and its end recorded in
the store's transfer state, and a resumed download truncates the file to the recorded offset before asking
for the rest with ``Range``. A finished file is verified against its SHA-256 before it is published into
the content-addressed store, so a damaged file is never referenced. On a profile locked by a PIN the
partial file is encrypted as it arrives (whole 64 KiB segments; only sealed segments count as received),
and uploads read through ``BlobStore.open``, which decrypts: local file access goes through ``BlobStore``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import httpx

from fieldapp.core.errors import FieldAppError
from fieldapp.protocol import BlobProof, BlobUploadState
from fieldapp.sync.errors import FileProblem, RequestRejected, ServerError
from fieldapp.sync.transport import Transport

if TYPE_CHECKING:
    from fieldapp.core.blobs import BlobStore, PartialDownload
    from fieldapp.core.syncstore import SyncStore

__all__ = ["DEFAULT_CHUNK", "MAX_CHUNK", "MIN_CHUNK", "BlobTransfer", "ChunkSizer"]

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 256 * 1024
MIN_CHUNK = 32 * 1024
MAX_CHUNK = 1024 * 1024
#: A chunk should take about this long: short enough that a dropped connection loses little,
#: long enough that request overhead stays small.
TARGET_CHUNK_S = 8.0
#: Record download progress (and fsync) after at least this many new bytes.
DOWNLOAD_CHECKPOINT = 256 * 1024

BytesCallback = Callable[[int], None]


@dataclass
class ChunkSizer:
    """Chunk size that follows the link: halves when a chunk is slow, doubles when it is quick."""

    size: int = DEFAULT_CHUNK

    def observe(self, seconds: float) -> None:
        """Adjust after a chunk of the current size took ``seconds``."""
        if seconds > 2 * TARGET_CHUNK_S:
            self.size = max(MIN_CHUNK, self.size // 2)
        elif seconds < TARGET_CHUNK_S / 4:
            self.size = min(MAX_CHUNK, self.size * 2)

    def shrink(self) -> None:
        """A chunk failed mid-body: try smaller ones on this link."""
        self.size = max(MIN_CHUNK, self.size // 2)


class BlobTransfer:
    """Uploads and downloads of one device's files against one server."""

    def __init__(
        self,
        transport: Transport,
        store: SyncStore,
        blobs: BlobStore,
        *,
        chunk: ChunkSizer | None = None,
    ) -> None:
        self.transport = transport
        self.store = store
        self.blobs = blobs
        self.chunk = chunk or ChunkSizer()

    # ------------------------------------------------------------ upload

    def _upload_state(self, sha: str, size: int) -> BlobUploadState:
        response = self.transport.send("GET", f"/blobs/{sha}/upload", params={"size": size})
        return self.transport.parse(response, BlobUploadState)

    def _prove(self, sha: str, challenge: str, source: BinaryIO) -> BlobUploadState:
        """Answer the server's challenge with HMAC-SHA256 of the file keyed by it (docs/sync-protocol.md,
        "Files"): the server binds the file to this person without the bytes travelling again."""
        mac = hmac.new(bytes.fromhex(challenge), digestmod=hashlib.sha256)
        source.seek(0)
        for piece in iter(lambda: source.read(1 << 20), b""):
            mac.update(piece)
        body = BlobProof(challenge=challenge, proof=mac.hexdigest()).model_dump_json().encode()
        response = self.transport.send("POST", f"/blobs/{sha}/proof", body=body)
        return self.transport.parse(response, BlobUploadState)

    def upload(self, sha: str, size: int, on_bytes: BytesCallback | None = None) -> int:
        """Send the stored blob ``sha`` until the server holds all of it; return the bytes sent.

        Each step is "ask the offset if unknown, send one chunk"; a step that fails for a reason that may
        pass (offline, server busy) is retried with backoff by the transport, and the offset is asked
        again because a cut connection leaves the server's count unknown.
        """
        if not self.blobs.has(sha):
            raise FileProblem(
                f"The attached file {sha[:12]}… is missing from this device and cannot be sent."
            )
        state: BlobUploadState | None = None
        sent = 0
        proof_refused = False
        # blobs.open: a seekable reader of the plaintext (her files may be encrypted at rest).
        with self.blobs.open(sha) as source:

            def step() -> None:
                nonlocal state, sent, proof_refused
                if state is None:
                    state = self._upload_state(sha, size)
                if state.complete:
                    return
                if state.challenge and not proof_refused:
                    # The server has these bytes already: prove this device holds them, send nothing.
                    try:
                        state = self._prove(sha, state.challenge, source)
                    except RequestRejected as refused:
                        if refused.code != "bad_proof":
                            raise
                        proof_refused = True  # e.g. the challenge went stale: send the bytes instead
                    return
                source.seek(state.offset)
                data = source.read(self.chunk.size)
                if not data:
                    raise ServerError("The server asked for more of a file than there is.")
                offset = state.offset
                state = None  # unknown until the server answers this chunk
                started = time.monotonic()
                try:
                    response = self.transport.send(
                        "PATCH",
                        f"/blobs/{sha}/upload",
                        params={"offset": offset, "size": size},
                        body=data,
                        content_type="application/octet-stream",
                        compress=False,  # photos and PDFs are compressed already
                    )
                except httpx.TransportError:
                    self.chunk.shrink()
                    raise
                except RequestRejected as rejected:
                    if rejected.status == 409:  # our idea of the offset was stale: ask again
                        return
                    raise
                self.chunk.observe(time.monotonic() - started)
                state = self.transport.parse(response, BlobUploadState)
                sent += len(data)
                self.store.set_transfer_offset(sha, "up", state.offset)
                if on_bytes:
                    on_bytes(len(data))

            steps_without_progress = 0
            while state is None or not state.complete:
                before = sent
                self.transport.with_retries(step)
                steps_without_progress = 0 if sent > before else steps_without_progress + 1
                if steps_without_progress > 5:
                    raise ServerError(
                        "The server keeps changing its upload offset; sync will try again later."
                    )
        self.store.mark_uploaded(sha)
        return sent

    # ------------------------------------------------------------ download

    def _resume_offset(self, sha: str, size: int) -> int:
        # Only bytes that were fsynced before their offset was recorded are trusted (with encryption at
        # rest, only whole sealed segments); the partial file is cut back to them.
        return self.blobs.trim_partial(sha, self.store.transfer_offset(sha, "down"), size)

    def download(self, sha: str, size: int, on_bytes: BytesCallback | None = None) -> int:
        """Fetch blob ``sha`` into the local store, resuming a partial download; return bytes received."""
        if self.blobs.has(sha):
            return 0
        received = 0
        damaged_once = False
        while True:
            offset = self._resume_offset(sha, size)
            if offset < size:

                def fetch() -> int:
                    start = self._resume_offset(sha, size)
                    return self._fetch_from(sha, size, start, on_bytes)

                received += self.transport.with_retries(fetch)
            try:
                self.blobs.finish_partial(sha)
            except FieldAppError as exc:
                # Damaged in transit (or the server sent the wrong bytes): start over once, then give up.
                self.store.set_transfer_offset(sha, "down", 0)
                if damaged_once:
                    raise FileProblem(str(exc)) from None
                damaged_once = True
                continue
            self.store.set_transfer_offset(sha, "down", 0)
            return received

    def _fetch_from(self, sha: str, size: int, offset: int, on_bytes: BytesCallback | None) -> int:
        headers = {"Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        received = 0
        with self.transport.stream("GET", f"/blobs/{sha}", headers=headers) as response:
            if response.status_code == 200 and offset:
                offset = 0  # the server ignored the range: take the whole file
            with self.blobs.open_partial(sha, size, offset) as out:
                unsynced = 0
                try:
                    for piece in response.iter_raw(64 * 1024):
                        out.write(piece)
                        received += len(piece)
                        unsynced += len(piece)
                        if on_bytes:
                            on_bytes(len(piece))
                        if unsynced >= DOWNLOAD_CHECKPOINT:
                            self._checkpoint(sha, out)
                            unsynced = 0
                finally:
                    # Keep what arrived before a dropped connection: the resume asks only for the rest.
                    self._checkpoint(sha, out)
        return received

    def _checkpoint(self, sha: str, out: PartialDownload) -> None:
        self.store.set_transfer_offset(sha, "down", out.checkpoint())

"""Her files encrypted at rest: the segment format, random access, tamper detection, resumable writes."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest

from fieldapp.core import blobcrypt
from fieldapp.core.blobcrypt import HEADER_SIZE, OVERHEAD, SEGMENT, BlobDamaged, SegmentReader
from fieldapp.core.blobs import BlobStore
from fieldapp.core.errors import InvalidInput
from fieldapp.core.vault import DataKey

KEY = DataKey(bytes(range(32)))


def _store(tmp_path: Path, key: DataKey | None = KEY) -> BlobStore:
    return BlobStore(tmp_path / "blobs", key)


def _read_raw(store: BlobStore, sha: str) -> bytes:
    return store.path(sha).read_bytes()


@pytest.mark.parametrize("size", [0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 777])
def test_round_trip_and_nothing_in_the_clear(tmp_path: Path, size: int) -> None:
    store = _store(tmp_path)
    marker = b"SCHOOL-PHOTO-BYTES"
    data = (marker + os.urandom(64)) * (size // 82 + 1)
    data = data[:size]
    ref = store.put_bytes(data, "photo.jpg", "image/jpeg")
    assert ref.sha256 == hashlib.sha256(data).hexdigest() and ref.size == size
    raw = _read_raw(store, ref.sha256)
    assert len(raw) == blobcrypt.encrypted_size(size)
    assert store.read_bytes(ref.sha256) == data and store.size(ref.sha256) == size
    if size >= len(marker):
        assert marker not in raw
    # The same bytes again are stored once (content addressing still works).
    assert store.put_bytes(data, "again.jpg").sha256 == ref.sha256 and store.all_shas() == {ref.sha256}


def test_random_access_reads_the_right_bytes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = os.urandom(5 * SEGMENT + 1234)
    sha = store.put_bytes(data, "v.mp4").sha256
    with store.open(sha) as handle:
        for offset in (0, 1, SEGMENT - 3, SEGMENT, 2 * SEGMENT + 17, len(data) - 5, len(data)):
            handle.seek(offset)
            assert handle.read(9000) == data[offset : offset + 9000]
        handle.seek(-10, os.SEEK_END)
        assert handle.read() == data[-10:]
        assert handle.tell() == len(data)


def _rewrite(store: BlobStore, sha: str, change: bytes) -> None:
    path = store.path(sha)
    path.chmod(0o600)
    path.write_bytes(change)


def test_truncation_reordering_swapping_and_bit_flips_are_detected(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = os.urandom(3 * SEGMENT + 100)
    sha = store.put_bytes(data, "a.bin").sha256
    raw = _read_raw(store, sha)
    seg = SEGMENT + OVERHEAD
    body = raw[HEADER_SIZE:]
    segments = [body[i : i + seg] for i in range(0, len(body), seg)]
    cases = {
        "cut at a segment boundary": raw[: HEADER_SIZE + 3 * seg],
        "cut inside a segment": raw[:-50],
        "last segment dropped and one repeated": raw[:HEADER_SIZE] + segments[0] + segments[0] + segments[1],
        "segments swapped": raw[:HEADER_SIZE] + segments[1] + segments[0] + b"".join(segments[2:]),
        "one bit flipped": raw[:-1] + bytes([raw[-1] ^ 1]),
        "header changed": raw[:8] + (1024).to_bytes(4, "big") + raw[12:],
    }
    for label, changed in cases.items():
        _rewrite(store, sha, changed)
        with pytest.raises(BlobDamaged):
            store.read_bytes(sha)
        assert label
    # Another file's sealed bytes under this name (a swap between two files) fail too.
    other = store.put_bytes(os.urandom(100), "b.bin").sha256
    shutil.copyfile(store.path(other), tmp_path / "other")
    _rewrite(store, sha, (tmp_path / "other").read_bytes())
    with pytest.raises(BlobDamaged):
        store.read_bytes(sha)


def test_another_key_reads_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sha = store.put_bytes(b"her file", "x.txt").sha256
    with pytest.raises(BlobDamaged):
        BlobStore(store.root, DataKey(b"\x01" * 32)).read_bytes(sha)


def test_a_download_is_sealed_as_it_arrives_and_resumes_from_whole_segments(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = os.urandom(4 * SEGMENT + 999)
    sha = hashlib.sha256(data).hexdigest()
    # First attempt: 2.5 segments arrive in odd pieces, then the connection drops.
    with store.open_partial(sha, len(data), 0) as part:
        for start in range(0, SEGMENT * 5 // 2, 10_000):
            part.write(data[start : min(start + 10_000, SEGMENT * 5 // 2)])
        recorded = part.checkpoint()
    assert recorded == 2 * SEGMENT  # only sealed segments count as received
    raw = store.partial_path(sha).read_bytes()
    assert data[: 2 * SEGMENT][100:200] not in raw and data[2 * SEGMENT : 2 * SEGMENT + 100] not in raw
    # Resume: the partial file is cut back to the recorded, aligned offset and the rest appended.
    offset = store.trim_partial(sha, recorded, len(data))
    assert offset == 2 * SEGMENT
    with store.open_partial(sha, len(data), offset) as part:
        part.write(data[offset:])
        assert part.checkpoint() == len(data)
    assert store.finish_partial(sha) == store.path(sha)
    assert store.read_bytes(sha) == data and not store.partial_path(sha).exists()


def test_a_recorded_offset_beyond_what_is_on_disk_is_not_trusted(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = os.urandom(3 * SEGMENT)
    sha = hashlib.sha256(data).hexdigest()
    with store.open_partial(sha, len(data), 0) as part:
        part.write(data[:SEGMENT])
        part.checkpoint()
    assert store.trim_partial(sha, 3 * SEGMENT, len(data)) == SEGMENT
    # A leftover partial in the clear (from before her data was locked) is dropped, never appended to.
    store.partial_path(sha).write_bytes(data[:SEGMENT])
    assert store.trim_partial(sha, SEGMENT, len(data)) == 0 and not store.partial_path(sha).exists()


def test_a_damaged_download_is_discarded(tmp_path: Path) -> None:
    store = _store(tmp_path)
    data = os.urandom(SEGMENT + 10)
    wrong_sha = hashlib.sha256(b"something else").hexdigest()
    with store.open_partial(wrong_sha, len(data), 0) as part:
        part.write(data)
        part.checkpoint()
    with pytest.raises(InvalidInput, match="damaged in transit"):
        store.finish_partial(wrong_sha)
    assert not store.has(wrong_sha) and not store.partial_path(wrong_sha).exists()


def test_more_bytes_than_the_file_has_are_refused(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sha = hashlib.sha256(b"abc").hexdigest()
    with store.open_partial(sha, 3, 0) as part, pytest.raises(BlobDamaged):
        part.write(b"abcd")


def test_plain_files_are_sealed_in_place(tmp_path: Path) -> None:
    plain = _store(tmp_path, key=None)
    files = [os.urandom(n) for n in (0, 10, SEGMENT * 2 + 5)]
    shas = [plain.put_bytes(data, "f").sha256 for data in files]
    plain.partial_path("c" * 64).write_bytes(b"half a plaintext download")
    locked = _store(tmp_path)
    assert locked.plain_files() == sorted(shas)
    assert locked.seal_plain_files() == 3
    assert locked.plain_files() == [] and not locked.partial_path("c" * 64).exists()
    for sha, data in zip(shas, files, strict=True):
        assert locked.read_bytes(sha) == data
        if data:
            assert data not in _read_raw(locked, sha)
    assert locked.seal_plain_files() == 0  # idempotent


def test_view_copies_are_private_and_removed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sha = store.put_bytes(b"%PDF-1.4 guide", "guide.pdf").sha256
    copy = store.view_copy(sha, "guide.pdf")
    assert copy.read_bytes() == b"%PDF-1.4 guide" and copy.name == "guide.pdf"
    assert str(copy).startswith(str(store.root))
    assert copy.stat().st_mode & 0o777 == 0o600 and copy.parent.stat().st_mode & 0o777 == 0o700
    store.discard_views()
    assert not copy.exists()
    other = store.view_copy(sha, "../../evil.pdf")  # only a base name is ever used
    assert other.parent.parent == store.root / "view"
    BlobStore(store.root, KEY).clear_views()  # the next start removes what a crash left behind
    assert not other.exists()


def test_segment_reader_rejects_a_plain_file(tmp_path: Path) -> None:
    with pytest.raises(BlobDamaged):
        SegmentReader(io.BytesIO(b"plain text, not sealed"), KEY.subkey(blobcrypt.PURPOSE), "a" * 64)

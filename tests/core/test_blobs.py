"""The content-addressed file store."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.blobs import BlobStore
from fieldapp.core.errors import InvalidInput, NotFound


def test_put_file_is_content_addressed_and_deduplicated(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"pixels" * 1000)
    ref = store.put_file(source)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (ref.sha256, ref.name, ref.size, ref.mime) == (sha, "photo.jpg", 6000, "image/jpeg")
    assert store.path(sha) == tmp_path / "blobs" / sha[:2] / sha and store.has(sha)
    again = store.put_bytes(source.read_bytes(), "copy.jpg")
    assert again.sha256 == sha and store.all_shas() == {sha}
    assert list(store.tmp.iterdir()) == []  # no temp file left behind
    with store.open(sha) as handle:
        assert handle.read() == source.read_bytes()


def test_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    with pytest.raises(InvalidInput, match="There is no file"):
        store.put_file(tmp_path / "missing.pdf")
    with pytest.raises(InvalidInput, match="not a SHA-256"):
        store.path("../../etc/passwd")
    with pytest.raises(NotFound, match="not on this device"):
        store.open("a" * 64)


def test_resumable_download_is_verified(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    part = store.partial_path(sha)
    part.write_bytes(data[:2000])
    with open(part, "ab") as handle:  # resumed from offset 2000
        handle.write(data[2000:])
    assert store.finish_partial(sha) == store.path(sha) and store.has(sha)
    bad_sha = "b" * 64
    store.partial_path(bad_sha).write_bytes(b"not matching")
    with pytest.raises(InvalidInput, match="damaged in transit"):
        store.finish_partial(bad_sha)
    assert not store.has(bad_sha) and not store.partial_path(bad_sha).exists()


def test_gc_removes_only_unreferenced_files_and_stale_temps(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    kept = app.blobs.put_bytes(b"attached", "a.txt")
    app.submissions.submit(world.task.id, "with file", [kept])
    drafted = app.blobs.put_bytes(b"in a draft", "b.txt")
    app.submissions.save_draft(world.task.id, "next", [drafted])
    orphan = app.blobs.put_bytes(b"nobody wants me", "c.txt")
    stale_tmp = app.blobs.tmp / "half-written.tmp"
    stale_tmp.write_bytes(b"partial")
    # Young files survive (they may be about to be referenced) ...
    assert app.gc_blobs() == 0
    # ... old unreferenced ones go.
    removed = app.blobs.gc(app.sync_store.referenced_blobs(), grace_seconds=-1)
    assert removed == 2
    assert app.blobs.has(kept.sha256) and app.blobs.has(drafted.sha256) and not app.blobs.has(orphan.sha256)
    assert not stale_tmp.exists()

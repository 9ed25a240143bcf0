"""Interrupted 5 MB transfers resume where they stopped (bytes counted at the proxy)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.throttle_proxy import ThrottleProxy
from tests.sync.support import Device, World

from fieldapp.sync import blobs as sync_blobs
from fieldapp.sync.backoff import RetryPolicy

MakeDevice = Callable[..., Device]
SIZE = 5 * 1024 * 1024
CHUNK = sync_blobs.DEFAULT_CHUNK
#: Requests' headers and JSON around the file itself (push, offset queries, pulls): generous.
OVERHEAD = 30_000


@pytest.fixture(autouse=True)
def fixed_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loopback is fast enough that chunks would grow to 1 MiB; pin them so "one chunk" is a precise bound.
    monkeypatch.setattr(sync_blobs, "MAX_CHUNK", CHUNK)


def _submit_big_file(dev: Device, tmp_path: Path) -> tuple[str, bytes]:
    data = os.urandom(SIZE)
    path = tmp_path / "video.mp4"
    path.write_bytes(data)
    ref = dev.app.blobs.put_file(path)
    task = next(t for t in dev.app.tasks.list() if t.title == "Task for i1")
    dev.app.submissions.submit(task.id, "video attached", [ref])
    return ref.sha256, data


def test_upload_cut_at_half_resumes_and_resends_at_most_one_chunk(
    device: MakeDevice, world: World, proxy: ThrottleProxy, tmp_path: Path
) -> None:
    intern = device("i1", url=proxy.url)
    intern.sync_until_complete()
    sha, data = _submit_big_file(intern, tmp_path)
    proxy.reset_counters()
    proxy.cut_up_after(SIZE // 2)

    first = intern.sync(retry=RetryPolicy(attempts=1))
    assert first.offline and first.pending_uploads == 1
    assert abs(intern.app.sync_store.transfer_offset(sha, "up") - SIZE // 2) <= CHUNK

    intern.reopen()  # a restart in between: the resume point comes from the server, not from memory
    second = intern.sync()
    assert second.complete, second
    assert world.blob(sha) == data
    resent = proxy.bytes_up - SIZE
    assert resent <= CHUNK + OVERHEAD, f"re-sent {resent} bytes"
    assert second.bytes_uploaded <= SIZE // 2 + CHUNK


def test_download_cut_at_half_resumes_from_the_partial_file(
    device: MakeDevice, world: World, proxy: ThrottleProxy, tmp_path: Path
) -> None:
    intern, mentor = device("i1"), device("m1", url=proxy.url)
    intern.sync_until_complete()
    sha, data = _submit_big_file(intern, tmp_path)
    assert intern.sync().complete
    proxy.reset_counters()
    proxy.cut_down_after(SIZE // 2)

    first = mentor.sync(retry=RetryPolicy(attempts=1))
    assert first.offline and first.pending_downloads == 1
    mentor.reopen()
    second = mentor.sync()
    assert second.complete, second
    assert mentor.app.blobs.path(sha).read_bytes() == data
    assert proxy.bytes_down - SIZE <= CHUNK + OVERHEAD
    assert second.bytes_downloaded <= SIZE // 2 + CHUNK

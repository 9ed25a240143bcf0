"""Faults injected for real: connections cut before, after and in the middle of requests; server restarts.

Invariant each time: every acknowledged write exactly once on the server and on every device that may see
it, the outbox empty (or explicitly rejected), no file damaged.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from bench.throttle_proxy import FaultAction, ThrottleProxy
from tests.sync.support import Device, World, assert_invariants

from fieldapp.protocol import RecordKind
from fieldapp.server.db import tables as t
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.report import Phase, SyncProgress, SyncReport

MakeDevice = Callable[..., Device]
PUSH = b"POST /api/v1/sync/push"
PULL = b"GET /api/v1/sync/pull"
UPLOAD = b"PATCH /api/v1/blobs/"
DOWNLOAD = b"GET /api/v1/blobs/"
NO_RETRY = RetryPolicy(attempts=1)


def _submit(dev: Device, text: str, attachments: list | None = None) -> tuple[str, str]:
    task = next(t for t in dev.app.tasks.list() if t.title == "Cohort task")
    submission_id, _ = dev.app.submissions.submit(task.id, text, attachments or [])
    [mutation] = [m for m in dev.outbox() if m["kind"] == "submission.submit"][-1:]
    return submission_id, mutation["id"]


def _exactly_once_on_server(world: World, submission_id: str, mutation_id: str) -> None:
    assert world.count(t.submissions, t.submissions.c.id == submission_id) == 1
    assert world.count(t.revisions, t.revisions.c.submission_id == submission_id) == 1
    assert world.count(t.applied_mutations, t.applied_mutations.c.id == mutation_id) == 1


@pytest.mark.parametrize(
    ("match", "action", "after", "recover"),
    [
        # same-sync: the transport's retry recovers; next-sync: the sync fails offline, the next one recovers.
        pytest.param(PUSH, FaultAction.refuse, 0, "same-sync", id="push-cut-before-reaching-server"),
        pytest.param(PUSH, FaultAction.refuse, 0, "next-sync", id="push-cut-before-reaching-server-next"),
        pytest.param(PUSH, FaultAction.drop_response, 0, "same-sync", id="push-cut-after-commit"),
        pytest.param(PUSH, FaultAction.drop_response, 0, "next-sync", id="push-cut-after-commit-next"),
        pytest.param(PUSH, FaultAction.cut_request, 3000, "same-sync", id="push-cut-mid-body"),
        pytest.param(PULL, FaultAction.drop_response, 0, "next-sync", id="pull-reply-lost"),
        pytest.param(UPLOAD, FaultAction.cut_request, 100_000, "next-sync", id="upload-cut-mid-chunk"),
        pytest.param(UPLOAD, FaultAction.drop_response, 0, "same-sync", id="upload-reply-lost"),
        pytest.param(DOWNLOAD, FaultAction.drop_response, 0, "next-sync", id="download-cut"),
    ],
)
def test_cut_connection_loses_and_duplicates_nothing(
    device: MakeDevice,
    world: World,
    proxy: ThrottleProxy,
    tmp_path: Path,
    match: bytes,
    action: FaultAction,
    after: int,
    recover: str,
) -> None:
    intern = device("i1", url=proxy.url)
    mentor = device("m1", url=proxy.url)
    intern.sync_until_complete()
    mentor.sync_until_complete()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(os.urandom(600_000))
    ref = intern.app.blobs.put_file(photo)
    # Incompressible text so the push body is large enough to be cut in the middle.
    submission_id, mutation_id = _submit(intern, os.urandom(20_000).hex(), [ref])

    syncing = mentor if match == DOWNLOAD else intern
    if match == DOWNLOAD:
        intern.sync_until_complete()
    fault = proxy.add_fault(match, action, after)
    retry = NO_RETRY if recover == "next-sync" else None
    first = syncing.sync(**({"retry": retry} if retry else {}))
    assert fault.fired.is_set()
    if recover == "next-sync":
        assert not first.complete and first.offline
    assert_invariants(world, [intern, mentor], tmp_path / "fresh")
    _exactly_once_on_server(world, submission_id, mutation_id)
    assert world.blob(ref.sha256) == photo.read_bytes()
    assert mentor.app.blobs.path(ref.sha256).read_bytes() == photo.read_bytes()
    assert submission_id in mentor.ids(RecordKind.submission)


def test_server_restarted_mid_sync(device: MakeDevice, world: World, tmp_path: Path) -> None:
    intern, mentor = device("i1"), device("m1")
    intern.sync_until_complete()
    module_id = world.ids["module"]
    for _ in range(300):  # several push batches
        intern.app.training.open_lesson(module_id, "l1")
    photo = tmp_path / "big.bin"
    photo.write_bytes(os.urandom(3_000_000))
    submission_id, mutation_id = _submit(intern, "with a big file", [intern.app.blobs.put_file(photo)])
    expected_events = {row["id"] for row in intern.app.store.query("SELECT id FROM progress")}

    outcome: list[SyncReport] = []
    mid_upload = threading.Event()

    def watch(progress: SyncProgress) -> None:
        if progress.phase is Phase.upload and progress.bytes_done > 500_000:
            mid_upload.set()

    worker = threading.Thread(
        target=lambda: outcome.append(
            intern.sync(progress=watch, retry=RetryPolicy(attempts=3, base_s=0.05, cap_s=0.1))
        )
    )
    worker.start()
    assert mid_upload.wait(30)
    world.server.kill()  # mid-sync, no goodbye
    world.server.start()
    worker.join(60)
    assert outcome  # the sync ended (complete or with a clear error), it did not hang or crash

    assert_invariants(world, [intern, mentor], tmp_path / "fresh")
    _exactly_once_on_server(world, submission_id, mutation_id)
    server_events = world.count(t.progress, t.progress.c.user_id == intern.user.id)
    assert server_events == len(expected_events) == 300
    assert mentor.ids(RecordKind.progress) >= expected_events

"""The engine against a real server on loopback: round trips, answers of every kind, auth states, wipe."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from bench.throttle_proxy import FaultAction, ThrottleProxy
from tests.sync.support import Device, World

from fieldapp.core.clock import now as real_now
from fieldapp.protocol import AssignmentStatus, Decision, RecordKind, SubmissionStatus
from fieldapp.server import admin
from fieldapp.server.testing import LiveServer
from fieldapp.sync import engine as engine_module
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.credentials import FALLBACK_FILE
from fieldapp.sync.errors import Offline
from fieldapp.sync.transport import Transport

MakeDevice = Callable[..., Device]


def _task_id(dev: Device, title: str) -> str:
    return next(task.id for task in dev.app.tasks.list() if task.title == title)


def test_submission_with_file_reaches_mentor_and_review_comes_back(
    device: MakeDevice, world: World, tmp_path: Path
) -> None:
    intern, mentor = device("i1"), device("m1")
    intern.sync_until_complete()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(bytes(range(256)) * 3000)  # 768 KB: several chunks
    ref = intern.app.blobs.put_file(photo)
    submission_id, revision = intern.app.submissions.submit(
        _task_id(intern, "Task for i1"), "my report", [ref]
    )

    report = intern.sync()
    assert report.complete, report
    assert (report.pushed, report.files_uploaded, report.bytes_uploaded) == (1, 1, photo.stat().st_size)
    assert world.blob(ref.sha256) == photo.read_bytes()

    report = mentor.sync()
    assert report.complete, report
    assert report.files_downloaded == 1
    assert mentor.app.blobs.path(ref.sha256).read_bytes() == photo.read_bytes()
    mentor.app.reviews.review(submission_id, Decision.request_changes, "add a photo of the pump")
    assert mentor.sync().complete

    report = intern.sync()
    assert report.complete and report.pulled >= 2
    view = intern.app.submissions.get(submission_id)
    assert view.status is SubmissionStatus.changes_requested
    assert [r.comment for r in view.reviews] == ["add a photo of the pump"]
    assert revision == 1 and intern.outbox() == [] and mentor.outbox() == []


def test_a_sync_with_nothing_to_do_is_one_small_round_trip(device: MakeDevice) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    report = intern.sync()
    assert report.complete
    assert report.round_trips == 1
    assert report.wire_bytes_sent + report.wire_bytes_received < 2048, report


def test_rejected_change_is_kept_and_shown_and_does_not_block_the_rest(
    device: MakeDevice, world: World
) -> None:
    intern, mentor, coord = device("i1"), device("m1"), device("coord")
    intern.sync_until_complete()
    submission_id, _ = intern.app.submissions.submit(_task_id(intern, "Task for i1"), "report")
    intern.sync_until_complete()
    mentor.sync_until_complete()
    coord.sync_until_complete()
    # Both decide offline; the mentor's approval lands first, so the coordinator's is refused.
    mentor.app.reviews.review(submission_id, Decision.approve, "good")
    coord.app.reviews.review(submission_id, Decision.request_changes, "redo")
    coord.app.reviews.review(submission_id, Decision.comment, "nice work anyway")
    assert mentor.sync().complete

    report = coord.sync()
    assert report.rejected == 1 and report.pushed == 1, report
    assert report.complete  # a definite answer for everything: nothing left pending
    rejected = coord.app.sync_store.rejected()
    assert len(rejected) == 1 and rejected[0].reason
    assert coord.app.status().rejected == 1
    comments = [r.comment for r in coord.app.submissions.get(submission_id).reviews]
    assert "nice work anyway" in comments and "redo" not in comments
    # Never resent: the next sync pushes nothing.
    assert coord.sync().pushed == 0


def test_same_field_changed_on_two_devices_is_a_conflict_holding_both_values(device: MakeDevice) -> None:
    laptop, phone = device("i1"), device("i1")
    laptop.sync_until_complete()
    phone.sync_until_complete()
    task = next(t for t in laptop.app.tasks.list() if t.title == "Task for i1")
    assert task.assignment_id
    laptop.app.tasks.set_status(task.assignment_id, AssignmentStatus.done)
    phone.app.tasks.set_status(task.assignment_id, AssignmentStatus.in_progress)
    assert laptop.sync().complete

    report = phone.sync()
    assert report.conflicts == 1 and report.complete
    [conflict] = phone.app.sync_store.conflicts()
    assert (conflict.server_value, conflict.client_value) == ("done", "in_progress")
    assert phone.app.tasks.get(task.id).status is AssignmentStatus.done  # server value kept
    # The person resolves it by keeping hers: a new change that goes through.
    phone.app.sync_store.resolve_conflict(conflict.id, "mine")
    assert phone.sync().pushed == 1
    assert laptop.sync().complete
    assert laptop.app.tasks.get(task.id).status is AssignmentStatus.in_progress


def test_clock_far_off_is_reported_and_changes_nothing(
    device: MakeDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    intern = device("i1")
    monkeypatch.setattr(engine_module, "now", lambda: real_now() - timedelta(days=3))
    report = intern.sync()
    assert report.complete
    assert report.clock_skew_s is not None and report.clock_skew_s > 2 * 86400
    assert report.clock_warning and "behind" in report.clock_warning
    monkeypatch.setattr(engine_module, "now", real_now)
    assert intern.sync().clock_warning is None


def test_revoked_device_stops_syncing_but_keeps_unsent_work(
    device: MakeDevice, live_server: LiveServer
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), "written offline")
    live_server.seed(admin.revoke_device, intern.app.device_id, intern.username)

    report = intern.sync()
    assert report.revoked and not report.complete
    assert "revoked" in report.errors[0]
    assert len(intern.outbox()) == 1 and intern.outbox()[0]["state"] == "pending"
    assert "revoked" in (intern.app.status().last_error or "")
    assert intern.app.submissions.list()  # still readable, hence exportable


def test_wipe_order_deletes_local_data_and_the_token(
    device: MakeDevice, live_server: LiveServer, tmp_path: Path
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    photo = tmp_path / "p.bin"
    photo.write_bytes(b"secret field notes" * 100)
    ref = intern.app.blobs.put_file(photo)
    intern.app.submissions.save_draft(_task_id(intern, "Task for i1"), "draft text", [ref])
    assert intern.token
    live_server.seed(admin.wipe_device, intern.app.device_id, intern.username)

    report = intern.sync()
    assert report.wiped
    assert intern.records() == {}
    assert intern.app.session is None
    assert not intern.app.blobs.has(ref.sha256)
    assert intern.token is None
    assert not (intern.profile / FALLBACK_FILE).exists()


def test_offline_server_is_reported_as_offline(device: MakeDevice, live_server: LiveServer) -> None:
    intern = device("i1")
    live_server.stop()
    report = intern.sync(retry=RetryPolicy(attempts=2, base_s=0.01, cap_s=0.01))
    assert report.offline and not report.complete
    assert report.errors[0].startswith("Could not reach the server")
    live_server.start()
    assert intern.sync().complete


def test_token_never_appears_in_logs_or_errors(
    device: MakeDevice, live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    intern = device("i1")
    token = intern.token
    assert token
    intern.sync()
    live_server.seed(admin.revoke_device, intern.app.device_id, intern.username)
    report = intern.sync()
    live_server.stop()
    transport = Transport(live_server.url, token, retry=RetryPolicy(attempts=1))
    with pytest.raises(Offline) as offline:
        transport.call("GET", "/me", type(intern.user))
    text = caplog.text + repr(report) + str(offline.value) + repr(transport) + repr(offline.value.__context__)
    assert token not in text
    assert report.revoked


def test_busy_server_is_retried_after_the_time_it_asks_for(device: MakeDevice, proxy: ThrottleProxy) -> None:
    intern = device("i1", url=proxy.url)
    fault = proxy.add_fault(b"GET /api/v1/sync/pull", FaultAction.busy, after_bytes=1)
    started = time.monotonic()
    report = intern.sync()
    assert fault.fired.is_set()
    assert report.complete
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 honoured although backoff alone is ~0.02 s


def test_downloaded_file_is_verified_and_deduplicated(
    device: MakeDevice, tmp_path: Path, world: World
) -> None:
    intern, mentor = device("i1"), device("m1")
    intern.sync_until_complete()
    data = b"same photo" * 5000
    photo = tmp_path / "a.jpg"
    photo.write_bytes(data)
    ref = intern.app.blobs.put_file(photo)
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), "one", [ref])
    intern.app.submissions.submit(_task_id(intern, "Cohort task"), "two", [ref])
    report = intern.sync()
    assert report.complete and report.files_uploaded == 1
    report = mentor.sync()
    assert report.complete and report.files_downloaded == 1 and report.bytes_downloaded == len(data)
    assert hashlib.sha256(mentor.app.blobs.path(ref.sha256).read_bytes()).hexdigest() == ref.sha256
    assert len(mentor.ids(RecordKind.revision)) == 2


def test_request_and_response_bodies_are_compressed_on_the_wire(
    device: MakeDevice, proxy: ThrottleProxy
) -> None:
    intern = device("i1", url=proxy.url)
    intern.sync_until_complete()
    text = "The hand pump at the school works; the one by the mosque is broken. " * 1500  # ~100 KB
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), text)
    proxy.reset_counters()
    report = intern.sync()
    assert report.complete and report.pushed == 1
    assert proxy.bytes_up < len(text) / 10, proxy.bytes_up

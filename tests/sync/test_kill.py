"""The client SIGKILLed at random points mid-sync, again and again; then everything must still add up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.sync.support import Device, World, assert_invariants

from fieldapp.core.store.connection import connect, quick_check
from fieldapp.protocol import Decision, RecordKind
from fieldapp.server.db import tables as t

MakeDevice = Callable[..., Device]
ROOT = Path(__file__).resolve().parents[2]


def _start_client(profile: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.sync.client_proc", str(profile)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line
    return proc


def _make_work(intern: Device, mentor: Device, module_id: str, trial: int, tmp: Path) -> None:
    """Something to push, to upload and to pull in every trial."""
    for _ in range(40):
        intern.app.training.open_lesson(module_id, "l1")
    if trial % 3 == 0:
        task = next(
            t for t in intern.app.tasks.list() if t.title == "Cohort task" or t.title == "Task for i1"
        )
        blob = tmp / f"f{trial}.bin"
        blob.write_bytes(os.urandom(400_000))
        drafts = [s for s in intern.app.submissions.list() if s.task_id == task.id]
        if not drafts:
            intern.app.submissions.submit(task.id, f"trial {trial}", [intern.app.blobs.put_file(blob)])
    for submission in mentor.app.submissions.list():
        mentor.app.reviews.review(submission.id, Decision.comment, f"comment {trial}")
    mentor.sync()


def _run_trials(trials: int, device: MakeDevice, world: World, tmp_path: Path) -> None:
    intern, mentor = device("i1"), device("m1")
    intern.sync_until_complete()
    mentor.sync_until_complete()
    module_id = world.ids["module"]
    rng = random.Random(int(os.environ.get("FIELDAPP_KILL_SEED", "4")))
    intern.close()  # the child processes own the profile while they run

    started = time.monotonic()
    proc = _start_client(intern.profile)
    proc.wait(60)
    full_sync = max(0.05, time.monotonic() - started)  # a generous bound on one sync's length

    kills = 0
    for trial in range(trials):
        intern.reopen()
        _make_work(intern, mentor, module_id, trial, tmp_path)
        intern.close()
        proc = _start_client(intern.profile)
        time.sleep(rng.uniform(0, full_sync))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait(60)
        # After every kill the database is sound.
        db = connect(intern.profile / "fieldapp.db")
        assert quick_check(db.conn) == []
        db.conn.close()
    assert kills >= trials // 2, f"only {kills} of {trials} kills landed mid-sync"

    intern.reopen()
    assert_invariants(world, [intern, mentor], tmp_path / "fresh")
    local_events = intern.ids(RecordKind.progress)
    assert world.count(t.progress, t.progress.c.user_id == intern.user.id) == len(local_events) == 40 * trials
    assert mentor.ids(RecordKind.progress) >= local_events
    # Every comment made exactly once on the server, and on the intern's device.
    assert world.count(t.reviews) >= 1
    assert len(intern.ids(RecordKind.review)) == len(mentor.ids(RecordKind.review))


def test_client_killed_at_random_points_20_trials(device: MakeDevice, world: World, tmp_path: Path) -> None:
    _run_trials(20, device, world, tmp_path)


@pytest.mark.stress
def test_client_killed_at_random_points_100_trials(device: MakeDevice, world: World, tmp_path: Path) -> None:
    _run_trials(100, device, world, tmp_path)

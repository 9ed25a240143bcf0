"""SIGKILL at random instants during writes: the store stays sound and the outbox matches the data exactly.

A forked child (a real separate process, killed with SIGKILL) loops over the services' writes; after each
kill the parent reopens the profile and checks the invariants. The same profile carries on across trials,
as a laptop that keeps losing power would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest
from tests.helpers.records import World, new_id

from fieldapp.core.app import FieldApp
from fieldapp.core.blobs import file_sha256
from fieldapp.protocol import AssignmentRecord, TaskRecord

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")

TRIALS = 50


def _seed(profile: Path) -> World:
    world = World()
    extra = []
    for n in range(150):
        task = TaskRecord(id=new_id(), title=f"Task {n:03}")
        extra += [
            (task, "cohort:x"),
            (
                AssignmentRecord(id=new_id(), task_id=task.id, assignee_id=world.intern.id),
                f"intern:{world.intern.id}",
            ),
        ]
    with FieldApp.open(profile) as app:
        world.seed(app)
        app.sync_store.apply_pull_page(world.pages.page(*extra))
    return world


def _writer(profile: Path, world: World, seed: int) -> None:
    """The child's endless loop of writes (never returns: it is killed)."""
    rng = random.Random(seed)
    app = FieldApp.open(profile)
    statuses = ["todo", "in_progress", "done"]
    while True:
        choice = rng.random()
        if choice < 0.3:
            tasks = [t for t in app.tasks.list() if t.assignment_id]
            task = rng.choice(tasks)
            app.tasks.set_status(task.assignment_id or "", rng.choice(statuses))
        elif choice < 0.5:
            app.training.open_lesson(world.module.id, rng.choice(["l1", "l2"]))
        elif choice < 0.6:
            app.submissions.save_draft(world.task.id, f"draft {rng.random()}")
        else:
            submitted = {s.task_id for s in app.submissions.list() if s.status.value != "draft"}
            free = [t for t in app.tasks.list() if t.id not in submitted]
            if not free:
                continue
            refs = []
            if rng.random() < 0.6:  # A file big enough that kills land inside the write.
                refs = [app.blobs.put_bytes(os.urandom(rng.randint(1, 400_000)), "photo.jpg", "image/jpeg")]
            app.submissions.submit(rng.choice(free).id, f"report {rng.random()}", refs)


def _check_invariants(profile: Path) -> None:
    with FieldApp.open(profile) as app:
        assert app.recovery is None, "a kill must never damage the database"
        assert app.store.check_integrity() == []
        q = app.store.query
        outbox = [
            (r["kind"], json.loads(r["payload"]))
            for r in q("SELECT kind, payload FROM outbox ORDER BY position")
        ]
        by_kind: dict[str, list[dict[str, object]]] = {}
        for kind, payload in outbox:
            by_kind.setdefault(kind, []).append(payload)
        submits = by_kind.get("submission.submit", [])
        # Each local-only row has its outbox entry and each entry its rows: nothing more, nothing less.
        assert {r["id"] for r in q("SELECT id FROM progress WHERE seq IS NULL")} == {
            p["event_id"] for p in by_kind.get("progress.add", [])
        }
        assert {r["id"] for r in q("SELECT id FROM revisions WHERE seq IS NULL")} == {
            p["revision_id"] for p in submits
        }
        assert {r["id"] for r in q("SELECT id FROM submissions WHERE seq IS NULL")} == {
            p["submission_id"] for p in submits
        }
        latest: dict[str, object] = {}
        for p in by_kind.get("assignment.status", []):
            latest[str(p["assignment_id"])] = p["status"]
        for row in q("SELECT id, status FROM assignments"):
            assert row["status"] == latest.get(row["id"], "todo")
        # Files: every referenced blob is complete; nothing under a final name is partial.
        shas = {str(a["sha256"]) for p in submits for a in p["attachments"]}  # type: ignore[attr-defined]
        assert {r["sha256"] for r in q("SELECT sha256 FROM blob_uploads")} == shas
        for sha in shas:
            assert app.blobs.has(sha) and file_sha256(app.blobs.path(sha)) == sha
        for sha in app.blobs.all_shas():
            assert file_sha256(app.blobs.path(sha)) == sha


def test_sigkill_during_writes_loses_nothing_and_invents_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    world = _seed(profile)
    rng = random.Random(20261125)
    for trial in range(TRIALS):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns normally
            try:
                _writer(profile, world, trial)
            finally:
                os._exit(1)
        time.sleep(rng.uniform(0.02, 0.12))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
            f"trial {trial}: writer died early"
        )
        _check_invariants(profile)
    with FieldApp.open(profile) as app:
        # The trials really wrote: there is work in the outbox to check against.
        assert len(app.sync_store.pending_mutations(limit=10_000)) > TRIALS

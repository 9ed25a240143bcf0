"""Item 2, "One bad attachment stops every staff sync, for good": the server refuses a malformed file
reference as one rejected change (the rest of the push still applies), and a device that meets a bad record
anyway (legacy data already on a server) skips it, reports it once and completes the rest of its sync.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.helpers.cli import run_fieldapp
from tests.server.conftest import bearer, mutation, push, submit_payload
from tests.sync.support import PASSWORD, Device, World

from fieldapp.bundles import crypto, write_content_pack
from fieldapp.bundles.local import import_content_pack
from fieldapp.core.app import FieldApp
from fieldapp.protocol import Change, RecordKind, Role, TaskRecord, UserRecord
from fieldapp.server import admin, domain, records
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import changelog
from fieldapp.server.db import tables as t
from fieldapp.sync.service import login

#: The attachment from the issue, exactly as the modified client sent it.
POISON: dict[str, Any] = {"sha256": "../../../../etc/passwd", "name": "../../.bashrc", "size": -5}
GOOD_FILE = b"\xff\xd8 a photo of the school's hand pump " * 300


def _ref(data: bytes, name: str = "pump.jpg") -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "name": name, "size": len(data), "mime": "image/jpeg"}


# ---------------------------------------------------------------- the server refuses it, alone


MALFORMED: list[dict[str, Any]] = [
    POISON,
    {**_ref(GOOD_FILE), "sha256": "../../../../etc/passwd"},
    {**_ref(GOOD_FILE), "sha256": "A" * 64},  # upper-case hex is not the protocol's file id
    {**_ref(GOOD_FILE), "sha256": "ab" * 31},  # too short
    {**_ref(GOOD_FILE), "name": "../../.bashrc"},
    {**_ref(GOOD_FILE), "name": ""},
    {**_ref(GOOD_FILE), "size": -5},
    {**_ref(GOOD_FILE), "size": 2**63},
    {**_ref(GOOD_FILE), "mime": "../../x"},
]


def test_each_malformed_attachment_is_rejected_alone_and_the_rest_of_the_push_applies(
    client: TestClient, ctx: ServerContext, demo: admin.DemoData
) -> None:
    ayesha = bearer(ctx, "ayesha")
    before = submit_payload(demo.task_ids[0], text="first")
    poisoned = [submit_payload(demo.task_ids[1], attachments=[bad]) for bad in MALFORMED]
    after = submit_payload(demo.task_ids[2], attachments=[_ref(GOOD_FILE)])
    batch = [before, *poisoned, after]
    results = push(client, ayesha, *(mutation("submission.submit", p) for p in batch))
    assert [r["status"] for r in results] == ["applied"] + ["rejected"] * len(MALFORMED) + ["applied"], (
        results
    )
    assert all(r["code"] == "invalid_payload" and r["reason"] for r in results[1:-1])
    with ctx.engine.connect() as conn:
        stored = set(conn.execute(select(t.revisions.c.id)).scalars())
        submissions = set(conn.execute(select(t.submissions.c.id)).scalars())
        refs = set(conn.execute(select(t.blob_refs.c.sha256)).scalars())
    assert {before["revision_id"], after["revision_id"]} <= stored
    assert not {p["revision_id"] for p in poisoned} & stored
    assert not {p["submission_id"] for p in poisoned} & submissions
    assert "../../../../etc/passwd" not in refs and "A" * 64 not in refs
    # Nobody pulls it: the mentor's view holds the two good revisions only.
    changes = client.get("/api/v1/sync/pull", headers=bearer(ctx, "mentor")).json()["changes"]
    revisions = {c["id"] for c in changes if c["kind"] == "revision"}
    assert revisions == {before["revision_id"], after["revision_id"]}


# ---------------------------------------------------------------- legacy poison does not spread


def _inject_poisoned_revision(ctx: ServerContext, intern: str, task_id: str) -> str:
    """A revision naming the poisoned attachment, written straight into the tables (as an older server
    let it in); returns its id."""
    submission_id, revision_id = str(uuid.uuid4()), str(uuid.uuid4())
    now = utcnow()
    with ctx.engine.begin() as conn:
        author = domain.user_by_name(conn, intern)["id"]
        conn.execute(
            t.submissions.insert().values(
                id=submission_id,
                task_id=task_id,
                author_id=author,
                status="submitted",
                revision=1,
                updated_at=now,
            )
        )
        conn.execute(
            t.revisions.insert().values(
                id=revision_id,
                submission_id=submission_id,
                revision=1,
                text="legacy",
                attachments=[POISON],
                submitted_at=None,
                received_at=now,
            )
        )
        records.emit_submission(conn, submission_id)
        data = {
            "id": revision_id,
            "submission_id": submission_id,
            "revision": 1,
            "text": "legacy",
            "attachments": [POISON],
            "submitted_at": None,
            "received_at": now.isoformat(),
        }
        changelog.emit(conn, RecordKind.revision.value, revision_id, records.intern_scope(author), data)
    return revision_id


def _task_id(dev: Device, title: str) -> str:
    return next(task.id for task in dev.app.tasks.list() if task.title == title)


def test_a_poisoned_revision_on_the_server_does_not_stop_staff_syncs(
    world: World, device: Callable[..., Device], tmp_path: Path
) -> None:
    intern, mentor = device("i1"), device("m1")
    intern.sync_until_complete()
    photo = tmp_path / "pump.jpg"
    photo.write_bytes(GOOD_FILE)
    good = intern.app.blobs.put_file(photo)
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), "the pump works", [good])
    assert intern.sync().complete
    poisoned = _inject_poisoned_revision(
        world.server.context, world.name("i1"), _task_id(intern, "Cohort task")
    )

    report = mentor.sync()
    assert report.complete, report
    assert report.skipped_records == 1 and report.errors == []
    assert report.files_downloaded == 1 and mentor.app.blobs.has(good.sha256)
    assert poisoned not in mentor.ids(RecordKind.revision)
    assert len(mentor.ids(RecordKind.revision)) == 1
    state = mentor.app.sync_store.state()
    assert state.last_sync_ok_at is not None and state.last_error is None
    [skipped] = mentor.app.sync_store.skipped()
    assert (skipped.kind, skipped.id, skipped.source) == ("revision", poisoned, "pull")
    assert not (mentor.profile / "etc").exists() and not any(mentor.profile.rglob("passwd"))

    # Everything comes down again after a full re-sync: the same bad record is not reported twice.
    world.server.seed(admin.force_full_resync)
    again = mentor.sync()
    assert again.complete and again.pulled > 0
    assert again.skipped_records == 0 and len(mentor.app.sync_store.skipped()) == 1


def test_fieldapp_sync_exits_0_for_a_coordinator_despite_a_poisoned_revision(
    world: World, device: Callable[..., Device], tmp_path: Path
) -> None:
    intern = device("i1")
    intern.sync_until_complete()
    photo = tmp_path / "pump.jpg"
    photo.write_bytes(GOOD_FILE)
    good = intern.app.blobs.put_file(photo)
    intern.app.submissions.submit(_task_id(intern, "Task for i1"), "the pump works", [good])
    assert intern.sync().complete
    poisoned = _inject_poisoned_revision(
        world.server.context, world.name("i1"), _task_id(intern, "Cohort task")
    )

    profile = tmp_path / "coordinator"
    with FieldApp.open(profile) as app:
        login(app, world.server.url, world.name("coord"), PASSWORD)
    done = run_fieldapp(profile, "sync", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    # The coordinator sees the whole (shared) test server: at least this world's bad record and file.
    assert report["complete"] and report["skipped_records"] >= 1 and report["files_downloaded"] >= 1
    again = run_fieldapp(profile, "sync", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["skipped_records"] == 0
    with FieldApp.open(profile) as app:
        assert app.sync_store.state().last_sync_ok_at is not None
        assert poisoned in {s.id for s in app.sync_store.skipped()}
        assert app.blobs.has(good.sha256)


def test_a_content_pack_carrying_a_bad_record_imports_the_rest(tmp_path: Path) -> None:
    """The other way in: a signed content pack (from an older server) with a record that breaks the
    bounds. The device skips that record, notes it once, and imports everything else."""
    server_key = Ed25519PrivateKey.generate()
    user = UserRecord(id="u-gul", username="gul", display_name="Gul", role=Role.intern, cohort_ids=["c1"])
    good = TaskRecord(id="t-good", title="Map the water points", cohort_id="c1")
    bad = {**TaskRecord(id="t-bad", title="x", cohort_id="c1").model_dump(mode="json"), "title": "x" * 501}
    revision = {"id": "r-bad", "submission_id": "s1", "revision": 1, "text": "", "attachments": [POISON]}
    changes = [
        Change(
            seq=1, kind=RecordKind.user, id=user.id, scope="user:u-gul", data=user.model_dump(mode="json")
        ),
        Change(seq=2, kind=RecordKind.task, id=good.id, scope="cohort:c1", data=good.model_dump(mode="json")),
        Change(seq=3, kind=RecordKind.task, id="t-bad", scope="cohort:c1", data=bad),
        Change(seq=4, kind=RecordKind.revision, id="r-bad", scope="intern:u-gul", data=revision),
    ]
    pack = tmp_path / "old-server.fieldpack"
    write_content_pack(
        pack, changes=changes, blobs={}, signing_key=server_key, creator="an older server", cohort="c1"
    )
    with FieldApp.open(tmp_path / "gul") as app:
        done = import_content_pack(
            app,
            pack,
            trusted_key_hex=crypto.public_key_hex(server_key),
            username="gul",
            server_url="https://x",
        )
        assert done.unreadable == 2 and done.signed_in_as == "gul"
        assert [task.title for task in app.tasks.list()] == ["Map the water points"]
        assert {(s.kind, s.id, s.source) for s in app.sync_store.skipped()} == {
            ("task", "t-bad", "pack"),
            ("revision", "r-bad", "pack"),
        }
        again = import_content_pack(
            app, pack, trusted_key_hex=crypto.public_key_hex(server_key), username="gul"
        )
        assert again.unreadable == 0 and len(app.sync_store.skipped()) == 2  # reported once

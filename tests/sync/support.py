"""Helpers shared by the sync tests: a seeded world, devices, and the invariants every fault test checks."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from fieldapp.core.app import FieldApp
from fieldapp.core.records import TABLES
from fieldapp.protocol import RecordKind, Role, UserRecord
from fieldapp.server import admin
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t
from fieldapp.server.testing import LiveServer
from fieldapp.sync.backoff import RetryPolicy
from fieldapp.sync.credentials import CredentialStore
from fieldapp.sync.report import SyncReport
from fieldapp.sync.service import login, sync_profile

PASSWORD = "password-123"
COHORT = "Cohort A"
OTHER_COHORT = "Cohort B"
#: Quick retries: the tests inject faults on loopback, where waiting seconds proves nothing.
FAST_RETRY = RetryPolicy(attempts=6, base_s=0.02, cap_s=0.2)

USERS = [
    ("coord", Role.coordinator, None),
    ("m1", Role.mentor, COHORT),
    ("m2", Role.mentor, COHORT),
    ("i1", Role.intern, COHORT),
    ("i2", Role.intern, COHORT),
    ("i3", Role.intern, OTHER_COHORT),
]


def seed_world(ctx: ServerContext, prefix: str = "") -> dict[str, str]:
    """Two cohorts, a coordinator, two mentors and three interns (i1 -> m1, i2 -> m1, i3 -> m2), and tasks.

    Every name starts with ``prefix`` so many tests can share one server without seeing each other
    (except the coordinator, who sees everything on the server).
    """
    admin.add_cohort(ctx, prefix + COHORT)
    admin.add_cohort(ctx, prefix + OTHER_COHORT)
    ids = {}
    for name, role, cohort in USERS:
        ids[name] = admin.add_user(
            ctx,
            prefix + name,
            role,
            password=PASSWORD,
            cohort=cohort and prefix + cohort,
            display_name=name.upper(),
        )
    admin.assign_mentor(ctx, prefix + "m1", prefix + "i1")
    admin.assign_mentor(ctx, prefix + "m1", prefix + "i2")
    admin.assign_mentor(ctx, prefix + "m2", prefix + "i3")
    admin.add_task(ctx, "Cohort task", cohort=prefix + COHORT, created_by=prefix + "coord")
    admin.add_task(ctx, "Task for i1", intern=prefix + "i1", created_by=prefix + "coord")
    admin.add_task(ctx, "Task for i3", intern=prefix + "i3", created_by=prefix + "coord")
    ids["module"] = publish_module(ctx, [prefix + COHORT])
    return ids


def publish_module(ctx: ServerContext, cohorts: list[str], title: str = "Safety basics") -> str:
    """Publish a small module (two lessons, no assets) with a fresh id to ``cohorts``; returns its id."""
    draft = {
        "id": str(uuid.uuid4()),
        "title": title,
        "lessons": [
            {"id": "l1", "title": "One", "body_md": "First lesson."},
            {"id": "l2", "title": "Two", "body_md": "Second lesson."},
        ],
    }
    module_id, _ = admin.publish_module(ctx, draft, cohorts)
    return module_id


class World:
    """One test's users on a (possibly shared) server, and server-side views used by assertions."""

    def __init__(self, server: LiveServer, prefix: str = "", ids: dict[str, str] | None = None) -> None:
        self.server = server
        self.prefix = prefix
        self.ids = ids or {}

    def name(self, short: str) -> str:
        """The server username of ``short`` ("i1", "m1", "coord"...) in this world."""
        return self.prefix + short

    def count(self, table: Any, *where: Any) -> int:
        with self.server.context.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0)

    def applied_ids(self) -> set[str]:
        with self.server.context.engine.connect() as conn:
            return set(conn.execute(select(t.applied_mutations.c.id)).scalars())

    def revision_ids(self) -> list[str]:
        with self.server.context.engine.connect() as conn:
            return list(conn.execute(select(t.revisions.c.id)).scalars())

    def blob(self, sha: str) -> bytes:
        with open(self.server.context.blobs._path(sha), "rb") as handle:  # type: ignore[attr-defined]
            return handle.read()


class Device:
    """One profile on its own "laptop", signed in to the server as ``username``."""

    def __init__(self, root: Path, server: LiveServer, username: str, url: str | None = None) -> None:
        self.server = server
        self.username = username
        self.url = url or server.url
        self.profile = root / f"{username}-{uuid.uuid4().hex[:8]}"
        self.app = FieldApp.open(self.profile)
        self.user: UserRecord = login(self.app, self.url, username, PASSWORD, retry=FAST_RETRY)

    def sync(self, **kwargs: Any) -> SyncReport:
        kwargs.setdefault("retry", FAST_RETRY)
        return sync_profile(self.app, **kwargs)

    def sync_until_complete(self, attempts: int = 10) -> SyncReport:
        report = self.sync()
        for _ in range(attempts):
            if report.complete:
                return report
            report = self.sync()
        raise AssertionError(f"sync did not complete: {report}")

    def reopen(self) -> None:
        self.close()
        self.app = FieldApp.open(self.profile)
        self._closed = False

    def close(self) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        self.app.close()

    @property
    def token(self) -> str | None:
        return CredentialStore(self.profile).load(self.url)

    # ------------------------------------------------------------ what the device holds

    def records(self) -> dict[str, dict[str, Any]]:
        """Every synced record on the device, ``kind:id`` -> data."""
        out: dict[str, dict[str, Any]] = {}
        for kind, table in TABLES.items():
            for row in self.app.store.query(f"SELECT id, data FROM {table}"):
                out[f"{kind.value}:{row['id']}"] = json.loads(row["data"])
        return out

    def ids(self, kind: RecordKind) -> set[str]:
        return {row["id"] for row in self.app.store.query(f"SELECT id FROM {TABLES[kind]}")}

    def outbox(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.app.store.query("SELECT id, kind, state, code FROM outbox ORDER BY position")
        ]

    def check_blobs(self) -> int:
        """Every stored file hashes to its name (no corrupted blob); returns how many there are."""
        shas = self.app.blobs.all_shas()
        for sha in shas:
            digest = hashlib.sha256(self.app.blobs.path(sha).read_bytes()).hexdigest()
            assert digest == sha, f"blob {sha} is corrupted on {self.username}'s device"
        return len(shas)


def fresh_view(root: Path, server: LiveServer, username: str) -> dict[str, dict[str, Any]]:
    """The server's view of ``username``'s scope: what a brand-new device pulls."""
    probe = Device(root, server, username)
    try:
        probe.sync_until_complete()
        return probe.records()
    finally:
        probe.close()


def assert_invariants(world: World, devices: list[Device], root: Path) -> None:
    """After a final complete sync of every device: nothing pending, no damaged or missing file, and
    each device holds exactly the server's view of its scope (what a brand-new device would pull)."""
    for dev in devices:
        dev.sync_until_complete()
    for dev in devices:
        dev.sync_until_complete()  # a second round brings down what the others pushed last
        assert [m for m in dev.outbox() if m["state"] == "pending"] == [], dev.username
        dev.check_blobs()
        assert dev.app.sync_store.blobs_to_download() == []
        assert dev.records() == fresh_view(root, world.server, dev.username), dev.username


def seed_many_tasks(ctx: ServerContext, intern: str, count: int) -> None:
    """``count`` tasks for ``intern``: ``2 * count`` records (task + assignment) to pull.

    Written in bulk (the server's per-task path takes ~4 ms a task): the same rows and change-log entries
    ``domain.create_task`` writes, built with the server's own record and scope functions.
    """
    from datetime import UTC, datetime

    from fieldapp.protocol import AssignmentRecord, AssignmentStatus
    from fieldapp.server import domain, records
    from fieldapp.server.db import changelog

    now = datetime.now(UTC)
    with ctx.engine.begin() as conn:
        uid = domain.user_by_name(conn, intern)["id"]
        scope = records.intern_scope(uid)
        tasks, assignments, changes = [], [], []
        first = changelog._next_seqs(conn, 2 * count)
        for number in range(count):
            task = {
                "id": str(uuid.uuid4()),
                "title": f"Survey household {number}",
                "description": "Visit the household, note the water source and take one photo of it.",
                "due": None,
                "created_by": None,
                "cohort_id": None,
                "created_at": now,
                "updated_by": None,
                "updated_at": now,
                "deleted": False,
            }
            assignment = AssignmentRecord(
                id=domain.assignment_id(task["id"], uid),
                task_id=task["id"],
                assignee_id=uid,
                status=AssignmentStatus.todo,
            )
            tasks.append(task)
            assignments.append({**assignment.model_dump(mode="json"), "updated_at": now})
            for offset, (kind, rid, data) in enumerate(
                [
                    (RecordKind.task, task["id"], records.task_record(task).model_dump(mode="json")),
                    (RecordKind.assignment, assignment.id, assignment.model_dump(mode="json")),
                ]
            ):
                changes.append(
                    {
                        "kind": kind.value,
                        "record_id": rid,
                        "scope": scope,
                        "seq": first + 2 * number + offset,
                        "deleted": False,
                        "data": data,
                        "changed_at": now,
                    }
                )
        conn.execute(t.tasks.insert(), tasks)
        conn.execute(t.assignments.insert(), assignments)
        conn.execute(t.changes.insert(), changes)

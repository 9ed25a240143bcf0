"""Scope changes: newly visible data arrives although it is older than the cursor; lost data disappears."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.sync.support import OTHER_COHORT, Device, World, fresh_view, publish_module

from fieldapp.protocol import RecordKind
from fieldapp.server import admin

MakeDevice = Callable[..., Device]


def test_module_published_to_her_cohort_after_her_last_sync_arrives(device: MakeDevice, world: World) -> None:
    intern, other = device("i1"), device("i3")
    intern.sync_until_complete()
    other.sync_until_complete()
    # Published first to another cohort (older than i1's cursor once she syncs), then to hers.
    module_id = world.server.seed(publish_module, [world.name(OTHER_COHORT)], "Later module")
    assert intern.sync().complete
    assert module_id not in intern.ids(RecordKind.module)
    assert other.sync().complete and module_id in other.ids(RecordKind.module)

    world.server.seed(
        admin.publish_module,
        {"id": module_id, "title": "Later module", "lessons": []},
        [world.name("Cohort A")],
    )
    report = intern.sync()
    assert report.complete
    assert module_id in intern.ids(RecordKind.module)


def test_mentee_moved_to_another_mentor_disappears_from_the_old_mentors_device(
    device: MakeDevice, world: World, tmp_path: Path
) -> None:
    intern, old, new = device("i1"), device("m1"), device("m2")
    intern.sync_until_complete()
    task = next(t for t in intern.app.tasks.list() if t.title == "Task for i1")
    submission_id, _ = intern.app.submissions.submit(task.id, "my work")
    intern.sync_until_complete()
    old.sync_until_complete()
    new.sync_until_complete()
    assert submission_id in old.ids(RecordKind.submission)
    assert submission_id not in new.ids(RecordKind.submission)

    world.server.seed(admin.unassign_mentor, world.name("m1"), world.name("i1"))
    world.server.seed(admin.assign_mentor, world.name("m2"), world.name("i1"))
    assert old.sync().complete
    assert new.sync().complete
    assert submission_id not in old.ids(RecordKind.submission)
    assert intern.user.id not in old.ids(RecordKind.user)
    assert submission_id in new.ids(RecordKind.submission)
    # Both mentors now hold exactly the server's view of their scope.
    assert old.records() == fresh_view(tmp_path / "fresh", world.server, old.username)
    assert new.records() == fresh_view(tmp_path / "fresh", world.server, new.username)

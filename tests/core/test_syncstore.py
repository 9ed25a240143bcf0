"""SyncStore: what the sync engine relies on, built from realistic pull pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import NotFound
from fieldapp.protocol import (
    AssignmentRecord,
    AssignmentStatus,
    ConflictDetail,
    MutationKind,
    MutationResult,
    RecordKind,
    ReviewRecord,
    SubmissionRecord,
)


def _result(mutation_id: str, status: str, **extra: object) -> MutationResult:
    return MutationResult.model_validate({"id": mutation_id, "status": status, **extra})


def test_pull_page_stores_records_and_cursor(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    assert app.sync_store.cursor() == f"c{world.pages.seq}"
    assert [t.id for t in app.tasks.list()] == [world.task.id]
    assert app.training.get(world.module.id).title == world.module.title


def test_pull_page_never_hides_an_unsent_change(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    app.tasks.set_status(world.assignment.id, "done")
    # The server still says "todo" (our change has not reached it) and sends the assignment again.
    app.sync_store.apply_pull_page(world.pages.page((world.assignment, f"intern:{world.intern.id}")))
    assert app.tasks.get(world.task.id).status is AssignmentStatus.done
    assert len(app.sync_store.pending_mutations()) == 1


def test_tombstones_and_drop_scopes_delete_records(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    app.sync_store.apply_pull_page(
        world.pages.page(
            deleted=[(RecordKind.task, world.task.id, f"intern:{world.intern.id}")],
            drop_scopes=[f"module:{world.module.id}"],
        )
    )
    assert app.tasks.list() == []
    assert app.training.list() == []


def test_an_unreadable_record_is_left_out_once_and_the_page_goes_on(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    renamed = world.task.model_copy(update={"id": "t-new", "title": "A new task"})
    page = world.pages.page((world.task, "intern:x"), (renamed, "intern:x"))
    page.changes[0].data = {"id": world.task.id, "title": "x" * 600}  # past the title's bound
    assert app.sync_store.apply_pull_page(page) == 1
    assert app.sync_store.cursor() == page.cursor  # the rest of the page, and its cursor, went in
    assert app.tasks.get("t-new").title == "A new task"
    # The copy she could read stays; the bad one is noted with why, and told once only.
    assert app.tasks.get(world.task.id).title == world.task.title
    [skipped] = app.sync_store.skipped()
    assert (skipped.kind, skipped.id, skipped.source) == ("task", world.task.id, "pull")
    assert "title" in skipped.reason
    assert app.sync_store.apply_pull_page(page) == 0


def test_applied_and_duplicate_results_empty_the_outbox(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    app.tasks.set_status(world.assignment.id, "in_progress")
    app.training.open_lesson(world.module.id, "l1")
    first, second = app.sync_store.pending_mutations()
    app.sync_store.record_results([_result(first.id, "applied"), _result(second.id, "duplicate")])
    assert app.sync_store.pending_mutations() == []
    assert app.status().pending_uploads == 0


def test_conflict_keeps_server_value_records_both_and_can_resend_mine(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    mutation = app.tasks.set_status(world.assignment.id, "done")
    assert mutation is not None
    changed_at = datetime(2026, 11, 1, tzinfo=UTC)
    app.sync_store.record_results(
        [
            _result(
                mutation.id,
                "conflict",
                conflicts=[
                    ConflictDetail(
                        field="status",
                        server_value="in_progress",
                        client_value="done",
                        server_author="zara",
                        server_changed_at=changed_at,
                    )
                ],
            )
        ]
    )
    assert app.sync_store.pending_mutations() == []
    assert app.tasks.get(world.task.id).status is AssignmentStatus.in_progress
    [conflict] = app.sync_store.conflicts()
    assert (conflict.server_value, conflict.client_value) == ("in_progress", "done")
    assert conflict.server_author == "zara" and conflict.client_author == world.intern.id
    assert app.status().conflicts == 1

    resent = app.sync_store.resolve_conflict(conflict.id, keep="mine")
    assert resent is not None and resent.kind is MutationKind.assignment_status
    assert resent.payload == {
        "assignment_id": world.assignment.id,
        "status": "done",
        "base_status": "in_progress",
    }
    assert app.tasks.get(world.task.id).status is AssignmentStatus.done
    assert app.sync_store.conflicts() == []
    assert app.sync_store.conflicts(include_resolved=True)[0].resolution == "mine"
    with pytest.raises(NotFound):
        app.sync_store.resolve_conflict(conflict.id, keep="server")


def test_rejected_submission_is_kept_visible_never_resent_and_text_comes_back(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    ref = app.blobs.put_bytes(b"photo", "well.jpg", "image/jpeg")
    submission_id, _ = app.submissions.submit(world.task.id, "My report", [ref])
    [mutation] = app.sync_store.pending_mutations()
    app.sync_store.record_results(
        [
            _result(
                mutation.id, "rejected", code="not_assigned", reason="This task is no longer assigned to you."
            )
        ]
    )
    assert app.sync_store.pending_mutations() == []  # never resent
    [rejected] = app.sync_store.rejected()
    assert rejected.id == mutation.id and rejected.reason == "This task is no longer assigned to you."
    assert app.status().rejected == 1
    # The local effect is taken back, the words return as a draft, and the file is not uploaded.
    assert submission_id not in {s.id for s in app.submissions.list() if s.status.value != "draft"}
    assert app.submissions.draft(world.task.id).text == "My report"  # type: ignore[union-attr]
    assert app.sync_store.blobs_to_upload() == []
    app.sync_store.dismiss_rejected(mutation.id)
    assert app.sync_store.rejected() == []
    with pytest.raises(NotFound):
        app.sync_store.dismiss_rejected(mutation.id)


def test_reset_synced_keeps_outbox_drafts_and_own_unsent_revisions(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    submission_id, _ = app.submissions.submit(world.task.id, "First go")
    other_task_draft = app.submissions.save_draft(world.task.id, "next version notes")
    app.sync_store.reset_synced()
    assert app.sync_store.cursor() == ""
    assert app.tasks.list() == []  # synced data is gone until the next pull
    assert len(app.sync_store.pending_mutations()) == 1
    assert app.submissions.get(submission_id).revisions[0].text == "First go"
    assert app.submissions.draft(world.task.id) == other_task_draft


def test_wipe_deletes_everything(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    ref = app.blobs.put_bytes(b"photo", "a.jpg")
    app.submissions.submit(world.task.id, "text", [ref])
    app.sync_store.apply_pull_page(world.pages.page(wipe=True))
    assert app.session is None
    assert app.sync_store.pending_mutations() == []
    assert app.tasks.list() == []
    assert not app.blobs.has(ref.sha256)
    assert list(app.store.backups.glob("*.db")) == []


def test_blob_bookkeeping_for_the_engine(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    ref = app.blobs.put_bytes(b"x" * 1000, "notes.pdf", "application/pdf")
    app.submissions.submit(world.task.id, "see file", [ref])
    assert app.sync_store.blobs_to_upload() == [ref]
    app.sync_store.set_transfer_offset(ref.sha256, "up", 512)
    assert app.sync_store.transfer_offset(ref.sha256, "up") == 512
    assert app.sync_store.transfer_offset(ref.sha256, "down") == 0
    app.sync_store.mark_uploaded(ref.sha256)
    assert app.sync_store.blobs_to_upload() == []
    assert app.sync_store.transfer_offset(ref.sha256, "up") == 0
    # A synced revision referencing a file this device lacks: it must be downloaded.
    submission, revision = world.submission_from_server()
    revision.attachments = [ref.model_copy(update={"sha256": "a" * 64})]
    app.sync_store.apply_pull_page(world.pages.page(submission, (revision, f"intern:{world.intern.id}")))
    assert [b.sha256 for b in app.sync_store.blobs_to_download()] == ["a" * 64]


def test_last_sync_state(app: FieldApp) -> None:
    app.sync_store.set_last_sync(False, "The server could not be reached.")
    state = app.sync_store.state()
    assert state.last_error == "The server could not be reached." and state.last_sync_ok_at is None
    app.sync_store.set_last_sync(True)
    state = app.sync_store.state()
    assert state.last_error is None and state.last_sync_ok_at == state.last_attempt_at
    assert app.status().last_sync == state.last_sync_ok_at


def test_pulled_review_changes_the_submission_shown(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    submission, revision = world.submission_from_server(status="changes_requested")
    review = ReviewRecord(
        id="r1",
        submission_id=submission.id,
        revision=1,
        reviewer_id=world.mentor.id,
        decision="request_changes",
        comment="Add the count per village.",
    )
    scope = f"intern:{world.intern.id}"
    app.sync_store.apply_pull_page(world.pages.page(submission, (revision, scope), (review, scope)))
    [view] = app.submissions.list()
    assert view.status.value == "changes_requested"
    assert [(r.decision.value, r.reviewer) for r in view.reviews] == [("request_changes", "bilal")]


def test_assignment_pulled_for_someone_else_is_not_mine(app: FieldApp) -> None:
    world = World()
    world.seed(app)
    stranger = AssignmentRecord(id="a-x", task_id=world.task.id, assignee_id="someone", status="done")
    app.sync_store.apply_pull_page(world.pages.page((stranger, "intern:someone")))
    assert app.tasks.get(world.task.id).status is AssignmentStatus.todo


@pytest.mark.parametrize("ack_first", [True, False])
def test_round_trip_leaves_exactly_one_copy(app: FieldApp, ack_first: bool) -> None:
    """Submit, then the server's answer and its copy of the records arrive in either order (an ack may be
    lost and the push replayed): the device ends with one submission, one revision, an empty outbox."""
    world = World()
    world.seed(app)
    submission_id, _ = app.submissions.submit(world.task.id, "Counted 14 wells.")
    [mutation] = app.sync_store.pending_mutations()
    local = app.submissions.get(submission_id)
    server_submission = SubmissionRecord(
        id=submission_id, task_id=world.task.id, author_id=world.intern.id, status="submitted", revision=1
    )
    server_revision = local.revisions[0].model_copy(update={"received_at": datetime.now(UTC)})
    scope = f"intern:{world.intern.id}"
    page = world.pages.page((server_submission, scope), (server_revision, scope))
    if ack_first:
        app.sync_store.record_results([_result(mutation.id, "applied")])
        app.sync_store.apply_pull_page(page)
    else:
        app.sync_store.apply_pull_page(page)
        app.sync_store.record_results([_result(mutation.id, "duplicate")])
    assert app.sync_store.pending_mutations() == []
    assert app.store.query("SELECT count(*) FROM submissions")[0][0] == 1
    rows = app.store.query("SELECT seq FROM revisions")
    assert len(rows) == 1 and rows[0]["seq"] is not None
    view = app.submissions.get(submission_id)
    assert (view.status.value, view.revision, view.unsent) == ("submitted", 1, False)

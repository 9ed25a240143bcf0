"""The domain rules the services enforce on the device: state machine and permissions by role."""

from __future__ import annotations

import json

import pytest
from tests.helpers.records import World

from fieldapp.core.app import FieldApp
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound, NotSignedIn
from fieldapp.protocol import AssignmentStatus, MutationKind, SubmissionStatus, TaskRecord


@pytest.fixture
def world(app: FieldApp) -> World:
    world = World()
    world.seed(app)
    return world


def _outbox(app: FieldApp) -> list[tuple[str, dict[str, object]]]:
    return [
        (r["kind"], json.loads(r["payload"])) for r in app.store.query("SELECT kind, payload FROM outbox")
    ]


def test_nobody_signed_in_cannot_write(app: FieldApp) -> None:
    world = World()
    app.sync_store.apply_pull_page(world.pages.page(*world.records()))
    with pytest.raises(NotSignedIn, match="Sign in"):
        app.tasks.set_status(world.assignment.id, "done")
    assert _outbox(app) == []


def test_intern_sets_only_her_own_status(app: FieldApp, world: World) -> None:
    mutation = app.tasks.set_status(world.assignment.id, "in_progress")
    assert mutation is not None and mutation.kind is MutationKind.assignment_status
    assert app.tasks.set_status(world.assignment.id, "in_progress") is None  # no change, no mutation
    # A second unsent change keeps the server's base, not the first unsent value.
    second = app.tasks.set_status(world.assignment.id, "done")
    assert second is not None and second.payload["base_status"] == "todo"
    with pytest.raises(NotAllowed, match="assigned to you"):
        app.tasks.set_status(world.other_assignment.id, "done")
    with pytest.raises(InvalidInput, match="not a task status"):
        app.tasks.set_status(world.assignment.id, "finished")
    with pytest.raises(NotFound):
        app.tasks.set_status("nope", "done")
    assert len(_outbox(app)) == 2


def test_submission_state_machine(app: FieldApp, world: World) -> None:
    app.submissions.save_draft(world.task.id, "draft text")
    [draft_view] = app.submissions.list()
    assert (draft_view.status, draft_view.revision) == (SubmissionStatus.draft, 0)
    submission_id, revision = app.submissions.submit(world.task.id)  # the draft's text
    assert revision == 1 and submission_id == draft_view.id
    assert app.submissions.draft(world.task.id) is None
    assert app.submissions.get(submission_id).revisions[0].text == "draft text"
    with pytest.raises(NotAllowed, match="already submitted"):
        app.submissions.submit(world.task.id, "again")
    # The mentor asks for changes: a second revision is now allowed, and only one.
    app.set_session(world.mentor, "http://127.0.0.1:9", "device-test")
    app.reviews.review(submission_id, "request_changes", "Add the village names.")
    app.set_session(world.intern, "http://127.0.0.1:9", "device-test")
    assert app.submissions.get(submission_id).status is SubmissionStatus.changes_requested
    assert app.submissions.submit(world.task.id, "with names") == (submission_id, 2)
    view = app.submissions.get(submission_id)
    assert (view.status, [r.text for r in view.revisions]) == (
        SubmissionStatus.submitted,
        ["draft text", "with names"],
    )
    app.set_session(world.mentor, "http://127.0.0.1:9", "device-test")
    app.reviews.review(submission_id, "approve")
    app.set_session(world.intern, "http://127.0.0.1:9", "device-test")
    with pytest.raises(NotAllowed, match="already approved"):
        app.submissions.submit(world.task.id, "more")
    kinds = [k for k, _ in _outbox(app)]
    assert kinds == ["submission.submit", "review.add", "submission.submit", "review.add"]


def test_submit_rules(app: FieldApp, world: World) -> None:
    with pytest.raises(InvalidInput, match="Write something"):
        app.submissions.submit(world.task.id, "   ")
    with pytest.raises(NotFound):
        app.submissions.submit("no-such-task", "text")
    unassigned = TaskRecord(id="t-other", title="Someone else's task")
    app.sync_store.apply_pull_page(world.pages.page((unassigned, "cohort:x")))
    with pytest.raises(NotAllowed, match="not assigned to you"):
        app.submissions.submit(unassigned.id, "text")
    app.set_session(world.mentor, "http://127.0.0.1:9", "d")
    with pytest.raises(NotAllowed, match="Only interns"):
        app.submissions.submit(world.task.id, "text")
    assert _outbox(app) == []


def test_review_permissions(app: FieldApp, world: World) -> None:
    submission_id, _ = app.submissions.submit(world.task.id, "report")
    with pytest.raises(NotAllowed, match="Only mentors"):
        app.reviews.review(submission_id, "approve")
    # Sana's submission, Bilal is not her mentor.
    sana_submission, sana_revision = world.submission_from_server(author=world.other_intern)
    scope = f"intern:{world.other_intern.id}"
    app.sync_store.apply_pull_page(world.pages.page((sana_submission, scope), (sana_revision, scope)))
    app.set_session(world.mentor, "http://127.0.0.1:9", "d")
    with pytest.raises(NotAllowed, match="your own mentees"):
        app.reviews.review(sana_submission.id, "approve")
    assert [v.id for v in app.reviews.inbox()] == [submission_id]
    with pytest.raises(InvalidInput, match="comment"):
        app.reviews.review(submission_id, "request_changes", "")
    with pytest.raises(InvalidInput, match="not a review decision"):
        app.reviews.review(submission_id, "maybe")
    app.reviews.review(submission_id, "approve")
    with pytest.raises(NotAllowed, match="approved"):
        app.reviews.review(submission_id, "request_changes", "too late")
    app.reviews.review(submission_id, "comment", "Well done.")  # comments are always allowed
    # A coordinator may review anyone's work.
    app.set_session(world.coordinator, "http://127.0.0.1:9", "d")
    app.reviews.review(sana_submission.id, "approve")
    assert app.submissions.get(sana_submission.id).status is SubmissionStatus.approved


def test_training_progress_is_derived_from_events(app: FieldApp, world: World) -> None:
    module_id = world.module.id
    app.training.open_lesson(module_id, "l1")
    app.training.complete_lesson(module_id, "l1")
    app.training.complete_lesson(module_id, "l1")  # repeats change nothing (union)
    failed = app.training.attempt_quiz(module_id, {"q1": [1], "q2": [0], "q3": "no idea"})
    assert not failed.passed and failed.score == 0
    passed = app.training.attempt_quiz(module_id, {"q1": [0], "q2": [1, 0], "q3": "1122"})
    assert passed.passed and passed.score == 1
    progress = app.training.progress(module_id)
    assert progress.completed == {"l1"} and progress.quiz_passed and progress.best_score == 1
    assert progress.attempts == 2
    assert progress.fraction == pytest.approx(2 / 3)  # l1 + quiz, of l1, l2, quiz
    [summary] = app.training.list()
    assert summary.progress == progress
    with pytest.raises(NotFound, match="no lesson"):
        app.training.open_lesson(module_id, "l9")
    with pytest.raises(InvalidInput, match="no question"):
        app.training.attempt_quiz(module_id, {"q7": [0]})
    progress_events = [p for k, p in _outbox(app) if k == "progress.add"]
    assert len(progress_events) == 5
    assert progress_events[-1]["score"] == 1 and progress_events[-1]["passed"] is True


def test_task_creation_by_role(app: FieldApp, world: World) -> None:
    with pytest.raises(NotAllowed):
        app.tasks.create("Visit the clinic", intern_ids=[world.intern.id])
    app.set_session(world.coordinator, "http://127.0.0.1:9", "d")
    with pytest.raises(InvalidInput, match="who the task is for"):
        app.tasks.create("Visit the clinic")
    task_id = app.tasks.create("Visit the clinic", cohort_id=world.cohort.id)
    assert app.tasks.get(task_id).title == "Visit the clinic"
    assert _outbox(app)[-1][0] == "task.upsert"


def test_status_view_counts(app: FieldApp, world: World) -> None:
    app.tasks.set_status(world.assignment.id, AssignmentStatus.done)
    ref = app.blobs.put_bytes(b"abc", "a.txt", "text/plain")
    app.submissions.submit(world.task.id, "text", [ref])
    status = app.status()
    assert (status.user, status.role, status.server) == ("amina", "intern", "http://127.0.0.1:9")
    assert (status.pending_uploads, status.pending_files, status.conflicts, status.rejected) == (2, 1, 0, 0)


def test_session_never_holds_a_token_and_device_id_is_stable(app: FieldApp, world: World) -> None:
    row = app.store.query_one("SELECT * FROM session")
    assert row is not None and "token" not in json.dumps(dict(row)).lower()
    first = app.device_id
    assert app.device_id == first
    app.clear_session()
    assert app.session is None and app.user is None


def test_people_and_cohorts_on_this_device(app: FieldApp, world: World) -> None:
    assert [u.username for u in app.people()] == ["amina", "bilal", "sana", "zara"]
    assert [u.username for u in app.people("intern")] == ["amina", "sana"]
    assert app.cohorts() == [(world.cohort.id, world.cohort.name)]

"""Database rows -> wire records (``fieldapp.protocol``), and emitting them into the change log.

Each ``emit_*`` function is called in the transaction that changed the record, so the change log always
holds the record as committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from fieldapp.protocol import (
    AssignmentRecord,
    CohortRecord,
    ProgressRecord,
    RecordKind,
    ReviewRecord,
    RevisionRecord,
    SubmissionRecord,
    TaskRecord,
    UserRecord,
)
from fieldapp.server.db import changelog
from fieldapp.server.db import tables as t


def intern_scope(user_id: str) -> str:
    return f"intern:{user_id}"


def user_scope(user_id: str) -> str:
    return f"user:{user_id}"


def cohort_scope(cohort_id: str) -> str:
    return f"cohort:{cohort_id}"


def module_scope(module_id: str) -> str:
    return f"module:{module_id}"


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json")
    return data


def user_record(conn: Connection, user_id: str) -> UserRecord:
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().one()
    cohort_ids = sorted(
        conn.execute(
            select(t.cohort_members.c.cohort_id).where(t.cohort_members.c.user_id == user_id)
        ).scalars()
    )
    mentor_ids = sorted(
        conn.execute(select(t.mentorships.c.mentor_id).where(t.mentorships.c.intern_id == user_id)).scalars()
    )
    return UserRecord(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        role=row["role"],
        cohort_ids=cohort_ids,
        mentor_ids=mentor_ids,
    )


def emit_user(conn: Connection, user_id: str) -> None:
    changelog.emit(conn, RecordKind.user, user_id, user_scope(user_id), _dump(user_record(conn, user_id)))


def emit_cohort(conn: Connection, cohort_id: str) -> None:
    row = conn.execute(select(t.cohorts).where(t.cohorts.c.id == cohort_id)).mappings().one()
    changelog.emit(
        conn,
        RecordKind.cohort,
        cohort_id,
        cohort_scope(cohort_id),
        _dump(CohortRecord(id=row["id"], name=row["name"])),
    )


def task_record(row: Any) -> TaskRecord:
    return TaskRecord(
        id=row["id"],
        title=row["title"],
        description=row["description"] or "",
        due=row["due"],
        created_by=row["created_by"],
        cohort_id=row["cohort_id"],
        created_at=row["created_at"],
    )


def task_scopes(conn: Connection, task_id: str, cohort_id: str | None) -> list[str]:
    """A cohort task lives in its cohort's scope; a personal task in each assignee's scope."""
    if cohort_id:
        return [cohort_scope(cohort_id)]
    assignees = conn.execute(
        select(t.assignments.c.assignee_id).where(t.assignments.c.task_id == task_id)
    ).scalars()
    return sorted(intern_scope(a) for a in assignees)


def emit_task(conn: Connection, task_id: str) -> None:
    row = conn.execute(select(t.tasks).where(t.tasks.c.id == task_id)).mappings().one()
    changelog.emit(
        conn, RecordKind.task, task_id, task_scopes(conn, task_id, row["cohort_id"]), _dump(task_record(row))
    )


def emit_assignment(conn: Connection, assignment_id: str) -> None:
    row = conn.execute(select(t.assignments).where(t.assignments.c.id == assignment_id)).mappings().one()
    rec = AssignmentRecord(
        id=row["id"], task_id=row["task_id"], assignee_id=row["assignee_id"], status=row["status"]
    )
    changelog.emit(conn, RecordKind.assignment, row["id"], intern_scope(row["assignee_id"]), _dump(rec))


def emit_submission(conn: Connection, submission_id: str) -> None:
    row = conn.execute(select(t.submissions).where(t.submissions.c.id == submission_id)).mappings().one()
    rec = SubmissionRecord(
        id=row["id"],
        task_id=row["task_id"],
        author_id=row["author_id"],
        status=row["status"],
        revision=row["revision"],
        updated_at=row["updated_at"],
    )
    changelog.emit(conn, RecordKind.submission, row["id"], intern_scope(row["author_id"]), _dump(rec))


def emit_revision(conn: Connection, revision_id: str, author_id: str) -> None:
    row = conn.execute(select(t.revisions).where(t.revisions.c.id == revision_id)).mappings().one()
    rec = RevisionRecord(
        id=row["id"],
        submission_id=row["submission_id"],
        revision=row["revision"],
        text=row["text"],
        attachments=row["attachments"] or [],
        submitted_at=row["submitted_at"],
        received_at=row["received_at"],
    )
    changelog.emit(conn, RecordKind.revision, row["id"], intern_scope(author_id), _dump(rec))


def emit_review(conn: Connection, review_id: str, author_id: str) -> None:
    row = conn.execute(select(t.reviews).where(t.reviews.c.id == review_id)).mappings().one()
    rec = ReviewRecord(
        id=row["id"],
        submission_id=row["submission_id"],
        revision=row["revision"],
        reviewer_id=row["reviewer_id"],
        decision=row["decision"],
        comment=row["comment"],
        created_at=row["created_at"],
        received_at=row["received_at"],
    )
    changelog.emit(conn, RecordKind.review, row["id"], intern_scope(author_id), _dump(rec))


def emit_progress(conn: Connection, event_id: str) -> None:
    row = conn.execute(select(t.progress).where(t.progress.c.id == event_id)).mappings().one()
    rec = ProgressRecord(
        id=row["id"],
        user_id=row["user_id"],
        module_id=row["module_id"],
        module_version=row["module_version"],
        kind=row["kind"],
        lesson_id=row["lesson_id"],
        answers=row["answers"],
        score=row["score"],
        passed=row["passed"],
        device_time=row["device_time"],
        received_at=row["received_at"],
    )
    changelog.emit(conn, RecordKind.progress, row["id"], intern_scope(row["user_id"]), _dump(rec))


def module_record_data(conn: Connection, module_id: str) -> dict[str, Any] | None:
    """The latest published version as a ``ModuleRecord`` dict, with its current cohorts."""
    row = conn.execute(select(t.modules).where(t.modules.c.id == module_id)).mappings().one()
    if not row["latest_version"]:
        return None
    data = conn.execute(
        select(t.module_versions.c.data).where(
            t.module_versions.c.module_id == module_id, t.module_versions.c.version == row["latest_version"]
        )
    ).scalar_one()
    cohorts = sorted(
        conn.execute(
            select(t.module_cohorts.c.cohort_id).where(t.module_cohorts.c.module_id == module_id)
        ).scalars()
    )
    return {**data, "cohort_ids": cohorts}


def emit_module(conn: Connection, module_id: str) -> None:
    data = module_record_data(conn, module_id)
    if data is not None:
        changelog.emit(conn, RecordKind.module, module_id, module_scope(module_id), data)

"""The outbox: changes made on this device that the server has not acknowledged yet.

A service never changes a synced table directly. It calls :func:`record_mutation`, which stores the
``Mutation`` and applies its local effect in the caller's transaction. The same :func:`apply_locally`
re-applies pending mutations after a pulled page or a reset, so what the person sees is always
"server state + my unsent changes", and the outbox is the one source of truth for the unsent part.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from pydantic import BaseModel

from fieldapp.core.clock import now
from fieldapp.core.records import TABLES, set_fields, upsert_record
from fieldapp.protocol import (
    AssignmentStatusPayload,
    Decision,
    Mutation,
    MutationKind,
    ProgressPayload,
    RecordKind,
    ReviewPayload,
    SubmissionStatus,
    SubmitPayload,
    TaskUpsertPayload,
)

__all__ = ["apply_locally", "mutation_from_row", "reapply_pending", "record_mutation", "undo_locally"]


def record_mutation(
    conn: sqlite3.Connection, kind: MutationKind, payload: BaseModel, user_id: str
) -> Mutation:
    """Queue ``payload`` for the server and apply it locally, in the caller's (open) transaction."""
    if not conn.in_transaction:
        raise RuntimeError("record_mutation must run inside a store transaction")
    created = now()
    mutation = Mutation(
        id=str(uuid.uuid4()), kind=kind, payload=payload.model_dump(mode="json"), created_at=created
    )
    conn.execute(
        "INSERT INTO outbox (id, kind, payload, created_at, user_id) VALUES (?, ?, ?, ?, ?)",
        (mutation.id, kind.value, json.dumps(mutation.payload), created.isoformat(), user_id),
    )
    apply_locally(conn, kind, mutation.payload, user_id)
    return mutation


def mutation_from_row(row: sqlite3.Row) -> Mutation:
    """The ``Mutation`` stored in one outbox row."""
    return Mutation(
        id=row["id"],
        kind=MutationKind(row["kind"]),
        payload=json.loads(row["payload"]),
        created_at=row["created_at"],
    )


def reapply_pending(conn: sqlite3.Connection) -> int:
    """Apply every pending mutation's local effect again, in outbox order; return how many."""
    rows = conn.execute(
        "SELECT kind, payload, user_id FROM outbox WHERE state = 'pending' ORDER BY position"
    ).fetchall()
    for row in rows:
        apply_locally(conn, MutationKind(row["kind"]), json.loads(row["payload"]), row["user_id"])
    return len(rows)


def _exists(conn: sqlite3.Connection, kind: RecordKind, record_id: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {TABLES[kind]} WHERE id = ?", (record_id,)).fetchone() is not None


def _submission(conn: sqlite3.Connection, submission_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT status, revision FROM submissions WHERE id = ?", (submission_id,)).fetchone()


def apply_locally(
    conn: sqlite3.Connection, kind: MutationKind, payload: dict[str, Any], user_id: str
) -> None:
    """Make the local tables show the effect of one mutation. Idempotent: applying twice changes nothing."""
    if kind is MutationKind.assignment_status:
        status = AssignmentStatusPayload.model_validate(payload)
        set_fields(conn, RecordKind.assignment, status.assignment_id, status=status.status.value)
    elif kind is MutationKind.submit:
        _apply_submit(conn, SubmitPayload.model_validate(payload), user_id)
    elif kind is MutationKind.review:
        _apply_review(conn, ReviewPayload.model_validate(payload), user_id)
    elif kind is MutationKind.progress:
        event = ProgressPayload.model_validate(payload)
        if not _exists(conn, RecordKind.progress, event.event_id):
            data = event.model_dump(mode="json", exclude={"event_id"})
            upsert_record(conn, RecordKind.progress, {**data, "id": event.event_id, "user_id": user_id})
    elif kind is MutationKind.task_upsert:
        _apply_task(conn, TaskUpsertPayload.model_validate(payload), user_id)


def _apply_submit(conn: sqlite3.Connection, submit: SubmitPayload, user_id: str) -> None:
    if not _exists(conn, RecordKind.revision, submit.revision_id):
        revision = submit.model_dump(
            mode="json", include={"submission_id", "revision", "text", "attachments"}
        )
        upsert_record(
            conn,
            RecordKind.revision,
            {
                **revision,
                "id": submit.revision_id,
                "submitted_at": submit.model_dump(mode="json")["submitted_at"],
            },
        )
    current = _submission(conn, submit.submission_id)
    if current is None:
        upsert_record(
            conn,
            RecordKind.submission,
            {
                "id": submit.submission_id,
                "task_id": submit.task_id,
                "author_id": user_id,
                "status": SubmissionStatus.submitted.value,
                "revision": submit.revision,
                "updated_at": submit.model_dump(mode="json")["submitted_at"],
            },
        )
    elif current["revision"] < submit.revision:
        set_fields(
            conn,
            RecordKind.submission,
            submit.submission_id,
            status=SubmissionStatus.submitted.value,
            revision=submit.revision,
        )


_DECISION_STATUS = {
    Decision.approve: SubmissionStatus.approved,
    Decision.request_changes: SubmissionStatus.changes_requested,
}


def _apply_review(conn: sqlite3.Connection, review: ReviewPayload, user_id: str) -> None:
    if not _exists(conn, RecordKind.review, review.review_id):
        data = review.model_dump(mode="json", exclude={"review_id"})
        upsert_record(conn, RecordKind.review, {**data, "id": review.review_id, "reviewer_id": user_id})
    new_status = _DECISION_STATUS.get(review.decision)
    current = _submission(conn, review.submission_id)
    if (
        new_status is not None
        and current is not None
        and current["revision"] == review.revision
        and current["status"] == SubmissionStatus.submitted.value
    ):
        set_fields(conn, RecordKind.submission, review.submission_id, status=new_status.value)


def _apply_task(conn: sqlite3.Connection, task: TaskUpsertPayload, user_id: str) -> None:
    changes = task.model_dump(mode="json", include={"title", "description", "due"}, exclude_none=True)
    if _exists(conn, RecordKind.task, task.task_id):
        set_fields(conn, RecordKind.task, task.task_id, **changes)
        return
    upsert_record(
        conn,
        RecordKind.task,
        {
            "title": "",
            **changes,
            "id": task.task_id,
            "created_by": user_id,
            "cohort_id": task.cohort_id,
        },
    )


def undo_locally(conn: sqlite3.Connection, kind: MutationKind, payload: dict[str, Any]) -> None:
    """Take back the local effect of a mutation the server rejected, so the screen shows the truth.

    Rows that exist only because of this mutation (``seq IS NULL``) are removed; a server row it changed
    goes back to the value the mutation started from. A rejected submission's text comes back as a draft
    (see :func:`fieldapp.core.submissions.restore_draft`) so nothing typed is lost.
    """
    if kind is MutationKind.assignment_status:
        status = AssignmentStatusPayload.model_validate(payload)
        if status.base_status is not None:
            set_fields(conn, RecordKind.assignment, status.assignment_id, status=status.base_status.value)
    elif kind is MutationKind.submit:
        submit = SubmitPayload.model_validate(payload)
        conn.execute("DELETE FROM revisions WHERE id = ? AND seq IS NULL", (submit.revision_id,))
        row = conn.execute(
            "SELECT seq, revision FROM submissions WHERE id = ?", (submit.submission_id,)
        ).fetchone()
        if row is not None and row["revision"] == submit.revision:
            if row["seq"] is None:
                conn.execute("DELETE FROM submissions WHERE id = ?", (submit.submission_id,))
            else:
                # A resubmission is only made from ``changes_requested``: that is where it was.
                set_fields(
                    conn,
                    RecordKind.submission,
                    submit.submission_id,
                    revision=submit.revision - 1,
                    status=SubmissionStatus.changes_requested.value,
                )
    elif kind is MutationKind.review:
        review = ReviewPayload.model_validate(payload)
        conn.execute("DELETE FROM reviews WHERE id = ? AND seq IS NULL", (review.review_id,))
        decided = _DECISION_STATUS.get(review.decision)
        current = _submission(conn, review.submission_id)
        if decided is not None and current is not None and current["status"] == decided.value:
            set_fields(
                conn, RecordKind.submission, review.submission_id, status=SubmissionStatus.submitted.value
            )
    elif kind is MutationKind.progress:
        conn.execute("DELETE FROM progress WHERE id = ? AND seq IS NULL", (payload.get("event_id"),))
    elif kind is MutationKind.task_upsert:
        task = TaskUpsertPayload.model_validate(payload)
        conn.execute("DELETE FROM tasks WHERE id = ? AND seq IS NULL", (task.task_id,))
        for base in task.base or []:
            set_fields(conn, RecordKind.task, task.task_id, **{base.field: base.value})

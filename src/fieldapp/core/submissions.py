"""Submissions: autosaved local drafts, then immutable revisions sent through the outbox.

Status flow (enforced here and by the server): draft -> submitted -> approved | changes_requested;
changes_requested -> (new revision) submitted. A submitted revision never changes.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field

from fieldapp.core.clock import now
from fieldapp.core.context import Context
from fieldapp.core.drafts import Draft, delete_draft, load_draft, write_draft
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound
from fieldapp.core.outbox import record_mutation
from fieldapp.protocol import (
    AttachmentRef,
    Decision,
    MutationKind,
    ReviewRecord,
    RevisionRecord,
    Role,
    SubmissionRecord,
    SubmissionStatus,
    SubmitPayload,
    TaskRecord,
    UserRecord,
)

__all__ = ["ReviewView", "SubmissionService", "SubmissionView"]


@dataclass(frozen=True)
class ReviewView:
    id: str
    revision: int
    decision: Decision
    comment: str
    reviewer_id: str
    #: Username (the id when the reviewer is not on this device); ``reviewer_name`` for display.
    reviewer: str
    reviewer_name: str
    created_at: str | None


@dataclass(frozen=True)
class SubmissionView:
    """A submission (or an unsent first draft, with ``status`` draft and ``revision`` 0)."""

    id: str
    task_id: str
    task_title: str
    author_id: str
    #: Username (the id when the author is not on this device); ``author_name`` for display.
    author: str
    author_name: str
    status: SubmissionStatus
    revision: int
    reviews: list[ReviewView] = field(default_factory=list)
    revisions: list[RevisionRecord] = field(default_factory=list)
    #: True while the latest change to it waits in the outbox.
    unsent: bool = False


def _is_assigned(conn: sqlite3.Connection, task: TaskRecord, user: UserRecord) -> bool:
    row = conn.execute(
        "SELECT 1 FROM assignments WHERE task_id = ? AND assignee_id = ?", (task.id, user.id)
    ).fetchone()
    return row is not None or (task.cohort_id is not None and task.cohort_id in user.cohort_ids)


class SubmissionService:
    """Drafts and submissions of the signed-in intern; read access for mentors and coordinators."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # ------------------------------------------------------------------ drafts

    def _task(self, conn: sqlite3.Connection, task_id: str, user: UserRecord) -> TaskRecord:
        row = conn.execute("SELECT data FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            raise NotFound(f"There is no task with id {task_id} on this device.")
        task = TaskRecord.model_validate_json(row["data"])
        if not _is_assigned(conn, task, user):
            raise NotAllowed(f"The task {task.title!r} is not assigned to you.")
        return task

    @staticmethod
    def _own_submission(conn: sqlite3.Connection, task_id: str, user_id: str) -> SubmissionRecord | None:
        row = conn.execute(
            "SELECT data FROM submissions WHERE task_id = ? AND author_id = ? ORDER BY revision DESC LIMIT 1",
            (task_id, user_id),
        ).fetchone()
        return None if row is None else SubmissionRecord.model_validate_json(row["data"])

    def save_draft(self, task_id: str, text: str, attachments: list[AttachmentRef] | None = None) -> Draft:
        """Autosave work in progress on a task (local only; never sent)."""
        user = self._ctx.require_user()
        with self._ctx.store.transaction() as conn:
            self._task(conn, task_id, user)
            existing = self._own_submission(conn, task_id, user.id)
            current = load_draft(conn, task_id, user.id)
            submission_id = (
                existing.id if existing else current.submission_id if current else str(uuid.uuid4())
            )
            return write_draft(conn, task_id, user.id, submission_id, text, list(attachments or []))

    def draft(self, task_id: str) -> Draft | None:
        """The signed-in person's draft on a task, if any."""
        user = self._ctx.require_user()
        with self._ctx.store.reading() as conn:
            return load_draft(conn, task_id, user.id)

    def discard_draft(self, task_id: str) -> None:
        """Throw away the draft on a task."""
        user = self._ctx.require_user()
        with self._ctx.store.transaction() as conn:
            delete_draft(conn, task_id, user.id)

    # ------------------------------------------------------------------ submit

    def submit(
        self, task_id: str, text: str | None = None, attachments: list[AttachmentRef] | None = None
    ) -> tuple[str, int]:
        """Send a new revision (the draft's text and files unless given); return (submission id, revision).

        Revision 1 starts the submission; a further revision only after the mentor asked for changes.
        The revision, its outbox entry, the files to upload and the removal of the draft commit together.
        """
        user = self._ctx.require_user(Role.intern)
        with self._ctx.store.transaction() as conn:
            task = self._task(conn, task_id, user)
            draft = load_draft(conn, task_id, user.id)
            body = text if text is not None else (draft.text if draft else "")
            files = list(attachments) if attachments is not None else (draft.attachments if draft else [])
            if not body.strip() and not files:
                raise InvalidInput("Write something or attach a file before submitting.")
            for ref in files:
                if not self._ctx.blobs.has(ref.sha256):
                    raise InvalidInput(f"The file {ref.name} is not in the file store; attach it again.")
            existing = self._own_submission(conn, task_id, user.id)
            if existing is None:
                submission_id = draft.submission_id if draft else str(uuid.uuid4())
                revision = 1
            elif existing.status is SubmissionStatus.changes_requested:
                submission_id, revision = existing.id, existing.revision + 1
            elif existing.status is SubmissionStatus.approved:
                raise NotAllowed(f"Your submission for {task.title!r} is already approved.")
            else:
                raise NotAllowed(
                    f"You have already submitted {task.title!r}; you can send a new version once your mentor "
                    "asks for changes."
                )
            payload = SubmitPayload(
                submission_id=submission_id,
                task_id=task_id,
                revision_id=str(uuid.uuid4()),
                revision=revision,
                text=body,
                attachments=files,
                submitted_at=now(),
            )
            record_mutation(conn, MutationKind.submit, payload, user.id)
            for ref in files:
                conn.execute(
                    "INSERT OR IGNORE INTO blob_uploads (sha256, name, size, mime, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (ref.sha256, ref.name, ref.size, ref.mime, now().isoformat()),
                )
            delete_draft(conn, task_id, user.id)
        return submission_id, revision

    # ------------------------------------------------------------------ read

    def _view(self, record: SubmissionRecord, unsent_ids: set[str]) -> SubmissionView:
        store = self._ctx.store
        task_row = store.query_one("SELECT title FROM tasks WHERE id = ?", (record.task_id,))
        reviews = [
            ReviewRecord.model_validate_json(r["data"])
            for r in store.query("SELECT data FROM reviews WHERE submission_id = ?", (record.id,))
        ]
        reviews.sort(key=lambda r: (r.revision, r.received_at or r.created_at or now()))
        revisions = [
            RevisionRecord.model_validate_json(r["data"])
            for r in store.query(
                "SELECT data FROM revisions WHERE submission_id = ? ORDER BY revision", (record.id,)
            )
        ]
        return SubmissionView(
            id=record.id,
            task_id=record.task_id,
            task_title=task_row["title"] if task_row else record.task_id,
            author_id=record.author_id,
            author=self._ctx.username(record.author_id),
            author_name=self._ctx.display_name(record.author_id),
            status=record.status,
            revision=record.revision,
            reviews=[
                ReviewView(
                    id=r.id,
                    revision=r.revision,
                    decision=r.decision,
                    comment=r.comment,
                    reviewer_id=r.reviewer_id,
                    reviewer=self._ctx.username(r.reviewer_id),
                    reviewer_name=self._ctx.display_name(r.reviewer_id),
                    created_at=r.created_at.isoformat() if r.created_at else None,
                )
                for r in reviews
            ],
            revisions=revisions,
            unsent=record.id in unsent_ids,
        )

    def _unsent_ids(self) -> set[str]:
        rows = self._ctx.store.query(
            "SELECT json_extract(payload, '$.submission_id') AS sid FROM outbox"
            " WHERE state = 'pending' AND kind IN (?, ?)",
            (MutationKind.submit.value, MutationKind.review.value),
        )
        return {r["sid"] for r in rows}

    def list(self) -> list[SubmissionView]:
        """Submissions on this device (newest first), then the signed-in person's unsent first drafts."""
        unsent = self._unsent_ids()
        rows = self._ctx.store.query("SELECT data FROM submissions")
        records = [SubmissionRecord.model_validate_json(r["data"]) for r in rows]
        records.sort(key=lambda s: (s.updated_at is None, s.updated_at and -s.updated_at.timestamp(), s.id))
        views = [self._view(r, unsent) for r in records]
        me = self._ctx.user()
        if me is not None:
            have = {v.id for v in views}
            for row in self._ctx.store.query(
                "SELECT d.task_id, d.submission_id, t.title FROM drafts d"
                " LEFT JOIN tasks t ON t.id = d.task_id WHERE d.author_id = ? ORDER BY d.updated_at DESC",
                (me.id,),
            ):
                if row["submission_id"] not in have:
                    views.append(
                        SubmissionView(
                            id=row["submission_id"],
                            task_id=row["task_id"],
                            task_title=row["title"] or "",
                            author_id=me.id,
                            author=me.username,
                            author_name=me.display_name or me.username,
                            status=SubmissionStatus.draft,
                            revision=0,
                        )
                    )
        return views

    def get(self, submission_id: str) -> SubmissionView:
        """One submission with its revisions and reviews, or NotFound."""
        row = self._ctx.store.query_one("SELECT data FROM submissions WHERE id = ?", (submission_id,))
        if row is None:
            raise NotFound(f"There is no submission with id {submission_id} on this device.")
        return self._view(SubmissionRecord.model_validate_json(row["data"]), self._unsent_ids())

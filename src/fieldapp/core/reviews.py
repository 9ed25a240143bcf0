"""Mentor reviews: append-only, on one revision; approve / request changes only while submitted."""

from __future__ import annotations

import uuid

from fieldapp.core.clock import now
from fieldapp.core.context import Context
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound
from fieldapp.core.outbox import record_mutation
from fieldapp.core.submissions import SubmissionService, SubmissionView
from fieldapp.protocol import (
    Decision,
    MutationKind,
    ReviewPayload,
    Role,
    SubmissionRecord,
    SubmissionStatus,
    UserRecord,
)

__all__ = ["ReviewService"]


class ReviewService:
    """Review mentees' submissions (mentors; coordinators and admins may review anyone's)."""

    def __init__(self, ctx: Context, submissions: SubmissionService) -> None:
        self._ctx = ctx
        self._submissions = submissions

    def _may_review(self, reviewer: UserRecord, author_id: str) -> bool:
        if reviewer.role in (Role.coordinator, Role.admin):
            return True
        author = self._ctx.stored_user(author_id)
        return author is not None and reviewer.id in author.mentor_ids

    def review(self, submission_id: str, decision: Decision | str, comment: str = "") -> str:
        """Approve, request changes on, or comment on the latest revision; return the review id."""
        try:
            chosen = Decision(decision)
        except ValueError:
            choices = ", ".join(d.value for d in Decision)
            raise InvalidInput(f"{decision!r} is not a review decision; use one of {choices}.") from None
        reviewer = self._ctx.require_user(Role.mentor, Role.coordinator, Role.admin)
        if chosen is not Decision.approve and not comment.strip():
            raise InvalidInput("Add a comment that says what the intern should change or know.")
        with self._ctx.store.transaction() as conn:
            row = conn.execute("SELECT data FROM submissions WHERE id = ?", (submission_id,)).fetchone()
            if row is None:
                raise NotFound(f"There is no submission with id {submission_id} on this device.")
            submission = SubmissionRecord.model_validate_json(row["data"])
            if submission.author_id == reviewer.id:
                raise NotAllowed("You cannot review your own submission.")
            if not self._may_review(reviewer, submission.author_id):
                raise NotAllowed("You can only review work by your own mentees.")
            if chosen is not Decision.comment and submission.status is not SubmissionStatus.submitted:
                raise NotAllowed(
                    f"This submission is {submission.status.value.replace('_', ' ')}; only a revision"
                    " waiting for review can be approved or sent back."
                )
            payload = ReviewPayload(
                review_id=str(uuid.uuid4()),
                submission_id=submission_id,
                revision=submission.revision,
                decision=chosen,
                comment=comment.strip(),
                created_at=now(),
            )
            record_mutation(conn, MutationKind.review, payload, reviewer.id)
        return payload.review_id

    def inbox(self) -> list[SubmissionView]:
        """Submissions waiting for the signed-in reviewer's decision."""
        reviewer = self._ctx.require_user(Role.mentor, Role.coordinator, Role.admin)
        return [
            view
            for view in self._submissions.list()
            if view.status is SubmissionStatus.submitted
            and self._may_review(reviewer, view.author_id)
            and view.author_id != reviewer.id
        ]

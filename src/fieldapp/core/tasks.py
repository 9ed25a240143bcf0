"""Tasks and their assignments; each assignee writes only her own status."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from fieldapp.core.context import Context
from fieldapp.core.errors import InvalidInput, NotAllowed, NotFound
from fieldapp.core.outbox import record_mutation
from fieldapp.protocol import (
    AssignmentRecord,
    AssignmentStatus,
    AssignmentStatusPayload,
    Mutation,
    MutationKind,
    RecordKind,
    Role,
    TaskRecord,
    TaskUpsertPayload,
)

__all__ = ["TaskService", "TaskView"]


@dataclass(frozen=True)
class TaskView:
    """A task as a person sees it. ``status`` is her own status, or a summary for mentors/coordinators."""

    id: str
    title: str
    description: str
    due: date | None
    status: AssignmentStatus
    assignment_id: str | None
    cohort_id: str | None
    assignments: list[AssignmentRecord] = field(default_factory=list)


def _summary(assignments: list[AssignmentRecord]) -> AssignmentStatus:
    statuses = {a.status for a in assignments}
    if not statuses or statuses == {AssignmentStatus.todo}:
        return AssignmentStatus.todo
    if statuses == {AssignmentStatus.done}:
        return AssignmentStatus.done
    return AssignmentStatus.in_progress


class TaskService:
    """List tasks, change one's own status on them, create tasks (coordinators and mentors)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def _view(self, task: TaskRecord, me: str | None) -> TaskView:
        rows = self._ctx.store.query("SELECT data FROM assignments WHERE task_id = ? ORDER BY id", (task.id,))
        assignments = [AssignmentRecord.model_validate_json(r["data"]) for r in rows]
        mine = next((a for a in assignments if a.assignee_id == me), None)
        return TaskView(
            id=task.id,
            title=task.title,
            description=task.description,
            due=task.due,
            status=mine.status if mine else _summary(assignments),
            assignment_id=mine.id if mine else None,
            cohort_id=task.cohort_id,
            assignments=assignments,
        )

    def list(self) -> list[TaskView]:
        """Every task on this device, soonest due first (no due date last)."""
        user = self._ctx.user()
        rows = self._ctx.store.query("SELECT data FROM tasks ORDER BY due IS NULL, due, title")
        return [
            self._view(TaskRecord.model_validate_json(r["data"]), user.id if user else None) for r in rows
        ]

    def get(self, task_id: str) -> TaskView:
        """One task, or NotFound."""
        task = TaskRecord.model_validate_json(self._ctx.require_row(RecordKind.task, task_id, "task"))
        user = self._ctx.user()
        return self._view(task, user.id if user else None)

    def set_status(self, assignment_id: str, status: AssignmentStatus | str) -> Mutation | None:
        """Change the signed-in person's own status on a task; None when it already has that status."""
        try:
            new = AssignmentStatus(status)
        except ValueError:
            choices = ", ".join(s.value for s in AssignmentStatus)
            raise InvalidInput(f"{status!r} is not a task status; use one of {choices}.") from None
        user = self._ctx.require_user()
        with self._ctx.store.transaction() as conn:
            row = conn.execute("SELECT data FROM assignments WHERE id = ?", (assignment_id,)).fetchone()
            if row is None:
                raise NotFound(f"There is no assignment with id {assignment_id} on this device.")
            assignment = AssignmentRecord.model_validate_json(row["data"])
            if assignment.assignee_id != user.id:
                raise NotAllowed("You can only change the status of tasks assigned to you.")
            if assignment.status is new:
                return None
            payload = AssignmentStatusPayload(
                assignment_id=assignment_id, status=new, base_status=self._server_status(conn, assignment)
            )
            return record_mutation(conn, MutationKind.assignment_status, payload, user.id)

    @staticmethod
    def _server_status(conn: sqlite3.Connection, assignment: AssignmentRecord) -> AssignmentStatus:
        """The status as the server last had it: an earlier unsent change keeps the server's base."""
        for row in conn.execute(
            "SELECT payload FROM outbox WHERE kind = ? AND state = 'pending' ORDER BY position",
            (MutationKind.assignment_status.value,),
        ):
            earlier = AssignmentStatusPayload.model_validate(json.loads(row["payload"]))
            if earlier.assignment_id == assignment.id and earlier.base_status is not None:
                return earlier.base_status
        return assignment.status

    def create(
        self,
        title: str,
        description: str = "",
        due: date | None = None,
        intern_ids: Sequence[str] | None = None,
        cohort_id: str | None = None,
    ) -> str:
        """Create a task for some interns or a whole cohort (coordinators and mentors); return its id."""
        user = self._ctx.require_user(Role.coordinator, Role.mentor, Role.admin)
        if not title.strip():
            raise InvalidInput("A task needs a title.")
        if not intern_ids and not cohort_id:
            raise InvalidInput("Say who the task is for: some interns or a cohort.")
        task_id = str(uuid.uuid4())
        payload = TaskUpsertPayload(
            task_id=task_id,
            title=title.strip(),
            description=description,
            due=due,
            intern_ids=list(intern_ids or []),
            cohort_id=cohort_id,
        )
        with self._ctx.store.transaction() as conn:
            record_mutation(conn, MutationKind.task_upsert, payload, user.id)
        return task_id

"""Apply pushed mutations: one transaction per mutation that also records its id and result.

A replay (same mutation id) returns ``duplicate`` with the stored result and changes nothing. Each kind has
a handler that checks permission and state and raises :class:`Rejected` (nothing applied) or returns the
conflicts it found (non-conflicting fields applied, server values kept for the rest).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from fieldapp.protocol import (
    PAYLOAD_MODELS,
    AssignmentStatusPayload,
    ConflictDetail,
    Decision,
    ModuleRecord,
    Mutation,
    MutationEnvelope,
    MutationKind,
    MutationResult,
    MutationStatus,
    ProgressKind,
    ProgressPayload,
    ReviewPayload,
    Role,
    SubmissionStatus,
    SubmitPayload,
    TaskUpsertPayload,
)
from fieldapp.rules.quiz import score_quiz
from fieldapp.server import domain, files, records
from fieldapp.server.context import ServerContext, aware, utcnow
from fieldapp.server.db import changelog
from fieldapp.server.db import tables as t
from fieldapp.server.domain import DomainError
from fieldapp.server.scopes import Principal, can_see_intern

log = logging.getLogger("fieldapp.server.push")


class Rejected(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def apply_mutations(
    ctx: ServerContext, who: Principal, mutations: Sequence[MutationEnvelope]
) -> list[MutationResult]:
    """One result per mutation, in order. A rejected mutation never stops the ones after it."""
    return [apply_one(ctx, who, m) for m in mutations]


def _rejected(mutation_id: str, code: str, reason: str) -> MutationResult:
    return MutationResult(id=mutation_id, status=MutationStatus.rejected, code=code, reason=reason)


def _malformed(mutation_id: str, exc: ValidationError) -> MutationResult:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return _rejected(
        mutation_id, "invalid_payload", f"The change is malformed ({where}: {first.get('msg')})."[:400]
    )


def _parse(envelope: MutationEnvelope) -> Mutation | MutationResult:
    """The mutation, checked on its own: a malformed one becomes its own ``rejected`` result."""
    if isinstance(envelope, Mutation):
        return envelope
    try:
        return Mutation.model_validate(envelope.model_dump())
    except ValidationError as exc:
        return _malformed(envelope.id, exc)


def apply_one(ctx: ServerContext, who: Principal, envelope: MutationEnvelope) -> MutationResult:
    parsed = _parse(envelope)
    if isinstance(parsed, MutationResult):
        return parsed
    mutation = parsed
    for _attempt in range(3):
        try:
            with ctx.engine.begin() as conn:
                stored = _stored(conn, mutation.id)
                if stored is not None:
                    return _as_duplicate(mutation.id, stored, who)
                changelog.defer(conn)
                try:
                    result = _apply_in_savepoint(ctx, conn, who, mutation)
                    conn.execute(
                        t.applied_mutations.insert().values(
                            id=mutation.id,
                            user_id=who.user_id,
                            kind=mutation.kind.value,
                            status=result.status.value,
                            code=result.code,
                            reason=result.reason,
                            conflicts=[c.model_dump(mode="json") for c in result.conflicts] or None,
                            applied_at=utcnow(),
                        )
                    )
                    # Last: the sequence lock is held only for this statement and the commit.
                    changelog.flush_and_commit(conn)
                finally:
                    changelog.stop_deferring(conn)
                return result
        except IntegrityError:
            # The same mutation raced in through another request: its stored result is the answer.
            continue
    raise RuntimeError("mutation could not be recorded")


def _stored(conn: Connection, mutation_id: str) -> Any:
    return (
        conn.execute(select(t.applied_mutations).where(t.applied_mutations.c.id == mutation_id))
        .mappings()
        .first()
    )


def _as_duplicate(mutation_id: str, row: Any, who: Principal) -> MutationResult:
    if row["user_id"] != who.user_id:
        # Never reveal another user's result; a random UUID collision is practically impossible.
        return MutationResult(
            id=mutation_id,
            status=MutationStatus.rejected,
            code="id_in_use",
            reason="This change id was already used by someone else.",
        )
    return MutationResult(
        id=mutation_id,
        status=MutationStatus.duplicate,
        code=row["code"],
        reason=row["reason"],
        conflicts=[ConflictDetail.model_validate(c) for c in (row["conflicts"] or [])],
    )


def _apply_in_savepoint(
    ctx: ServerContext, conn: Connection, who: Principal, mutation: Mutation
) -> MutationResult:
    handler = HANDLERS[mutation.kind]
    try:
        payload = PAYLOAD_MODELS[mutation.kind].model_validate(mutation.payload)
    except ValidationError as exc:
        return _malformed(mutation.id, exc)
    savepoint = conn.begin_nested()
    try:
        conflicts = handler(ctx, conn, who, payload)
    except OperationalError:
        raise  # the database itself is in trouble: the client retries later, nothing is decided
    except Exception as exc:
        savepoint.rollback()
        changelog.discard(conn)
        return _rejected(mutation.id, *_refusal(exc, mutation))
    savepoint.commit()
    if conflicts:
        return MutationResult(id=mutation.id, status=MutationStatus.conflict, conflicts=conflicts)
    return MutationResult(id=mutation.id, status=MutationStatus.applied)


def _refusal(exc: Exception, mutation: Mutation) -> tuple[str, str]:
    """(code, reason) of a mutation whose handler raised ``exc`` (its work already rolled back)."""
    if isinstance(exc, Rejected):
        return exc.code, exc.reason
    if isinstance(exc, DomainError):
        return exc.code, exc.message
    if isinstance(exc, DataError):  # e.g. a NUL character, which PostgreSQL text cannot hold
        return "invalid_payload", "The change holds characters or values that cannot be stored."
    if isinstance(exc, IntegrityError):  # an id in the payload clashes with a record the checks missed
        return "invalid_state", "An id in this change is already used by another record."
    # A bug of ours must not block her outbox behind this change: refuse it (she sees why and can send it
    # again) and keep the trace for us.
    log.error("push handler failed", exc_info=exc, extra={"fields": {"kind": mutation.kind.value}})
    return (
        "server_error",
        "The server could not process this change. It was kept on your device; tell your coordinator.",
    )


# ---------------------------------------------------------------- handlers


def _assignment_status(ctx: ServerContext, conn: Connection, who: Principal, p: Any) -> list[ConflictDetail]:
    assert isinstance(p, AssignmentStatusPayload)
    row = conn.execute(select(t.assignments).where(t.assignments.c.id == p.assignment_id)).mappings().first()
    if row is None or row["assignee_id"] != who.user_id:
        raise Rejected("not_found", "This task is not assigned to you.")
    if p.base_status is not None and row["status"] != p.base_status.value and row["status"] != p.status.value:
        return [
            ConflictDetail(
                field="status",
                server_value=row["status"],
                client_value=p.status.value,
                server_changed_at=aware(row["updated_at"]),
            )
        ]
    if row["status"] != p.status.value:
        conn.execute(
            t.assignments.update()
            .where(t.assignments.c.id == p.assignment_id)
            .values(status=p.status.value, updated_at=utcnow())
        )
        records.emit_assignment(conn, p.assignment_id)
    return []


def _submit(ctx: ServerContext, conn: Connection, who: Principal, p: Any) -> list[ConflictDetail]:
    assert isinstance(p, SubmitPayload)
    too_big = [a.name for a in p.attachments if a.size > ctx.config.max_blob_size]
    if too_big:
        raise Rejected(
            "too_large",
            f"Files may be at most {ctx.config.max_blob_size // (1024 * 1024)} MB: {', '.join(too_big)}.",
        )
    assigned = conn.execute(
        select(t.assignments.c.id).where(
            t.assignments.c.task_id == p.task_id, t.assignments.c.assignee_id == who.user_id
        )
    ).first()
    if not assigned:
        raise Rejected("not_allowed", "You can only submit work for a task assigned to you.")
    sub = conn.execute(select(t.submissions).where(t.submissions.c.id == p.submission_id)).mappings().first()
    now = utcnow()
    if sub is None:
        if p.revision != 1:
            raise Rejected("invalid_state", "The server has no earlier revision of this submission.")
        conn.execute(
            t.submissions.insert().values(
                id=p.submission_id,
                task_id=p.task_id,
                author_id=who.user_id,
                status=SubmissionStatus.submitted.value,
                revision=1,
                updated_at=now,
            )
        )
    else:
        if sub["author_id"] != who.user_id or sub["task_id"] != p.task_id:
            raise Rejected("not_allowed", "This submission belongs to someone else or another task.")
        if p.revision != sub["revision"] + 1 or sub["status"] != SubmissionStatus.changes_requested.value:
            raise Rejected(
                "invalid_state",
                f"Revision {p.revision} cannot be submitted: the submission is at revision {sub['revision']} "
                f"and {sub['status'].replace('_', ' ')}.",
            )
        conn.execute(
            t.submissions.update()
            .where(t.submissions.c.id == p.submission_id)
            .values(status=SubmissionStatus.submitted.value, revision=p.revision, updated_at=now)
        )
    if conn.execute(select(t.revisions.c.id).where(t.revisions.c.id == p.revision_id)).first():
        raise Rejected("invalid_state", "This revision was already submitted.")
    conn.execute(
        t.revisions.insert().values(
            id=p.revision_id,
            submission_id=p.submission_id,
            revision=p.revision,
            text=p.text,
            attachments=[a.model_dump(mode="json") for a in p.attachments],
            submitted_at=p.submitted_at,
            received_at=now,
        )
    )
    # She names these files; the names reach them only if she holds them (fieldapp.server.files).
    scope = records.intern_scope(who.user_id)
    for att in p.attachments:
        files.add_reference(conn, att.sha256, scope, who.user_id)
    records.emit_submission(conn, p.submission_id)
    records.emit_revision(conn, p.revision_id, who.user_id)
    return []


def _review(ctx: ServerContext, conn: Connection, who: Principal, p: Any) -> list[ConflictDetail]:
    assert isinstance(p, ReviewPayload)
    sub = conn.execute(select(t.submissions).where(t.submissions.c.id == p.submission_id)).mappings().first()
    if sub is None or not can_see_intern(conn, who, sub["author_id"]):
        raise Rejected("not_found", "This submission does not exist or is not one you review.")
    if who.role == Role.intern:
        raise Rejected("not_allowed", "Only mentors and coordinators review work.")
    if p.revision > sub["revision"]:
        raise Rejected("invalid_state", f"Revision {p.revision} has not been submitted.")
    if p.decision != Decision.comment:
        if p.revision != sub["revision"] or sub["status"] != SubmissionStatus.submitted.value:
            raise Rejected(
                "invalid_state",
                f"Revision {p.revision} cannot be decided: the submission is at revision {sub['revision']} "
                f"and {sub['status'].replace('_', ' ')}.",
            )
        new_status = (
            SubmissionStatus.approved
            if p.decision == Decision.approve
            else SubmissionStatus.changes_requested
        )
        conn.execute(
            t.submissions.update()
            .where(t.submissions.c.id == p.submission_id)
            .values(status=new_status.value, updated_at=utcnow())
        )
    if conn.execute(select(t.reviews.c.id).where(t.reviews.c.id == p.review_id)).first():
        raise Rejected("invalid_state", "This review was already recorded.")
    conn.execute(
        t.reviews.insert().values(
            id=p.review_id,
            submission_id=p.submission_id,
            revision=p.revision,
            reviewer_id=who.user_id,
            decision=p.decision.value,
            comment=p.comment,
            created_at=p.created_at,
            received_at=utcnow(),
        )
    )
    if p.decision != Decision.comment:
        records.emit_submission(conn, p.submission_id)
    records.emit_review(conn, p.review_id, sub["author_id"])
    return []


def _progress(ctx: ServerContext, conn: Connection, who: Principal, p: Any) -> list[ConflictDetail]:
    assert isinstance(p, ProgressPayload)
    if who.role != Role.intern:
        raise Rejected("not_allowed", "Training progress is recorded for interns.")
    existing = conn.execute(select(t.progress.c.user_id).where(t.progress.c.id == p.event_id)).first()
    if existing is not None:
        if existing[0] != who.user_id:
            raise Rejected("not_allowed", "This progress event belongs to someone else.")
        return []  # append-only: the same event again changes nothing
    visible = conn.execute(
        select(t.module_cohorts.c.module_id)
        .join(t.cohort_members, t.cohort_members.c.cohort_id == t.module_cohorts.c.cohort_id)
        .where(t.module_cohorts.c.module_id == p.module_id, t.cohort_members.c.user_id == who.user_id)
    ).first()
    if not visible:
        raise Rejected("not_found", "This training module is not published to your cohort.")
    module = _published_version(conn, p.module_id, p.module_version)
    score, passed = p.score, p.passed
    if p.kind == ProgressKind.quiz_attempt:
        if module.quiz is None:
            raise Rejected("invalid_input", "This version of the module has no quiz.")
        # The device's own score is only a hint for offline display: the answer key decides.
        graded = score_quiz(module.quiz, p.answers or {})
        score, passed = graded.score, graded.passed
    elif p.lesson_id is None or p.lesson_id not in {lesson.id for lesson in module.lessons}:
        raise Rejected("invalid_input", "This lesson is not part of that version of the module.")
    else:
        score, passed = None, None
    conn.execute(
        t.progress.insert().values(
            id=p.event_id,
            user_id=who.user_id,
            module_id=p.module_id,
            module_version=p.module_version,
            kind=p.kind.value,
            lesson_id=p.lesson_id,
            answers=p.answers if p.kind == ProgressKind.quiz_attempt else None,
            score=score,
            passed=passed,
            device_time=p.device_time,
            received_at=utcnow(),
        )
    )
    records.emit_progress(conn, p.event_id)
    return []


def _published_version(conn: Connection, module_id: str, version: int) -> ModuleRecord:
    data = conn.execute(
        select(t.module_versions.c.data).where(
            t.module_versions.c.module_id == module_id, t.module_versions.c.version == version
        )
    ).scalar()
    if data is None:
        raise Rejected("not_found", f"Version {version} of this training module was never published.")
    try:
        return ModuleRecord.model_validate(data)
    except ValidationError:
        raise Rejected("invalid_state", "This version of the training module cannot be read.") from None


_TASK_FIELDS = ("title", "description", "due")


def _task_upsert(ctx: ServerContext, conn: Connection, who: Principal, p: Any) -> list[ConflictDetail]:
    assert isinstance(p, TaskUpsertPayload)
    if who.role == Role.intern:
        raise Rejected("not_allowed", "Only mentors and coordinators create or edit tasks.")
    if who.role == Role.mentor:
        if p.cohort_id:
            raise Rejected("not_allowed", "Mentors assign tasks to their mentees, not to whole cohorts.")
        for iid in p.intern_ids:
            if not can_see_intern(conn, who, iid):
                raise Rejected("not_allowed", "Mentors assign tasks only to their own mentees.")
    row = conn.execute(select(t.tasks).where(t.tasks.c.id == p.task_id)).mappings().first()
    if row is None or row["deleted"]:
        if row is not None:
            raise Rejected("not_found", "This task was deleted.")
        if p.base is not None:
            raise Rejected("not_found", "This task does not exist on the server.")
        domain.create_task(
            conn,
            p.title or "",
            created_by=who.user_id,
            intern_ids=p.intern_ids,
            cohort_id=p.cohort_id,
            due=p.due,
            description=p.description or "",
            task_id=p.task_id,
        )
        return []
    if who.role == Role.mentor and row["created_by"] != who.user_id:
        raise Rejected("not_allowed", "Mentors edit only the tasks they created.")
    if p.base is None:
        raise Rejected("already_exists", "A task with this id already exists.")
    base = {b.field: b.value for b in p.base}
    wanted = {f: getattr(p, f) for f in _TASK_FIELDS if getattr(p, f) is not None}
    server = {
        "title": row["title"],
        "description": row["description"],
        "due": row["due"].isoformat() if row["due"] else None,
    }
    conflicts: list[ConflictDetail] = []
    changes: dict[str, Any] = {}
    for name, value in wanted.items():
        client_json = value.isoformat() if name == "due" else value
        if name in base and base[name] != server[name] and server[name] != client_json:
            conflicts.append(
                ConflictDetail(
                    field=name,
                    server_value=server[name],
                    client_value=client_json,
                    server_author=row["updated_by"],
                    server_changed_at=aware(row["updated_at"]),
                )
            )
        elif server[name] != client_json:
            changes[name] = value
    if changes:
        conn.execute(
            t.tasks.update()
            .where(t.tasks.c.id == p.task_id)
            .values(**changes, updated_by=who.user_id, updated_at=utcnow())
        )
        records.emit_task(conn, p.task_id)
    if p.intern_ids and not row["cohort_id"]:
        domain.assign_task(conn, p.task_id, p.intern_ids)
    return conflicts


HANDLERS: dict[MutationKind, Callable[[ServerContext, Connection, Principal, Any], list[ConflictDetail]]] = {
    MutationKind.assignment_status: _assignment_status,
    MutationKind.submit: _submit,
    MutationKind.review: _review,
    MutationKind.progress: _progress,
    MutationKind.task_upsert: _task_upsert,
}

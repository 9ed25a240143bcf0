"""Writes shared by the admin commands, the HTTP endpoints and push: each takes an open transaction and
emits the changes devices must hear about. Raise :class:`DomainError` (a sentence for a person) on bad input.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from fieldapp.protocol import AssignmentStatus, ModuleRecord, Role
from fieldapp.server import files, records
from fieldapp.server.context import utcnow
from fieldapp.server.db import tables as t

_NS = uuid.UUID("6f1c2b0e-7d55-4a43-9a8e-2f7f3f0f2a11")


class DomainError(Exception):
    """Bad input or state; ``code`` is stable, the message is for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def assignment_id(task_id: str, assignee_id: str) -> str:
    """Deterministic, so the same assignment gets the same id on every path that creates it."""
    return str(uuid.uuid5(_NS, f"assignment:{task_id}:{assignee_id}"))


def user_by_name(conn: Connection, username: str) -> Any:
    row = conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
    if row is None:
        raise DomainError("not_found", f"There is no user called {username!r}.")
    return row


def cohort_by_name_or_id(conn: Connection, name: str) -> Any:
    row = (
        conn.execute(select(t.cohorts).where((t.cohorts.c.name == name) | (t.cohorts.c.id == name)))
        .mappings()
        .first()
    )
    if row is None:
        raise DomainError("not_found", f"There is no cohort called {name!r}.")
    return row


def create_cohort(conn: Connection, name: str, cohort_id: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise DomainError("invalid_input", "A cohort needs a name.")
    if conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.name == name)).first():
        raise DomainError("already_exists", f"A cohort called {name!r} already exists.")
    cid = cohort_id or str(uuid.uuid4())
    conn.execute(t.cohorts.insert().values(id=cid, name=name, created_at=utcnow()))
    records.emit_cohort(conn, cid)
    return cid


def create_user(
    conn: Connection,
    username: str,
    role: Role | str,
    *,
    password_hash: str | None = None,
    display_name: str = "",
    user_id: str | None = None,
) -> str:
    username = username.strip()
    if not username or len(username) > 150 or any(ch.isspace() for ch in username):
        raise DomainError("invalid_input", "A username must be 1-150 characters without spaces.")
    try:
        role = Role(role)
    except ValueError:
        raise DomainError(
            "invalid_input", f"Unknown role {role!r}; use intern, mentor, coordinator or admin."
        ) from None
    if conn.execute(select(t.users.c.id).where(t.users.c.username == username)).first():
        raise DomainError("already_exists", f"A user called {username!r} already exists.")
    uid = user_id or str(uuid.uuid4())
    conn.execute(
        t.users.insert().values(
            id=uid,
            username=username,
            display_name=display_name or username,
            role=role.value,
            password_hash=password_hash,
            active=True,
            created_at=utcnow(),
        )
    )
    records.emit_user(conn, uid)
    return uid


def add_member(conn: Connection, user_id: str, cohort_id: str) -> None:
    """Put a user in a cohort; an intern gets every task already assigned to the cohort."""
    exists = conn.execute(
        select(t.cohort_members).where(
            t.cohort_members.c.user_id == user_id, t.cohort_members.c.cohort_id == cohort_id
        )
    ).first()
    if exists:
        return
    conn.execute(t.cohort_members.insert().values(user_id=user_id, cohort_id=cohort_id))
    records.emit_user(conn, user_id)
    role = conn.execute(select(t.users.c.role).where(t.users.c.id == user_id)).scalar_one()
    if role == Role.intern:
        for task_id in conn.execute(
            select(t.tasks.c.id).where(t.tasks.c.cohort_id == cohort_id, t.tasks.c.deleted.is_(False))
        ).scalars():
            _ensure_assignment(conn, task_id, user_id)


def assign_mentor(conn: Connection, mentor_id: str, intern_id: str) -> None:
    roles = dict(
        conn.execute(
            select(t.users.c.id, t.users.c.role).where(t.users.c.id.in_([mentor_id, intern_id]))
        ).all()
    )
    if roles.get(mentor_id) not in (Role.mentor, Role.coordinator, Role.admin):
        raise DomainError("invalid_input", "Only a mentor can be assigned as a mentor.")
    if roles.get(intern_id) != Role.intern:
        raise DomainError("invalid_input", "Mentors are assigned to interns.")
    exists = conn.execute(
        select(t.mentorships).where(
            t.mentorships.c.mentor_id == mentor_id, t.mentorships.c.intern_id == intern_id
        )
    ).first()
    if exists:
        return
    conn.execute(t.mentorships.insert().values(mentor_id=mentor_id, intern_id=intern_id))
    records.emit_user(conn, intern_id)


def unassign_mentor(conn: Connection, mentor_id: str, intern_id: str) -> None:
    conn.execute(
        t.mentorships.delete().where(
            t.mentorships.c.mentor_id == mentor_id, t.mentorships.c.intern_id == intern_id
        )
    )
    records.emit_user(conn, intern_id)


def _ensure_assignment(conn: Connection, task_id: str, intern_id: str) -> bool:
    aid = assignment_id(task_id, intern_id)
    if conn.execute(select(t.assignments.c.id).where(t.assignments.c.id == aid)).first():
        return False
    conn.execute(
        t.assignments.insert().values(
            id=aid,
            task_id=task_id,
            assignee_id=intern_id,
            status=AssignmentStatus.todo.value,
            updated_at=utcnow(),
        )
    )
    records.emit_assignment(conn, aid)
    return True


def create_task(
    conn: Connection,
    title: str,
    *,
    created_by: str | None,
    intern_ids: list[str] | None = None,
    cohort_id: str | None = None,
    due: date | None = None,
    description: str = "",
    task_id: str | None = None,
) -> str:
    """A task for a whole cohort (``cohort_id``) or for some interns (``intern_ids``)."""
    title = (title or "").strip()
    if not title:
        raise DomainError("invalid_input", "A task needs a title.")
    if bool(cohort_id) == bool(intern_ids):
        raise DomainError(
            "invalid_input", "Assign a task either to a cohort or to interns, not both or neither."
        )
    tid = task_id or str(uuid.uuid4())
    if conn.execute(select(t.tasks.c.id).where(t.tasks.c.id == tid)).first():
        raise DomainError("already_exists", "A task with this id already exists.")
    if cohort_id and not conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.id == cohort_id)).first():
        raise DomainError("not_found", "That cohort does not exist.")
    interns = _check_interns(conn, intern_ids or [])
    now = utcnow()
    conn.execute(
        t.tasks.insert().values(
            id=tid,
            title=title,
            description=description or "",
            due=due,
            created_by=created_by,
            cohort_id=cohort_id,
            created_at=now,
            updated_by=created_by,
            updated_at=now,
            deleted=False,
        )
    )
    if cohort_id:
        members = conn.execute(
            select(t.cohort_members.c.user_id)
            .join(t.users, t.users.c.id == t.cohort_members.c.user_id)
            .where(t.cohort_members.c.cohort_id == cohort_id, t.users.c.role == Role.intern.value)
        ).scalars()
        interns = list(members)
    for intern in interns:
        conn.execute(
            t.assignments.insert().values(
                id=assignment_id(tid, intern),
                task_id=tid,
                assignee_id=intern,
                status=AssignmentStatus.todo.value,
                updated_at=now,
            )
        )
    # The task first (its scopes come from the assignments), then the assignments.
    records.emit_task(conn, tid)
    for intern in interns:
        records.emit_assignment(conn, assignment_id(tid, intern))
    return tid


def _check_interns(conn: Connection, intern_ids: list[str]) -> list[str]:
    unique = list(dict.fromkeys(intern_ids))
    found = dict(conn.execute(select(t.users.c.id, t.users.c.role).where(t.users.c.id.in_(unique))).all())
    for iid in unique:
        if found.get(iid) != Role.intern:
            raise DomainError("invalid_input", f"{iid!r} is not an intern.")
    return unique


def assign_task(conn: Connection, task_id: str, intern_ids: list[str]) -> list[str]:
    """Give an existing personal task to more interns; returns the new assignment ids."""
    task = (
        conn.execute(select(t.tasks).where(t.tasks.c.id == task_id, t.tasks.c.deleted.is_(False)))
        .mappings()
        .first()
    )
    if task is None:
        raise DomainError("not_found", "That task does not exist.")
    if task["cohort_id"]:
        raise DomainError(
            "invalid_state", "This task belongs to a whole cohort; every member already has it."
        )
    created = [
        assignment_id(task_id, i)
        for i in _check_interns(conn, intern_ids)
        if _ensure_assignment(conn, task_id, i)
    ]
    if created:
        records.emit_task(conn, task_id)
        for aid in created:
            records.emit_assignment(conn, aid)
    return created


def delete_task(conn: Connection, task_id: str) -> None:
    """Remove a task and its assignments (devices get tombstones)."""
    from fieldapp.server.db import changelog

    conn.execute(t.tasks.update().where(t.tasks.c.id == task_id).values(deleted=True, updated_at=utcnow()))
    for aid in conn.execute(select(t.assignments.c.id).where(t.assignments.c.task_id == task_id)).scalars():
        changelog.tombstone(conn, "assignment", aid)
    changelog.tombstone(conn, "task", task_id)


# ---------------------------------------------------------------- modules


def save_module_draft(conn: Connection, draft: dict[str, Any], *, by: str | None) -> str:
    """Create or replace a module's draft. ``draft`` has ModuleRecord's content fields."""
    module_id = draft.get("id") or str(uuid.uuid4())
    clean = _validate_draft({**draft, "id": module_id})
    now = utcnow()
    exists = conn.execute(select(t.modules.c.id).where(t.modules.c.id == module_id)).first()
    if exists:
        conn.execute(
            t.modules.update().where(t.modules.c.id == module_id).values(draft=clean, updated_at=now)
        )
    else:
        conn.execute(
            t.modules.insert().values(
                id=module_id, draft=clean, latest_version=0, created_by=by, created_at=now, updated_at=now
            )
        )
    return module_id


def _validate_draft(draft: dict[str, Any]) -> dict[str, Any]:
    try:
        rec = ModuleRecord.model_validate({**draft, "version": 1})
    except ValueError as exc:
        raise DomainError("invalid_input", f"The module is not valid: {exc}") from None
    if not rec.title.strip():
        raise DomainError("invalid_input", "A module needs a title.")
    data = rec.model_dump(mode="json", exclude={"version", "cohort_ids", "published_at"})
    return data


def publish_module(
    conn: Connection,
    module_id: str,
    cohort_ids: list[str],
    *,
    by: str | None,
    holds_asset: Callable[[str], bool],
    referrer: str,
) -> int:
    """Freeze the current draft as a new immutable version and publish it to ``cohort_ids`` (added to the
    cohorts it already had). ``holds_asset(sha)`` checks the publisher uploaded every asset (so a module
    cannot carry someone else's file to a cohort); the assets are referenced as ``referrer``'s (see
    :mod:`fieldapp.server.files`). Returns the version."""
    row = conn.execute(select(t.modules).where(t.modules.c.id == module_id)).mappings().first()
    if row is None:
        raise DomainError("not_found", "That module does not exist.")
    for cid in cohort_ids:
        if not conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.id == cid)).first():
            raise DomainError("not_found", f"Cohort {cid!r} does not exist.")
    draft = dict(row["draft"])
    missing = [a["name"] for a in draft.get("assets", []) if not holds_asset(a["sha256"])]
    if missing:
        raise DomainError("missing_assets", "Upload these assets before publishing: " + ", ".join(missing))
    version = int(row["latest_version"]) + 1
    now = utcnow()
    data = {**draft, "version": version, "published_at": now.isoformat()}
    conn.execute(
        t.module_versions.insert().values(
            module_id=module_id, version=version, data=data, published_by=by, published_at=now
        )
    )
    conn.execute(
        t.modules.update().where(t.modules.c.id == module_id).values(latest_version=version, updated_at=now)
    )
    have = set(
        conn.execute(
            select(t.module_cohorts.c.cohort_id).where(t.module_cohorts.c.module_id == module_id)
        ).scalars()
    )
    for cid in cohort_ids:
        if cid not in have:
            conn.execute(t.module_cohorts.insert().values(module_id=module_id, cohort_id=cid))
    for asset in draft.get("assets", []):
        files.add_reference(conn, asset["sha256"], records.module_scope(module_id), referrer)
    records.emit_module(conn, module_id)
    return version

"""Who may see what: the scopes of a user (see docs/sync-protocol.md, "Scopes").

Coordinators and admins see everything; that is the single scope ``*`` (it keeps their cursor small).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from fieldapp.protocol import Role
from fieldapp.server.db import tables as t
from fieldapp.server.records import cohort_scope, intern_scope, module_scope, user_scope

ALL = "*"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user, through one device."""

    user_id: str
    username: str
    role: Role
    device_row_id: str | None = None
    device_id: str | None = None
    # The admin ordered this device wiped; pull tells it so.
    wipe: bool = False

    @property
    def is_staff(self) -> bool:
        """Coordinators and admins: they see all data."""
        return self.role in (Role.coordinator, Role.admin)


def mentees(conn: Connection, mentor_id: str) -> list[str]:
    return list(
        conn.execute(
            select(t.mentorships.c.intern_id).where(t.mentorships.c.mentor_id == mentor_id)
        ).scalars()
    )


def _cohorts_of(conn: Connection, user_ids: list[str]) -> set[str]:
    if not user_ids:
        return set()
    return set(
        conn.execute(
            select(t.cohort_members.c.cohort_id).where(t.cohort_members.c.user_id.in_(user_ids))
        ).scalars()
    )


def _modules_of(conn: Connection, cohort_ids: set[str]) -> set[str]:
    if not cohort_ids:
        return set()
    return set(
        conn.execute(
            select(t.module_cohorts.c.module_id).where(t.module_cohorts.c.cohort_id.in_(sorted(cohort_ids)))
        ).scalars()
    )


def user_scopes(conn: Connection, who: Principal) -> set[str]:
    """Every scope ``who`` may see right now."""
    if who.is_staff:
        return {ALL}
    scopes = {user_scope(who.user_id)}
    if who.role == Role.intern:
        scopes.add(intern_scope(who.user_id))
        mentors = conn.execute(
            select(t.mentorships.c.mentor_id).where(t.mentorships.c.intern_id == who.user_id)
        )
        scopes.update(user_scope(m) for m in mentors.scalars())
        cohorts = _cohorts_of(conn, [who.user_id])
    else:  # mentor
        interns = mentees(conn, who.user_id)
        scopes.update(intern_scope(i) for i in interns)
        scopes.update(user_scope(i) for i in interns)
        cohorts = _cohorts_of(conn, [*interns, who.user_id])
    scopes.update(cohort_scope(c) for c in cohorts)
    scopes.update(module_scope(m) for m in _modules_of(conn, cohorts))
    return scopes


def can_see(scopes: set[str], scope: str) -> bool:
    return ALL in scopes or scope in scopes


def can_see_intern(conn: Connection, who: Principal, intern_id: str) -> bool:
    """The intern herself, her mentors, coordinators and admins."""
    if who.is_staff or who.user_id == intern_id:
        return True
    if who.role != Role.mentor:
        return False
    return (
        conn.execute(
            select(t.mentorships.c.mentor_id).where(
                t.mentorships.c.mentor_id == who.user_id, t.mentorships.c.intern_id == intern_id
            )
        ).first()
        is not None
    )

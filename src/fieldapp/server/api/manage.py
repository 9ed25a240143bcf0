"""Coordinator, mentor and admin endpoints used by the desktop app: users, cohorts, modules (drafts and
publishing), tasks, devices, enrollment, the cohort dashboard and CSV exports.

Rules: interns may use none of these except their own devices; mentors see and act on their mentees only;
coordinators and admins on everything; creating users and enrollment codes is for admins.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import PlainTextResponse
from pydantic import ValidationError
from sqlalchemy import Connection, select

from fieldapp.protocol import CohortRecord, Role, TaskRecord, UserRecord
from fieldapp.server import admin, devices, domain, files, records
from fieldapp.server.api.deps import STAFF, Caller, Ctx, SyncCaller, require
from fieldapp.server.api.errors import ApiError
from fieldapp.server.db import tables as t
from fieldapp.server.schemas import (
    AssignResponse,
    CohortCreate,
    CohortDashboard,
    DeviceOut,
    EnrollmentCreate,
    EnrollmentOut,
    InternProgress,
    MemberAdd,
    MentorshipCreate,
    ModuleDetail,
    ModuleDraft,
    ModuleSummary,
    PublishRequest,
    PublishResponse,
    TaskAssign,
    TaskCreate,
    UserCreate,
)
from fieldapp.server.scopes import Principal, can_see_intern, mentees
from fieldapp.server.security import hash_password

router = APIRouter()
Id = Annotated[str, Path(max_length=64)]


def _not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"No such {what}, or it is not yours to see.")


# ---------------------------------------------------------------- users and cohorts


@router.get("/users", response_model=list[UserRecord], tags=["people"])
def list_users(who: Caller, ctx: Ctx) -> list[UserRecord]:
    """Everyone (coordinators, admins) or yourself and your mentees (mentors)."""
    require(who, Role.mentor, *STAFF)
    with ctx.engine.connect() as conn:
        if who.is_staff:
            ids = list(conn.execute(select(t.users.c.id).order_by(t.users.c.username)).scalars())
        else:
            ids = [who.user_id, *mentees(conn, who.user_id)]
        return [records.user_record(conn, uid) for uid in ids]


@router.post("/users", response_model=UserRecord, status_code=201, tags=["people"])
def create_user(body: UserCreate, who: Caller, ctx: Ctx) -> UserRecord:
    """Create a user (admins only)."""
    require(who, Role.admin)
    with ctx.engine.begin() as conn:
        uid = domain.create_user(
            conn,
            body.username,
            body.role,
            display_name=body.display_name,
            password_hash=hash_password(body.password) if body.password else None,
        )
        if body.cohort_id:
            _cohort_row(conn, body.cohort_id)
            domain.add_member(conn, uid, body.cohort_id)
        return records.user_record(conn, uid)


@router.get("/cohorts", response_model=list[CohortRecord], tags=["people"])
def list_cohorts(who: Caller, ctx: Ctx) -> list[CohortRecord]:
    """All cohorts (coordinators, admins) or those of you and your mentees (mentors)."""
    require(who, Role.mentor, *STAFF)
    with ctx.engine.connect() as conn:
        query = select(t.cohorts).order_by(t.cohorts.c.name)
        if not who.is_staff:
            members = [who.user_id, *mentees(conn, who.user_id)]
            query = query.where(
                t.cohorts.c.id.in_(
                    select(t.cohort_members.c.cohort_id).where(t.cohort_members.c.user_id.in_(members))
                )
            )
        return [CohortRecord(id=r["id"], name=r["name"]) for r in conn.execute(query).mappings()]


@router.post("/cohorts", response_model=CohortRecord, status_code=201, tags=["people"])
def create_cohort(body: CohortCreate, who: Caller, ctx: Ctx) -> CohortRecord:
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        cid = domain.create_cohort(conn, body.name)
    return CohortRecord(id=cid, name=body.name.strip())


def _cohort_row(conn: Connection, cohort_id: str) -> Any:
    row = conn.execute(select(t.cohorts).where(t.cohorts.c.id == cohort_id)).mappings().first()
    if row is None:
        raise _not_found("cohort")
    return row


def _user_row(conn: Connection, user_id: str) -> Any:
    row = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
    if row is None:
        raise _not_found("user")
    return row


@router.post("/cohorts/{cohort_id}/members", status_code=204, tags=["people"])
def add_member(cohort_id: Id, body: MemberAdd, who: Caller, ctx: Ctx) -> None:
    """Put a user in a cohort (coordinators, admins)."""
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        _cohort_row(conn, cohort_id)
        _user_row(conn, body.user_id)
        domain.add_member(conn, body.user_id, cohort_id)


@router.post("/mentorships", status_code=204, tags=["people"])
def add_mentorship(body: MentorshipCreate, who: Caller, ctx: Ctx) -> None:
    """Assign a mentor to an intern (coordinators, admins)."""
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        _user_row(conn, body.mentor_id)
        _user_row(conn, body.intern_id)
        domain.assign_mentor(conn, body.mentor_id, body.intern_id)


@router.get("/cohorts/{cohort_id}/dashboard", response_model=CohortDashboard, tags=["people"])
def dashboard(cohort_id: Id, who: Caller, ctx: Ctx) -> CohortDashboard:
    """Submissions by status and training completion per intern (mentors: their mentees only)."""
    require(who, Role.mentor, *STAFF)
    with ctx.engine.connect() as conn:
        cohort = _cohort_row(conn, cohort_id)
        interns = list(
            conn.execute(
                select(t.users.c.id, t.users.c.username, t.users.c.display_name)
                .join(t.cohort_members, t.cohort_members.c.user_id == t.users.c.id)
                .where(t.cohort_members.c.cohort_id == cohort_id, t.users.c.role == Role.intern.value)
                .order_by(t.users.c.username)
            ).mappings()
        )
        if not who.is_staff:
            mine = set(mentees(conn, who.user_id))
            interns = [i for i in interns if i["id"] in mine]
            if not interns:
                raise _not_found("cohort")
        return _dashboard(conn, cohort, interns)


def _dashboard(conn: Connection, cohort: Any, interns: list[Any]) -> CohortDashboard:
    ids = [i["id"] for i in interns]
    module_ids = list(
        conn.execute(
            select(t.module_cohorts.c.module_id).where(t.module_cohorts.c.cohort_id == cohort["id"])
        ).scalars()
    )
    lessons: set[tuple[str, str]] = set()
    for mid in module_ids:
        data = records.module_record_data(conn, mid) or {}
        lessons.update((mid, lesson["id"]) for lesson in data.get("lessons", []))
    subs: dict[str, Counter[str]] = {i: Counter() for i in ids}
    total: Counter[str] = Counter()
    for author, status in conn.execute(
        select(t.submissions.c.author_id, t.submissions.c.status).where(t.submissions.c.author_id.in_(ids))
    ):
        subs[author][status] += 1
        total[status] += 1
    done: dict[str, set[tuple[str, str]]] = {i: set() for i in ids}
    passed: dict[str, set[str]] = {i: set() for i in ids}
    if module_ids and ids:
        for user, mid, kind, lesson, ok in conn.execute(
            select(
                t.progress.c.user_id,
                t.progress.c.module_id,
                t.progress.c.kind,
                t.progress.c.lesson_id,
                t.progress.c.passed,
            ).where(t.progress.c.user_id.in_(ids), t.progress.c.module_id.in_(module_ids))
        ):
            if kind == "lesson_completed" and (mid, lesson) in lessons:
                done[user].add((mid, lesson))
            elif kind == "quiz_attempt" and ok:
                passed[user].add(mid)
    tasks = conn.execute(
        select(t.tasks.c.id).where(t.tasks.c.cohort_id == cohort["id"], t.tasks.c.deleted.is_(False))
    ).all()
    return CohortDashboard(
        cohort_id=cohort["id"],
        name=cohort["name"],
        submissions_by_status=dict(total),
        tasks=len(tasks),
        modules=len(module_ids),
        interns=[
            InternProgress(
                user_id=i["id"],
                username=i["username"],
                display_name=i["display_name"] or i["username"],
                submissions=dict(subs[i["id"]]),
                lessons_completed=len(done[i["id"]]),
                lessons_total=len(lessons),
                quizzes_passed=len(passed[i["id"]]),
                completion=round(len(done[i["id"]]) / len(lessons), 4) if lessons else 0.0,
            )
            for i in interns
        ],
    )


# ---------------------------------------------------------------- modules


def _module_row(conn: Connection, module_id: str) -> Any:
    row = conn.execute(select(t.modules).where(t.modules.c.id == module_id)).mappings().first()
    if row is None:
        raise _not_found("module")
    return row


def _module_detail(conn: Connection, module_id: str) -> ModuleDetail:
    row = _module_row(conn, module_id)
    cohorts = sorted(
        conn.execute(
            select(t.module_cohorts.c.cohort_id).where(t.module_cohorts.c.module_id == module_id)
        ).scalars()
    )
    try:
        draft = ModuleDraft.model_validate(row["draft"])
    except ValidationError:
        # Saved by an older server, before today's bounds (e.g. an upper-case asset hash): say so rather
        # than fail; saving a good draft over it (PUT) is still possible.
        raise ApiError(
            409,
            "invalid_state",
            "This module's draft holds values this server no longer accepts; save a corrected draft over it.",
        ) from None
    return ModuleDetail(
        id=row["id"],
        draft=draft,
        latest_version=row["latest_version"],
        cohort_ids=cohorts,
        updated_at=row["updated_at"],
    )


@router.get("/modules", response_model=list[ModuleSummary], tags=["content"])
def list_modules(who: Caller, ctx: Ctx) -> list[ModuleSummary]:
    """Every module with its draft title and latest published version (coordinators, admins)."""
    require(who, *STAFF)
    with ctx.engine.connect() as conn:
        out = []
        for row in conn.execute(select(t.modules).order_by(t.modules.c.updated_at.desc())).mappings():
            cohorts = sorted(
                conn.execute(
                    select(t.module_cohorts.c.cohort_id).where(t.module_cohorts.c.module_id == row["id"])
                ).scalars()
            )
            out.append(
                ModuleSummary(
                    id=row["id"],
                    title=row["draft"].get("title", ""),
                    latest_version=row["latest_version"],
                    cohort_ids=cohorts,
                    updated_at=row["updated_at"],
                )
            )
        return out


@router.post("/modules", response_model=ModuleDetail, status_code=201, tags=["content"])
def create_module(body: ModuleDraft, who: Caller, ctx: Ctx) -> ModuleDetail:
    """Start a new module draft."""
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        if body.id and conn.execute(select(t.modules.c.id).where(t.modules.c.id == body.id)).first():
            raise ApiError(409, "already_exists", "A module with this id already exists.")
        mid = domain.save_module_draft(conn, body.model_dump(mode="json"), by=who.user_id)
        return _module_detail(conn, mid)


@router.get("/modules/{module_id}", response_model=ModuleDetail, tags=["content"])
def get_module(module_id: Id, who: Caller, ctx: Ctx) -> ModuleDetail:
    require(who, *STAFF)
    with ctx.engine.connect() as conn:
        return _module_detail(conn, module_id)


@router.put("/modules/{module_id}", response_model=ModuleDetail, tags=["content"])
def edit_module(module_id: Id, body: ModuleDraft, who: Caller, ctx: Ctx) -> ModuleDetail:
    """Replace a module's draft (published versions never change)."""
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        _module_row(conn, module_id)  # exists (a draft that no longer validates may be replaced)
        domain.save_module_draft(conn, {**body.model_dump(mode="json"), "id": module_id}, by=who.user_id)
        return _module_detail(conn, module_id)


@router.post("/modules/{module_id}/publish", response_model=PublishResponse, tags=["content"])
def publish_module(module_id: Id, body: PublishRequest, who: Caller, ctx: Ctx) -> PublishResponse:
    """Freeze the draft as a new immutable version, visible to the given cohorts (and earlier ones).
    Upload assets first (``/blobs``)."""
    require(who, *STAFF)
    with ctx.engine.begin() as conn:
        _module_detail(conn, module_id)
        version = domain.publish_module(
            conn,
            module_id,
            body.cohort_ids,
            by=who.user_id,
            holds_asset=lambda sha: files.holds(conn, sha, who.user_id) and ctx.blobs.has(sha),
            referrer=who.user_id,
        )
    return PublishResponse(module_id=module_id, version=version)


# ---------------------------------------------------------------- tasks


def _check_mentor_targets(
    conn: Connection, who: Principal, cohort_id: str | None, intern_ids: list[str]
) -> None:
    if who.is_staff:
        return
    if cohort_id:
        raise ApiError(403, "not_allowed", "Mentors assign tasks to their mentees, not to whole cohorts.")
    for iid in intern_ids:
        if not can_see_intern(conn, who, iid):
            raise ApiError(403, "not_allowed", "Mentors assign tasks only to their own mentees.")


@router.post("/tasks", response_model=TaskRecord, status_code=201, tags=["content"])
def create_task(body: TaskCreate, who: Caller, ctx: Ctx) -> TaskRecord:
    """Create a task for a cohort or for interns (mentors: for their mentees)."""
    require(who, Role.mentor, *STAFF)
    with ctx.engine.begin() as conn:
        _check_mentor_targets(conn, who, body.cohort_id, body.intern_ids)
        tid = domain.create_task(
            conn,
            body.title,
            created_by=who.user_id,
            intern_ids=body.intern_ids,
            cohort_id=body.cohort_id,
            due=body.due,
            description=body.description,
            task_id=body.id,
        )
        row = conn.execute(select(t.tasks).where(t.tasks.c.id == tid)).mappings().one()
        return records.task_record(row)


@router.post("/tasks/{task_id}/assign", response_model=AssignResponse, tags=["content"])
def assign_task(task_id: Id, body: TaskAssign, who: Caller, ctx: Ctx) -> AssignResponse:
    """Give a personal task to more interns."""
    require(who, Role.mentor, *STAFF)
    with ctx.engine.begin() as conn:
        row = (
            conn.execute(select(t.tasks).where(t.tasks.c.id == task_id, t.tasks.c.deleted.is_(False)))
            .mappings()
            .first()
        )
        if row is None or (not who.is_staff and row["created_by"] != who.user_id):
            raise _not_found("task")
        _check_mentor_targets(conn, who, None, body.intern_ids)
        return AssignResponse(assignment_ids=domain.assign_task(conn, task_id, body.intern_ids))


# ---------------------------------------------------------------- devices and enrollment


@router.get("/devices", response_model=list[DeviceOut], tags=["devices"])
def list_devices(
    who: Caller, ctx: Ctx, user_id: Annotated[str | None, Query(max_length=64)] = None
) -> list[DeviceOut]:
    """All devices (admins; optionally of one user) or your own (everyone else)."""
    with ctx.engine.connect() as conn:
        target = user_id if who.role == Role.admin else who.user_id
        return [DeviceOut(**vars(d)) for d in devices.list_devices(conn, target)]


def _own_or_admin_device(conn: Connection, who: Principal, device_row_id: str) -> None:
    owner = conn.execute(select(t.devices.c.user_id).where(t.devices.c.id == device_row_id)).scalar()
    if owner is None or (who.role != Role.admin and owner != who.user_id):
        raise _not_found("device")


@router.post("/devices/{device_id}/revoke", status_code=204, tags=["devices"])
def revoke_device(device_id: Id, who: Caller, ctx: Ctx) -> None:
    """Refuse a device from now on (admins: any device; others: their own, e.g. a lost laptop)."""
    with ctx.engine.begin() as conn:
        _own_or_admin_device(conn, who, device_id)
        devices.revoke(conn, device_id)


@router.post("/devices/{device_id}/wipe", status_code=204, tags=["devices"])
def wipe_device(device_id: Id, who: Caller, ctx: Ctx) -> None:
    """Order a device to delete its local data at its next pull."""
    with ctx.engine.begin() as conn:
        _own_or_admin_device(conn, who, device_id)
        devices.order_wipe(conn, device_id)


@router.post("/devices/self/wiped", status_code=204, tags=["devices"])
def confirm_wiped(who: SyncCaller, ctx: Ctx) -> None:
    """A device ordered wiped says it has deleted its data: its token is revoked for good."""
    if not who.wipe or who.device_row_id is None:
        raise ApiError(409, "invalid_state", "This device was not ordered wiped.")
    with ctx.engine.begin() as conn:
        devices.revoke(conn, who.device_row_id)


@router.post("/enrollments", response_model=EnrollmentOut, status_code=201, tags=["devices"])
def create_enrollment(body: EnrollmentCreate, who: Caller, ctx: Ctx) -> EnrollmentOut:
    """A one-time enrollment code for a user's device (admins); the answer is a ``.fieldenroll`` file."""
    require(who, Role.admin)
    enr = admin.create_enrollment(ctx, body.username, days=body.days)
    return EnrollmentOut(
        server_url=enr.server_url,
        code=enr.code,
        expires_at=enr.expires_at,
        username=enr.username,
        server_key=enr.server_key,
    )


# ---------------------------------------------------------------- exports

_CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "CSV with a header row"}
}


@router.get("/export/submissions.csv", response_class=PlainTextResponse, responses=_CSV, tags=["export"])
def export_submissions(who: Caller, ctx: Ctx) -> PlainTextResponse:
    """One row per submission revision (coordinators, admins)."""
    require(who, *STAFF)
    return PlainTextResponse(
        admin.submissions_csv(ctx),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="submissions.csv"'},
    )


@router.get("/export/reviews.csv", response_class=PlainTextResponse, responses=_CSV, tags=["export"])
def export_reviews(who: Caller, ctx: Ctx) -> PlainTextResponse:
    """One row per review (coordinators, admins)."""
    require(who, *STAFF)
    return PlainTextResponse(
        admin.reviews_csv(ctx),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="reviews.csv"'},
    )

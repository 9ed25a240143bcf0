"""The admin service layer: plain functions used by ``fieldapp-server`` subcommands and by tests.

Every function takes a :class:`~fieldapp.server.context.ServerContext` first, names things the way a person
does (usernames, cohort names) and raises :class:`AdminError` with a one-line message on bad input.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fieldapp.protocol import Role
from fieldapp.server import devices as dev
from fieldapp.server import domain, files
from fieldapp.server.content import read_module_dir
from fieldapp.server.context import ServerContext, aware, utcnow
from fieldapp.server.db import changelog
from fieldapp.server.db import tables as t
from fieldapp.server.domain import DomainError
from fieldapp.server.security import hash_password, new_enrollment_code, normalize_code, token_hash

AdminError = DomainError
DEMO_PASSWORD = "demo1234"
DEMO_COHORT = "Bajaur 2026"
DEMO_CONTENT = Path(__file__).resolve().parent / "demo_content"
MIN_PASSWORD = 8


# ---------------------------------------------------------------- users and cohorts


def add_cohort(ctx: ServerContext, name: str) -> str:
    """Create a cohort; returns its id."""
    with ctx.engine.begin() as conn:
        return domain.create_cohort(conn, name)


def add_user(
    ctx: ServerContext,
    username: str,
    role: Role | str,
    *,
    password: str | None = None,
    cohort: str | None = None,
    display_name: str = "",
) -> str:
    """Create a user (optionally with a password and in a cohort); returns the user id."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise AdminError("invalid_input", f"A password needs at least {MIN_PASSWORD} characters.")
    pw_hash = hash_password(password) if password else None
    with ctx.engine.begin() as conn:
        uid = domain.create_user(conn, username, role, password_hash=pw_hash, display_name=display_name)
        if cohort:
            domain.add_member(conn, uid, domain.cohort_by_name_or_id(conn, cohort)["id"])
        return uid


def set_password(ctx: ServerContext, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AdminError("invalid_input", f"A password needs at least {MIN_PASSWORD} characters.")
    with ctx.engine.begin() as conn:
        user = domain.user_by_name(conn, username)
        conn.execute(
            t.users.update().where(t.users.c.id == user["id"]).values(password_hash=hash_password(password))
        )


def add_to_cohort(ctx: ServerContext, username: str, cohort: str) -> None:
    with ctx.engine.begin() as conn:
        domain.add_member(
            conn, domain.user_by_name(conn, username)["id"], domain.cohort_by_name_or_id(conn, cohort)["id"]
        )


def assign_mentor(ctx: ServerContext, mentor: str, intern: str) -> None:
    """Make ``mentor`` (username) a mentor of ``intern`` (username)."""
    with ctx.engine.begin() as conn:
        domain.assign_mentor(
            conn, domain.user_by_name(conn, mentor)["id"], domain.user_by_name(conn, intern)["id"]
        )


def unassign_mentor(ctx: ServerContext, mentor: str, intern: str) -> None:
    with ctx.engine.begin() as conn:
        domain.unassign_mentor(
            conn, domain.user_by_name(conn, mentor)["id"], domain.user_by_name(conn, intern)["id"]
        )


def user_id(ctx: ServerContext, username: str) -> str:
    with ctx.engine.connect() as conn:
        return str(domain.user_by_name(conn, username)["id"])


def cohort_id(ctx: ServerContext, name: str) -> str:
    with ctx.engine.connect() as conn:
        return str(domain.cohort_by_name_or_id(conn, name)["id"])


# ---------------------------------------------------------------- tasks and modules


def add_task(
    ctx: ServerContext,
    title: str,
    *,
    intern: str | list[str] | None = None,
    cohort: str | None = None,
    due: date | None = None,
    description: str = "",
    created_by: str | None = None,
    task_id: str | None = None,
) -> str:
    """Create a task for an intern (username, or a list) or a whole cohort (name); returns the task id."""
    with ctx.engine.begin() as conn:
        interns = [intern] if isinstance(intern, str) else list(intern or [])
        intern_ids = [domain.user_by_name(conn, name)["id"] for name in interns]
        cid = domain.cohort_by_name_or_id(conn, cohort)["id"] if cohort else None
        creator = domain.user_by_name(conn, created_by)["id"] if created_by else None
        return domain.create_task(
            conn,
            title,
            created_by=creator,
            intern_ids=intern_ids,
            cohort_id=cid,
            due=due,
            description=description,
            task_id=task_id,
        )


def delete_task(ctx: ServerContext, task_id: str) -> None:
    with ctx.engine.begin() as conn:
        domain.delete_task(conn, task_id)


def publish_module(
    ctx: ServerContext,
    source: Path | str | dict[str, Any],
    cohorts: list[str],
    *,
    published_by: str | None = None,
) -> tuple[str, int]:
    """Publish a module from a folder (docs/content-format.md) or a draft dict to cohorts (names).

    Returns ``(module_id, version)``. Publishing again makes a new immutable version.
    """
    assets: dict[str, bytes] = {}
    if isinstance(source, dict):
        draft = source
    else:
        draft, assets = read_module_dir(Path(source))
    for sha, data in assets.items():
        ctx.blobs.put_bytes(sha, data)
    with ctx.engine.begin() as conn:
        for sha, data in assets.items():
            files.record_stored(conn, sha, len(data))
        by = domain.user_by_name(conn, published_by)["id"] if published_by else None
        cohort_ids = [domain.cohort_by_name_or_id(conn, c)["id"] for c in cohorts]
        module_id = domain.save_module_draft(conn, draft, by=by)
        # An administrator at the server's console: the files are the server's own (they came from the
        # folder, or were already stored).
        version = domain.publish_module(
            conn, module_id, cohort_ids, by=by, holds_asset=ctx.blobs.has, referrer=files.SERVER
        )
        return module_id, version


def purge_tombstones(ctx: ServerContext, up_to_seq: int | None = None) -> int:
    """Forget tombstones up to ``up_to_seq`` (default: all); devices behind it get a full re-sync."""
    with ctx.engine.begin() as conn:
        return changelog.purge_tombstones(
            conn, changelog.current_seq(conn) if up_to_seq is None else up_to_seq
        )


def force_full_resync(ctx: ServerContext) -> int:
    """Make every device re-sync from scratch at its next pull (run after restoring a backup)."""
    with ctx.engine.begin() as conn:
        return changelog.bump_epoch(conn)


# ---------------------------------------------------------------- devices and enrollment


def issue_token(
    ctx: ServerContext, username: str, device_id: str = "test-device", device_name: str = ""
) -> str:
    """A device token for ``username`` without a password (for tests and support)."""
    with ctx.engine.begin() as conn:
        return dev.issue_token(conn, domain.user_by_name(conn, username)["id"], device_id, device_name)


def list_devices(ctx: ServerContext, username: str | None = None) -> list[dev.DeviceInfo]:
    with ctx.engine.connect() as conn:
        uid = domain.user_by_name(conn, username)["id"] if username else None
        return dev.list_devices(conn, uid)


def revoke_device(ctx: ServerContext, device: str, username: str | None = None) -> str:
    """Refuse a device from now on (by server id or the device's own id); returns the server id."""
    with ctx.engine.begin() as conn:
        row_id = dev.find_device(conn, device, username)
        dev.revoke(conn, row_id)
        return row_id


def wipe_device(ctx: ServerContext, device: str, username: str | None = None) -> str:
    """Order a device to delete its local data at its next pull; returns the server id."""
    with ctx.engine.begin() as conn:
        row_id = dev.find_device(conn, device, username)
        dev.order_wipe(conn, row_id)
        return row_id


@dataclass
class Enrollment:
    server_url: str
    code: str
    expires_at: datetime
    username: str
    server_key: str

    def to_json(self) -> str:
        """The ``.fieldenroll`` file's content."""
        return json.dumps(
            {
                "format": "fieldenroll/1",
                "server_url": self.server_url,
                "code": self.code,
                "expires_at": self.expires_at.isoformat(),
                "username": self.username,
                "server_key": self.server_key,
            },
            indent=2,
        )


def create_enrollment(ctx: ServerContext, username: str, *, days: int | None = None) -> Enrollment:
    """A one-time, expiring enrollment code for ``username``."""
    code = new_enrollment_code()
    expires = utcnow() + timedelta(days=days or ctx.config.enrollment_days)
    with ctx.engine.begin() as conn:
        user = domain.user_by_name(conn, username)
        conn.execute(
            t.enrollment_codes.insert().values(
                code_hash=token_hash(normalize_code(code)),
                user_id=user["id"],
                created_at=utcnow(),
                expires_at=expires,
            )
        )
    return Enrollment(ctx.config.public_url, code, expires, username, ctx.server_key_hex)


def write_enrollment_file(enrollment: Enrollment, out: Path) -> None:
    """Write a ``.fieldenroll`` file readable only by its owner (it holds a secret code)."""
    import os

    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(enrollment.to_json() + "\n")


def redeem_enrollment(
    ctx: ServerContext, code: str, device_id: str, device_name: str = "", device_key: str | None = None
) -> tuple[str, str]:
    """Exchange a one-time code for ``(user_id, token)``.

    The code must be unused and unexpired, and if a device already presented it (in a work pack) this
    must be that device, with the same key. The code then belongs to this device for good: a work pack
    proven with it counts only from here (``fieldapp.server.packs``). Anything else raises ``invalid_code``.
    """
    refused = AdminError("invalid_code", "This enrollment code is unknown, used or expired.")
    with ctx.engine.begin() as conn:
        row = (
            conn.execute(
                select(t.enrollment_codes).where(
                    t.enrollment_codes.c.code_hash == token_hash(normalize_code(code))
                )
            )
            .mappings()
            .first()
        )
        if row is None or row["used_at"] is not None or aware(row["expires_at"]) < utcnow():
            raise refused
        if row["device_row_id"] is not None:
            device = dev.device_row(conn, row["user_id"], device_id)
            if device is None or device["id"] != row["device_row_id"]:
                raise refused
            if row["bound_key"] and device_key and device_key != row["bound_key"]:
                raise refused
        token = dev.issue_token(conn, row["user_id"], device_id, device_name)
        device_row = dev.device_row(conn, row["user_id"], device_id)["id"]
        now = utcnow()
        used = conn.execute(
            t.enrollment_codes.update()
            .where(t.enrollment_codes.c.code_hash == row["code_hash"], t.enrollment_codes.c.used_at.is_(None))
            .values(
                used_at=now,
                device_row_id=device_row,
                bound_key=row["bound_key"] or device_key,
                bound_at=row["bound_at"] or now,
            )
        ).rowcount
        if not used:  # two devices raced with the same code: the other one won
            raise refused
        return str(row["user_id"]), token


# ---------------------------------------------------------------- roster


ROSTER_COLUMNS = ["username", "display_name", "role", "cohort", "mentor", "password"]


@dataclass
class RosterResult:
    created: list[str] = field(default_factory=list)
    # username -> enrollment code, for rows without a password
    codes: dict[str, Enrollment] = field(default_factory=dict)


class RosterError(AdminError):
    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        super().__init__("invalid_roster", "; ".join(f"line {n}: {msg}" for n, msg in errors))


def import_roster(ctx: ServerContext, path: Path | str) -> RosterResult:
    """Create the users of a roster CSV (columns: docs/deploy.md "Roster import"), all or nothing.

    Every bad row is reported with its line number in one :class:`RosterError`; then nothing is imported.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AdminError("invalid_input", f"Cannot read {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("username", "role") if c not in (reader.fieldnames or [])]
    if missing:
        raise RosterError([(1, f"missing column(s): {', '.join(missing)}")])
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))

    errors: list[tuple[int, str]] = []
    with ctx.engine.connect() as conn:
        existing_users = dict(conn.execute(select(t.users.c.username, t.users.c.role)).all())
        cohorts = set(conn.execute(select(t.cohorts.c.name)).scalars())
    in_file: dict[str, str] = {}
    for line, row in rows:
        name, role = row.get("username", ""), row.get("role", "")
        if not name or any(ch.isspace() for ch in name):
            errors.append((line, "username is empty or contains spaces"))
        elif name in existing_users:
            errors.append((line, f"user {name!r} already exists"))
        elif name in in_file:
            errors.append((line, f"user {name!r} appears twice in the file"))
        if role not in {r.value for r in Role}:
            errors.append((line, f"role {role!r} is not intern, mentor, coordinator or admin"))
        if row.get("cohort") and row["cohort"] not in cohorts:
            errors.append((line, f"cohort {row['cohort']!r} does not exist (create it with 'cohort add')"))
        pw = row.get("password", "")
        if pw and len(pw) < MIN_PASSWORD:
            errors.append((line, f"password shorter than {MIN_PASSWORD} characters"))
        if name:
            in_file.setdefault(name, role)
    for line, row in rows:
        mentor = row.get("mentor", "")
        if mentor:
            mentor_role = in_file.get(mentor) or existing_users.get(mentor)
            if mentor_role is None:
                errors.append((line, f"mentor {mentor!r} is not a known user"))
            elif mentor_role != Role.mentor:
                errors.append((line, f"{mentor!r} is not a mentor"))
            elif row.get("role") != Role.intern:
                errors.append((line, "only interns have mentors"))
    if errors:
        raise RosterError(sorted(errors))

    result = RosterResult()
    expires = utcnow() + timedelta(days=ctx.config.enrollment_days)
    with ctx.engine.begin() as conn:
        ids: dict[str, str] = {}
        for _line, row in rows:
            pw = row.get("password", "")
            uid = domain.create_user(
                conn,
                row["username"],
                row["role"],
                password_hash=hash_password(pw) if pw else None,
                display_name=row.get("display_name", ""),
            )
            ids[row["username"]] = uid
            if row.get("cohort"):
                domain.add_member(conn, uid, domain.cohort_by_name_or_id(conn, row["cohort"])["id"])
            if not pw:
                code = new_enrollment_code()
                conn.execute(
                    t.enrollment_codes.insert().values(
                        code_hash=token_hash(normalize_code(code)),
                        user_id=uid,
                        created_at=utcnow(),
                        expires_at=expires,
                    )
                )
                result.codes[row["username"]] = Enrollment(
                    ctx.config.public_url, code, expires, row["username"], ctx.server_key_hex
                )
            result.created.append(row["username"])
        for _line, row in rows:
            if row.get("mentor"):
                mentor_id = ids.get(row["mentor"]) or domain.user_by_name(conn, row["mentor"])["id"]
                domain.assign_mentor(conn, mentor_id, ids[row["username"]])
    return result


# ---------------------------------------------------------------- exports


SUBMISSION_COLUMNS = [
    "submission_id",
    "revision",
    "author",
    "task_id",
    "task_title",
    "status",
    "submitted_at",
    "received_at",
    "attachments",
]
REVIEW_COLUMNS = [
    "review_id",
    "submission_id",
    "revision",
    "author",
    "reviewer",
    "decision",
    "comment",
    "created_at",
    "received_at",
]


def _cell(value: Any) -> str:
    """CSV cell text; a leading = + - @ is defused so a spreadsheet never runs it as a formula."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def submissions_csv(ctx: ServerContext) -> str:
    """One row per submission revision. Older revisions are ``changes_requested`` (that is what allowed
    the next one); the latest carries the submission's current status."""
    author = t.users.alias("author")
    query = (
        select(
            t.revisions.c.submission_id,
            t.revisions.c.revision,
            author.c.username,
            t.submissions.c.task_id,
            t.tasks.c.title,
            t.submissions.c.status,
            t.submissions.c.revision.label("latest"),
            t.revisions.c.submitted_at,
            t.revisions.c.received_at,
            t.revisions.c.attachments,
        )
        .join(t.submissions, t.submissions.c.id == t.revisions.c.submission_id)
        .join(author, author.c.id == t.submissions.c.author_id)
        .join(t.tasks, t.tasks.c.id == t.submissions.c.task_id)
        .order_by(t.revisions.c.received_at, t.revisions.c.submission_id, t.revisions.c.revision)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SUBMISSION_COLUMNS)
    with ctx.engine.connect() as conn:
        for r in conn.execute(query).mappings():
            status = r["status"] if r["revision"] == r["latest"] else "changes_requested"
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        r["submission_id"],
                        r["revision"],
                        r["username"],
                        r["task_id"],
                        r["title"],
                        status,
                        r["submitted_at"],
                        r["received_at"],
                        len(r["attachments"] or []),
                    )
                ]
            )
    return out.getvalue()


def reviews_csv(ctx: ServerContext) -> str:
    """One row per review (decision or comment)."""
    author, reviewer = t.users.alias("author"), t.users.alias("reviewer")
    query = (
        select(
            t.reviews.c.id,
            t.reviews.c.submission_id,
            t.reviews.c.revision,
            author.c.username.label("author"),
            reviewer.c.username.label("reviewer"),
            t.reviews.c.decision,
            t.reviews.c.comment,
            t.reviews.c.created_at,
            t.reviews.c.received_at,
        )
        .join(t.submissions, t.submissions.c.id == t.reviews.c.submission_id)
        .join(author, author.c.id == t.submissions.c.author_id)
        .join(reviewer, reviewer.c.id == t.reviews.c.reviewer_id)
        .order_by(t.reviews.c.received_at, t.reviews.c.id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REVIEW_COLUMNS)
    with ctx.engine.connect() as conn:
        for r in conn.execute(query).all():
            writer.writerow([_cell(v) for v in r])
    return out.getvalue()


def export_submissions(ctx: ServerContext, out: Path | str) -> None:
    Path(out).write_text(submissions_csv(ctx), encoding="utf-8", newline="")


def export_reviews(ctx: ServerContext, out: Path | str) -> None:
    Path(out).write_text(reviews_csv(ctx), encoding="utf-8", newline="")


# ---------------------------------------------------------------- demo


@dataclass
class DemoData:
    cohort_id: str
    users: dict[str, str]  # username -> id
    task_ids: list[str]
    module_id: str
    password: str = DEMO_PASSWORD


DEMO_USERS = [
    ("admin", Role.admin, "Admin"),
    ("coord", Role.coordinator, "Coordinator"),
    ("mentor", Role.mentor, "Mentor"),
    ("ayesha", Role.intern, "Ayesha"),
    ("sana", Role.intern, "Sana"),
]


def demo_seed(ctx: ServerContext) -> DemoData:
    """Demo users (password ``demo1234``), cohort "Bajaur 2026", tasks and one module. Safe to run twice."""
    with ctx.engine.connect() as conn:
        have = dict(conn.execute(select(t.users.c.username, t.users.c.id)).all())
        cohort = conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.name == DEMO_COHORT)).scalar()
    cid = cohort or add_cohort(ctx, DEMO_COHORT)
    users = {}
    for name, role, display in DEMO_USERS:
        users[name] = have.get(name) or add_user(
            ctx,
            name,
            role,
            password=DEMO_PASSWORD,
            display_name=display,
            cohort=DEMO_COHORT if role in (Role.intern, Role.mentor) else None,
        )
    if "ayesha" in have:  # seeded before: return what exists
        with ctx.engine.connect() as conn:
            tasks = list(conn.execute(select(t.tasks.c.id).order_by(t.tasks.c.created_at)).scalars())
            module = conn.execute(select(t.modules.c.id)).scalar() or ""
        return DemoData(cid, users, tasks, module)
    assign_mentor(ctx, "mentor", "ayesha")
    assign_mentor(ctx, "mentor", "sana")
    today = utcnow().date()
    tasks = [
        add_task(
            ctx,
            "Map the water points in your village",
            cohort=DEMO_COHORT,
            due=today + timedelta(days=14),
            description="Photograph each public water point and note whether it works.",
            created_by="coord",
        ),
        add_task(
            ctx,
            "Interview three shopkeepers",
            cohort=DEMO_COHORT,
            due=today + timedelta(days=21),
            description="Ask about electricity outages and write a short summary.",
            created_by="coord",
        ),
        add_task(
            ctx,
            "Introduce yourself",
            intern="ayesha",
            due=today + timedelta(days=3),
            description="Write a few lines about yourself for your mentor.",
            created_by="mentor",
        ),
    ]
    module_id, _ = publish_module(ctx, DEMO_CONTENT / "digital-safety", [DEMO_COHORT], published_by="coord")
    return DemoData(cid, users, tasks, module_id)


def new_id() -> str:
    return str(uuid.uuid4())

"""Build realistic "synced" data for client-side tests: protocol records delivered as pull pages.

Data reaches a device only through ``SyncStore.apply_pull_page`` (or a pack), so tests do the same:

    world = World()                       # an intern, her mentor, a coordinator, a cohort, a task, a module
    world.seed(app)                       # one pull page with all of it; signs the intern in
    pages = Pages(); app.sync_store.apply_pull_page(pages.page(record, (other, "intern:x")))
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from fieldapp.protocol import (
    AssignmentRecord,
    Change,
    CohortRecord,
    Lesson,
    ModuleRecord,
    ProgressRecord,
    PullResponse,
    Question,
    QuestionKind,
    Quiz,
    RecordKind,
    ReviewRecord,
    RevisionRecord,
    Role,
    SubmissionRecord,
    TaskRecord,
    UserRecord,
)

__all__ = [
    "Pages",
    "World",
    "default_scope",
    "kind_of",
    "make_module",
    "make_user",
    "new_id",
]

_KINDS: dict[type[BaseModel], RecordKind] = {
    UserRecord: RecordKind.user,
    CohortRecord: RecordKind.cohort,
    TaskRecord: RecordKind.task,
    AssignmentRecord: RecordKind.assignment,
    ModuleRecord: RecordKind.module,
    ProgressRecord: RecordKind.progress,
    SubmissionRecord: RecordKind.submission,
    RevisionRecord: RecordKind.revision,
    ReviewRecord: RecordKind.review,
}


def new_id() -> str:
    return str(uuid.uuid4())


def kind_of(record: BaseModel) -> RecordKind:
    return _KINDS[type(record)]


def default_scope(record: BaseModel) -> str:
    """The scope the server would send ``record`` in (see docs/sync-protocol.md)."""
    if isinstance(record, UserRecord):
        return f"user:{record.id}"
    if isinstance(record, CohortRecord):
        return f"cohort:{record.id}"
    if isinstance(record, ModuleRecord):
        return f"module:{record.id}"
    if isinstance(record, TaskRecord):
        return f"cohort:{record.cohort_id}" if record.cohort_id else "intern:unknown"
    if isinstance(record, AssignmentRecord):
        return f"intern:{record.assignee_id}"
    if isinstance(record, ProgressRecord):
        return f"intern:{record.user_id}"
    if isinstance(record, SubmissionRecord):
        return f"intern:{record.author_id}"
    return "intern:unknown"


def make_user(username: str, role: Role = Role.intern, **fields: Any) -> UserRecord:
    return UserRecord(
        id=fields.pop("id", new_id()), username=username, display_name=username.title(), role=role, **fields
    )


def make_module(title: str = "Field safety", cohort_id: str | None = None, version: int = 1) -> ModuleRecord:
    """A module with two lessons and a three-question quiz (one of each kind, pass mark 0.6)."""
    return ModuleRecord(
        id=new_id(),
        version=version,
        title=title,
        lessons=[
            Lesson(id="l1", title="Before you go", body_md="# Before you go\nTell someone where."),
            Lesson(id="l2", title="On the way", body_md="Keep your phone charged."),
        ],
        quiz=Quiz(
            pass_mark=0.6,
            questions=[
                Question(
                    id="q1",
                    kind=QuestionKind.single,
                    prompt="Tell whom?",
                    options=["family", "nobody"],
                    correct=[0],
                ),
                Question(
                    id="q2",
                    kind=QuestionKind.multiple,
                    prompt="Bring?",
                    options=["phone", "water", "tv"],
                    correct=[0, 1],
                ),
                Question(id="q3", kind=QuestionKind.short, prompt="Emergency number?", accepted=["1122"]),
            ],
        ),
        cohort_ids=[cohort_id] if cohort_id else [],
        published_at=datetime(2026, 1, 5, tzinfo=UTC),
    )


class Pages:
    """Makes ``PullResponse`` pages with increasing ``seq`` and a matching cursor."""

    def __init__(self, start: int = 0) -> None:
        self.seq = start

    def page(
        self,
        *records: BaseModel | tuple[BaseModel, str],
        deleted: Iterable[tuple[RecordKind, str, str]] = (),
        drop_scopes: Iterable[str] = (),
        more: bool = False,
        reset: bool = False,
        wipe: bool = False,
    ) -> PullResponse:
        changes = []
        for item in records:
            record, scope = item if isinstance(item, tuple) else (item, default_scope(item))
            self.seq += 1
            data = record.model_dump(mode="json")
            changes.append(Change(seq=self.seq, kind=kind_of(record), id=data["id"], scope=scope, data=data))
        for kind, record_id, scope in deleted:
            self.seq += 1
            changes.append(Change(seq=self.seq, kind=kind, id=record_id, scope=scope, deleted=True))
        return PullResponse(
            changes=changes,
            cursor=f"c{self.seq}",
            more=more,
            reset=reset,
            wipe=wipe,
            drop_scopes=list(drop_scopes),
            server_time=datetime.now(UTC),
        )


@dataclass
class World:
    """A small cohort: intern Amina (mentored by Mentor Bilal), intern Sana (no mentor), coordinator Zara."""

    cohort: CohortRecord = field(default_factory=lambda: CohortRecord(id=new_id(), name="Bajaur 2026"))
    pages: Pages = field(default_factory=Pages)

    def __post_init__(self) -> None:
        self.mentor = make_user("bilal", Role.mentor)
        self.intern = make_user(
            "amina", Role.intern, cohort_ids=[self.cohort.id], mentor_ids=[self.mentor.id]
        )
        self.other_intern = make_user("sana", Role.intern, cohort_ids=[self.cohort.id])
        self.coordinator = make_user("zara", Role.coordinator)
        self.task = TaskRecord(
            id=new_id(), title="Map the girls' schools", due=date(2026, 12, 1), created_by=self.coordinator.id
        )
        self.assignment = AssignmentRecord(id=new_id(), task_id=self.task.id, assignee_id=self.intern.id)
        self.other_assignment = AssignmentRecord(
            id=new_id(), task_id=self.task.id, assignee_id=self.other_intern.id
        )
        self.module = make_module(cohort_id=self.cohort.id)

    def records(self) -> list[tuple[BaseModel, str]]:
        intern_scope = f"intern:{self.intern.id}"
        return [
            (self.cohort, f"cohort:{self.cohort.id}"),
            (self.intern, f"user:{self.intern.id}"),
            (self.mentor, f"user:{self.mentor.id}"),
            (self.other_intern, f"user:{self.other_intern.id}"),
            (self.coordinator, f"user:{self.coordinator.id}"),
            (self.task, intern_scope),
            (self.assignment, intern_scope),
            (self.other_assignment, f"intern:{self.other_intern.id}"),
            (self.module, f"module:{self.module.id}"),
        ]

    def seed(self, app: Any, as_user: UserRecord | None = None, server: str = "http://127.0.0.1:9") -> None:
        """Deliver everything in one pull page and sign ``as_user`` (default: the intern) in."""
        app.sync_store.apply_pull_page(self.pages.page(*self.records()))
        app.set_session(as_user or self.intern, server, "device-test")

    def submission_from_server(
        self, status: str = "submitted", revision: int = 1, author: UserRecord | None = None
    ) -> tuple[SubmissionRecord, RevisionRecord]:
        """A submission (and its latest revision) as the server would send it."""
        author = author or self.intern
        submission = SubmissionRecord(
            id=new_id(),
            task_id=self.task.id,
            author_id=author.id,
            status=status,
            revision=revision,
            updated_at=datetime.now(UTC),
        )
        rev = RevisionRecord(id=new_id(), submission_id=submission.id, revision=revision, text="From server")
        return submission, rev

"""Request/response shapes of the coordinator, mentor and admin endpoints (server-only; the sync wire
format is ``fieldapp.protocol``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fieldapp.protocol import AssetRef, IdList, Lesson, Quiz, Role
from fieldapp.protocol.bounds import Id, Name, RecordId, ShortText
from fieldapp.protocol.records import Title


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


NonEmptyTitle = Annotated[Title, StringConstraints(min_length=1)]


class ModuleDraft(_In):
    """A module being authored. Publishing freezes it into an immutable ``ModuleRecord`` version."""

    id: Id | None = None
    title: NonEmptyTitle
    description: ShortText = ""
    language: str = Field(default="en", max_length=16)
    lessons: list[Lesson] = Field(default_factory=list, max_length=500)
    quiz: Quiz | None = None
    assets: list[AssetRef] = Field(default_factory=list, max_length=500)


class ModuleSummary(BaseModel):
    id: str
    title: str
    latest_version: int
    cohort_ids: list[str]
    updated_at: datetime


class ModuleDetail(BaseModel):
    id: str
    draft: ModuleDraft
    latest_version: int
    cohort_ids: list[str]
    updated_at: datetime


class PublishRequest(_In):
    cohort_ids: IdList = Field(default_factory=list)


class PublishResponse(BaseModel):
    module_id: str
    version: int


class TaskCreate(_In):
    id: Id | None = None
    title: NonEmptyTitle
    description: ShortText = ""
    due: date | None = None
    intern_ids: IdList = Field(default_factory=list)
    cohort_id: RecordId | None = None


class TaskAssign(_In):
    intern_ids: IdList = Field(min_length=1)


class AssignResponse(BaseModel):
    assignment_ids: list[str]


class CohortCreate(_In):
    name: Annotated[Name, StringConstraints(min_length=1, max_length=200)]


class MemberAdd(_In):
    user_id: RecordId


class MentorshipCreate(_In):
    mentor_id: RecordId
    intern_id: RecordId


class UserCreate(_In):
    username: Annotated[Name, StringConstraints(min_length=1, max_length=150)]
    role: Role
    display_name: Annotated[Name, StringConstraints(max_length=200)] = ""
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    cohort_id: RecordId | None = None


class EnrollmentCreate(_In):
    username: str = Field(min_length=1, max_length=150)
    days: int = Field(default=7, ge=1, le=90)


class EnrollmentOut(BaseModel):
    """The content of a ``.fieldenroll`` file."""

    format: str = "fieldenroll/1"
    server_url: str
    code: str
    expires_at: datetime
    username: str
    server_key: str


class DeviceOut(BaseModel):
    id: str
    username: str
    device_id: str
    name: str
    created_at: datetime
    last_seen: datetime | None
    revoked: bool
    wipe_requested: bool
    wipe_delivered: bool


class InternProgress(BaseModel):
    user_id: str
    username: str
    display_name: str
    submissions: dict[str, int]
    lessons_completed: int
    lessons_total: int
    quizzes_passed: int
    # lessons_completed / lessons_total over modules published to the cohort (0 when there are none)
    completion: float


class CohortDashboard(BaseModel):
    cohort_id: str
    name: str
    interns: list[InternProgress]
    submissions_by_status: dict[str, int]
    tasks: int
    modules: int

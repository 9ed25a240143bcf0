"""Request/response shapes of the coordinator, mentor and admin endpoints (server-only; the sync wire
format is ``fieldapp.protocol``)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from fieldapp.protocol import AssetRef, Lesson, Quiz, Role


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModuleDraft(_In):
    """A module being authored. Publishing freezes it into an immutable ``ModuleRecord`` version."""

    id: str | None = Field(default=None, max_length=64)
    title: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=50_000)
    language: str = Field(default="en", max_length=10)
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
    cohort_ids: list[str] = Field(default_factory=list, max_length=500)


class PublishResponse(BaseModel):
    module_id: str
    version: int


class TaskCreate(_In):
    id: str | None = Field(default=None, max_length=64)
    title: str = Field(min_length=1, max_length=500)
    description: str = Field(default="", max_length=50_000)
    due: date | None = None
    intern_ids: list[str] = Field(default_factory=list, max_length=1000)
    cohort_id: str | None = Field(default=None, max_length=64)


class TaskAssign(_In):
    intern_ids: list[str] = Field(min_length=1, max_length=1000)


class AssignResponse(BaseModel):
    assignment_ids: list[str]


class CohortCreate(_In):
    name: str = Field(min_length=1, max_length=200)


class MemberAdd(_In):
    user_id: str = Field(min_length=1, max_length=64)


class MentorshipCreate(_In):
    mentor_id: str = Field(min_length=1, max_length=64)
    intern_id: str = Field(min_length=1, max_length=64)


class UserCreate(_In):
    username: str = Field(min_length=1, max_length=150)
    role: Role
    display_name: str = Field(default="", max_length=200)
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    cohort_id: str | None = Field(default=None, max_length=64)


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

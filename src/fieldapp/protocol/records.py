"""Records the server sends down in a pull (and that content packs carry).

Each record kind has one model. ``Change.data`` holds ``Model.model_dump(mode="json")`` of one of these.
Every record carries a client- or server-generated UUID (as a string) in ``id``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "RECORD_MODELS",
    "AssetRef",
    "AssignmentRecord",
    "AssignmentStatus",
    "AttachmentRef",
    "CohortRecord",
    "Decision",
    "Lesson",
    "ModuleRecord",
    "ProgressKind",
    "ProgressRecord",
    "Question",
    "QuestionKind",
    "Quiz",
    "RecordKind",
    "ReviewRecord",
    "RevisionRecord",
    "Role",
    "SubmissionRecord",
    "SubmissionStatus",
    "TaskRecord",
    "UserRecord",
]


class Role(StrEnum):
    intern = "intern"
    mentor = "mentor"
    coordinator = "coordinator"
    admin = "admin"


class RecordKind(StrEnum):
    """Kinds of synced record. The value is used as the ``kind`` of a ``Change``."""

    user = "user"
    cohort = "cohort"
    task = "task"
    assignment = "assignment"
    module = "module"
    progress = "progress"
    submission = "submission"
    revision = "revision"
    review = "review"


class AssignmentStatus(StrEnum):
    """The assignee's own working status on a task (the only field of an assignment she writes)."""

    todo = "todo"
    in_progress = "in_progress"
    done = "done"


class SubmissionStatus(StrEnum):
    """``draft`` exists only on the device; the server knows the other three."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    changes_requested = "changes_requested"


class Decision(StrEnum):
    approve = "approve"
    request_changes = "request_changes"
    comment = "comment"


class ProgressKind(StrEnum):
    lesson_opened = "lesson_opened"
    lesson_completed = "lesson_completed"
    quiz_attempt = "quiz_attempt"


class QuestionKind(StrEnum):
    single = "single"
    multiple = "multiple"
    short = "short"


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class UserRecord(_Record):
    id: str
    username: str
    display_name: str
    role: Role
    cohort_ids: list[str] = Field(default_factory=list)
    mentor_ids: list[str] = Field(default_factory=list)


class CohortRecord(_Record):
    id: str
    name: str


class TaskRecord(_Record):
    id: str
    title: str
    description: str = ""
    due: date | None = None
    created_by: str | None = None
    cohort_id: str | None = None
    created_at: datetime | None = None


class AssignmentRecord(_Record):
    id: str
    task_id: str
    assignee_id: str
    status: AssignmentStatus = AssignmentStatus.todo


class AssetRef(_Record):
    """A file that belongs to a published module (an image, a PDF, audio, video)."""

    name: str
    sha256: str
    size: int
    mime: str = "application/octet-stream"


class Lesson(_Record):
    id: str
    title: str
    body_md: str
    # Names of assets (in ModuleRecord.assets) this lesson refers to.
    assets: list[str] = Field(default_factory=list)


class Question(_Record):
    id: str
    kind: QuestionKind
    prompt: str
    options: list[str] = Field(default_factory=list)
    # single / multiple: indexes into options that are correct.
    correct: list[int] = Field(default_factory=list)
    # short: accepted answers, compared case- and space-insensitively.
    accepted: list[str] = Field(default_factory=list)
    points: int = 1


class Quiz(_Record):
    # Fraction of points needed to pass, 0..1.
    pass_mark: float = 0.7
    questions: list[Question] = Field(default_factory=list)


class ModuleRecord(_Record):
    """The latest published (immutable) version of a training module."""

    id: str
    version: int
    title: str
    description: str = ""
    language: str = "en"
    lessons: list[Lesson] = Field(default_factory=list)
    quiz: Quiz | None = None
    assets: list[AssetRef] = Field(default_factory=list)
    cohort_ids: list[str] = Field(default_factory=list)
    published_at: datetime | None = None


class ProgressRecord(_Record):
    """One append-only training progress event."""

    id: str
    user_id: str
    module_id: str
    module_version: int
    kind: ProgressKind
    lesson_id: str | None = None
    # quiz_attempt only: question id -> answer (list of option indexes, or a string).
    answers: dict[str, list[int] | str] | None = None
    score: float | None = None
    passed: bool | None = None
    device_time: datetime | None = None
    received_at: datetime | None = None


class AttachmentRef(_Record):
    sha256: str
    name: str
    size: int
    mime: str = "application/octet-stream"


class SubmissionRecord(_Record):
    id: str
    task_id: str
    author_id: str
    status: SubmissionStatus
    revision: int
    updated_at: datetime | None = None


class RevisionRecord(_Record):
    id: str
    submission_id: str
    revision: int
    text: str
    attachments: list[AttachmentRef] = Field(default_factory=list)
    submitted_at: datetime | None = None  # device clock, for display only
    received_at: datetime | None = None  # server clock


class ReviewRecord(_Record):
    id: str
    submission_id: str
    revision: int
    reviewer_id: str
    decision: Decision
    comment: str = ""
    created_at: datetime | None = None  # device clock
    received_at: datetime | None = None  # server clock


RECORD_MODELS: dict[RecordKind, type[_Record]] = {
    RecordKind.user: UserRecord,
    RecordKind.cohort: CohortRecord,
    RecordKind.task: TaskRecord,
    RecordKind.assignment: AssignmentRecord,
    RecordKind.module: ModuleRecord,
    RecordKind.progress: ProgressRecord,
    RecordKind.submission: SubmissionRecord,
    RecordKind.revision: RevisionRecord,
    RecordKind.review: ReviewRecord,
}


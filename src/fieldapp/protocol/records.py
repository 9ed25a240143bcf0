"""Records the server sends down in a pull (and that content packs carry).

Each record kind has one model. ``Change.data`` holds ``Model.model_dump(mode="json")`` of one of these.
Every record carries a client- or server-generated UUID (as a string) in ``id``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fieldapp.protocol.bounds import (
    FileName,
    FileSize,
    Fraction,
    Hex64,
    MimeType,
    Name,
    RecordId,
    Revision,
    ShortText,
    Text,
    Version,
)

__all__ = [
    "RECORD_MODELS",
    "AssetRef",
    "AssignmentRecord",
    "AssignmentStatus",
    "AttachmentRef",
    "CohortRecord",
    "Decision",
    "IdList",
    "Lesson",
    "ModuleRecord",
    "ProgressKind",
    "ProgressRecord",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAnswer",
    "QuizAnswers",
    "RecordKind",
    "ReviewRecord",
    "RevisionRecord",
    "Role",
    "SubmissionRecord",
    "SubmissionStatus",
    "TaskRecord",
    "Title",
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


Title = Annotated[ShortText, StringConstraints(max_length=500)]
IdList = Annotated[list[RecordId], Field(max_length=1000)]
#: A quiz answer: option indexes (choice questions) or text (short answer).
QuizAnswer = Annotated[list[Annotated[int, Field(ge=0, le=1000)]], Field(max_length=100)] | Annotated[
    str, StringConstraints(max_length=2000)
]
QuizAnswers = Annotated[dict[RecordId, QuizAnswer], Field(max_length=500)]


class UserRecord(_Record):
    id: RecordId
    username: Annotated[str, StringConstraints(min_length=1, max_length=150)]
    display_name: Name
    role: Role
    cohort_ids: IdList = Field(default_factory=list)
    mentor_ids: IdList = Field(default_factory=list)


class CohortRecord(_Record):
    id: RecordId
    name: Name


class TaskRecord(_Record):
    id: RecordId
    title: Title
    description: ShortText = ""
    due: date | None = None
    created_by: RecordId | None = None
    cohort_id: RecordId | None = None
    created_at: datetime | None = None


class AssignmentRecord(_Record):
    id: RecordId
    task_id: RecordId
    assignee_id: RecordId
    status: AssignmentStatus = AssignmentStatus.todo


class AssetRef(_Record):
    """A file that belongs to a published module (an image, a PDF, audio, video)."""

    name: FileName
    sha256: Hex64
    size: FileSize
    mime: MimeType = "application/octet-stream"


class Lesson(_Record):
    id: RecordId
    title: Title
    body_md: Text
    # Names of assets (in ModuleRecord.assets) this lesson refers to.
    assets: Annotated[list[FileName], Field(max_length=500)] = Field(default_factory=list)


class Question(_Record):
    id: RecordId
    kind: QuestionKind
    prompt: ShortText
    options: Annotated[list[Annotated[str, StringConstraints(max_length=2000)]], Field(max_length=100)] = (
        Field(default_factory=list)
    )
    # single / multiple: indexes into options that are correct.
    correct: Annotated[list[Annotated[int, Field(ge=0, le=1000)]], Field(max_length=100)] = Field(
        default_factory=list
    )
    # short: accepted answers, compared case- and space-insensitively.
    accepted: Annotated[list[Annotated[str, StringConstraints(max_length=2000)]], Field(max_length=100)] = (
        Field(default_factory=list)
    )
    points: Annotated[int, Field(ge=0, le=1000)] = 1


class Quiz(_Record):
    # Fraction of points needed to pass, 0..1.
    pass_mark: Fraction = 0.7
    questions: Annotated[list[Question], Field(max_length=500)] = Field(default_factory=list)


class ModuleRecord(_Record):
    """The latest published (immutable) version of a training module."""

    id: RecordId
    version: Version
    title: Title
    description: ShortText = ""
    language: Annotated[str, StringConstraints(max_length=16)] = "en"
    lessons: Annotated[list[Lesson], Field(max_length=500)] = Field(default_factory=list)
    quiz: Quiz | None = None
    assets: Annotated[list[AssetRef], Field(max_length=500)] = Field(default_factory=list)
    cohort_ids: IdList = Field(default_factory=list)
    published_at: datetime | None = None


class ProgressRecord(_Record):
    """One append-only training progress event."""

    id: RecordId
    user_id: RecordId
    module_id: RecordId
    module_version: Version
    kind: ProgressKind
    lesson_id: RecordId | None = None
    # quiz_attempt only: question id -> answer (list of option indexes, or a string).
    answers: QuizAnswers | None = None
    # Graded by the server from the published answer key (docs/sync-protocol.md, "Progress").
    score: Fraction | None = None
    passed: bool | None = None
    device_time: datetime | None = None
    received_at: datetime | None = None


class AttachmentRef(_Record):
    sha256: Hex64
    name: FileName
    size: FileSize
    mime: MimeType = "application/octet-stream"


class SubmissionRecord(_Record):
    id: RecordId
    task_id: RecordId
    author_id: RecordId
    status: SubmissionStatus
    revision: Revision
    updated_at: datetime | None = None


class RevisionRecord(_Record):
    id: RecordId
    submission_id: RecordId
    revision: Revision
    text: Text
    attachments: Annotated[list[AttachmentRef], Field(max_length=50)] = Field(default_factory=list)
    submitted_at: datetime | None = None  # device clock, for display only
    received_at: datetime | None = None  # server clock


class ReviewRecord(_Record):
    id: RecordId
    submission_id: RecordId
    revision: Revision
    reviewer_id: RecordId
    decision: Decision
    comment: ShortText = ""
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


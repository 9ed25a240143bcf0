"""Requests and responses of the sync API (``/api/v1/...``).

See ``docs/sync-protocol.md`` for the rules; this module is the single definition of the shapes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fieldapp.protocol.bounds import (
    MAX_COMMENT,
    DeviceTime,
    Fraction,
    Hex64,
    Id,
    RecordId,
    Revision,
    ShortText,
    Text,
    Version,
)
from fieldapp.protocol.records import (
    AssignmentStatus,
    AttachmentRef,
    Decision,
    IdList,
    ProgressKind,
    QuizAnswers,
    RecordKind,
    Title,
    UserRecord,
)

__all__ = [
    "API_PREFIX",
    "MAX_BATCH",
    "MAX_PAGE",
    "PAYLOAD_MODELS",
    "AssignmentStatusPayload",
    "BlobProof",
    "BlobUploadState",
    "Change",
    "ConflictDetail",
    "EnrollRequest",
    "ErrorBody",
    "FieldBase",
    "HealthResponse",
    "LoginRequest",
    "LoginResponse",
    "Mutation",
    "MutationEnvelope",
    "MutationKind",
    "MutationResult",
    "MutationStatus",
    "ProgressPayload",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "ReviewPayload",
    "SubmitPayload",
    "TaskUpsertPayload",
]

API_PREFIX = "/api/v1"
#: Largest number of mutations in one push request.
MAX_BATCH = 200
#: Largest number of changes in one pull page.
MAX_PAGE = 1000


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- errors & health


class ErrorBody(_Wire):
    """Every 4xx/5xx answer has this body. ``code`` is stable and machine-readable."""

    code: str
    message: str


class HealthResponse(_Wire):
    status: Literal["ok"] = "ok"
    version: str
    server_time: datetime
    # Hex Ed25519 public key that signs content packs; pinned by devices at enrollment.
    server_key: str | None = None


# ---------------------------------------------------------------- auth


class LoginRequest(_Wire):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    device_id: Id
    device_name: str = Field(default="", max_length=200)


class EnrollRequest(_Wire):
    """Exchange a one-time enrollment code (from ``fieldapp-server enroll``) for a device token."""

    code: str = Field(min_length=1, max_length=64)
    device_id: Id
    device_name: str = Field(default="", max_length=200)
    # Hex Ed25519 public key that signs this device's work packs: the code is bound to it, so a work pack
    # proven with the same code must come from this key (docs/security.md, "Setup codes").
    device_key: Hex64 | None = None


class LoginResponse(_Wire):
    token: str
    device_id: str
    user: UserRecord
    server_key: str | None = None
    server_time: datetime


# ---------------------------------------------------------------- push


class MutationKind(StrEnum):
    assignment_status = "assignment.status"
    submit = "submission.submit"
    review = "review.add"
    progress = "progress.add"
    task_upsert = "task.upsert"


class FieldBase(_Wire):
    """The value of one field as the client last saw it from the server (for per-field conflicts)."""

    field: Literal["title", "description", "due"]
    value: Annotated[str, StringConstraints(max_length=MAX_COMMENT)] | None = None


class AssignmentStatusPayload(_Wire):
    assignment_id: RecordId
    status: AssignmentStatus
    # The status the device had from the server when the person changed it.
    base_status: AssignmentStatus | None = None


class SubmitPayload(_Wire):
    """A new immutable revision of a submission (revision 1 creates the submission)."""

    submission_id: Id
    task_id: RecordId
    revision_id: Id
    revision: Revision
    text: Text
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=50)
    submitted_at: DeviceTime | None = None


class ReviewPayload(_Wire):
    review_id: Id
    submission_id: RecordId
    revision: Revision
    decision: Decision
    comment: ShortText = ""
    created_at: DeviceTime | None = None


class ProgressPayload(_Wire):
    event_id: Id
    module_id: RecordId
    module_version: Version
    kind: ProgressKind
    lesson_id: RecordId | None = None
    answers: QuizAnswers | None = None
    # The device's own grading, for offline display only: the server grades the answers itself.
    score: Fraction | None = None
    passed: bool | None = None
    device_time: DeviceTime | None = None


class TaskUpsertPayload(_Wire):
    """Create a task (no ``base``) or change fields of one (``base`` = values the client saw)."""

    task_id: Id
    title: Title | None = None
    description: ShortText | None = None
    due: date | None = None
    # Create only: who gets it.
    intern_ids: IdList = Field(default_factory=list)
    cohort_id: RecordId | None = None
    base: Annotated[list[FieldBase], Field(max_length=3)] | None = None


PAYLOAD_MODELS: dict[MutationKind, type[_Wire]] = {
    MutationKind.assignment_status: AssignmentStatusPayload,
    MutationKind.submit: SubmitPayload,
    MutationKind.review: ReviewPayload,
    MutationKind.progress: ProgressPayload,
    MutationKind.task_upsert: TaskUpsertPayload,
}


class MutationEnvelope(BaseModel):
    """One mutation as a push carries it. Only ``id`` is checked with the whole request (without it there
    is no way to answer); kind, payload and time are checked one mutation at a time, so a malformed
    mutation is ``rejected`` on its own and never turns the whole batch into an error."""

    model_config = ConfigDict(extra="allow")

    id: Id
    kind: Annotated[str, StringConstraints(max_length=64)]
    payload: Any = None
    created_at: Any = None


class Mutation(MutationEnvelope):
    """One outbox entry. ``id`` is a client-generated UUID: the idempotency key."""

    model_config = ConfigDict(extra="forbid")

    kind: MutationKind
    payload: dict[str, Any]
    created_at: DeviceTime | None = None  # device clock; audit only


class PushRequest(_Wire):
    mutations: Annotated[list[MutationEnvelope], Field(max_length=MAX_BATCH)]


class MutationStatus(StrEnum):
    applied = "applied"
    duplicate = "duplicate"
    conflict = "conflict"
    rejected = "rejected"


class ConflictDetail(_Wire):
    field: str
    server_value: Any = None
    client_value: Any = None
    server_author: str | None = None
    server_changed_at: datetime | None = None


class MutationResult(_Wire):
    id: Id
    status: MutationStatus
    # For ``rejected``: a stable code and a sentence a person can read.
    code: str | None = None
    reason: str | None = None
    conflicts: list[ConflictDetail] = Field(default_factory=list)


class PushResponse(_Wire):
    results: list[MutationResult]
    server_time: datetime


# ---------------------------------------------------------------- pull


class Change(_Wire):
    """One record as it is now (``deleted`` false) or a tombstone (``deleted`` true, ``data`` null)."""

    seq: int
    kind: RecordKind
    id: str
    scope: str
    deleted: bool = False
    data: dict[str, Any] | None = None


class PullResponse(_Wire):
    changes: list[Change]
    # Opaque; the client stores it in the same transaction as the page and sends it back unchanged.
    cursor: str
    more: bool
    # The cursor is older than the tombstone horizon: drop all synced records and pull from "".
    reset: bool = False
    # Scopes this device may no longer see: delete every local record in them.
    drop_scopes: list[str] = Field(default_factory=list)
    # The admin ordered this device wiped.
    wipe: bool = False
    server_time: datetime


# ---------------------------------------------------------------- blobs


class BlobUploadState(_Wire):
    sha256: Hex64
    size: int
    # Bytes of this person's upload the server holds so far; the client resumes from here.
    offset: int
    # True once the server holds the file for this person (she uploaded it or proved she holds it).
    complete: bool
    # Set when the server already has these bytes from someone else: instead of sending them again the
    # client proves it holds them (``BlobProof``), so knowing a file's hash is never enough to own it.
    challenge: Hex64 | None = None


class BlobProof(_Wire):
    """``proof`` is the hex HMAC-SHA256 of the file's bytes keyed with the challenge's bytes."""

    challenge: Hex64
    proof: Hex64



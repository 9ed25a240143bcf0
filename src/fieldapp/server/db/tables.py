"""SQLAlchemy Core tables of the server. Migrations (``server/migrations``) are the source of truth for the
schema in a database; these definitions must match the latest migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


Json = JSON().with_variant(JSONB(), "postgresql")
TS = UTCDateTime()
ID = String(64)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(150), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, default=""),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(300), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", TS, nullable=False),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
)

cohort_members = Table(
    "cohort_members",
    metadata,
    Column("cohort_id", ID, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_cohort_members_user", "user_id"),
)

mentorships = Table(
    "mentorships",
    metadata,
    Column("mentor_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("intern_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_mentorships_intern", "intern_id"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # Chosen by the device; one row per (user, device).
    Column("device_id", String(64), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    # SHA-256 hex of the bearer token; the token itself is never stored.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
    Column("last_seen", TS, nullable=True),
    Column("revoked_at", TS, nullable=True),
    Column("wipe_requested_at", TS, nullable=True),
    Column("wipe_delivered_at", TS, nullable=True),
    UniqueConstraint("user_id", "device_id", name="uq_devices_user_device"),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    # When a device exchanged it for a token.
    Column("used_at", TS, nullable=True),
    # The one device the code belongs to once any device presented it (online or in a work pack), and the
    # key that device signs work packs with: from then on only that device's packs count for the code.
    Column("device_row_id", ID, nullable=True),
    Column("bound_key", String(64), nullable=True),
    Column("bound_at", TS, nullable=True),
)

login_failures = Table(
    "login_failures",
    metadata,
    # "user:<name>" or "ip:<address>"
    Column("key", String(300), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", TS, nullable=False),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", String(500), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("due", Date, nullable=True),
    Column("created_by", ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("cohort_id", ID, ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=True),
    Column("created_at", TS, nullable=False),
    Column("updated_by", ID, nullable=True),
    Column("updated_at", TS, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("task_id", ID, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("assignee_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("updated_at", TS, nullable=False),
    UniqueConstraint("task_id", "assignee_id", name="uq_assignments_task_assignee"),
    Index("ix_assignments_assignee", "assignee_id"),
)

modules = Table(
    "modules",
    metadata,
    Column("id", ID, primary_key=True),
    # The editable draft (ModuleDraft JSON); publishing copies it into module_versions.
    Column("draft", Json, nullable=False),
    Column("latest_version", Integer, nullable=False, default=0),
    Column("created_by", ID, nullable=True),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
)

module_versions = Table(
    "module_versions",
    metadata,
    Column("module_id", ID, ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("data", Json, nullable=False),
    Column("published_by", ID, nullable=True),
    Column("published_at", TS, nullable=False),
)

module_cohorts = Table(
    "module_cohorts",
    metadata,
    Column("module_id", ID, ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True),
    Column("cohort_id", ID, ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_module_cohorts_cohort", "cohort_id"),
)

progress = Table(
    "progress",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("module_id", ID, nullable=False),
    Column("module_version", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("lesson_id", String(64), nullable=True),
    Column("answers", Json, nullable=True),
    Column("score", Float, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("device_time", TS, nullable=True),
    Column("received_at", TS, nullable=False),
    Index("ix_progress_user", "user_id"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("task_id", ID, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(30), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", TS, nullable=False),
    Index("ix_submissions_author", "author_id"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("submission_id", ID, ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("attachments", Json, nullable=False),
    Column("submitted_at", TS, nullable=True),
    Column("received_at", TS, nullable=False),
    UniqueConstraint("submission_id", "revision", name="uq_revisions_submission_revision"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", ID, primary_key=True),
    Column("submission_id", ID, ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("reviewer_id", ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("decision", String(30), nullable=False),
    Column("comment", Text, nullable=False),
    Column("created_at", TS, nullable=True),
    Column("received_at", TS, nullable=False),
    Index("ix_reviews_submission", "submission_id"),
)

# One row per mutation ever handled: the idempotency record, written in the mutation's own transaction.
applied_mutations = Table(
    "applied_mutations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", ID, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("code", String(60), nullable=True),
    Column("reason", Text, nullable=True),
    Column("conflicts", Json, nullable=True),
    Column("applied_at", TS, nullable=False),
)

# The change sequence: one row per (record, scope) with the seq of its latest change.
changes = Table(
    "changes",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("record_id", String(64), primary_key=True),
    Column("scope", String(80), primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("data", Json, nullable=True),
    Column("changed_at", TS, nullable=False),
    Index("ix_changes_scope_seq", "scope", "seq"),
)

# Named counters ("seq") and settings ("tombstone_horizon").
counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("created_at", TS, nullable=False),
    # Whose upload stored the bytes (counts against her quota); None for files the server put there.
    Column("uploaded_by", ID, nullable=True),
)

# Records that name a blob: which scope the record is in and who made it. A reference counts only when
# its referrer holds the file (blob_owners), so naming someone else's hash in a record reaches nothing.
# referrer_id "" is the server itself (an administrator publishing a module folder).
blob_refs = Table(
    "blob_refs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("scope", String(80), primary_key=True),
    Column("referrer_id", ID, primary_key=True, server_default=""),
)

# Who holds a blob: she uploaded its bytes, proved she has them (challenge), or handed them in in a pack.
blob_owners = Table(
    "blob_owners",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("how", String(20), nullable=False),
    Column("bound_at", TS, nullable=False),
    Index("ix_blob_owners_user", "user_id"),
)

# Unfinished uploads, one per person and file: two people sending the same bytes never share one.
uploads = Table(
    "uploads",
    metadata,
    Column("user_id", ID, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Index("ix_uploads_updated", "updated_at"),
)

# Work packs whose proof could not be verified: kept for an administrator to approve or reject, so
# neither a forgery lands nor an intern's weeks of offline work are lost.
held_packs = Table(
    "held_packs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("received_at", TS, nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    # What the pack claims; nothing here is trusted until an administrator approves.
    Column("user_id", ID, nullable=True),
    Column("username", String(150), nullable=True),
    Column("device_id", String(64), nullable=True),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("decided_at", TS, nullable=True),
    Column("outcome", Text, nullable=True),
)

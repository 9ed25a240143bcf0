"""trust boundaries: file ownership, per-person uploads, setup codes bound to one device, held work packs

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 02:50:53.531435
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "held_packs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("username", sa.String(length=150), nullable=True),
        sa.Column("device_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_packs")),
    )
    op.create_table(
        "blob_owners",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("how", sa.String(length=20), nullable=False),
        sa.Column("bound_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_blob_owners_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_blob_owners")),
    )
    with op.batch_alter_table("blob_owners", schema=None) as batch_op:
        batch_op.create_index("ix_blob_owners_user", ["user_id"], unique=False)

    op.create_table(
        "uploads",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_uploads_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "sha256", name=op.f("pk_uploads")),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index("ix_uploads_updated", ["updated_at"], unique=False)

    # The referrer becomes part of the key: the same file named in one scope by two people is two refs.
    with op.batch_alter_table("blob_refs", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("referrer_id", sa.String(length=64), server_default="", nullable=False))
        batch_op.drop_constraint("pk_blob_refs", type_="primary")
        batch_op.create_primary_key("pk_blob_refs", ["sha256", "scope", "referrer_id"])

    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uploaded_by", sa.String(length=64), nullable=True))

    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_row_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("bound_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("bound_at", TS, nullable=True))

    _adopt_existing_files()


def _adopt_existing_files() -> None:
    """Give files stored before this version an owner, as well as can be known.

    An intern's reference (scope ``intern:<id>``) was made by that intern; module assets were put there by
    staff or the server and stay trusted (referrer ""). Who uploaded a file was not recorded, so its owner
    is the author of the earliest revision that names it: the first to name a file is the one who had it.
    A later reference by someone else (the attack this version closes) then reaches nothing.
    """
    op.execute("UPDATE blob_refs SET referrer_id = substr(scope, 8) WHERE scope LIKE 'intern:%'")
    conn = op.get_bind()
    first_named: dict[str, tuple[object, str]] = {}
    rows = conn.execute(
        sa.text(
            "SELECT s.author_id, r.attachments, r.received_at FROM revisions r "
            "JOIN submissions s ON s.id = r.submission_id ORDER BY r.received_at"
        )
    )
    for author, attachments, received in rows:
        if isinstance(attachments, str):
            attachments = json.loads(attachments)
        for attachment in attachments or []:
            sha = str(attachment.get("sha256", "")) if isinstance(attachment, dict) else ""
            if sha and sha not in first_named:
                first_named[sha] = (received, str(author))
    stored = {str(sha) for (sha,) in conn.execute(sa.text("SELECT sha256 FROM blobs"))}
    owners = [
        {"sha256": sha, "user_id": author, "how": "legacy", "bound_at": received}
        for sha, (received, author) in first_named.items()
        if sha in stored
    ]
    if owners:
        # A plain statement: the time goes back exactly as the database handed it out.
        conn.execute(
            sa.text(
                "INSERT INTO blob_owners (sha256, user_id, how, bound_at) "
                "VALUES (:sha256, :user_id, :how, :bound_at)"
            ),
            owners,
        )


def downgrade() -> None:
    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.drop_column("bound_at")
        batch_op.drop_column("bound_key")
        batch_op.drop_column("device_row_id")

    with op.batch_alter_table("blobs", schema=None) as batch_op:
        batch_op.drop_column("uploaded_by")

    # Keep one reference per (file, scope), as the old key allows.
    op.execute(
        "DELETE FROM blob_refs WHERE EXISTS (SELECT 1 FROM blob_refs b WHERE b.sha256 = blob_refs.sha256 "
        "AND b.scope = blob_refs.scope AND b.referrer_id < blob_refs.referrer_id)"
    )
    with op.batch_alter_table("blob_refs", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("pk_blob_refs", type_="primary")
        batch_op.drop_column("referrer_id")
        batch_op.create_primary_key("pk_blob_refs", ["sha256", "scope"])

    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index("ix_uploads_updated")
    op.drop_table("uploads")
    with op.batch_alter_table("blob_owners", schema=None) as batch_op:
        batch_op.drop_index("ix_blob_owners_user")
    op.drop_table("blob_owners")
    op.drop_table("held_packs")

"""Autosaved submission drafts: local only, one per task and author, never sent."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass, field

from fieldapp.core.clock import now_iso
from fieldapp.protocol import AttachmentRef

__all__ = ["Draft", "delete_draft", "load_draft", "write_draft"]


@dataclass(frozen=True)
class Draft:
    """Work in progress on one task. ``submission_id`` is the submission it will become (or add to)."""

    id: str
    task_id: str
    author_id: str
    submission_id: str
    text: str
    attachments: list[AttachmentRef] = field(default_factory=list)
    updated_at: str = ""


def _from_row(row: sqlite3.Row) -> Draft:
    return Draft(
        id=row["id"],
        task_id=row["task_id"],
        author_id=row["author_id"],
        submission_id=row["submission_id"],
        text=row["text"],
        attachments=[AttachmentRef.model_validate(a) for a in json.loads(row["attachments"])],
        updated_at=row["updated_at"],
    )


def load_draft(conn: sqlite3.Connection, task_id: str, author_id: str) -> Draft | None:
    """The draft of ``author_id`` on ``task_id``, if any."""
    row = conn.execute(
        "SELECT * FROM drafts WHERE task_id = ? AND author_id = ?", (task_id, author_id)
    ).fetchone()
    return None if row is None else _from_row(row)


def write_draft(
    conn: sqlite3.Connection,
    task_id: str,
    author_id: str,
    submission_id: str,
    text: str,
    attachments: list[AttachmentRef],
) -> Draft:
    """Insert or overwrite the draft (keeping its id) and return it."""
    existing = load_draft(conn, task_id, author_id)
    draft = Draft(
        id=existing.id if existing else str(uuid.uuid4()),
        task_id=task_id,
        author_id=author_id,
        submission_id=submission_id,
        text=text,
        attachments=list(attachments),
        updated_at=now_iso(),
    )
    conn.execute(
        "INSERT OR REPLACE INTO drafts (id, task_id, author_id, submission_id, text, attachments, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            draft.id,
            task_id,
            author_id,
            submission_id,
            text,
            json.dumps([a.model_dump(mode="json") for a in attachments]),
            draft.updated_at,
        ),
    )
    return draft


def delete_draft(conn: sqlite3.Connection, task_id: str, author_id: str) -> None:
    """Forget the draft (it became a revision)."""
    conn.execute("DELETE FROM drafts WHERE task_id = ? AND author_id = ?", (task_id, author_id))

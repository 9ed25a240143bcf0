"""Synced records in the local tables: one table per ``RecordKind``, the record's JSON in ``data``."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from fieldapp.protocol import RECORD_MODELS, RecordKind

__all__ = [
    "TABLES",
    "delete_record",
    "record_json",
    "set_fields",
    "upsert_record",
]

#: Table of each record kind.
TABLES: dict[RecordKind, str] = {
    RecordKind.user: "users",
    RecordKind.cohort: "cohorts",
    RecordKind.task: "tasks",
    RecordKind.assignment: "assignments",
    RecordKind.module: "modules",
    RecordKind.progress: "progress",
    RecordKind.submission: "submissions",
    RecordKind.revision: "revisions",
    RecordKind.review: "reviews",
}

# The columns queries filter on, taken from the record's JSON (which stays the full truth).
_COLUMNS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.user: ("username", "role"),
    RecordKind.cohort: ("name",),
    RecordKind.task: ("title", "due", "cohort_id"),
    RecordKind.assignment: ("task_id", "assignee_id", "status"),
    RecordKind.module: ("version", "title"),
    RecordKind.progress: ("user_id", "module_id", "module_version", "kind", "lesson_id"),
    RecordKind.submission: ("task_id", "author_id", "status", "revision"),
    RecordKind.revision: ("submission_id", "revision"),
    RecordKind.review: ("submission_id", "revision", "reviewer_id", "decision"),
}


def record_json(kind: RecordKind, data: dict[str, Any]) -> dict[str, Any]:
    """Validate ``data`` against the record model of ``kind`` and return its JSON form."""
    return RECORD_MODELS[kind].model_validate(data).model_dump(mode="json")


def upsert_record(
    conn: sqlite3.Connection,
    kind: RecordKind,
    data: dict[str, Any],
    scope: str | None = None,
    seq: int | None = None,
) -> None:
    """Insert or replace one record. ``seq`` None marks a row made by a local, unsent change."""
    clean = record_json(kind, data)
    columns = _COLUMNS[kind]
    names = ", ".join(("id", *columns, "data", "scope", "seq"))
    marks = ", ".join("?" for _ in range(len(columns) + 4))
    values = [clean["id"], *(clean.get(c) for c in columns), json.dumps(clean), scope, seq]
    conn.execute(f"INSERT OR REPLACE INTO {TABLES[kind]} ({names}) VALUES ({marks})", values)


def set_fields(conn: sqlite3.Connection, kind: RecordKind, record_id: str, **fields: Any) -> bool:
    """Change fields of a stored record (columns and JSON together); False when it is not stored."""
    row = conn.execute(f"SELECT data, scope, seq FROM {TABLES[kind]} WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return False
    data = json.loads(row[0])
    data.update(fields)
    upsert_record(conn, kind, data, row[1], row[2])
    return True


def delete_record(conn: sqlite3.Connection, kind: RecordKind, record_id: str) -> None:
    """Remove one record (a tombstone from the server)."""
    conn.execute(f"DELETE FROM {TABLES[kind]} WHERE id = ?", (record_id,))

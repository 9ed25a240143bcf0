"""The local schema, as numbered migrations.

``PRAGMA user_version`` holds the schema version. Migration ``n`` takes a database at version ``n - 1`` to
version ``n``; never edit a released migration, add a new one (and a fixture database for the old version
under ``tests/fixtures/db/``).

Synced tables (one per ``fieldapp.protocol.RecordKind``) keep the whole record as JSON in ``data`` (the
record model is the one definition of its shape) plus the columns queries filter on, and ``scope`` / ``seq``
from the server. ``seq IS NULL`` marks a row that exists only because of a local, not yet pulled, change.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

__all__ = ["LATEST_VERSION", "MIGRATIONS", "OUR_TABLES", "migration_statements"]

_SYNCED = "data TEXT NOT NULL, scope TEXT, seq INTEGER"

_V1: Sequence[str] = (
    f"CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL, {_SYNCED})",
    f"CREATE TABLE cohorts (id TEXT PRIMARY KEY, name TEXT NOT NULL, {_SYNCED})",
    f"""CREATE TABLE tasks (id TEXT PRIMARY KEY, title TEXT NOT NULL, due TEXT, cohort_id TEXT,
        {_SYNCED})""",
    f"""CREATE TABLE assignments (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, assignee_id TEXT NOT NULL,
        status TEXT NOT NULL, {_SYNCED})""",
    "CREATE INDEX assignments_task ON assignments (task_id)",
    f"""CREATE TABLE modules (id TEXT PRIMARY KEY, version INTEGER NOT NULL, title TEXT NOT NULL,
        {_SYNCED})""",
    f"""CREATE TABLE progress (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, module_id TEXT NOT NULL,
        module_version INTEGER NOT NULL, kind TEXT NOT NULL, lesson_id TEXT, {_SYNCED})""",
    "CREATE INDEX progress_module ON progress (module_id, user_id)",
    f"""CREATE TABLE submissions (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, author_id TEXT NOT NULL,
        status TEXT NOT NULL, revision INTEGER NOT NULL, {_SYNCED})""",
    "CREATE INDEX submissions_task ON submissions (task_id, author_id)",
    f"""CREATE TABLE revisions (id TEXT PRIMARY KEY, submission_id TEXT NOT NULL, revision INTEGER NOT NULL,
        {_SYNCED})""",
    "CREATE INDEX revisions_submission ON revisions (submission_id, revision)",
    f"""CREATE TABLE reviews (id TEXT PRIMARY KEY, submission_id TEXT NOT NULL, revision INTEGER NOT NULL,
        reviewer_id TEXT NOT NULL, decision TEXT NOT NULL, {_SYNCED})""",
    "CREATE INDEX reviews_submission ON reviews (submission_id)",
    # Local only: autosaved work in progress, one per task and author.
    """CREATE TABLE drafts (id TEXT PRIMARY KEY, task_id TEXT NOT NULL, author_id TEXT NOT NULL,
        submission_id TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', attachments TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL, UNIQUE (task_id, author_id))""",
    # ``position`` keeps outbox order; ``id`` is the mutation's UUID (the server's idempotency key);
    # ``user_id`` is who made the change on this device (the author of its local effect).
    """CREATE TABLE outbox (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
        user_id TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
        code TEXT, reason TEXT)""",
    """CREATE TABLE conflicts (id INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id TEXT NOT NULL,
        kind TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
        server_value TEXT, client_value TEXT, server_author TEXT, server_changed_at TEXT,
        client_author TEXT, client_changed_at TEXT, created_at TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE sync_state (id INTEGER PRIMARY KEY CHECK (id = 1), cursor TEXT NOT NULL DEFAULT '',
        last_sync_ok_at TEXT, last_attempt_at TEXT, last_error TEXT)""",
    "INSERT INTO sync_state (id) VALUES (1)",
    """CREATE TABLE transfers (sha256 TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('up', 'down')),
        "offset" INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL, PRIMARY KEY (sha256, direction))""",
    # Files this device must send up (own attachments); ``uploaded_at`` set once the server confirms.
    """CREATE TABLE blob_uploads (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL,
        mime TEXT NOT NULL, created_at TEXT NOT NULL, uploaded_at TEXT)""",
    # Who is signed in. Never a token: that lives in the OS keyring (fieldapp.sync).
    """CREATE TABLE session (id INTEGER PRIMARY KEY CHECK (id = 1), user_json TEXT NOT NULL,
        server_url TEXT NOT NULL, device_id TEXT NOT NULL, signed_in_at TEXT NOT NULL)""",
)

_V2: Sequence[str] = (
    # Small key/value facts about this profile: the device id, the version that last opened the file.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "ALTER TABLE conflicts ADD COLUMN resolution TEXT",
    "CREATE INDEX outbox_state ON outbox (state, position)",
)

_V3: Sequence[str] = (
    # Records that came in (pulled, or from a pack) but break the protocol's bounds: kept out of the
    # tables, noted once so the person and doctor can tell, never allowed to stop a sync.
    """CREATE TABLE skipped_records (kind TEXT NOT NULL, id TEXT NOT NULL, reason TEXT NOT NULL,
        source TEXT NOT NULL, first_seen TEXT NOT NULL, PRIMARY KEY (kind, id))""",
)

_STATEMENTS: dict[int, Sequence[str]] = {1: _V1, 2: _V2, 3: _V3}


def migration_statements(version: int) -> Sequence[str]:
    """The SQL that takes the schema from ``version - 1`` to ``version``."""
    return _STATEMENTS[version]


def _runner(version: int) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in _STATEMENTS[version]:
            conn.execute(statement)

    return run


def _set_aside_unreadable_records(conn: sqlite3.Connection) -> None:
    """Move stored records that this version's bounds refuse (e.g. an attachment named by a path, kept
    before the server checked) into ``skipped_records``: every screen reads the tables, and one such row
    must not break them."""
    from fieldapp.core.clock import now_iso
    from fieldapp.core.records import TABLES, record_json  # deferred: records imports the protocol

    for kind, table in TABLES.items():
        for row in conn.execute(f"SELECT id, data FROM {table}").fetchall():
            try:
                record_json(kind, json.loads(row[1]))
            except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row[0],))
                conn.execute(
                    "INSERT OR REPLACE INTO skipped_records (kind, id, reason, source, first_seen)"
                    " VALUES (?, ?, ?, 'stored', ?)",
                    (kind.value, str(row[0])[:64], _short_reason(exc), now_iso()),
                )


def _short_reason(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first.get('loc', ()))}: {first.get('msg')}"[:300]
    return str(exc)[:300]


def _v3(conn: sqlite3.Connection) -> None:
    _runner(3)(conn)
    _set_aside_unreadable_records(conn)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {v: _runner(v) for v in sorted(_STATEMENTS)}
MIGRATIONS[3] = _v3
LATEST_VERSION = max(MIGRATIONS)

#: Every table the latest schema has (used to recognise a foreign SQLite file and to salvage).
OUR_TABLES = frozenset(
    {
        "users",
        "cohorts",
        "tasks",
        "assignments",
        "modules",
        "progress",
        "submissions",
        "revisions",
        "reviews",
        "drafts",
        "outbox",
        "conflicts",
        "sync_state",
        "transfers",
        "blob_uploads",
        "session",
        "meta",
        "skipped_records",
    }
)

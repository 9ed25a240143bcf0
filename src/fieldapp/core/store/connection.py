"""Opening the profile's SQLite file with the pragmas the sync contract relies on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

__all__ = ["BUSY_TIMEOUT_MS", "connect", "quick_check", "transaction"]

#: How long a writer waits for another process (the GUI and a CLI call on the same profile) before failing.
BUSY_TIMEOUT_MS = 10_000


def connect(path: Path) -> sqlite_utils.Database:
    """Open ``path`` in WAL mode with ``synchronous=FULL``, foreign keys on and a busy timeout.

    The connection is in autocommit mode: every multi-statement write goes through :func:`transaction`,
    so a user action and its outbox row always commit (or vanish) together.
    """
    # check_same_thread off: the GUI runs store work on worker threads; Store serialises use with a lock.
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a transaction reported committed survives power loss, not just a process kill.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return sqlite_utils.Database(conn, execute_plugins=False)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """Run the block in one ``BEGIN IMMEDIATE`` transaction; commit on success, roll back on any error.

    IMMEDIATE takes the write lock up front, so two processes never both read-then-write and deadlock.
    Nested use joins the outer transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # Some errors (SQLITE_FULL, SQLITE_IOERR) have rolled back already.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Problems ``PRAGMA quick_check`` reports (an empty list means the file is sound)."""
    rows = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows

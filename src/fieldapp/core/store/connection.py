"""Opening the profile's SQLite file with the pragmas the sync contract relies on.

A profile locked by a PIN is a SQLCipher database (the ``sqlcipher3`` package), keyed with her raw data
key; every other profile is a plain stdlib ``sqlite3`` file. The two drivers have separate exception
classes: catch :data:`DB_ERRORS` / :data:`DATABASE_ERRORS`, never ``sqlite3.Error`` alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import sqlite_utils

from fieldapp.core.errors import StoreError
from fieldapp.core.private import make_private_file

if TYPE_CHECKING:
    from fieldapp.core.vault import DataKey

try:  # Present everywhere fieldapp is installed (a dependency); plain profiles work without it.
    import sqlcipher3 as _sqlcipher
except ImportError:  # pragma: no cover - a broken install
    _sqlcipher = None

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DATABASE_ERRORS",
    "DB_ERRORS",
    "SQLITE_HEADER",
    "connect",
    "driver",
    "is_plain_sqlite",
    "quick_check",
    "raw_connect",
    "transaction",
]

#: How long a writer waits for another process (the GUI and a CLI call on the same profile) before failing.
BUSY_TIMEOUT_MS = 10_000

#: Any database error, from either driver.
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + ((_sqlcipher.Error,) if _sqlcipher else ())
#: A damaged (or undecryptable) file, from either driver.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (_sqlcipher.DatabaseError,) if _sqlcipher else ()
)
#: The first 16 bytes of every plain SQLite file (an encrypted one looks random from byte 0).
SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (False for a missing, empty or encrypted one)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def driver(key: DataKey | None) -> ModuleType:
    """The DB-API module for a profile: SQLCipher with a key, stdlib sqlite3 without."""
    if key is None:
        return sqlite3
    if _sqlcipher is None:  # pragma: no cover - a broken install
        raise StoreError(
            "This fieldapp was installed without its encryption library (sqlcipher3), so it cannot open "
            "data locked by a PIN. Install fieldapp again."
        )
    return cast(ModuleType, _sqlcipher)


def raw_connect(target: str, key: DataKey | None, **kwargs: Any) -> sqlite3.Connection:
    """A bare connection to ``target`` (a path or ``file:`` URI), keyed when ``key`` is given.

    The key is set before anything else touches the file; SQLCipher's own error log to stderr is off
    (a wrong key must give our one-line message, not library noise).
    """
    conn = driver(key).connect(target, **kwargs)
    if key is not None:
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
        except DB_ERRORS:  # older SQLCipher without the pragma
            pass
        try:
            conn.execute(key.sqlcipher_pragma())
        except DB_ERRORS as exc:
            conn.close()
            # The statement holds the key, and SQLite may quote it in its message: say only what failed.
            raise StoreError(f"Her data could not be unlocked ({type(exc).__name__}).") from None
    return cast(sqlite3.Connection, conn)


def connect(path: Path, key: DataKey | None = None) -> sqlite_utils.Database:
    """Open ``path`` in WAL mode with ``synchronous=FULL``, foreign keys on and a busy timeout.

    The connection is in autocommit mode: every multi-statement write goes through :func:`transaction`,
    so a user action and its outbox row always commit (or vanish) together. With ``key`` the file is a
    SQLCipher database keyed with her raw data key.
    """
    # Created 0600 before SQLite creates it: SQLite gives the -wal and -shm files the same mode.
    make_private_file(path)
    # check_same_thread off: the GUI runs store work on worker threads; Store serialises use with a lock.
    conn = raw_connect(
        str(path), key, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = driver(key).Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a transaction reported committed survives power loss, not just a process kill.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except DATABASE_ERRORS:
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

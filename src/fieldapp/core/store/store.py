"""The profile's local store: open (check, recover, migrate) and hand out transactions."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from fieldapp.core.errors import CorruptDatabase, StoreError
from fieldapp.core.private import make_private_dir
from fieldapp.core.store.backup import LAST_GOOD_NAME, copy_database
from fieldapp.core.store.connection import (
    DATABASE_ERRORS,
    DB_ERRORS,
    connect,
    is_plain_sqlite,
    quick_check,
    raw_connect,
    transaction,
)
from fieldapp.core.store.encrypt import ENCRYPTING_SUFFIX, encrypt_database_file, seal_raw_file
from fieldapp.core.store.migrations import migrate, schema_version
from fieldapp.core.store.recovery import RecoveryReport, move_aside, restore_last_good, salvage

if TYPE_CHECKING:
    from fieldapp.core.vault import DataKey

__all__ = ["DB_NAME", "Store"]

log = logging.getLogger(__name__)

DB_NAME = "fieldapp.db"
#: What saving a safety copy may fail with (disk trouble or either database driver).
_COPY_ERRORS: tuple[type[BaseException], ...] = (OSError, *DB_ERRORS)


class _Damaged(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _open_checked(path: Path, key: DataKey | None = None) -> sqlite_utils.Database:
    """Connect and run ``quick_check``; raise :class:`_Damaged` when SQLite finds the file broken."""
    try:
        db = connect(path, key)
    except DATABASE_ERRORS as exc:
        raise _Damaged([str(exc)]) from None
    try:
        problems = quick_check(db.conn)
    except DATABASE_ERRORS as exc:
        problems = [str(exc)]
    if problems:
        db.conn.close()
        raise _Damaged(problems)
    return db


def _opens_with(path: Path, key: DataKey) -> bool:
    """Whether ``key`` decrypts the file at ``path`` (its first page at least)."""
    if not path.is_file():
        return False
    try:
        conn = raw_connect(f"file:{path}?mode=ro", key, uri=True)
    except DB_ERRORS:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DB_ERRORS:
        return False
    finally:
        conn.close()


def _plain_copies(backups: Path) -> list[Path]:
    if not backups.is_dir():
        return []
    return sorted(p for p in backups.iterdir() if p.is_file() and is_plain_sqlite(p))


def _lock_plain_profile(profile_dir: Path, path: Path, backups: Path, key: DataKey) -> None:
    """Encrypt a database (and its backup copies) left plain by a version before her PIN locked it.

    The plain store is first opened the old way, so a damaged file is recovered (and a newer or foreign
    one refused) before anything is encrypted. Copies SQLite cannot export are sealed whole.
    """
    path.with_name(path.name + ENCRYPTING_SUFFIX).unlink(missing_ok=True)
    if is_plain_sqlite(path):
        Store.open(profile_dir).close()
        encrypt_database_file(path, key)
        log.info("Locked the database of %s with her key", profile_dir.name)
    for copy in _plain_copies(backups):
        try:
            encrypt_database_file(copy, key)
        except StoreError:
            seal_raw_file(copy, key)


def _as_store_error(exc: BaseException) -> StoreError:
    text = str(exc).lower()
    log.error("Database write failed: %s", exc)
    if "full" in text:
        return StoreError("The disk is full, so this was not saved. Free some space and try again.")
    if "locked" in text or "busy" in text:
        return StoreError("fieldapp is busy with the data in another window; try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return StoreError("fieldapp may not write to its data folder; ask the installer to check it.")
    return StoreError(f"The local database could not be written ({exc}); nothing was changed.")


class Store:
    """One SQLite file per profile (``<profile>/fieldapp.db``) with ``backups/`` beside it.

    ``recovery`` is set when the file was damaged and recovered on open: show ``recovery.message()``.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        path: Path,
        recovery: RecoveryReport | None,
        key: DataKey | None = None,
    ) -> None:
        self.db = db
        self.path = path
        self.recovery = recovery
        self._key = key
        # One connection shared by threads: a transaction or a read holds the lock throughout.
        self._lock = threading.RLock()

    @property
    def backups(self) -> Path:
        """Where migration copies, the last good copy and damaged files are kept."""
        return self.path.parent / "backups"

    @property
    def encrypted(self) -> bool:
        """Whether the file is a SQLCipher database (her profile is locked by a PIN)."""
        return self._key is not None

    @classmethod
    def open(cls, profile_dir: Path, key: DataKey | None = None) -> Store:
        """Open the store of ``profile_dir``, creating, checking, recovering and migrating as needed.

        With ``key`` (her data key) the file is a SQLCipher database; a plain file left by an older
        version is encrypted first, crash-safely. Without a key it is a plain SQLite file.

        Raises :class:`~fieldapp.core.errors.NewerSchemaError` for a file from a newer fieldapp and
        :class:`~fieldapp.core.errors.CorruptDatabase` when a damaged file cannot be recovered.
        """
        try:
            make_private_dir(profile_dir)
        except OSError as exc:
            raise StoreError(f"Could not create the profile folder {profile_dir}: {exc.strerror}.") from None
        path = profile_dir / DB_NAME
        backups = profile_dir / "backups"
        if key is not None and (is_plain_sqlite(path) or _plain_copies(backups)):
            _lock_plain_profile(profile_dir, path, backups, key)
        recovery: RecoveryReport | None = None
        try:
            db = _open_checked(path, key)
        except _Damaged as damaged:
            if key is not None and not _opens_with(backups / LAST_GOOD_NAME, key):
                # Page 1 does not decrypt and neither does the last good copy: most likely not her key
                # at all. Moving her file aside would help nobody; leave everything as it is.
                raise CorruptDatabase(
                    "Her data could not be opened with her key, and nothing was changed. "
                    "Contact your coordinator."
                ) from None
            log.error("Database %s is damaged: %s", path, damaged)
            recovery = cls._recover(path, backups, damaged.problems)
            try:
                db = _open_checked(path, key)
            except _Damaged as again:
                raise CorruptDatabase(
                    f"The local database is damaged and the last good copy is damaged too ({again}). "
                    f"The damaged file was kept as {recovery.moved_to}; contact your coordinator."
                ) from None
        try:
            migrate(db, path, backups, key)
            if recovery is not None:
                with transaction(db):
                    recovery.salvaged = salvage(recovery.moved_to, db, key)
                log.warning("Recovered the database: %s", recovery.message())
            store = cls(db, path, recovery, key)
            store.save_last_good()
        except BaseException:
            db.conn.close()
            raise
        return store

    @staticmethod
    def _recover(path: Path, backups: Path, problems: list[str]) -> RecoveryReport:
        try:
            moved = move_aside(path, backups)
            restored = restore_last_good(path, backups)
        except OSError as exc:
            raise CorruptDatabase(
                f"The local database is damaged and could not be moved aside ({exc.strerror})."
            ) from None
        return RecoveryReport(problems=problems, moved_to=moved, restored_from=restored)

    # ------------------------------------------------------------------ use

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction (nested calls join the outer one).

        SQLite failures become a :class:`StoreError` with a sentence; the transaction is rolled back, so
        nothing of the action is saved and nothing saved before is lost.
        """
        with self._lock:
            try:
                with transaction(self.db) as conn:
                    yield conn
            except DB_ERRORS as exc:
                raise _as_store_error(exc) from None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for reads, without taking SQLite's write lock (other processes keep writing)."""
        with self._lock:
            yield self.db.conn

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        """Rows of a read query, as ``sqlite3.Row`` (access by column name)."""
        with self._lock:
            return list(self.db.conn.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        """The first row of a read query, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """Run one statement (inside the caller's transaction when there is one)."""
        with self._lock:
            return self.db.conn.execute(sql, params)

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return schema_version(self.db)

    def check_integrity(self) -> list[str]:
        """Problems a full ``PRAGMA integrity_check`` finds (empty when sound)."""
        rows = [r[0] for r in self.db.conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def save_last_good(self) -> None:
        """Copy the file to ``backups/last-good.db`` if it passes ``quick_check`` now."""
        if quick_check(self.db.conn):
            return
        try:
            copy_database(self.db.conn, self.backups / LAST_GOOD_NAME, self._key)
        except _COPY_ERRORS as exc:
            # A missing safety copy must not stop the person working; the next open tries again.
            log.warning("Could not save the last good copy of the database: %s", exc)

    def close(self) -> None:
        """Refresh the last good copy and close the file."""
        with self._lock:
            try:
                self.save_last_good()
            finally:
                self.db.conn.close()

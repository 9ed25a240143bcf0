"""What happens when the database file is damaged.

The bad file is moved aside (never deleted), the last good copy is restored, and the rows that hold work
not yet on the server (the outbox, drafts, files to upload, unresolved conflicts) are copied from the bad
file into the restored one wherever they can still be read. The caller gets a :class:`RecoveryReport`
to show the person.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from fieldapp.core.private import make_private_dir
from fieldapp.core.store.backup import LAST_GOOD_NAME, timestamp
from fieldapp.core.store.connection import DATABASE_ERRORS, raw_connect

if TYPE_CHECKING:
    from fieldapp.core.vault import DataKey

__all__ = ["SALVAGE_TABLES", "RecoveryReport", "move_aside", "restore_last_good", "salvage"]

log = logging.getLogger(__name__)

#: Tables whose rows exist nowhere else (not on the server), in the order they are salvaged.
SALVAGE_TABLES = ("outbox", "drafts", "blob_uploads", "conflicts", "session", "meta")
_SIDE_FILES = ("-wal", "-shm")
#: Give up on row-by-row salvage of a table beyond this many row ids (a garbage max(rowid)).
_MAX_PROBE = 200_000


@dataclass
class RecoveryReport:
    """What recovery did, for the person and for the log."""

    problems: list[str]
    moved_to: Path
    restored_from: Path | None
    salvaged: dict[str, int] = field(default_factory=dict)

    @property
    def salvaged_mutations(self) -> int:
        """Unsent changes recovered from the damaged file."""
        return self.salvaged.get("outbox", 0)

    def message(self) -> str:
        """A paragraph for the person."""
        start = (
            "The local database was damaged, so fieldapp restored the last good copy"
            f" ({self.restored_from.name})"
            if self.restored_from
            else "The local database was damaged and there was no good copy, so fieldapp started a new one"
        )
        return (
            f"{start}. The damaged file was kept as {self.moved_to}. "
            f"{self.salvaged_mutations} unsent change(s) and {self.salvaged.get('drafts', 0)} draft(s) were "
            "recovered from it; synced data will come back on the next sync."
        )


def move_aside(path: Path, backups: Path) -> Path:
    """Move the damaged file (and its WAL) into ``backups/`` under a dated name; return the new path."""
    make_private_dir(backups)
    target = backups / f"corrupt-{timestamp()}.db"
    shutil.move(str(path), str(target))
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            shutil.move(str(side), str(target.with_name(target.name + suffix)))
    return target


def restore_last_good(path: Path, backups: Path) -> Path | None:
    """Put the last good copy in place of ``path``; None when there is none."""
    good = backups / LAST_GOOD_NAME
    if not good.exists():
        return None
    shutil.copyfile(good, path)
    return good


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    select = ", ".join(f'"{c}"' for c in columns)
    try:
        return conn.execute(f'SELECT {select} FROM "{table}"').fetchall()
    except DATABASE_ERRORS:
        pass
    # A damaged b-tree page stops a scan; probing row by row still reads the rows on good pages.
    rows: list[tuple[object, ...]] = []
    try:
        top = conn.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except DATABASE_ERRORS:
        top = _MAX_PROBE
    for rowid in range(1, min(int(top), _MAX_PROBE) + 1):
        try:
            row = conn.execute(f'SELECT {select} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        except DATABASE_ERRORS:
            continue
        if row is not None:
            rows.append(row)
    return rows


def salvage(bad_file: Path, db: sqlite_utils.Database, key: DataKey | None = None) -> dict[str, int]:
    """Copy readable rows of :data:`SALVAGE_TABLES` from ``bad_file`` into ``db``; return counts added.

    Rows already present (same key) are left alone: the restored copy and the damaged file agree on them.
    ``key`` opens a damaged encrypted file (pages that no longer decrypt are skipped like damaged ones).
    """
    counts: dict[str, int] = {}
    try:
        bad = raw_connect(f"file:{bad_file}?mode=ro", key, uri=True)
    except DATABASE_ERRORS as exc:
        log.warning("Could not open the damaged file to salvage from: %s", exc)
        return counts
    try:
        for table in SALVAGE_TABLES:
            try:
                bad_columns = _columns(bad, table)
            except DATABASE_ERRORS:
                continue
            columns = [c for c in bad_columns if c in set(_columns(db.conn, table))]
            if not columns:
                continue
            rows = _readable_rows(bad, table, columns)
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            before = db.conn.total_changes
            # The outbox keys on the mutation id: a salvaged row keeps its place after the restored rows.
            if table == "outbox":
                columns_no_pos = [c for c in columns if c != "position"]
                index = [columns.index(c) for c in columns_no_pos]
                names = ", ".join(f'"{c}"' for c in columns_no_pos)
                marks = ", ".join("?" for _ in columns_no_pos)
                rows = [tuple(row[i] for i in index) for row in rows]
            for row in rows:
                try:
                    db.conn.execute(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', row)
                except DATABASE_ERRORS as exc:
                    log.warning("Skipped an unreadable %s row while salvaging: %s", table, exc)
            counts[table] = db.conn.total_changes - before
    finally:
        bad.close()
    return counts

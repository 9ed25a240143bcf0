"""Consistent copies of the live database, made with SQLite's online backup API.

The copy of a PIN-locked (SQLCipher) database is encrypted with the same key: SQLCipher's backup copies
pages between two connections keyed alike, never into a plain file.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.core.private import make_private_dir
from fieldapp.core.store.connection import raw_connect

if TYPE_CHECKING:
    import sqlite3

    from fieldapp.core.vault import DataKey

__all__ = ["LAST_GOOD_NAME", "copy_database", "timestamp"]

#: The copy made after the last successful integrity check; what recovery restores.
LAST_GOOD_NAME = "last-good.db"


def timestamp() -> str:
    """A UTC time stamp safe in file names (sorts in time order)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def copy_database(conn: sqlite3.Connection, target: Path, key: DataKey | None = None) -> Path:
    """Copy the open database to ``target`` atomically: a half-written copy never has the final name.

    ``key`` must be the key ``conn`` was opened with (None for a plain database).
    """
    make_private_dir(target.parent)
    # A unique temp name: the GUI and a CLI command may both be saving a copy at the same moment.
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        dest = raw_connect(str(tmp), key)
        try:
            conn.backup(dest)
            # The copy is read on its own (maybe long after), so fold everything into the main file.
            dest.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            dest.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target

"""Consistent copies of the live database, made with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["LAST_GOOD_NAME", "copy_database", "timestamp"]

#: The copy made after the last successful integrity check; what recovery restores.
LAST_GOOD_NAME = "last-good.db"


def timestamp() -> str:
    """A UTC time stamp safe in file names (sorts in time order)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def copy_database(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the open database to ``target`` atomically: a half-written copy never has the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique temp name: the GUI and a CLI command may both be saving a copy at the same moment.
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        dest = sqlite3.connect(str(tmp))
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

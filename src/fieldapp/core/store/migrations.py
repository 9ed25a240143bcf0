"""Bring a database to the latest schema, copying it to ``backups/`` before each step."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from fieldapp.core.errors import NewerSchemaError, StoreError
from fieldapp.core.store.backup import copy_database, timestamp
from fieldapp.core.store.connection import transaction
from fieldapp.core.store.schema import LATEST_VERSION, MIGRATIONS, OUR_TABLES

if TYPE_CHECKING:
    from fieldapp.core.vault import DataKey

__all__ = ["check_version", "migrate", "schema_version"]

log = logging.getLogger(__name__)


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version stored in the file (0 for a new, empty file)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def check_version(db: sqlite_utils.Database, path: Path) -> int:
    """Refuse a file from a newer fieldapp, or a SQLite file that is not ours; return its version."""
    version = schema_version(db)
    if version > LATEST_VERSION:
        raise NewerSchemaError(
            f"The data in {path} was written by a newer version of fieldapp (schema {version}; this version"
            f" understands up to {LATEST_VERSION})."
            " Install the newer fieldapp again; the file was not changed."
        )
    if version == 0:
        foreign = set(db.table_names()) - OUR_TABLES - {"sqlite_sequence"}
        if foreign:
            raise StoreError(
                f"{path} is a database, but not one fieldapp made (it has tables such as "
                f"{sorted(foreign)[0]!r}). Move it away or choose another profile folder."
            )
    return version


def migrate(db: sqlite_utils.Database, path: Path, backups: Path, key: DataKey | None = None) -> list[Path]:
    """Run every missing migration in order; return the backup copies made (encrypted like the file:
    ``key`` is the key the database was opened with).

    Each step runs in one transaction together with the new ``user_version``, so a kill mid-migration
    leaves the file at the previous version, and the copy made just before is there in any case.
    """
    made: list[Path] = []
    version = check_version(db, path)
    for target in range(version + 1, LATEST_VERSION + 1):
        # A brand-new file has nothing worth copying.
        if version > 0:
            copy = backups / f"fieldapp-v{target - 1}-{timestamp()}.db"
            made.append(copy_database(db.conn, copy, key))
            log.info("Copied the database to %s before migrating to schema %d", copy, target)
        with transaction(db) as conn:
            MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target}")
    return made

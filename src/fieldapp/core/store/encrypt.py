"""Turning a plain database (from a version before her data was locked by her PIN) into SQLCipher.

Crash-safe: the WAL is first folded into the main file, the encrypted copy is made under a temporary name
with ``sqlcipher_export``, checked (it opens with the key, passes ``quick_check``, has the same schema
version and the same number of rows in every table), fsynced, and only then renamed over the plain file.
A kill at any moment leaves the plain file complete or the encrypted one complete, never neither.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from fieldapp.core import blobcrypt
from fieldapp.core.errors import StoreError
from fieldapp.core.private import fsync_dir, tighten
from fieldapp.core.store.connection import DB_ERRORS, driver, is_plain_sqlite, raw_connect

if TYPE_CHECKING:
    from fieldapp.core.vault import DataKey

__all__ = ["ENCRYPTING_SUFFIX", "SEALED_SUFFIX", "encrypt_database_file", "seal_raw_file"]

log = logging.getLogger(__name__)

ENCRYPTING_SUFFIX = ".encrypting"
#: A damaged plain copy that SQLite cannot export is kept sealed whole under this suffix.
SEALED_SUFFIX = ".sealed"


def _row_counts(conn: object, schema: str) -> dict[str, int]:
    execute = conn.execute  # type: ignore[attr-defined]
    tables = [
        row[0]
        for row in execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'").fetchall()
        if not str(row[0]).startswith("sqlite_")
    ]
    return {t: int(execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0]) for t in tables}


def encrypt_database_file(path: Path, key: DataKey) -> bool:
    """Encrypt the plain SQLite file ``path`` in place with ``key``; False when it was not plain.

    Raises :class:`StoreError` (the plain file untouched) when the file cannot be exported, e.g. because
    another fieldapp window has it open or it is damaged.
    """
    if not is_plain_sqlite(path):
        return False
    tmp = path.with_name(path.name + ENCRYPTING_SUFFIX)
    tmp.unlink(missing_ok=True)  # a copy a killed attempt left half-made
    plain = driver(key).connect(str(path), isolation_level=None)  # SQLCipher reads plain files unkeyed
    try:
        plain.execute("PRAGMA cipher_log_level = NONE")
        # Fold the WAL into the main file and leave WAL mode, so no plaintext -wal is left beside the
        # encrypted file (SQLite would otherwise replay its pages into it).
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        mode = plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise StoreError("Close the other fieldapp windows first; her data is being locked.")
        version = int(plain.execute("PRAGMA user_version").fetchone()[0])
        expected = _row_counts(plain, "main")
        try:
            plain.execute(f"ATTACH DATABASE ? AS locked KEY \"x'{key.raw.hex()}'\"", (str(tmp),))
        except DB_ERRORS as exc:
            # SQLite may quote the statement near an error, and this one holds the key: never pass it on.
            raise StoreError(f"The data could not be locked ({type(exc).__name__}).") from None
        plain.execute("SELECT sqlcipher_export('locked')").fetchall()
        plain.execute(f"PRAGMA locked.user_version = {version}")
        plain.execute("DETACH DATABASE locked")
    except DB_ERRORS as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"The data could not be locked ({exc}); it was left as it was.") from None
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        plain.close()
    check = raw_connect(str(tmp), key, isolation_level=None)
    try:
        problems = [r[0] for r in check.execute("PRAGMA quick_check").fetchall()]
        same = (
            problems == ["ok"]
            and int(check.execute("PRAGMA user_version").fetchone()[0]) == version
            and _row_counts(check, "main") == expected
        )
    except DB_ERRORS:
        same = False
    finally:
        check.close()
    if not same:
        tmp.unlink(missing_ok=True)
        raise StoreError("Locking the data did not verify; it was left as it was.")
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    tighten(tmp)
    os.replace(tmp, path)
    fsync_dir(path.parent)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return True


def seal_raw_file(path: Path, key: DataKey) -> Path:
    """Encrypt any file whole (a damaged database copy) to ``<path>.<sha256>.sealed`` (the blob segment
    format) and delete the plain one.

    For copies SQLite cannot export: they are kept for support, but never in plaintext.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
        size = source.tell()
    sha = digest.hexdigest()
    # The SHA-256 is part of each segment's authenticated data, so the name carries it for whoever opens it.
    target = path.with_name(f"{path.name}.{sha}{SEALED_SUFFIX}")
    tmp = target.with_name(target.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
            writer = blobcrypt.SegmentWriter.create(out, key.subkey(blobcrypt.PURPOSE), sha, size)
            while chunk := source.read(1 << 20):
                writer.write(chunk)
            writer.finish()
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    log.warning("kept a damaged copy of the database sealed as %s", target.name)
    return target

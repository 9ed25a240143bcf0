"""The local SQLite store: connection, schema migrations, integrity check and recovery.

``DB_ERRORS`` / ``DATABASE_ERRORS`` are the exception classes of both database drivers (stdlib sqlite3
for plain profiles, SQLCipher for PIN-locked ones): catch those, never ``sqlite3.Error`` alone.
"""

from fieldapp.core.store.connection import DATABASE_ERRORS, DB_ERRORS, transaction
from fieldapp.core.store.recovery import RecoveryReport
from fieldapp.core.store.schema import LATEST_VERSION
from fieldapp.core.store.store import DB_NAME, Store

__all__ = [
    "DATABASE_ERRORS",
    "DB_ERRORS",
    "DB_NAME",
    "LATEST_VERSION",
    "RecoveryReport",
    "Store",
    "transaction",
]

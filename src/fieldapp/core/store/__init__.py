"""The local SQLite store: connection, schema migrations, integrity check and recovery."""

from fieldapp.core.store.connection import transaction
from fieldapp.core.store.recovery import RecoveryReport
from fieldapp.core.store.schema import LATEST_VERSION
from fieldapp.core.store.store import DB_NAME, Store

__all__ = ["DB_NAME", "LATEST_VERSION", "RecoveryReport", "Store", "transaction"]

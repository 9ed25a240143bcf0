"""The server's shared state: configuration, database engine, blob store, signing key.

One :class:`ServerContext` backs the web app and every admin command, so both act on the same data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine

from fieldapp.server.blobstore import BlobStore, FileBlobStore
from fieldapp.server.config import ServerConfig
from fieldapp.server.db.engine import make_engine, migrate
from fieldapp.server.keys import load_or_create_signing_key, public_key_hex


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) a folder only the server's user can enter, whatever the umask:
    it holds people's records, files and the signing key."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` if missing, and make it readable and writable by the server's user only."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.chmod(extra, 0o600)
    return path


def utcnow() -> datetime:
    """Server clock, timezone-aware UTC (device clocks are never trusted for ordering)."""
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class ServerContext:
    config: ServerConfig
    engine: Engine
    blobs: BlobStore
    _key: Ed25519PrivateKey | None = field(default=None, repr=False)

    @classmethod
    def open(cls, config: ServerConfig, *, run_migrations: bool = True) -> ServerContext:
        """Create the data dir, connect, migrate, and return a ready context."""
        private_dir(config.data_dir)
        if not config.database_url:
            # SQLite gives its -wal and -shm files the database file's mode: make it private first.
            private_file(config.data_dir / "fieldapp.db")
        engine = make_engine(config.sqlalchemy_url)
        if run_migrations:
            migrate(engine)
        return cls(config=config, engine=engine, blobs=FileBlobStore(config.blob_dir))

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        """The Ed25519 key that signs content packs (created in the data dir on first use)."""
        if self._key is None:
            self._key = load_or_create_signing_key(self.config.data_dir)
        return self._key

    @property
    def server_key_hex(self) -> str:
        return public_key_hex(self.signing_key)

    def close(self) -> None:
        self.engine.dispose()

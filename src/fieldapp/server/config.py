"""Server settings: where the data lives and the limits it enforces.

Resolved once from command-line flags and environment variables (``FIELDAPP_DATA_DIR``,
``FIELDAPP_DATABASE_URL``, ``FIELDAPP_PUBLIC_URL``) so ``serve`` and every admin command act on the same
database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path("/var/lib/fieldapp-server")


def default_data_dir() -> Path:
    """``$FIELDAPP_DATA_DIR``, else ``./fieldapp-server-data`` (never a system path by surprise)."""
    env = os.environ.get("FIELDAPP_DATA_DIR")
    if env:
        return Path(env)
    return Path.cwd() / "fieldapp-server-data"


def normalize_database_url(url: str) -> str:
    """Accept ``postgresql://`` / ``postgres://`` and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass
class ServerConfig:
    """Everything the server needs to start. Only ``data_dir`` is required."""

    data_dir: Path = field(default_factory=default_data_dir)
    # None: SQLite file ``fieldapp.db`` under ``data_dir``.
    database_url: str | None = None
    # Shown to devices in enrollment files; the address people reach the server at.
    public_url: str = "http://127.0.0.1:8000"
    max_blob_size: int = 200 * 1024 * 1024
    max_chunk_size: int = 16 * 1024 * 1024
    # Largest request body after gzip decompression (JSON endpoints).
    max_body_size: int = 32 * 1024 * 1024
    # Requests handled at once by one worker; beyond this the answer is 503 + Retry-After.
    max_concurrency: int = 64
    # Threads per worker running request handlers (database work).
    threads: int = 8
    enrollment_days: int = 7
    # Failed logins allowed before each further attempt waits (per username and per address).
    login_free_failures: int = 5
    login_max_delay: int = 300

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, database_url: str | None = None) -> ServerConfig:
        """Flags win over environment variables, which win over defaults."""
        resolved_dir = Path(data_dir) if data_dir else default_data_dir()
        url = database_url or os.environ.get("FIELDAPP_DATABASE_URL") or None
        cfg = cls(data_dir=resolved_dir, database_url=url)
        if os.environ.get("FIELDAPP_PUBLIC_URL"):
            cfg.public_url = os.environ["FIELDAPP_PUBLIC_URL"]
        if os.environ.get("FIELDAPP_MAX_CONCURRENCY"):
            cfg.max_concurrency = int(os.environ["FIELDAPP_MAX_CONCURRENCY"])
        if os.environ.get("FIELDAPP_THREADS"):
            cfg.threads = int(os.environ["FIELDAPP_THREADS"])
        if os.environ.get("FIELDAPP_MAX_BLOB_SIZE"):
            cfg.max_blob_size = int(os.environ["FIELDAPP_MAX_BLOB_SIZE"])
        return cfg

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'fieldapp.db').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

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


#: Integer settings read from the environment (docs/deploy.md lists them).
_INT_SETTINGS = {
    "FIELDAPP_MAX_CONCURRENCY": "max_concurrency",
    "FIELDAPP_THREADS": "threads",
    "FIELDAPP_MAX_BLOB_SIZE": "max_blob_size",
    "FIELDAPP_MAX_BODY_SIZE": "max_body_size",
    "FIELDAPP_UPLOAD_EXPIRY_DAYS": "upload_expiry_days",
    "FIELDAPP_USER_QUOTA": "user_quota",
}


def _positive_int(name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0")
    return value


@dataclass
class ServerConfig:
    """Everything the server needs to start. Only ``data_dir`` is required."""

    data_dir: Path = field(default_factory=default_data_dir)
    # None: SQLite file ``fieldapp.db`` under ``data_dir``.
    database_url: str | None = None
    # Shown to devices in enrollment files; the address people reach the server at.
    public_url: str = "http://127.0.0.1:8000"
    max_blob_size: int = 200 * 1024 * 1024
    # Largest upload chunk (devices send 32 KiB to 1 MiB).
    max_chunk_size: int = 4 * 1024 * 1024
    # Largest request body, as sent or after gzip decompression (JSON endpoints); read in pieces and
    # refused as soon as it passes this, never read whole first.
    max_body_size: int = 8 * 1024 * 1024
    # Sign-in and enrollment bodies are a few hundred bytes.
    max_auth_body_size: int = 64 * 1024
    # Unfinished uploads untouched for this long are deleted.
    upload_expiry_days: int = 7
    # Bytes one person may keep on the server: files she uploaded plus her unfinished uploads.
    user_quota: int = 2 * 1024 * 1024 * 1024
    # Requests handled at once by one worker; beyond this the answer is 503 + Retry-After.
    max_concurrency: int = 64
    # Threads per worker running request handlers (database work).
    threads: int = 8
    enrollment_days: int = 7
    # Failed logins allowed before each further attempt waits (per username and per address).
    login_free_failures: int = 5
    # Longest wait for an address, or for one account from one address.
    login_max_delay: int = 300
    # Longest wait for an account as a whole: a guesser elsewhere can slow her, not lock her out.
    login_account_max_delay: int = 60

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, database_url: str | None = None) -> ServerConfig:
        """Flags win over environment variables, which win over defaults."""
        resolved_dir = Path(data_dir) if data_dir else default_data_dir()
        url = database_url or os.environ.get("FIELDAPP_DATABASE_URL") or None
        cfg = cls(data_dir=resolved_dir, database_url=url)
        if os.environ.get("FIELDAPP_PUBLIC_URL"):
            cfg.public_url = os.environ["FIELDAPP_PUBLIC_URL"]
        for name, attr in _INT_SETTINGS.items():
            if os.environ.get(name):
                setattr(cfg, attr, _positive_int(name, os.environ[name]))
        return cfg

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'fieldapp.db').resolve()}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

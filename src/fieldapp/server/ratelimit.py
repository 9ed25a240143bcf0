"""Slow down repeated failed logins, per username and per client address, across all workers (in the DB)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from fieldapp.server.config import ServerConfig
from fieldapp.server.context import aware, utcnow
from fieldapp.server.db import tables as t


def keys_for(username: str, address: str | None) -> list[str]:
    keys = [f"user:{username.lower()}"]
    if address:
        keys.append(f"ip:{address}")
    return keys


def retry_after(conn: Connection, cfg: ServerConfig, keys: list[str]) -> int:
    """Seconds to wait before another attempt may be checked (0: go ahead)."""
    now = utcnow()
    wait = 0.0
    for row in conn.execute(select(t.login_failures).where(t.login_failures.c.key.in_(keys))).mappings():
        # Many interns share one mobile-carrier address (CGNAT): an address gets far more slack than a name.
        free = cfg.login_free_failures * (20 if row["key"].startswith("ip:") else 1)
        extra = row["failures"] - free
        if extra < 0:
            continue
        delay = min(cfg.login_max_delay, 2**extra)
        wait = max(wait, delay - (now - aware(row["last_failure_at"])).total_seconds())
    return int(wait + 0.999) if wait > 0 else 0


def record_failure(conn: Connection, keys: list[str]) -> None:
    now = utcnow()
    for key in keys:
        updated = conn.execute(
            t.login_failures.update()
            .where(t.login_failures.c.key == key)
            .values(failures=t.login_failures.c.failures + 1, last_failure_at=now)
        ).rowcount
        if not updated:
            conn.execute(t.login_failures.insert().values(key=key, failures=1, last_failure_at=now))


def clear(conn: Connection, key: str) -> None:
    conn.execute(t.login_failures.delete().where(t.login_failures.c.key == key))

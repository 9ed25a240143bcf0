"""Slow down repeated failed sign-ins, across all workers (in the database).

Every attempt is counted *before* the password is checked, in one locked transaction, so many requests
in parallel cannot all slip past the limit while the (deliberately slow) check runs. Three counters:

- ``user:<name>@<source>``: one account from one address, waits up to ``login_max_delay``;
- ``ip:<source>``: one address, with far more slack (many interns share a mobile carrier's address);
- ``user:<name>``: the account from everywhere, waits at most ``login_account_max_delay`` (a minute), so
  a guesser elsewhere can slow the real intern down but never lock her out for longer.

A successful sign-in clears the account's counters and takes its own attempt back off the address's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldapp.server.config import ServerConfig
from fieldapp.server.context import aware, utcnow
from fieldapp.server.db import tables as t

#: An address gets this many times the free failures of an account.
ADDRESS_SLACK = 20


@dataclass(frozen=True)
class Keys:
    """The counters one attempt touches."""

    account: str | None
    pair: str | None
    source: str | None

    def all(self) -> list[str]:
        return [k for k in (self.account, self.pair, self.source) if k]


def keys_for(username: str | None, address: str | None) -> Keys:
    """Counters for a sign-in as ``username`` (None for an enrollment code) from ``address``."""
    name = username.lower() if username else None
    return Keys(
        account=f"user:{name}" if name else None,
        pair=f"user:{name}@{address}" if name and address else None,
        source=f"ip:{address}" if address else None,
    )


def _limits(cfg: ServerConfig, keys: Keys, key: str) -> tuple[int, int]:
    """(free failures, longest wait) for one counter."""
    if key == keys.source:
        return cfg.login_free_failures * ADDRESS_SLACK, cfg.login_max_delay
    if key == keys.account:
        return cfg.login_free_failures, cfg.login_account_max_delay
    return cfg.login_free_failures, cfg.login_max_delay


def reserve(conn: Connection, cfg: ServerConfig, keys: Keys) -> int:
    """Count one attempt, or return the seconds to wait (then nothing is counted and nothing checked).

    Run in its own transaction: the counters' rows stay locked until it commits.
    """
    names = keys.all()
    if not names:
        return 0
    now = utcnow()
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(
        insert(t.login_failures)
        .values([{"key": k, "failures": 0, "last_failure_at": now} for k in names])
        .on_conflict_do_nothing(index_elements=["key"])
    )
    rows = conn.execute(
        select(t.login_failures).where(t.login_failures.c.key.in_(names)).with_for_update()
    ).mappings()
    wait = 0.0
    for row in rows:
        free, longest = _limits(cfg, keys, row["key"])
        extra = row["failures"] - free
        if extra < 0:
            continue
        delay = min(longest, 2 ** min(extra, 30))
        wait = max(wait, delay - (now - aware(row["last_failure_at"])).total_seconds())
    if wait > 0:
        return int(wait + 0.999)
    conn.execute(
        t.login_failures.update()
        .where(t.login_failures.c.key.in_(names))
        .values(failures=t.login_failures.c.failures + 1, last_failure_at=now)
    )
    return 0


def succeeded(conn: Connection, keys: Keys) -> None:
    """The attempt was right: forget the account's failures, and take this attempt off the address."""
    personal = [k for k in (keys.account, keys.pair) if k]
    if personal:
        conn.execute(t.login_failures.delete().where(t.login_failures.c.key.in_(personal)))
    if keys.source:
        conn.execute(
            t.login_failures.update()
            .where(t.login_failures.c.key == keys.source, t.login_failures.c.failures > 0)
            .values(failures=t.login_failures.c.failures - 1)
        )

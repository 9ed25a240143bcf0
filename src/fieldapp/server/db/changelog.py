"""The change sequence that pull reads.

Every write that a device must hear about calls :func:`emit` / :func:`tombstone` inside its transaction.
Sequence numbers are assigned by :func:`_next_seqs` under a lock held until commit (PostgreSQL: a
transaction-level advisory lock plus the ``counters`` row; SQLite: the database write lock taken by
``BEGIN IMMEDIATE``), so seq order equals commit order and a reader never sees N+1 while N is open.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldapp.server.context import utcnow
from fieldapp.server.db import tables as t

# Any fixed number: the one lock that orders the change sequence.
SEQ_LOCK = 7_104_2027


_BUFFER = "fieldapp_pending_changes"


def _next_seqs(conn: Connection, count: int) -> int:
    """Reserve ``count`` consecutive sequence numbers; returns the first. One round trip: on PostgreSQL the
    advisory lock is taken in the same statement that bumps the counter."""
    if conn.dialect.name == "postgresql":
        last = conn.execute(
            text(
                "WITH seq_lock AS (SELECT pg_advisory_xact_lock(:k)) "
                "UPDATE counters SET value = value + :n FROM seq_lock WHERE name = 'seq' RETURNING value"
            ),
            {"k": SEQ_LOCK, "n": count},
        ).scalar_one()
    else:
        last = conn.execute(
            update(t.counters)
            .where(t.counters.c.name == "seq")
            .values(value=t.counters.c.value + count)
            .returning(t.counters.c.value)
        ).scalar_one()
    return int(last) - count + 1


def _store(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Give ``rows`` sequence numbers and upsert them in one statement."""
    latest = {(r["kind"], r["record_id"], r["scope"]): r for r in rows}  # one row per key per statement
    ordered = list(latest.values())
    first = _next_seqs(conn, len(ordered))
    for i, row in enumerate(ordered):
        row["seq"] = first + i
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(t.changes).values(ordered)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "record_id", "scope"],
        set_={
            "seq": stmt.excluded.seq,
            "deleted": stmt.excluded.deleted,
            "data": stmt.excluded.data,
            "changed_at": stmt.excluded.changed_at,
        },
    )
    conn.execute(stmt)


def _store_pg_and_commit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Lock, number and upsert in one statement and send COMMIT in the same pipeline: between taking the
    sequence lock and releasing it at commit there is no round trip back to Python, so a worker that is
    short of CPU (or of the GIL) cannot hold every other writer up. SQLAlchemy's own commit afterwards is a
    no-op (the connection is already idle)."""
    from psycopg.types.json import Jsonb

    params: dict[str, Any] = {"lock": SEQ_LOCK, "n": len(rows)}
    values = []
    for i, row in enumerate(rows):
        values.append(
            f"({i}, %(k{i})s::varchar, %(r{i})s::varchar, %(s{i})s::varchar, %(x{i})s::boolean,"
            f" %(d{i})s::jsonb, %(t{i})s::timestamptz)"
        )
        params.update(
            {
                f"k{i}": row["kind"],
                f"r{i}": row["record_id"],
                f"s{i}": row["scope"],
                f"x{i}": row["deleted"],
                f"d{i}": None if row["data"] is None else Jsonb(row["data"]),
                f"t{i}": row["changed_at"],
            }
        )
    sql = (
        "WITH seq_lock AS (SELECT pg_advisory_xact_lock(%(lock)s)), "
        "bump AS (UPDATE counters SET value = value + %(n)s FROM seq_lock WHERE name = 'seq' "
        "RETURNING value) "
        "INSERT INTO changes (kind, record_id, scope, seq, deleted, data, changed_at) "
        "SELECT v.kind, v.record_id, v.scope, bump.value - %(n)s + 1 + v.ord, v.deleted, v.data, "
        "v.changed_at FROM bump, (VALUES " + ", ".join(values) + ") "
        "AS v(ord, kind, record_id, scope, deleted, data, changed_at) "
        "ON CONFLICT (kind, record_id, scope) DO UPDATE SET seq = excluded.seq, "
        "deleted = excluded.deleted, data = excluded.data, changed_at = excluded.changed_at"
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.pipeline():
        raw.execute(sql, params)
        raw.execute("COMMIT")


def defer(conn: Connection) -> None:
    """Collect this transaction's changes and write them at :func:`flush`, just before commit, so the
    sequence lock is held for as short a time as possible (a lock holder waiting for CPU stalls every
    writer behind it)."""
    conn.info[_BUFFER] = []


def discard(conn: Connection) -> None:
    """Forget collected changes (the work that produced them was rolled back)."""
    if conn.info.get(_BUFFER) is not None:
        conn.info[_BUFFER] = []


def flush_and_commit(conn: Connection) -> None:
    """Write collected changes and commit (PostgreSQL: in one pipeline; SQLite: the caller's context manager
    commits). Must be the last thing the transaction does. Stops deferring."""
    rows = conn.info.pop(_BUFFER, None)
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        latest = {(r["kind"], r["record_id"], r["scope"]): r for r in rows}
        _store_pg_and_commit(conn, list(latest.values()))
    else:
        _store(conn, rows)


def stop_deferring(conn: Connection) -> None:
    conn.info.pop(_BUFFER, None)


def emit(conn: Connection, kind: str, record_id: str, scopes: str | list[str], data: dict[str, Any]) -> None:
    """Record that ``record_id`` now looks like ``data`` in each of ``scopes``."""
    _write(conn, kind, record_id, [scopes] if isinstance(scopes, str) else scopes, data, deleted=False)


def tombstone(conn: Connection, kind: str, record_id: str, scopes: str | list[str] | None = None) -> None:
    """Record that ``record_id`` is gone (from ``scopes``, or from every scope it was in)."""
    if scopes is None:
        scope_list = list(
            conn.execute(
                select(t.changes.c.scope).where(t.changes.c.kind == kind, t.changes.c.record_id == record_id)
            ).scalars()
        )
    else:
        scope_list = [scopes] if isinstance(scopes, str) else scopes
    _write(conn, kind, record_id, scope_list, None, deleted=True)


def _write(
    conn: Connection,
    kind: str,
    record_id: str,
    scopes: list[str],
    data: dict[str, Any] | None,
    *,
    deleted: bool,
) -> None:
    if not scopes:
        return
    now = utcnow()
    rows = [
        {
            "kind": str(kind),
            "record_id": record_id,
            "scope": scope,
            "deleted": deleted,
            "data": data,
            "changed_at": now,
        }
        for scope in scopes
    ]
    pending = conn.info.get(_BUFFER)
    if pending is not None:
        pending.extend(rows)
    else:
        _store(conn, rows)


def current_seq(conn: Connection) -> int:
    return int(conn.execute(select(t.counters.c.value).where(t.counters.c.name == "seq")).scalar_one())


def tombstone_horizon(conn: Connection) -> int:
    """Cursors below this seq may have missed purged tombstones and must re-sync from scratch."""
    return int(
        conn.execute(select(t.counters.c.value).where(t.counters.c.name == "tombstone_horizon")).scalar_one()
    )


def purge_tombstones(conn: Connection, up_to_seq: int) -> int:
    """Delete tombstones with ``seq <= up_to_seq`` and raise the horizon; returns how many went."""
    deleted = conn.execute(
        t.changes.delete().where(t.changes.c.deleted.is_(True), t.changes.c.seq <= up_to_seq)
    ).rowcount
    horizon = tombstone_horizon(conn)
    if up_to_seq > horizon:
        conn.execute(
            update(t.counters).where(t.counters.c.name == "tombstone_horizon").values(value=up_to_seq)
        )
    return int(deleted or 0)


def epoch(conn: Connection) -> int:
    """Changes whenever the sequence may have gone backwards (a restore): every cursor from an older epoch
    gets a full re-sync."""
    value = conn.execute(select(t.counters.c.value).where(t.counters.c.name == "epoch")).scalar()
    return int(value or 0)


def bump_epoch(conn: Connection) -> int:
    new = epoch(conn) + 1
    if not conn.execute(update(t.counters).where(t.counters.c.name == "epoch").values(value=new)).rowcount:
        conn.execute(t.counters.insert().values(name="epoch", value=new))
    return new


def read_counters(conn: Connection) -> dict[str, int]:
    """All counters in one query (pull needs seq-related ones on every page)."""
    return {name: int(value) for name, value in conn.execute(select(t.counters.c.name, t.counters.c.value))}

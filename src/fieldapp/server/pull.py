"""Pull: changes after a cursor, in commit (seq) order, filtered to the device's scopes.

The cursor is base64url(JSON) ``{"v": 1, "seq": S, "scopes": [...], "bf": {"scopes": [...], "after": N}}``:
``seq`` is the last change the device holds, ``scopes`` the scopes it has, ``bf`` a backfill in progress
(newly visible scopes being sent up to ``seq``, resuming after ``after``). See docs/sync-protocol.md.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, select

from fieldapp.protocol import Change, PullResponse
from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import changelog
from fieldapp.server.db import tables as t
from fieldapp.server.scopes import ALL, Principal, user_scopes


class BadCursor(ValueError):
    pass


@dataclass
class Cursor:
    seq: int = 0
    scopes: list[str] = field(default_factory=list)
    bf_scopes: list[str] = field(default_factory=list)
    bf_after: int = 0
    fresh: bool = False  # the empty cursor: a device that holds nothing
    epoch: int = 0

    def encode(self) -> str:
        data: dict[str, Any] = {"v": 1, "seq": self.seq, "scopes": sorted(self.scopes)}
        if self.epoch:
            data["e"] = self.epoch
        if self.bf_scopes:
            data["bf"] = {"scopes": sorted(self.bf_scopes), "after": self.bf_after}
        raw = json.dumps(data, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """Parse a cursor a device sent back. Anything but a cursor this server made is :class:`BadCursor`
        (a modified client can send anything: huge numbers, deep nesting, wrong types)."""
        if not text:
            return cls(fresh=True)
        try:
            raw = base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
            data = _CursorData.model_validate_json(raw)
        except (binascii.Error, ValueError, UnicodeEncodeError, RecursionError) as exc:
            # ValueError covers pydantic's ValidationError and bad JSON.
            raise BadCursor("The sync cursor is not valid.") from exc
        return cls(
            seq=data.seq,
            scopes=data.scopes,
            bf_scopes=data.bf.scopes if data.bf else [],
            bf_after=data.bf.after if data.bf else 0,
            epoch=data.e,
        )


_Seq = Annotated[int, Field(ge=0, le=2**63 - 1)]
_Scopes = Annotated[list[Annotated[str, StringConstraints(max_length=80)]], Field(max_length=20_000)]


class _Backfill(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    scopes: _Scopes
    after: _Seq = 0


class _CursorData(BaseModel):
    """The cursor's JSON: strict types and bounds, so only what :meth:`Cursor.encode` writes passes."""

    model_config = ConfigDict(extra="forbid", strict=True)
    v: Literal[1]
    seq: _Seq
    scopes: _Scopes
    e: _Seq = 0
    bf: _Backfill | None = None


def _rows_to_changes(rows: list[Any]) -> list[Change]:
    return [
        Change(
            seq=r["seq"],
            kind=r["kind"],
            id=r["record_id"],
            scope=r["scope"],
            deleted=r["deleted"],
            data=None if r["deleted"] else r["data"],
        )
        for r in rows
    ]


def _scope_filter(scopes: set[str]) -> Any:
    return None if ALL in scopes else t.changes.c.scope.in_(sorted(scopes))


def pull(ctx: ServerContext, who: Principal, cursor_text: str, limit: int) -> PullResponse:
    cur = Cursor.decode(cursor_text)
    with ctx.engine.connect() as conn:
        resp = _pull(conn, who, cur, limit)
        conn.rollback()
    if who.wipe:
        resp.wipe = True
        resp.changes = []
        resp.more = False
    return resp


def _pull(conn: Connection, who: Principal, cur: Cursor, limit: int) -> PullResponse:
    now = utcnow()
    current = user_scopes(conn, who)
    counters = changelog.read_counters(conn)
    epoch = counters.get("epoch", 0)
    if cur.fresh:
        # Nothing held yet: every visible record, from the start of the sequence.
        cur = Cursor(seq=0, scopes=sorted(current), epoch=epoch)
    elif (
        cur.seq < counters.get("tombstone_horizon", 0)
        or cur.epoch != epoch
        or (ALL in cur.scopes and ALL not in current)
    ):
        # Deletions the device needs were purged, the database was restored from a backup, or the device
        # lost "see everything": start over.
        return PullResponse(changes=[], cursor="", more=True, reset=True, server_time=now)

    held = set(cur.scopes) | set(cur.bf_scopes)
    drop = sorted(held - current) if ALL not in current else []
    kept = [s for s in cur.scopes if s in current]
    new = sorted(current - set(kept))
    if ALL in current and ALL in kept:
        new = []

    if new:
        # Backfill: records in newly visible scopes that are older than the cursor.
        after = cur.bf_after if sorted(cur.bf_scopes) == new else 0
        query = select(t.changes).where(
            t.changes.c.seq <= cur.seq, t.changes.c.seq > after, t.changes.c.deleted.is_(False)
        )
        if ALL not in new:
            query = query.where(t.changes.c.scope.in_(new))
        rows = list(conn.execute(query.order_by(t.changes.c.seq).limit(limit + 1)).mappings())
        if len(rows) > limit:
            rows = rows[:limit]
            nxt = Cursor(seq=cur.seq, scopes=kept, bf_scopes=new, bf_after=rows[-1]["seq"], epoch=epoch)
        else:
            nxt = Cursor(seq=cur.seq, scopes=kept + new, epoch=epoch)
        return PullResponse(
            changes=_rows_to_changes(rows), cursor=nxt.encode(), more=True, drop_scopes=drop, server_time=now
        )

    # Read the end of the sequence first: every seq up to it is committed (seqs are assigned under a lock
    # held until commit), so reading up to it, even in a later snapshot, cannot skip a change.
    end = _visible_max_seq(conn)
    query = select(t.changes).where(t.changes.c.seq > cur.seq, t.changes.c.seq <= end)
    flt = _scope_filter(set(kept))
    if flt is not None:
        query = query.where(flt)
    rows = list(conn.execute(query.order_by(t.changes.c.seq).limit(limit + 1)).mappings())
    more = len(rows) > limit
    rows = rows[:limit]
    # A full page ends at its last change; otherwise the device has everything up to ``end``.
    seq = rows[-1]["seq"] if more else max(cur.seq, end)
    nxt = Cursor(seq=seq, scopes=kept, epoch=epoch)
    return PullResponse(
        changes=_rows_to_changes(rows), cursor=nxt.encode(), more=more, drop_scopes=drop, server_time=now
    )


def _visible_max_seq(conn: Connection) -> int:
    from sqlalchemy import func

    return int(conn.execute(select(func.coalesce(func.max(t.changes.c.seq), 0))).scalar_one())

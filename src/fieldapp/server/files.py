"""Who may read, send and keep which file (docs/security.md, "Files").

A file is content-addressed, so its hash is not a secret: knowing it must reach nothing. The rules:

- A person **holds** a file when she uploaded its bytes, proved she has them (a keyed hash over a
  challenge from the server: no bytes resent, de-duplication kept), or handed them in inside a work pack.
- A record that names a file is a **reference** in the record's scope, made by the record's author.
  A reference counts only if its author holds the file; the server's own references (an administrator
  publishing a module folder) always count.
- A person may read a file she holds, or one referenced (by a counting reference) in a scope she may see.
  Coordinators and admins see every scope, so they too read files only through records.
- An unfinished upload belongs to its uploader alone, expires after ``upload_expiry_days`` and counts
  against her quota together with the files she stored.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, exists, func, select

from fieldapp.server.context import ServerContext, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.scopes import ALL, Principal, user_scopes

#: ``referrer_id`` of references the server made itself (always count).
SERVER = ""


class QuotaExceeded(Exception):
    """The upload would take the person past her storage quota."""


def owner_key(user_id: str) -> str:
    """File-name-safe key for a person's unfinished uploads in the blob store."""
    return hashlib.sha256(f"upload:{user_id}".encode()).hexdigest()[:32]


def holds(conn: Connection, sha: str, user_id: str) -> bool:
    """Whether ``user_id`` uploaded, proved or handed in the file ``sha``."""
    query = select(t.blob_owners.c.sha256).where(
        t.blob_owners.c.sha256 == sha, t.blob_owners.c.user_id == user_id
    )
    return conn.execute(query).first() is not None


def bind(conn: Connection, sha: str, user_id: str, how: str) -> None:
    """Record that ``user_id`` holds ``sha`` (``how``: upload, proof, pack)."""
    if not holds(conn, sha, user_id):
        conn.execute(t.blob_owners.insert().values(sha256=sha, user_id=user_id, how=how, bound_at=utcnow()))


def add_reference(conn: Connection, sha: str, scope: str, referrer_id: str) -> None:
    """A record in ``scope`` made by ``referrer_id`` (or :data:`SERVER`) names ``sha``."""
    found = conn.execute(
        select(t.blob_refs.c.sha256).where(
            t.blob_refs.c.sha256 == sha,
            t.blob_refs.c.scope == scope,
            t.blob_refs.c.referrer_id == referrer_id,
        )
    ).first()
    if found is None:
        conn.execute(t.blob_refs.insert().values(sha256=sha, scope=scope, referrer_id=referrer_id))


def may_read(conn: Connection, who: Principal, sha: str) -> bool:
    """The read rule in the module docstring."""
    if holds(conn, sha, who.user_id):
        return True
    counting = (t.blob_refs.c.referrer_id == SERVER) | exists().where(
        and_(
            t.blob_owners.c.sha256 == t.blob_refs.c.sha256,
            t.blob_owners.c.user_id == t.blob_refs.c.referrer_id,
        )
    )
    query = select(t.blob_refs.c.scope).where(t.blob_refs.c.sha256 == sha, counting)
    scopes = set(conn.execute(query).scalars())
    if not scopes:
        return False
    visible = user_scopes(conn, who)
    return ALL in visible or bool(scopes & visible)


# ---------------------------------------------------------------- proving you hold a file


def _challenge_secret(ctx: ServerContext) -> bytes:
    # Derived from the server's signing key, so every app server sharing that key agrees on challenges
    # without storing them.
    return hashlib.sha256(b"fieldapp blob challenge\0" + ctx.signing_key.private_bytes_raw()).digest()


def challenge(ctx: ServerContext, user_id: str, sha: str, when: datetime | None = None) -> str:
    """The challenge for this person and file, valid for the UTC day it was made and the next."""
    day = (when or utcnow()).date().isoformat()
    message = f"{user_id}\0{sha}\0{day}".encode()
    return hmac.new(_challenge_secret(ctx), message, hashlib.sha256).hexdigest()


def proof_matches(ctx: ServerContext, user_id: str, sha: str, given_challenge: str, proof: str) -> bool:
    """Whether ``proof`` is HMAC-SHA256(file bytes) keyed with a current challenge for this person."""
    now = utcnow()
    current = {challenge(ctx, user_id, sha, now), challenge(ctx, user_id, sha, now - timedelta(days=1))}
    if not any(hmac.compare_digest(given_challenge, c) for c in current):
        return False
    expected = ctx.blobs.keyed_digest(sha, bytes.fromhex(given_challenge))
    return hmac.compare_digest(expected, proof)


# ---------------------------------------------------------------- unfinished uploads and quota


def usage(conn: Connection, user_id: str) -> int:
    """Bytes counted against her quota: files her uploads stored, plus her unfinished uploads."""
    stored = conn.execute(
        select(func.coalesce(func.sum(t.blobs.c.size), 0)).where(t.blobs.c.uploaded_by == user_id)
    ).scalar_one()
    pending = conn.execute(
        select(func.coalesce(func.sum(t.uploads.c.size), 0)).where(t.uploads.c.user_id == user_id)
    ).scalar_one()
    return int(stored) + int(pending)


def start_upload(ctx: ServerContext, conn: Connection, user_id: str, sha: str, size: int) -> None:
    """Register (or refresh) her unfinished upload of ``sha``; raises :class:`QuotaExceeded`."""
    now = utcnow()
    row = (
        conn.execute(select(t.uploads).where(t.uploads.c.user_id == user_id, t.uploads.c.sha256 == sha))
        .mappings()
        .first()
    )
    if row is not None and row["size"] == size:
        conn.execute(
            t.uploads.update()
            .where(t.uploads.c.user_id == user_id, t.uploads.c.sha256 == sha)
            .values(updated_at=now)
        )
        return
    if row is not None:  # she now announces another size: the bytes so far cannot be trusted
        ctx.blobs.discard(sha, owner_key(user_id))
        conn.execute(t.uploads.delete().where(t.uploads.c.user_id == user_id, t.uploads.c.sha256 == sha))
    if usage(conn, user_id) + size > ctx.config.user_quota:
        raise QuotaExceeded(sha)
    conn.execute(
        t.uploads.insert().values(user_id=user_id, sha256=sha, size=size, created_at=now, updated_at=now)
    )


def finish_upload(conn: Connection, user_id: str, sha: str, size: int) -> None:
    """Her upload is complete and verified: she holds the file; the blob is hers if she stored it first."""
    conn.execute(t.uploads.delete().where(t.uploads.c.user_id == user_id, t.uploads.c.sha256 == sha))
    record_stored(conn, sha, size, uploaded_by=user_id)
    bind(conn, sha, user_id, "upload")


def record_stored(conn: Connection, sha: str, size: int, uploaded_by: str | None = None) -> None:
    """Note a stored blob once; the first to store it carries it in her quota (None: the server stored it
    itself, from a module folder or a work pack, counted against nobody)."""
    if conn.execute(select(t.blobs.c.sha256).where(t.blobs.c.sha256 == sha)).first() is None:
        conn.execute(
            t.blobs.insert().values(sha256=sha, size=size, created_at=utcnow(), uploaded_by=uploaded_by)
        )


def expire_uploads(ctx: ServerContext, now: datetime | None = None) -> int:
    """Delete unfinished uploads untouched for ``upload_expiry_days``; returns how many went."""
    cutoff = (now or utcnow()) - timedelta(days=ctx.config.upload_expiry_days)
    with ctx.engine.begin() as conn:
        stale = list(
            conn.execute(
                select(t.uploads.c.user_id, t.uploads.c.sha256).where(t.uploads.c.updated_at < cutoff)
            ).all()
        )
        for user_id, sha in stale:
            conn.execute(t.uploads.delete().where(t.uploads.c.user_id == user_id, t.uploads.c.sha256 == sha))
    # Files after the rows: a crash in between leaves an orphan partial, never a row without its file.
    for user_id, sha in stale:
        ctx.blobs.discard(sha, owner_key(user_id))
    return len(stale)

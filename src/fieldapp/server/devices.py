"""Device tokens: issue on login/enrollment, look up per request, revoke, order a wipe."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from fieldapp.server.context import aware, utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.domain import DomainError
from fieldapp.server.security import new_token, token_hash

# last_seen is refreshed at most this often, so reads do not turn into writes.
_SEEN_EVERY = timedelta(minutes=1)


def device_row(conn: Connection, user_id: str | None, device_id: str | None) -> Any:
    """The server's row for one user's device (by the device's own id), or None."""
    query = select(t.devices).where(t.devices.c.user_id == user_id, t.devices.c.device_id == device_id)
    return conn.execute(query).mappings().first()


def issue_token(conn: Connection, user_id: str, device_id: str, device_name: str = "") -> str:
    """A fresh token for (user, device). Signing in again replaces the old token; a revoked or
    wipe-ordered device stays refused (an admin must deal with it)."""
    row = device_row(conn, user_id, device_id)
    token = new_token()
    now = utcnow()
    if row is None:
        conn.execute(
            t.devices.insert().values(
                id=str(uuid.uuid4()),
                user_id=user_id,
                device_id=device_id,
                name=device_name,
                token_hash=token_hash(token),
                created_at=now,
                last_seen=now,
            )
        )
    elif row["revoked_at"] is not None or row["wipe_requested_at"] is not None:
        raise DomainError("device_revoked", "This device has been revoked. Ask your administrator.")
    else:
        conn.execute(
            t.devices.update()
            .where(t.devices.c.id == row["id"])
            .values(token_hash=token_hash(token), name=device_name or row["name"], last_seen=now)
        )
    return token


@dataclass
class DeviceInfo:
    id: str
    username: str
    device_id: str
    name: str
    created_at: datetime
    last_seen: datetime | None
    revoked: bool
    wipe_requested: bool
    wipe_delivered: bool


def list_devices(conn: Connection, user_id: str | None = None) -> list[DeviceInfo]:
    query = (
        select(t.devices, t.users.c.username)
        .join(t.users, t.users.c.id == t.devices.c.user_id)
        .order_by(t.users.c.username, t.devices.c.created_at)
    )
    if user_id:
        query = query.where(t.devices.c.user_id == user_id)
    return [
        DeviceInfo(
            id=r["id"],
            username=r["username"],
            device_id=r["device_id"],
            name=r["name"],
            created_at=r["created_at"],
            last_seen=r["last_seen"],
            revoked=r["revoked_at"] is not None,
            wipe_requested=r["wipe_requested_at"] is not None,
            wipe_delivered=r["wipe_delivered_at"] is not None,
        )
        for r in conn.execute(query).mappings()
    ]


def find_device(conn: Connection, ident: str, username: str | None = None) -> str:
    """Resolve a device by its server id or by the device's own id (optionally for one user)."""
    query = (
        select(t.devices.c.id)
        .join(t.users, t.users.c.id == t.devices.c.user_id)
        .where((t.devices.c.id == ident) | (t.devices.c.device_id == ident))
    )
    if username:
        query = query.where(t.users.c.username == username)
    found = list(conn.execute(query).scalars())
    if not found:
        raise DomainError("not_found", f"No device {ident!r}.")
    if len(found) > 1:
        raise DomainError("ambiguous", f"Several users use device {ident!r}; give the id from 'device list'.")
    return str(found[0])


def revoke(conn: Connection, device_row_id: str) -> None:
    """Refuse the device from now on (its token's hash stays, so the device is told it was revoked)."""
    conn.execute(
        t.devices.update()
        .where(t.devices.c.id == device_row_id, t.devices.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def order_wipe(conn: Connection, device_row_id: str) -> None:
    conn.execute(
        t.devices.update()
        .where(t.devices.c.id == device_row_id, t.devices.c.wipe_requested_at.is_(None))
        .values(wipe_requested_at=utcnow())
    )


def touch(conn: Connection, device_row_id: str, last_seen: datetime | None) -> None:
    now = utcnow()
    if last_seen is None or now - aware(last_seen) > _SEEN_EVERY:
        conn.execute(t.devices.update().where(t.devices.c.id == device_row_id).values(last_seen=now))

"""Who is signed in on this profile, and the device's own id. Never a token (that is in the keyring)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass

from fieldapp.core.clock import now_iso
from fieldapp.core.errors import InvalidInput
from fieldapp.protocol import UserRecord

__all__ = ["Session", "clear_session", "device_id", "load_session", "save_session"]

_SECRET_KEYS = {"token", "password", "secret", "access_token", "refresh_token"}


@dataclass(frozen=True)
class Session:
    """The signed-in person, the server she signed in to, and this device's id."""

    user: UserRecord
    server_url: str
    device_id: str
    signed_in_at: str


def load_session(conn: sqlite3.Connection) -> Session | None:
    """The stored session, or None when nobody is signed in."""
    row = conn.execute("SELECT * FROM session WHERE id = 1").fetchone()
    if row is None:
        return None
    return Session(
        user=UserRecord.model_validate(json.loads(row["user_json"])),
        server_url=row["server_url"],
        device_id=row["device_id"],
        signed_in_at=row["signed_in_at"],
    )


def save_session(conn: sqlite3.Connection, user: UserRecord, server_url: str, device: str) -> Session:
    """Store who signed in (the user record only: it has no secret fields)."""
    data = user.model_dump(mode="json")
    if _SECRET_KEYS & set(data):
        raise InvalidInput("A session must not contain a password or token.")
    session = Session(user=user, server_url=server_url, device_id=device, signed_in_at=now_iso())
    conn.execute(
        "INSERT OR REPLACE INTO session (id, user_json, server_url, device_id, signed_in_at)"
        " VALUES (1, ?, ?, ?, ?)",
        (json.dumps(data), server_url, device, session.signed_in_at),
    )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('device_id', ?)", (device,))
    return session


def clear_session(conn: sqlite3.Connection) -> None:
    """Sign out on this device (local data stays; the device id too)."""
    conn.execute("DELETE FROM session WHERE id = 1")


def device_id(conn: sqlite3.Connection) -> str:
    """This profile's device id, made once and kept (the caller must be in a transaction on first use)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    if row is not None:
        return str(row["value"])
    new = uuid.uuid4().hex
    conn.execute("INSERT INTO meta (key, value) VALUES ('device_id', ?)", (new,))
    return new

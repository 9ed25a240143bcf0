"""Dependencies: the server context and the authenticated caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from fieldapp.protocol import Role
from fieldapp.server import devices
from fieldapp.server.api.errors import ApiError
from fieldapp.server.context import ServerContext
from fieldapp.server.db import tables as t
from fieldapp.server.scopes import Principal
from fieldapp.server.security import token_hash

_bearer = HTTPBearer(auto_error=False, description="Device token from /auth/login or /auth/enroll")


async def get_ctx(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServerContext, Depends(get_ctx)]


def sync_principal(
    ctx: Ctx, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The caller behind the bearer token, wipe-ordered devices included (push and pull only: a device
    learns of its wipe by pulling, and may first hand in what it has not sent).

    401 when missing/unknown, 401 ``device_revoked`` when revoked or the account is switched off."""
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        raise ApiError(401, "unauthorized", "Sign in first.", {"WWW-Authenticate": "Bearer"})
    query = (
        select(
            t.devices.c.id,
            t.devices.c.device_id,
            t.devices.c.revoked_at,
            t.devices.c.wipe_requested_at,
            t.devices.c.last_seen,
            t.users.c.id.label("user_id"),
            t.users.c.username,
            t.users.c.role,
            t.users.c.active,
        )
        .join(t.users, t.users.c.id == t.devices.c.user_id)
        .where(t.devices.c.token_hash == token_hash(creds.credentials))
    )
    with ctx.engine.begin() as conn:
        row = conn.execute(query).mappings().first()
        if row is None:
            raise ApiError(
                401,
                "unauthorized",
                "This sign-in is not valid any more; sign in again.",
                {"WWW-Authenticate": "Bearer"},
            )
        if row["revoked_at"] is not None or not row["active"]:
            raise ApiError(
                401,
                "device_revoked",
                "This device has been revoked. Ask your administrator.",
                {"WWW-Authenticate": "Bearer"},
            )
        devices.touch(conn, row["id"], row["last_seen"])
    return Principal(
        user_id=row["user_id"],
        username=row["username"],
        role=Role(row["role"]),
        device_row_id=row["id"],
        device_id=row["device_id"],
        wipe=row["wipe_requested_at"] is not None,
    )


SyncCaller = Annotated[Principal, Depends(sync_principal)]


def current_principal(who: SyncCaller) -> Principal:
    """The caller, for everything but push and pull: a device ordered wiped may do nothing else (403
    ``wipe_pending``), so a lost laptop's token cannot read her files, her account or her devices."""
    if who.wipe:
        raise ApiError(
            403, "wipe_pending", "This device was ordered wiped. Sync to finish; nothing else is allowed."
        )
    return who


Caller = Annotated[Principal, Depends(current_principal)]


def require(who: Principal, *roles: Role) -> None:
    """403 unless the caller has one of ``roles``."""
    if who.role not in roles:
        raise ApiError(403, "not_allowed", "Your role may not do this.")


STAFF = (Role.coordinator, Role.admin)

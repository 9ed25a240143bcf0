"""Health, sign-in (password or enrollment code), sign-out and ``/me``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from fieldapp import __version__
from fieldapp.protocol import EnrollRequest, HealthResponse, LoginRequest, LoginResponse, UserRecord
from fieldapp.server import admin, devices, ratelimit
from fieldapp.server.api.deps import Caller, Ctx
from fieldapp.server.api.errors import ApiError, from_domain
from fieldapp.server.context import utcnow
from fieldapp.server.db import tables as t
from fieldapp.server.domain import DomainError
from fieldapp.server.records import user_record
from fieldapp.server.security import verify_password

router = APIRouter()


@router.get("/health", response_model=HealthResponse, tags=["auth"])
def health(ctx: Ctx) -> HealthResponse:
    """Liveness and the server's pack-signing public key (no sign-in needed)."""
    return HealthResponse(version=__version__, server_time=utcnow(), server_key=ctx.server_key_hex)


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def _too_many(wait: int) -> ApiError:
    return ApiError(
        429,
        "too_many_attempts",
        f"Too many failed attempts; try again in {wait} seconds.",
        {"Retry-After": str(wait)},
    )


@router.post("/auth/login", response_model=LoginResponse, tags=["auth"])
def login(body: LoginRequest, request: Request, ctx: Ctx) -> LoginResponse:
    """Check the password and give this device its own token (only its SHA-256 is stored)."""
    keys = ratelimit.keys_for(body.username, _client_address(request))
    with ctx.engine.begin() as conn:
        wait = ratelimit.reserve(conn, ctx.config, keys)
    if wait:
        raise _too_many(wait)
    with ctx.engine.connect() as conn:
        row = conn.execute(select(t.users).where(t.users.c.username == body.username)).mappings().first()
    ok = verify_password(row["password_hash"] if row else None, body.password) and bool(row and row["active"])
    if not ok or row is None:
        raise ApiError(401, "bad_credentials", "Wrong username or password.")
    with ctx.engine.begin() as conn:
        ratelimit.succeeded(conn, keys)
        try:
            token = devices.issue_token(conn, row["id"], body.device_id, body.device_name)
        except DomainError as exc:
            raise from_domain(exc) from None
        user = user_record(conn, row["id"])
    return LoginResponse(
        token=token, device_id=body.device_id, user=user, server_key=ctx.server_key_hex, server_time=utcnow()
    )


@router.post("/auth/enroll", response_model=LoginResponse, tags=["auth"])
def enroll(body: EnrollRequest, request: Request, ctx: Ctx) -> LoginResponse:
    """Exchange a one-time enrollment code for a device token."""
    keys = ratelimit.keys_for(None, _client_address(request))
    with ctx.engine.begin() as conn:
        wait = ratelimit.reserve(conn, ctx.config, keys)
    if wait:
        raise _too_many(wait)
    try:
        uid, token = admin.redeem_enrollment(
            ctx, body.code, body.device_id, body.device_name, body.device_key
        )
    except DomainError as exc:
        raise from_domain(exc) from None
    with ctx.engine.begin() as conn:
        ratelimit.succeeded(conn, keys)
        user = user_record(conn, uid)
    return LoginResponse(
        token=token, device_id=body.device_id, user=user, server_key=ctx.server_key_hex, server_time=utcnow()
    )


@router.post("/auth/logout", status_code=204, tags=["auth"])
def logout(who: Caller, ctx: Ctx) -> None:
    """Revoke this device's token (signing in again on the device gives a new one)."""
    with ctx.engine.begin() as conn:
        # A signed-out device may sign in again, so this clears the token rather than revoking the device.
        conn.execute(
            t.devices.update()
            .where(t.devices.c.id == who.device_row_id)
            .values(token_hash=f"signed-out:{who.device_row_id}")
        )


@router.get("/me", response_model=UserRecord, tags=["auth"])
def me(who: Caller, ctx: Ctx) -> UserRecord:
    """The signed-in user."""
    with ctx.engine.connect() as conn:
        return user_record(conn, who.user_id)

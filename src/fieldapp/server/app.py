"""The FastAPI application: ``create_app(config)``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from fieldapp import __version__
from fieldapp.protocol import API_PREFIX
from fieldapp.server import files
from fieldapp.server.api import errors
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.middleware import AccessLogMiddleware, BodyLimitMiddleware, ConcurrencyLimitMiddleware

log = logging.getLogger("fieldapp.server")


def create_app(config: ServerConfig | None = None, *, context: ServerContext | None = None) -> FastAPI:
    """Build the app. Opens (and migrates) the database unless a ready ``context`` is given."""
    ctx = context or ServerContext.open(config or ServerConfig.from_env())
    from fieldapp.server.api import auth, blobs, manage, sync

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Fewer threads than anyio's default 40: each request is a few short database round trips, and
        # many threads fighting over the GIL make every round trip wait longer.
        anyio.to_thread.current_default_thread_limiter().total_tokens = ctx.config.threads
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_housekeeping, ctx)
            yield
            tasks.cancel_scope.cancel()

    app = FastAPI(
        lifespan=lifespan,
        title="fieldapp server",
        version=__version__,
        description="Sync API for fieldapp devices, and coordinator endpoints. Rules: docs/sync-protocol.md.",
        responses=errors.ERROR_RESPONSES,
    )
    app.state.ctx = ctx
    errors.install(app)
    for module in (auth, sync, blobs, manage):
        app.include_router(module.router, prefix=API_PREFIX)
    # Outermost first: log everything, shed load, then read (and inflate) bounded request bodies;
    # compress answers.
    # Blobs are sent as they are: usually already compressed, and Range offsets must mean stored bytes.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/octet-stream"),
    )
    app.add_middleware(BodyLimitMiddleware, limit_for=body_limits(ctx.config))
    app.add_middleware(ConcurrencyLimitMiddleware, limit=ctx.config.max_concurrency)
    app.add_middleware(AccessLogMiddleware)
    return app


#: How often each worker deletes expired unfinished uploads (cheap when there are none).
HOUSEKEEPING_EVERY_S = 3600.0


async def _housekeeping(ctx: ServerContext) -> None:
    """Delete expired unfinished uploads now and then, so abandoned uploads cannot fill the disk."""
    while True:
        try:
            await anyio.to_thread.run_sync(files.expire_uploads, ctx)
        except Exception:  # a failed sweep must not take the server down; the next one tries again
            log.exception("expiring unfinished uploads failed")
        await anyio.sleep(HOUSEKEEPING_EVERY_S)


def body_limits(config: ServerConfig) -> Callable[[str], int]:
    """The largest request body each path accepts (docs/security.md, "Bounds")."""
    auth = f"{API_PREFIX}/auth/"
    blobs = f"{API_PREFIX}/blobs/"

    def limit_for(path: str) -> int:
        if path.startswith(auth):
            return config.max_auth_body_size
        if path.startswith(blobs) and path.endswith("/upload"):
            return config.max_chunk_size
        return config.max_body_size

    return limit_for


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes: settings from FIELDAPP_* variables."""
    from fieldapp.server.middleware import configure_logging

    configure_logging()
    return create_app(ServerConfig.from_env())

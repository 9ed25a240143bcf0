"""The FastAPI application: ``create_app(config)``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware

from fieldapp import __version__
from fieldapp.protocol import API_PREFIX
from fieldapp.server.api import errors
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.middleware import AccessLogMiddleware, ConcurrencyLimitMiddleware, GzipRequestMiddleware


def create_app(config: ServerConfig | None = None, *, context: ServerContext | None = None) -> FastAPI:
    """Build the app. Opens (and migrates) the database unless a ready ``context`` is given."""
    ctx = context or ServerContext.open(config or ServerConfig.from_env())
    from fieldapp.server.api import auth, blobs, manage, sync

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Fewer threads than anyio's default 40: each request is a few short database round trips, and
        # many threads fighting over the GIL make every round trip wait longer.
        anyio.to_thread.current_default_thread_limiter().total_tokens = ctx.config.threads
        yield

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
    # Outermost first: log everything, shed load, then inflate request bodies; compress answers.
    # Blobs are sent as they are: usually already compressed, and Range offsets must mean stored bytes.
    app.add_middleware(
        GZipMiddleware,
        minimum_size=1024,
        exclude_content_types=(*DEFAULT_EXCLUDED_CONTENT_TYPES, "application/octet-stream"),
    )
    app.add_middleware(GzipRequestMiddleware, max_size=ctx.config.max_body_size)
    app.add_middleware(ConcurrencyLimitMiddleware, limit=ctx.config.max_concurrency)
    app.add_middleware(AccessLogMiddleware)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` and worker processes: settings from FIELDAPP_* variables."""
    from fieldapp.server.middleware import configure_logging

    configure_logging()
    return create_app(ServerConfig.from_env())

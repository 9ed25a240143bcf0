"""ASGI middleware: bounded (and gzip) request bodies, a bounded concurrency limit, and one JSON log line per
request."""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldapp.protocol import ErrorBody

log = logging.getLogger("fieldapp.server.access")


async def _send_error(
    send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    body = ErrorBody(code=code, message=message).model_dump_json().encode()
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Read every request body in pieces, inflating ``Content-Encoding: gzip``, and refuse it (413) as soon
    as it passes the limit for its path, so neither a 60 MB plain body nor a small gzip bomb is ever read
    whole. ``limit_for(path)`` gives the limit. A client that hangs up mid-body is noted in the scope (the
    access log says so) and gets no answer, rather than a server error."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        encoding = headers.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        if encoding not in ("", "identity", "gzip"):
            await _send_error(
                send, 415, "unsupported_encoding", f"Content-Encoding {encoding!r} is not supported."
            )
            return
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        if encoding != "gzip" and declared.isdigit() and int(declared) > limit:
            await _send_error(send, 413, "too_large", "The request body is too large.")
            return
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                scope.setdefault("state", {})["client_disconnected"] = True
                return
            more = message.get("more_body", False)
            piece = message.get("body", b"")
            if inflater is not None:
                try:
                    piece = inflater.decompress(piece, limit - size + 1)
                except zlib.error:
                    await _send_error(send, 400, "bad_encoding", "The gzip request body is corrupt.")
                    return
                overflow = bool(inflater.unconsumed_tail)
            else:
                overflow = False
            size += len(piece)
            if size > limit or overflow:
                await _send_error(send, 413, "too_large", "The request body is too large.")
                return
            chunks.append(piece)
        body = b"".join(chunks)
        if inflater is not None:
            scope = {
                **scope,
                "headers": [
                    (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
                ]
                + [(b"content-length", str(len(body)).encode())],
            }
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class ConcurrencyLimitMiddleware:
    """Answer 503 with ``Retry-After`` instead of queueing without bound when too many requests are in
    flight in this worker (devices back off and retry; nothing is lost)."""

    def __init__(self, app: ASGIApp, limit: int, retry_after: int = 2) -> None:
        self.app = app
        self.limit = limit
        self.retry_after = retry_after
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _send_error(
                send,
                503,
                "overloaded",
                "The server is busy; try again shortly.",
                {"Retry-After": str(self.retry_after)},
            )
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


class AccessLogMiddleware:
    """One structured line per request: method, path (never the query: it may hold cursors), status, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False

        async def capture(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            fields: dict[str, Any] = {
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": status,
                "ms": round((time.perf_counter() - start) * 1000, 1),
            }
            if (scope.get("state") or {}).get("client_disconnected") and not started:
                # A dropped link is everyday life on 2G, not a server error: say so, without a traceback.
                fields["status"] = 499
                log.info("client disconnected", extra={"fields": fields})
            else:
                log.info("request", extra={"fields": fields})


class JsonFormatter(logging.Formatter):
    """Structured logs: one JSON object per line. Callers pass data via ``extra={"fields": {...}}``
    and never put passwords or tokens in it."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}) or {})
        if record.exc_info and record.levelno >= logging.ERROR:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, default=str)


def configure_logging(level: str = "info") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("fieldapp")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False

"""HTTP to the fieldapp server, shaped for 2G links.

One :class:`Transport` per sync: a keep-alive ``httpx.Client`` on ``<server>/api/v1`` with the device's
bearer token, gzip request bodies and responses, timeouts long enough for a 50 kbit/s dongle, and
retries with exponential backoff and full jitter that honour ``Retry-After``. Every failure comes out as
one of the :mod:`fieldapp.sync.errors` classes with a sentence for a person.

The token is only ever placed in the ``Authorization`` header. Error texts are built here, never copied
from the server or from httpx, so a token cannot leak into a log, a message box or a traceback.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import socket
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpcore
import httpx
from pydantic import BaseModel, ValidationError

from fieldapp import __version__
from fieldapp.protocol import API_PREFIX, ErrorBody, HealthResponse
from fieldapp.sync.backoff import RetryPolicy, parse_retry_after
from fieldapp.sync.errors import (
    DeviceRevoked,
    Offline,
    RequestRejected,
    ServerError,
    SyncError,
    SyncStopped,
    Unauthorized,
)

__all__ = ["TWO_G_TIMEOUT", "Transport", "WireStats"]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: A 2G link needs seconds to set up a TCP connection and can stall for tens of seconds mid-response.
TWO_G_TIMEOUT = httpx.Timeout(connect=30.0, read=60.0, write=60.0, pool=30.0)
#: Bodies smaller than this go up as they are: gzip's own header would outweigh the saving.
GZIP_MIN_BYTES = 256
#: Statuses that mean "try again later" rather than "this request is wrong".
_TRANSIENT = frozenset({429, 500, 502, 503, 504})


@dataclass
class WireStats:
    """What went over the wire (bodies as sent and received, compressed; headers estimated)."""

    round_trips: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


class _Transient(Exception):
    """A response worth retrying; carries the error to raise if the retries run out."""

    def __init__(self, error: SyncError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class _TrackingBackend(httpcore.SyncBackend):
    """httpcore's blocking backend, remembering its sockets so another thread can cut them."""

    def __init__(self) -> None:
        super().__init__()
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()

    def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        stream = super().connect_tcp(*args, **kwargs)
        sock = stream.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.add(sock)
        return stream

    def abort(self) -> None:
        # shutdown() wakes a thread blocked in recv(); close() alone would not on Linux.
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _abortable_transport() -> tuple[httpx.HTTPTransport, _TrackingBackend | None]:
    transport = httpx.HTTPTransport()
    backend = _TrackingBackend()
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.ConnectionPool):
        return transport, None  # a future httpx changed its insides: lose only the fast abort
    pool.close()  # never used: replaced by the same pool on a backend whose sockets we can cut
    transport._pool = httpcore.ConnectionPool(
        ssl_context=pool._ssl_context,
        max_connections=pool._max_connections,
        max_keepalive_connections=pool._max_keepalive_connections,
        keepalive_expiry=pool._keepalive_expiry,
        network_backend=backend,
    )
    return transport, backend


def _describe(exc: httpx.RequestError) -> str:
    # A fixed phrase per failure type: library messages can carry URLs and are not written for people.
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting timed out"
    if isinstance(exc, httpx.TimeoutException):
        return "the server stopped answering"
    if isinstance(exc, httpx.ConnectError):
        return "no connection"
    return "the connection was dropped"


def _header_bytes(headers: Mapping[str, str]) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.items())


class Transport:
    """Requests to one server as one device.

    ``stop`` (set by the owner, e.g. the app quitting) cuts short a backoff wait and makes the next step
    raise :class:`SyncStopped`; :meth:`abort` also cuts the request in flight. ``stats`` counts the
    exchanges and their bytes. ``http_transport`` replaces the network layer (tests of odd servers).
    """

    def __init__(
        self,
        server_url: str,
        token: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout = TWO_G_TIMEOUT,
        stop: threading.Event | None = None,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.stats = WireStats()
        self._stop = stop or threading.Event()
        self._token = token
        self._backend: _TrackingBackend | None = None
        if http_transport is None:
            http_transport, self._backend = _abortable_transport()
        self._client = httpx.Client(
            base_url=self.server_url + API_PREFIX,
            timeout=timeout,
            headers={"User-Agent": f"fieldapp/{__version__}", "Accept-Encoding": "gzip"},
            follow_redirects=False,
            transport=http_transport,
        )

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def abort(self) -> None:
        """Stop now, from any thread: cut open connections (the request in flight fails) and end waits.

        Safe because every local write is one SQLite transaction and the server is idempotent: an aborted
        sync is exactly a sync whose connection dropped.
        """
        self._stop.set()
        if self._backend is not None:
            self._backend.abort()

    def __repr__(self) -> str:  # Never show the token, even in a debugger or a traceback's locals.
        return f"Transport({self.server_url!r}, token={'set' if self._token else 'none'})"

    @property
    def has_token(self) -> bool:
        """Whether requests carry a bearer token."""
        return bool(self._token)

    def set_token(self, token: str | None) -> None:
        """Use ``token`` for the following requests."""
        self._token = token

    # ------------------------------------------------------------ the retry loop

    def with_retries(self, operation: Callable[[], T]) -> T:
        """Run ``operation`` (one HTTP exchange), retrying transient failures with backoff.

        ``operation`` raises ``httpx.TransportError`` for network trouble; responses go through
        :meth:`check` which raises the right error. Only failures that may go away are retried.
        """
        retry = 0
        while True:
            self.raise_if_stopped()
            retry_after: float | None = None
            try:
                return operation()
            except httpx.RequestError as exc:  # network trouble, or a reply mangled on the way
                self.raise_if_stopped()  # a connection cut by abort() is not a network problem
                failure: SyncError = Offline(f"Could not reach the server: {_describe(exc)}.")
                log.info("sync request failed (%s); attempt %d", type(exc).__name__, retry + 1)
            except _Transient as transient:
                failure = transient.error
                retry_after = transient.retry_after
            if retry + 1 >= self.retry.attempts:
                raise failure
            self.pause(self.retry.delay(retry, retry_after))
            retry += 1

    def pause(self, seconds: float) -> None:
        """Wait ``seconds`` unless asked to stop meanwhile."""
        if self._stop.wait(seconds):
            raise SyncStopped("Sync stopped.")

    def raise_if_stopped(self) -> None:
        """Raise :class:`SyncStopped` when the owner asked the sync to stop."""
        if self._stop.is_set():
            raise SyncStopped("Sync stopped.")

    def check(self, response: httpx.Response) -> httpx.Response:
        """Return ``response`` if it succeeded, else raise the matching error (transient ones retried)."""
        status = response.status_code
        if status < 400:
            return response
        body = self._error_body(response)
        code = body.code if body else None
        if status == 401:
            if code == "device_revoked":
                raise DeviceRevoked(
                    "This device was revoked by an administrator. Your unsynced work is kept on this device; "
                    "export it with 'fieldapp pack export-work' or ask your coordinator."
                )
            if code == "bad_credentials" and body is not None:
                raise Unauthorized(body.message)  # a login attempt: the server's sentence is the right one
            raise Unauthorized("The server no longer accepts this device's sign-in. Please sign in again.")
        if status == 429 and code == "too_many_attempts" and body is not None:
            # A sign-in lockout: waiting it out inside one command would look like a hang; say it instead.
            raise RequestRejected(body.message, status=status, code=code)
        if status in _TRANSIENT:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), response.headers.get("Date"))
            busy = status in (429, 503)
            error = ServerError(
                "The server is busy; sync will try again later."
                if busy
                else f"The server had a problem (HTTP {status}); sync will try again later.",
                status=status,
            )
            raise _Transient(error, retry_after)
        message = body.message if body else f"The server refused the request (HTTP {status})."
        raise RequestRejected(message, status=status, code=code)

    @staticmethod
    def _error_body(response: httpx.Response) -> ErrorBody | None:
        try:
            response.read()
            return ErrorBody.model_validate_json(response.content)
        except (ValidationError, ValueError, httpx.HTTPError):
            return None

    # ------------------------------------------------------------ single exchanges

    def _headers(self, extra: Mapping[str, str] | None, authenticated: bool) -> dict[str, str]:
        headers = dict(extra or {})
        if authenticated and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _count(self, request: httpx.Request, response: httpx.Response) -> None:
        self.stats.round_trips += 1
        body = request.content if not request.stream or isinstance(request.stream, httpx.ByteStream) else b""
        self.stats.bytes_sent += len(body) + _header_bytes(request.headers) + len(request.url.raw_path) + 16
        self.stats.bytes_received += response.num_bytes_downloaded + _header_bytes(response.headers) + 17

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        compress: bool = True,
    ) -> httpx.Response:
        """One request (no retry); returns the successful, fully read response or raises."""
        all_headers = self._headers(headers, authenticated)
        if body is not None:
            all_headers["Content-Type"] = content_type
            if compress and len(body) >= GZIP_MIN_BYTES:
                body = gzip.compress(body, compresslevel=6)
                all_headers["Content-Encoding"] = "gzip"
        request = self._client.build_request(method, path, params=params, content=body, headers=all_headers)
        response = self._client.send(request)
        try:
            response.read()
        finally:
            response.close()
        self._count(request, response)
        return self.check(response)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """:meth:`send` with retries."""
        return self.with_retries(lambda: self.send(method, path, **kwargs))

    def call(
        self,
        method: str,
        path: str,
        response_model: type[M],
        *,
        body: BaseModel | None = None,
        params: Mapping[str, Any] | None = None,
        authenticated: bool = True,
    ) -> M:
        """Send ``body`` as JSON (with retries) and parse the answer as ``response_model``."""
        raw = body.model_dump_json(exclude_defaults=False).encode() if body is not None else None
        response = self.request(method, path, params=params, body=raw, authenticated=authenticated)
        return self.parse(response, response_model)

    @staticmethod
    def parse(response: httpx.Response, model: type[M]) -> M:
        """Validate a response body against the protocol model."""
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise ServerError(
                "The server's answer did not match the sync protocol; is it a fieldapp server?"
            ) from None

    @contextmanager
    def stream(
        self, method: str, path: str, *, headers: Mapping[str, str] | None = None
    ) -> Iterator[httpx.Response]:
        """A streamed response (for blob downloads); status already checked. No retry: the caller resumes."""
        request = self._client.build_request(method, path, headers=self._headers(headers, True))
        response = self._client.send(request, stream=True)
        try:
            self.check(response)
            yield response
        finally:
            response.close()
            self._count(request, response)

    # ------------------------------------------------------------ shortcuts

    def health(self, *, retry: bool = False) -> HealthResponse:
        """``GET /health`` (no token): is the server there, what time is it there."""
        if retry:
            return self.call("GET", "/health", HealthResponse, authenticated=False)
        return self.parse(self.send("GET", "/health", authenticated=False), HealthResponse)

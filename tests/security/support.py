"""Helpers for the hostile-client suite: error answers, the admin command line, a real app served by
uvicorn in a thread (so a test can put an ASGI layer in front of it), and raw HTTP over a socket."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp

from fieldapp.protocol import ErrorBody
from fieldapp.server.context import ServerContext
from fieldapp.server.testing import free_port

ROOT = Path(__file__).resolve().parents[2]


def assert_error(
    response: httpx.Response, status: int | tuple[int, ...], code: str | None = None
) -> ErrorBody:
    """The answer is ``status`` (one of them) with an ``ErrorBody``, whose code is ``code`` if given."""
    wanted = (status,) if isinstance(status, int) else status
    assert response.status_code in wanted, f"{response.status_code} {response.text[:300]}"
    body = ErrorBody.model_validate(response.json())
    if code is not None:
        assert body.code == code, body
    return body


def server_cli(ctx: ServerContext, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``fieldapp-server ARGS --data-dir D [--database URL]`` as an administrator runs it."""
    command = [sys.executable, "-m", "fieldapp.server.cli", *args, "--data-dir", str(ctx.config.data_dir)]
    if ctx.config.database_url:
        command += ["--database", ctx.config.database_url]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=120, cwd=ROOT, env=dict(os.environ)
    )


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Poll ``condition`` until it is truthy (returned) or the deadline passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


class ThreadServer:
    """An ASGI app (the real server app, possibly wrapped) served by uvicorn on loopback in a thread."""

    def __init__(self, app: ASGIApp) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_config=None, access_log=False, lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        wait_for(lambda: self.server.started or not self.thread.is_alive(), what="uvicorn to start")
        assert self.server.started, "uvicorn did not start"
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)


def raw_request(
    port: int, head: bytes, body_pieces: list[bytes] | None = None, timeout: float = 10.0
) -> tuple[bytes, int]:
    """Send ``head`` (request line and headers) and then ``body_pieces`` one by one over a plain socket,
    stopping as soon as the server answers or stops reading; return (its answer, body bytes sent)."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        for piece in body_pieces or []:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # it has answered (or hung up) already: stop sending
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                break  # it answered and stopped reading: what it said is in the receive buffer
            sent += len(piece)
        return read_answer(sock), sent


def read_answer(sock: socket.socket) -> bytes:
    """Read until the peer closes or a whole response (by Content-Length) has arrived."""
    data = b""
    while True:
        try:
            piece = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not piece:
            break
        data += piece
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                None,
            )
            if length is not None and len(rest) >= length:
                break
    return data


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer (0 when there was none)."""
    first = answer.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[1].isdigit() else 0

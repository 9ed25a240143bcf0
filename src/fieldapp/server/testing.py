"""Test helpers: a real server in a subprocess, and throwaway PostgreSQL databases.

Example (pytest)::

    from fieldapp.server import admin
    from fieldapp.server.testing import LiveServer

    def test_something(tmp_path):
        with LiveServer(tmp_path / "server") as server:       # SQLite; or database_url="postgresql://..."
            demo = server.seed(admin.demo_seed)                 # any admin function, on the server's database
            token = server.login("ayesha", "demo1234", device_id="dev-1")
            ...  # talk HTTP to server.url (e.g. server.url + "/api/v1/sync/pull")
            server.kill()                                       # SIGKILL: fault injection
            server.start()                                      # same port, same data

Set ``FIELDAPP_ARGON2_PROFILE=test`` in the environment to make password hashing cheap in tests.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx

from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext

T = TypeVar("T")
DEFAULT_TEST_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """``fieldapp-server serve`` in a subprocess on 127.0.0.1 and a free port.

    ``url`` stays the same across :meth:`restart` / :meth:`kill` + :meth:`start`, so clients can keep it.
    The database is migrated before the first start, so seeding works before or after starting.
    """

    def __init__(
        self,
        data_dir: Path | str,
        database_url: str | None = None,
        *,
        port: int | None = None,
        env: dict[str, str] | None = None,
        start: bool = True,
        startup_timeout: float = 30.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = self.url + "/api/v1"
        self.extra_env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self._ctx: ServerContext | None = None
        self.log_path = self.data_dir / "server.log"
        if start:
            self.start()

    # ------------------------------------------------------------ process control

    def start(self) -> None:
        """Start (or start again after stop/kill) and wait until /health answers."""
        if self.proc is not None and self.proc.poll() is None:
            return
        env = {**os.environ, **self.extra_env}
        env.setdefault("FIELDAPP_ARGON2_PROFILE", "test")
        env["FIELDAPP_PUBLIC_URL"] = self.url
        cmd = [
            sys.executable,
            "-m",
            "fieldapp.server.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
        ]
        if self.database_url:
            cmd += ["--database", self.database_url]
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        try:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        finally:
            log.close()
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; log:\n{self.log_tail()}")
            try:
                if httpx.get(self.api + "/health", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not start within {self.startup_timeout}s; log:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful stop (SIGTERM), then SIGKILL if it hangs."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def kill(self) -> None:
        """SIGKILL, for fault injection: in-flight requests die mid-way."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def close(self) -> None:
        self.stop()
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ seeding and helpers

    @property
    def context(self) -> ServerContext:
        """A context on the server's database and blob store, for admin functions (works while running)."""
        if self._ctx is None:
            self._ctx = ServerContext.open(
                ServerConfig(data_dir=self.data_dir, database_url=self.database_url, public_url=self.url)
            )
        return self._ctx

    def seed(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run an admin function (``fieldapp.server.admin``) against this server's database."""
        return fn(self.context, *args, **kwargs)

    def login(self, username: str, password: str, device_id: str | None = None) -> str:
        """Sign in over HTTP and return the device token."""
        response = httpx.post(
            self.api + "/auth/login",
            json={"username": username, "password": password, "device_id": device_id or secrets.token_hex(8)},
            timeout=10,
        )
        response.raise_for_status()
        return str(response.json()["token"])

    def token(self, username: str, device_id: str | None = None) -> str:
        """A device token without a password (fast; no HTTP)."""
        from fieldapp.server import admin

        return admin.issue_token(self.context, username, device_id or secrets.token_hex(8))


# ---------------------------------------------------------------- PostgreSQL


def postgres_admin_url() -> str:
    return os.environ.get("FIELDAPP_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES)


def postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(postgres_admin_url(), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@contextlib.contextmanager
def postgres_database(prefix: str = "fieldapp_t_") -> Iterator[str]:
    """Create a fresh PostgreSQL database (own name per run), yield its URL, drop it afterwards."""
    import psycopg
    from psycopg import sql

    admin_url = postgres_admin_url()
    name = prefix + secrets.token_hex(6)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

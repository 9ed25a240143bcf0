"""Item 8 (server part), "... the server's quick-start database too": whatever the umask, the server's
data folder is 0700 and everything it writes there (database, -wal, -shm, blobs, unfinished uploads,
signing key, held work packs) is 0600. (The device side is tests/device.)"""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from tests.server.conftest import bearer

from fieldapp.bundles import write_work_pack
from fieldapp.protocol import Mutation, MutationKind
from fieldapp.server import admin, packs
from fieldapp.server.app import create_app
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.keys import KEY_FILE
from fieldapp.server.testing import LiveServer


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _everything_private(root: Path) -> list[str]:
    """Every folder under ``root`` 0700 and every file 0600; returns what is not."""
    wrong = [] if _mode(root) == 0o700 else [f"{root} {oct(_mode(root))}"]
    for path in root.rglob("*"):
        want = 0o700 if path.is_dir() else 0o600
        if _mode(path) != want:
            wrong.append(f"{path.relative_to(root)} {oct(_mode(path))}")
    return wrong


def _use_the_server(ctx: ServerContext, tmp_path: Path) -> None:
    """Make the server write every kind of file it keeps: rows, a blob, an unfinished upload, the signing
    key and a held work pack."""
    admin.demo_seed(ctx)
    with TestClient(create_app(context=ctx)) as client:
        ayesha = bearer(ctx, "ayesha")
        whole, partial = b"a finished upload", b"an unfinished upload " * 100
        for data, part in ((whole, whole), (partial, partial[:50])):
            sha = hashlib.sha256(data).hexdigest()
            answer = client.patch(
                f"/api/v1/blobs/{sha}/upload",
                params={"offset": 0, "size": len(data)},
                content=part,
                headers=ayesha,
            )
            assert answer.status_code == 200, answer.text
    pack = tmp_path / "stranger.fieldpack"
    mutation = Mutation(id=str(uuid.uuid4()), kind=MutationKind.assignment_status, payload={})
    write_work_pack(
        pack,
        mutations=[mutation],
        blobs={},
        device_key=Ed25519PrivateKey.generate(),
        server_key=ctx.signing_key.public_key(),
        creator="a laptop nobody knows",
        device_id="unknown-laptop",
        user_id=admin.user_id(ctx, "ayesha"),
    )
    assert packs.import_work_pack(ctx, pack).held is not None


@pytest.mark.usefixtures("umask_022")
def test_a_new_server_keeps_its_data_private_under_umask_022(
    tmp_path: Path, database_url: str | None
) -> None:
    data_dir = tmp_path / "srv" / "data"
    ctx = ServerContext.open(ServerConfig(data_dir=data_dir, database_url=database_url))
    try:
        _use_the_server(ctx, tmp_path)
        if database_url is None:
            # While the database is open SQLite keeps its -wal and -shm files beside it.
            with ctx.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
                for name in ("fieldapp.db", "fieldapp.db-wal", "fieldapp.db-shm"):
                    assert _mode(data_dir / name) == 0o600, name
        assert _everything_private(data_dir) == []
    finally:
        ctx.close()
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / KEY_FILE) == 0o600
    held = list((data_dir / "held").iterdir())
    assert len(held) == 1 and _mode(held[0]) == 0o600
    blobs = [p for p in (data_dir / "blobs").rglob("*") if p.is_file()]
    assert any(p.suffix == ".part" for p in blobs) and any(p.suffix != ".part" for p in blobs)
    assert _everything_private(data_dir) == []


@pytest.mark.usefixtures("umask_022")
def test_an_older_install_is_made_private_when_the_server_opens_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "old"
    ServerContext.open(ServerConfig(data_dir=data_dir)).close()
    for path in [data_dir, *data_dir.rglob("*")]:  # as an older version left them
        path.chmod(0o755 if path.is_dir() else 0o644)
    ctx = ServerContext.open(ServerConfig(data_dir=data_dir))
    try:
        assert _mode(data_dir) == 0o700 and _mode(data_dir / "blobs") == 0o700
        assert _mode(data_dir / "fieldapp.db") == 0o600
        for name in ("fieldapp.db-wal", "fieldapp.db-shm"):
            if (data_dir / name).exists():
                assert _mode(data_dir / name) == 0o600, name
    finally:
        ctx.close()


@pytest.mark.usefixtures("umask_022")
def test_fieldapp_server_serve_creates_a_private_quick_start_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "quick-start"
    with LiveServer(data_dir) as server:
        assert server.login  # it runs
        token = server.token(server.seed(_an_intern))
        assert token
    # LiveServer writes its own log file into the folder it was given; everything the server made is private.
    made = [p for p in data_dir.iterdir() if p.name != "server.log"]
    assert {p.name for p in made} >= {"fieldapp.db", KEY_FILE, "blobs"}
    assert _mode(data_dir) == 0o700
    assert [f"{p.name} {oct(_mode(p))}" for p in made if _mode(p) != (0o700 if p.is_dir() else 0o600)] == []


def _an_intern(ctx: ServerContext) -> str:
    admin.add_user(ctx, "quickstart", "intern")
    return "quickstart"

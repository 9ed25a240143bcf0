"""Fixtures for server tests: every test runs against SQLite and against a real PostgreSQL database
(its own database, created from a migrated template and dropped afterwards)."""

from __future__ import annotations

import os

# Before fieldapp.server.security is imported: cheap Argon2 parameters for throwaway test passwords.
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")

import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from fieldapp.server import admin
from fieldapp.server.app import create_app
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.db.engine import make_engine, migrate
from fieldapp.server.testing import postgres_admin_url, postgres_available


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated database that per-test databases are copied from (CREATE DATABASE ... TEMPLATE)."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at FIELDAPP_TEST_POSTGRES_URL")
    name = "fieldapp_tpl_" + secrets.token_hex(5)
    admin_url = postgres_admin_url()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = admin_url.rpartition("/")[0]
    engine = make_engine(ServerConfig(database_url=f"{base}/{name}").sqlalchemy_url)
    migrate(engine)
    engine.dispose()
    try:
        yield name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _pg_database(template: str) -> Iterator[str]:
    admin_url = postgres_admin_url()
    name = "fieldapp_t_" + secrets.token_hex(6)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    try:
        yield admin_url.rpartition("/")[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (SQLite under the data dir) or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield None
    else:
        yield from _pg_database(request.getfixturevalue("pg_template"))


@pytest.fixture
def pg_url(pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database only (for tests that are about PostgreSQL behaviour)."""
    yield from _pg_database(pg_template)


@pytest.fixture
def ctx(tmp_path: Path, database_url: str | None) -> Iterator[ServerContext]:
    context = ServerContext.open(ServerConfig(data_dir=tmp_path / "server", database_url=database_url))
    yield context
    context.close()


@pytest.fixture
def client(ctx: ServerContext) -> Iterator[TestClient]:
    with TestClient(create_app(context=ctx)) as test_client:
        yield test_client


@pytest.fixture
def demo(ctx: ServerContext) -> admin.DemoData:
    return admin.demo_seed(ctx)


def bearer(ctx: ServerContext, username: str, device_id: str | None = None) -> dict[str, str]:
    """Authorization header for a fresh device of ``username``."""
    token = admin.issue_token(ctx, username, device_id or secrets.token_hex(6))
    return {"Authorization": f"Bearer {token}"}


def mutation(kind: str, payload: dict[str, Any], mutation_id: str | None = None) -> dict[str, Any]:
    return {"id": mutation_id or str(uuid.uuid4()), "kind": kind, "payload": payload}


def push(client: TestClient, headers: dict[str, str], *mutations: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/api/v1/sync/push", json={"mutations": list(mutations)}, headers=headers)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def pull_all(
    client: TestClient, headers: dict[str, str], cursor: str = "", limit: int = 500
) -> tuple[list[dict[str, Any]], str, dict[str, Any]]:
    """Pull until ``more`` is false; returns (changes, final cursor, last page)."""
    changes: list[dict[str, Any]] = []
    for _ in range(1000):
        response = client.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        changes.extend(page["changes"])
        cursor = page["cursor"]
        if page["reset"] or page["wipe"] or not page["more"]:
            return changes, cursor, page
    raise AssertionError("pull never finished")


def submit_payload(
    task_id: str,
    revision: int = 1,
    submission_id: str | None = None,
    text: str = "my work",
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "submission_id": submission_id or str(uuid.uuid4()),
        "task_id": task_id,
        "revision_id": str(uuid.uuid4()),
        "revision": revision,
        "text": text,
        "attachments": attachments or [],
    }

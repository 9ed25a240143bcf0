"""Fixtures for the hostile-client suite (issue 9, "Trust boundaries").

Every test runs against a real server: the in-process app (FastAPI ``TestClient``) for HTTP-level checks,
or ``fieldapp-server serve`` in a subprocess (:class:`LiveServer`) for a real client syncing against it;
each on SQLite and on a real PostgreSQL database. The server fixtures are the ones tests/server uses.
"""

from __future__ import annotations

import os

# Before any server module is imported (its password hasher is made at import time), and for every
# client subprocess: cheap Argon2, and never the OS keyring of the machine running the tests.
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import contextlib
from collections.abc import Iterator

import pytest
from tests.server.conftest import (  # noqa: F401 - fixtures shared with tests/server
    client,
    ctx,
    database_url,
    demo,
    pg_template,
    pg_url,
)
from tests.sync.conftest import (  # noqa: F401 - a world of users on ``live_server`` (below), and devices
    device,
    world,
)

from fieldapp.server.testing import LiveServer, postgres_available, postgres_database


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """``fieldapp-server serve`` in a subprocess, one per database for the whole suite: each test works
    in its own ``world`` (only the coordinator sees everything on it)."""
    with contextlib.ExitStack() as stack:
        url = None
        if request.param == "postgres":
            if not postgres_available():
                pytest.skip("PostgreSQL is not reachable at FIELDAPP_TEST_POSTGRES_URL")
            url = stack.enter_context(postgres_database())
        server = stack.enter_context(LiveServer(tmp_path_factory.mktemp("server"), url))
        yield server

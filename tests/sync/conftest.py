"""Fixtures for the sync tests: a real server on loopback, devices signed in to it, a fault proxy."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bench.throttle_proxy import ThrottleProxy
from tests.sync.support import Device, World, seed_world

from fieldapp.server.testing import LiveServer, postgres_available, postgres_database

# Deterministic credentials for every test and every client subprocess: no OS keyring, the private file.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
os.environ.setdefault("FIELDAPP_ARGON2_PROFILE", "test")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server (SQLite) per test module; each test gets its own users through ``world``."""
    with LiveServer(tmp_path_factory.mktemp("server")) as server:
        yield server


@pytest.fixture
def world(live_server: LiveServer) -> World:
    """This test's own cohorts, users and tasks on the module's server."""
    if not live_server.running:
        live_server.start()  # a previous test stopped or killed it
    prefix = f"t{uuid.uuid4().hex[:6]}-"
    return World(live_server, prefix, live_server.seed(seed_world, prefix))


@pytest.fixture
def device(tmp_path: Path, world: World) -> Iterator[Callable[..., Device]]:
    """Make signed-in devices: ``device("i1")`` or ``device("i1", url=proxy.url)``."""
    made: list[Device] = []

    def make(username: str, url: str | None = None) -> Device:
        dev = Device(tmp_path / "devices", world.server, world.name(username), url=url)
        made.append(dev)
        return dev

    yield make
    for dev in made:
        dev.close()


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[ThrottleProxy]:
    """A pass-through fault proxy in front of the server (arm faults with ``proxy.add_fault``)."""
    with ThrottleProxy(("127.0.0.1", live_server.port)) as p:
        yield p


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test (skipped where there is no PostgreSQL)."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not available on 127.0.0.1:5432")
    with postgres_database() as url:
        yield url


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Stress runs only when asked for (``-m stress``): the default suite has a time budget."""
    if "stress" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="stress run: select with -m stress")
    for item in items:
        if "stress" in item.keywords and item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(skip)

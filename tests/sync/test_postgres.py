"""The same guarantees with the server on PostgreSQL (its own throwaway database)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bench.throttle_proxy import FaultAction, ThrottleProxy
from tests.sync.support import Device, World, assert_invariants

from fieldapp.protocol import Decision, RecordKind
from fieldapp.server.db import tables as t
from fieldapp.server.testing import LiveServer, postgres_available, postgres_database

MakeDevice = Callable[..., Device]
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Overrides the SQLite server of conftest for this module."""
    if not postgres_available():
        pytest.skip("PostgreSQL is not available on 127.0.0.1:5432")
    with postgres_database() as url, LiveServer(tmp_path_factory.mktemp("pg-server"), url) as server:
        yield server


class TestSyncOnPostgres:
    def test_round_trip_with_a_file_and_a_review(
        self, device: MakeDevice, world: World, tmp_path: Path
    ) -> None:
        assert world.server.database_url and world.server.database_url.startswith("postgresql")
        intern, mentor = device("i1"), device("m1")
        intern.sync_until_complete()
        photo = tmp_path / "p.jpg"
        photo.write_bytes(os.urandom(700_000))
        ref = intern.app.blobs.put_file(photo)
        task = next(t for t in intern.app.tasks.list() if t.title == "Task for i1")
        submission_id, _ = intern.app.submissions.submit(task.id, "from the field", [ref])
        assert intern.sync().complete
        assert mentor.sync().complete
        mentor.app.reviews.review(submission_id, Decision.approve, "well done")
        assert mentor.sync().complete
        assert intern.sync().complete
        assert intern.app.submissions.get(submission_id).status.value == "approved"
        assert_invariants(world, [intern, mentor], tmp_path / "fresh")

    def test_reply_lost_after_commit_duplicates_nothing(
        self, device: MakeDevice, world: World, live_server: LiveServer, tmp_path: Path
    ) -> None:
        with ThrottleProxy(("127.0.0.1", live_server.port)) as proxy:
            intern = device("i1", url=proxy.url)
            intern.sync_until_complete()
            for _ in range(250):  # two push batches
                intern.app.training.open_lesson(world.ids["module"], "l2")
            fault = proxy.add_fault(b"POST /api/v1/sync/push", FaultAction.drop_response)
            assert intern.sync().complete
            assert fault.fired.is_set()
            assert world.count(t.progress, t.progress.c.user_id == intern.user.id) == 250
            assert len(intern.ids(RecordKind.progress)) == 250

    def test_server_killed_and_restarted_between_syncs(self, device: MakeDevice, world: World) -> None:
        intern = device("i1")
        intern.sync_until_complete()
        intern.app.training.complete_lesson(world.ids["module"], "l1")
        world.server.kill()
        assert intern.sync().offline
        world.server.start()
        assert intern.sync().complete
        assert world.count(t.progress, t.progress.c.user_id == intern.user.id) == 1

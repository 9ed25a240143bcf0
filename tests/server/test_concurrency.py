"""PostgreSQL under concurrent writers: the change sequence follows commit order, so a reader paging
through pulls while slow transactions commit never skips a change; racing replays apply once."""

from __future__ import annotations

import random
import threading
import time
import uuid
from pathlib import Path

import pytest

from fieldapp.protocol import Mutation, MutationKind, Role
from fieldapp.server import admin, push
from fieldapp.server.config import ServerConfig
from fieldapp.server.context import ServerContext
from fieldapp.server.db import changelog
from fieldapp.server.pull import pull
from fieldapp.server.records import module_record_data
from fieldapp.server.scopes import Principal

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_ctx(tmp_path: Path, pg_url: str):
    ctx = ServerContext.open(ServerConfig(data_dir=tmp_path / "server", database_url=pg_url))
    yield ctx
    ctx.close()


def test_reader_never_skips_a_change(pg_ctx: ServerContext) -> None:
    demo = admin.demo_seed(pg_ctx)
    with pg_ctx.engine.connect() as conn:
        lesson = module_record_data(conn, demo.module_id)["lessons"][0]["id"]  # type: ignore[index]
    ayesha = Principal(demo.users["ayesha"], "ayesha", Role.intern)
    coord = Principal(demo.users["coord"], "coord", Role.coordinator)
    written: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def slow_writer(n: int) -> None:
        rng = random.Random(n)
        try:
            for _ in range(25):
                rid = str(uuid.uuid4())
                with pg_ctx.engine.begin() as conn:
                    changelog.emit(conn, "task", rid, "cohort:load", {"id": rid, "title": "t"})
                    # Hold the transaction open after taking a sequence number: a later writer must not
                    # commit a higher number while this one is still open.
                    time.sleep(rng.uniform(0, 0.01))
                with lock:
                    written.add(rid)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def pusher(n: int) -> None:
        try:
            for _ in range(20):
                eid = str(uuid.uuid4())
                m = Mutation(
                    id=str(uuid.uuid4()),
                    kind=MutationKind.progress,
                    payload={
                        "event_id": eid,
                        "module_id": demo.module_id,
                        "module_version": 1,
                        "kind": "lesson_opened",
                        "lesson_id": lesson,
                    },
                )
                assert push.apply_one(pg_ctx, ayesha, m).status == "applied"
                with lock:
                    written.add(eid)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    seen: set[str] = set()
    cursor = pull(pg_ctx, coord, "", 1000).cursor  # everything before the writers start

    def reader() -> None:
        nonlocal cursor
        rng = random.Random(99)
        while not stop.is_set():
            page = pull(pg_ctx, coord, cursor, rng.randint(1, 9))
            seen.update(c.id for c in page.changes)
            cursor = page.cursor

    threads = [threading.Thread(target=slow_writer, args=(i,)) for i in range(4)]
    threads += [threading.Thread(target=pusher, args=(i,)) for i in range(2)]
    read_thread = threading.Thread(target=reader)
    read_thread.start()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    stop.set()
    read_thread.join()
    assert errors == []
    # Drain what committed after the reader's last page.
    while True:
        page = pull(pg_ctx, coord, cursor, 50)
        seen.update(c.id for c in page.changes)
        cursor = page.cursor
        if not page.more:
            break
    assert len(written) == 4 * 25 + 2 * 20
    assert written - seen == set()


def test_racing_replays_apply_once(pg_ctx: ServerContext) -> None:
    demo = admin.demo_seed(pg_ctx)
    ayesha = Principal(demo.users["ayesha"], "ayesha", Role.intern)
    m = Mutation(
        id=str(uuid.uuid4()),
        kind=MutationKind.submit,
        payload={
            "submission_id": str(uuid.uuid4()),
            "task_id": demo.task_ids[0],
            "revision_id": str(uuid.uuid4()),
            "revision": 1,
            "text": "hi",
        },
    )
    results: list[str] = []
    barrier = threading.Barrier(3)

    def send() -> None:
        barrier.wait()
        results.append(push.apply_one(pg_ctx, ayesha, m).status.value)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == ["applied", "duplicate", "duplicate"]
    assert admin.submissions_csv(pg_ctx).count("\n") == 2
